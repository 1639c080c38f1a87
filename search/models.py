"""What the search app stores: pending index updates (the outbox) and the query log."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexOutboxAction(models.TextChoices):
    UPDATE = "update", _("Bijwerken")
    DELETE = "delete", _("Verwijderen")


class IndexOutboxEntry(models.Model):
    """An index update that has not reached the search engine yet.

    Written in the same transaction as the change itself, so a change is never lost when the
    engine is down; removed once the engine has accepted it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    action = models.CharField(max_length=10, choices=IndexOutboxAction.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("wachtende indexwijziging")
        verbose_name_plural = _("wachtende indexwijzigingen")
        constraints = [
            # A newer change to the same object replaces the pending one.
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_index_update_per_object"
            )
        ]

    def __str__(self):
        return f"{self.action} {self.content_type.model} #{self.object_id}"


class SearchQueryDaily(models.Model):
    """How often a (normalised) query was searched on a day, and how often it found nothing."""

    query_text = models.CharField(_("zoekopdracht"), max_length=200)
    date = models.DateField(_("datum"), default=timezone.localdate)
    hits = models.PositiveIntegerField(_("aantal keer gezocht"), default=0)
    zero_result_hits = models.PositiveIntegerField(_("aantal keer zonder resultaat"), default=0)

    class Meta:
        verbose_name = _("zoekopdracht per dag")
        verbose_name_plural = _("zoekopdrachten per dag")
        constraints = [
            models.UniqueConstraint(
                fields=["query_text", "date"], name="one_row_per_query_and_day"
            )
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.query_text} ({self.date})"
