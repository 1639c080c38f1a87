"""Scoring: who may score a community, and recording one person's self-evaluation for the
current quarter."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import BuildingBlockScore, EvaluationParticipation, RespondentRole, SelfEvaluation
from ..models.monitor import quarter_of
from .blocks import building_blocks
from .periods import current_period

# The answer scale, with words at every step so a score means the same to everyone.
SCALE = [
    (1, _("helemaal niet")),
    (2, _("een beetje")),
    (3, _("deels")),
    (4, _("grotendeels")),
    (5, _("helemaal wel")),
]


class AlreadyEvaluated(Exception):
    """This person already scored this community this quarter; the message is for them."""


class NotAParticipant(Exception):
    """Only a community's members and moderators score it."""


def score_field(block):
    return f"score_{block.number}"


def note_field(block):
    return f"note_{block.number}"


def respondent_role(community, user):
    """The role a user scores a community in: moderator before member; None for anyone else."""
    if user is None or not user.is_authenticated:
        return None
    group_ids = {community.moderators_group_id, community.members_group_id} - {None}
    if not group_ids:
        return None
    in_groups = set(user.groups.filter(pk__in=group_ids).values_list("pk", flat=True))
    if community.moderators_group_id in in_groups:
        return RespondentRole.MODERATOR
    if community.members_group_id in in_groups:
        return RespondentRole.MEMBER
    return None


def has_evaluated(community, user, period=None):
    return EvaluationParticipation.objects.filter(
        community=community, user=user, period=period or current_period()
    ).exists()


def already_evaluated_message():
    return gettext(
        "Je hebt deze leergemeenschap dit kwartaal al beoordeeld. "
        "Volgend kwartaal kun je de monitor opnieuw invullen."
    )


def record_evaluation(community, user, cleaned_data, *, today=None):
    """Store one person's scores for the current quarter, all or nothing.

    `cleaned_data` is a SelfEvaluationForm's: a score and a note per building block and
    `anonymous`. The participation row only says that the user took part; an anonymous
    evaluation itself names nobody.
    """
    role = respondent_role(community, user)
    if role is None:
        raise NotAParticipant
    today = today or timezone.localdate()
    period = quarter_of(today)
    with transaction.atomic():
        try:
            # A savepoint of its own: the unique constraint is what refuses a second
            # evaluation, also when two arrive at the same moment.
            with transaction.atomic():
                EvaluationParticipation.objects.create(
                    community=community, user=user, period=period
                )
        except IntegrityError as error:
            raise AlreadyEvaluated(already_evaluated_message()) from error
        evaluation = SelfEvaluation.objects.create(
            community=community,
            period=period,
            created_on=today,
            role=role,
            respondent=None if cleaned_data.get("anonymous", True) else user,
        )
        BuildingBlockScore.objects.bulk_create(
            BuildingBlockScore(
                evaluation=evaluation,
                building_block=block,
                score=cleaned_data[score_field(block)],
                note=(cleaned_data.get(note_field(block)) or "").strip(),
            )
            for block in building_blocks()
        )
    return evaluation
