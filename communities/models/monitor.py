"""The building-block monitor: members and moderators score their community on the eight
building blocks of a learning community, now and then, to see how it develops."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

MIN_SCORE = 1
MAX_SCORE = 5


class BuildingBlock(models.Model):
    """One of the eight building blocks; the eight are created by a migration.

    A table rather than choices, so editors can sharpen the wording and tools can be linked to
    the blocks they help with.
    """

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("bouwsteen")
        verbose_name_plural = _("bouwstenen")

    def __str__(self):
        return f"{self.number}. {self.name}"


class RespondentRole(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "lid", _("Lid")


def quarter_of(day):
    """The period scores are grouped by, e.g. "2026-4" for October to December 2026."""
    return f"{day.year}-{(day.month - 1) // 3 + 1}"


class SelfEvaluation(models.Model):
    """One person's scores for one community in one quarter."""

    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("leergemeenschap"),
        on_delete=models.CASCADE,
        related_name="self_evaluations",
    )
    period = models.CharField(_("kwartaal"), max_length=7)
    # A day, not a moment: a time would make an anonymous evaluation easier to match with the
    # participation row written alongside it.
    created_on = models.DateField(_("ingevuld op"))
    role = models.CharField(_("rol"), max_length=20, choices=RespondentRole.choices)
    # Empty when the respondent chose to score anonymously.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevuld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")
        indexes = [models.Index(fields=["community", "period"])]

    def __str__(self):
        return f"{self.community.title}, {self.period}"


class EvaluationParticipation(models.Model):
    """That a person scored a community in a quarter, and nothing about what they scored.

    Kept apart from the scores, like a register of who voted, so an anonymous evaluation stays
    anonymous while nobody can score the same community twice in one quarter.
    """

    # Random, not a sequence: with numbers counting up in step with the evaluations', the n-th
    # participation would point at the n-th evaluation.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("kwartaal"), max_length=7)

    class Meta:
        verbose_name = _("deelname aan zelfevaluatie")
        verbose_name_plural = _("deelnames aan zelfevaluaties")
        constraints = [
            models.UniqueConstraint(
                "community", "user", "period", name="one_evaluation_per_person_per_quarter"
            )
        ]


class BuildingBlockScore(models.Model):
    evaluation = models.ForeignKey(
        SelfEvaluation,
        verbose_name=_("zelfevaluatie"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    building_block = models.ForeignKey(
        BuildingBlock, verbose_name=_("bouwsteen"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]
    )
    note = models.TextField(_("toelichting"), max_length=1000, blank=True)

    class Meta:
        ordering = ["building_block__number"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                "evaluation", "building_block", name="one_score_per_block_per_evaluation"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="score_between_one_and_five",
            ),
        ]

    def __str__(self):
        return f"{self.building_block}: {self.score}"
