"""The building-block monitor: recording self-evaluations, their means per quarter, the chart
and the community's two monitor pages (the scores and the scoring form)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import RowNumber
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect

from home.caching import cached

from ..models import (
    BuildingBlock,
    BuildingBlockScore,
    CommunityPage,
    EvaluationParticipation,
    RespondentRole,
    SelfEvaluation,
)
from ..models.monitor import MAX_SCORE, MIN_SCORE, quarter_of

# A quarter's means are shown, to anyone, only when at least this many people scored: with
# fewer, the moderator could tell an "anonymous" score from the one or two people who took part.
MIN_RESPONDENTS = 3
# How many quarters the trend goes back.
TREND_QUARTERS = 8
# How many tools the monitor suggests per building block before linking to all of them.
TOOLS_PER_BLOCK = 3

# The answer scale, with words at every step so a score means the same to everyone.
SCALE = [
    (1, _("helemaal niet")),
    (2, _("een beetje")),
    (3, _("deels")),
    (4, _("grotendeels")),
    (5, _("helemaal wel")),
]

# Limits of the bands the editors' overview sorts communities into, on the scale of 1 to 5.
LOW_BELOW = Decimal("2.5")
HIGH_ABOVE = Decimal("3.5")


class AlreadyEvaluated(Exception):
    """This person already scored this community this quarter; the message is for them."""


class NotAParticipant(Exception):
    """Only a community's members and moderators score it."""


def building_blocks():
    """The eight building blocks, stored until content changes (home.caching)."""
    return cached("building-blocks", lambda: list(BuildingBlock.objects.all()))


def score_field(block):
    return f"score_{block.number}"


def note_field(block):
    return f"note_{block.number}"


# Quarters ----------------------------------------------------------------------------------


def current_period():
    return quarter_of(timezone.localdate())


def period_key(period):
    """Sorts periods in time: "2026-4" -> (2026, 4)."""
    year, quarter = period.split("-")
    return int(year), int(quarter)


def period_label(period):
    year, quarter = period_key(period)
    return gettext("%(quarter)se kwartaal %(year)s") % {"quarter": quarter, "year": year}


# Who may score, and scoring ------------------------------------------------------------------


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


# Means per quarter ---------------------------------------------------------------------------


def round_mean(value):
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class QuarterResult:
    """One community's scores in one quarter: the sum and count per building block (by pk)."""

    period: str
    totals: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    @property
    def respondents(self):
        # Every evaluation scores every block, so the block scored most often counts them all.
        return max(self.counts.values(), default=0)

    @property
    def ended(self):
        return period_key(self.period) < period_key(current_period())

    @property
    def shown(self):
        """Whether the quarter's means may be shown: once it has ended, with enough people.

        Not while it runs: with a handful of respondents, the means before and after one more
        evaluation would give away that person's scores.
        """
        return self.ended and self.respondents >= MIN_RESPONDENTS

    @property
    def label(self):
        return period_label(self.period)

    def exact_mean(self, block):
        if not self.counts.get(block.pk):
            return None
        return Decimal(self.totals[block.pk]) / self.counts[block.pk]

    def mean(self, block):
        exact = self.exact_mean(block)
        return None if exact is None else round_mean(exact)


def quarter_results(scores):
    """The scores in the queryset summed per community and quarter, in one query.

    Returns {(community id, period): QuarterResult}.
    """
    rows = (
        scores.order_by()
        .values_list("evaluation__community_id", "evaluation__period", "building_block_id")
        .annotate(total=Sum("score"), count=Count("pk"))
    )
    results = {}
    for community_id, period, block_id, total, count in rows:
        result = results.setdefault((community_id, period), QuarterResult(period))
        result.totals[block_id] = total
        result.counts[block_id] = count
    return results


@dataclass
class CommunityMonitor:
    """A community's quarters with scores, oldest first, and what of them may be shown."""

    blocks: list
    quarters: list

    @property
    def has_scores(self):
        return bool(self.quarters)

    @cached_property
    def shown_quarters(self):
        return [quarter for quarter in self.quarters if quarter.shown]

    @cached_property
    def latest(self):
        """The latest quarter whose means may be shown."""
        shown = self.shown_quarters
        return shown[-1] if shown else None

    @property
    def pending(self):
        """A newer quarter than `latest` that still has too few respondents to show."""
        if self.quarters and not self.quarters[-1].shown:
            return self.quarters[-1]
        return None

    @property
    def rows(self):
        """(block, mean) for the latest quarter shown: the chart's table."""
        latest = self.latest
        return [(block, latest.mean(block)) for block in self.blocks] if latest else []

    @property
    def chart(self):
        latest = self.latest
        if latest is None:
            return None
        return bar_chart(
            self.rows,
            title=gettext("Gemiddelde score per bouwsteen, %(quarter)s")
            % {"quarter": latest.label},
            respondents=latest.respondents,
        )

    @property
    def trend(self):
        return self.shown_quarters[-TREND_QUARTERS:]

    @property
    def trend_rows(self):
        """(block, [mean per quarter of the trend]) per block."""
        trend = self.trend
        return [(block, [quarter.mean(block) for quarter in trend]) for block in self.blocks]


def community_monitor(community):
    """The monitor of one community in one query (the blocks come from the cache)."""
    results = quarter_results(BuildingBlockScore.objects.filter(evaluation__community=community))
    quarters = sorted(results.values(), key=lambda quarter: period_key(quarter.period))
    return CommunityMonitor(blocks=building_blocks(), quarters=quarters)


def notes_by_block(community, period):
    """The notes written in one quarter, per block, without names or order of arrival.

    Sorted alphabetically within a block, so the order says nothing about who wrote first.
    """
    notes = defaultdict(list)
    rows = (
        BuildingBlockScore.objects.filter(
            evaluation__community=community, evaluation__period=period
        )
        .exclude(note="")
        .order_by("note")
        .values_list("building_block_id", "note")
    )
    for block_id, note in rows:
        notes[block_id].append(note)
    return [(block, notes[block.pk]) for block in building_blocks() if notes[block.pk]]


# The chart -----------------------------------------------------------------------------------

# Narrow, so the text stays readable when a phone shrinks the chart; 105 units per point.
CHART_WIDTH = 480
CHART_PLOT_LEFT = 12
CHART_PLOT_RIGHT = 432
CHART_TOP = 4
CHART_ROW_HEIGHT = 52
CHART_BAR_OFFSET = 26
CHART_BAR_HEIGHT = 18
CHART_AXIS_HEIGHT = 28


def _coordinate(value):
    """An SVG coordinate as text, so the template never localises its decimal point."""
    return f"{value:.1f}".removesuffix(".0")


def _score_x(score):
    span = CHART_PLOT_RIGHT - CHART_PLOT_LEFT
    return CHART_PLOT_LEFT + (float(score) - MIN_SCORE) / (MAX_SCORE - MIN_SCORE) * span


def bar_chart(rows, *, title, respondents=None):
    """The geometry of a horizontal bar chart of means on the scale of 1 to 5.

    `rows` are (block, mean or None). Everything is computed here so the template only places
    it: coordinates are strings, means stay numbers for the template to format.
    """
    bars = []
    for index, (block, mean) in enumerate(rows):
        top = CHART_TOP + index * CHART_ROW_HEIGHT
        bar_y = top + CHART_BAR_OFFSET
        end = _score_x(mean) if mean is not None else CHART_PLOT_LEFT
        bars.append(
            {
                "block": block,
                "mean": mean,
                "label_y": _coordinate(top + 18),
                "bar_y": _coordinate(bar_y),
                "track_y": _coordinate(bar_y - 3),
                "track_end": _coordinate(bar_y + CHART_BAR_HEIGHT + 3),
                "width": _coordinate(end - CHART_PLOT_LEFT),
                "value_x": _coordinate(end + 8),
                "value_y": _coordinate(bar_y + CHART_BAR_HEIGHT - 4),
            }
        )
    plot_bottom = CHART_TOP + len(rows) * CHART_ROW_HEIGHT
    gridlines = [
        {"score": score, "x": _coordinate(_score_x(score))}
        for score in range(MIN_SCORE, MAX_SCORE + 1)
    ]
    return {
        "title": title,
        "respondents": respondents,
        "bars": bars,
        "gridlines": gridlines,
        "width": CHART_WIDTH,
        "height": plot_bottom + CHART_AXIS_HEIGHT,
        "plot_left": CHART_PLOT_LEFT,
        "plot_width": CHART_PLOT_RIGHT - CHART_PLOT_LEFT,
        "bar_height": CHART_BAR_HEIGHT,
        "track_height": CHART_BAR_HEIGHT + 6,
        "axis_top": plot_bottom,
        "axis_end": plot_bottom + 5,
        "axis_y": plot_bottom + 21,
    }


# Tools per building block ------------------------------------------------------------------


def tools_by_block(limit=TOOLS_PER_BLOCK):
    """Up to `limit` live, public tools per building block, and how many there are, in one
    query: {block pk: ([tools], total)}."""
    from resources.models import ToolPage

    partition = {"partition_by": F("building_blocks__id")}
    tools = (
        ToolPage.objects.live()
        .public()
        .annotate(
            block_id=F("building_blocks__id"),
            rank=Window(RowNumber(), order_by=[F("title").asc(), F("pk").asc()], **partition),
            total=Window(Count("pk"), **partition),
        )
        .filter(block_id__isnull=False, rank__lte=limit)
        .order_by("block_id", "rank")
    )
    found = defaultdict(lambda: ([], 0))
    for tool in tools:
        shown, _total = found[tool.block_id]
        found[tool.block_id] = ([*shown, tool], tool.total)
    return found


def tool_index():
    from resources.models import ToolIndexPage

    return ToolIndexPage.objects.live().public().first()


# The editors' national overview --------------------------------------------------------------


@dataclass
class NationalBlock:
    block: BuildingBlock
    mean: Decimal
    low: int
    middle: int
    high: int


@dataclass
class NationalQuarter:
    period: str
    communities: int
    respondents: int
    means: dict

    @property
    def label(self):
        return period_label(self.period) if self.period else ""


@dataclass
class NationalOverview:
    blocks: list
    periods: list = field(default_factory=list)
    period: str = None
    communities: int = 0
    respondents: int = 0
    too_few: int = 0
    rows: list = field(default_factory=list)
    trend: list = field(default_factory=list)
    sectors: list = field(default_factory=list)

    @property
    def label(self):
        return period_label(self.period) if self.period else ""

    @property
    def chart(self):
        if not self.rows:
            return None
        return bar_chart(
            [(row.block, row.mean) for row in self.rows],
            title=gettext("Landelijk gemiddelde per bouwsteen, %(quarter)s")
            % {"quarter": self.label},
        )

    @property
    def trend_rows(self):
        return [
            (block, [quarter.means.get(block.pk) for quarter in self.trend])
            for block in self.blocks
        ]


def _mean_of_means(results, block):
    means = [result.exact_mean(block) for result in results]
    means = [mean for mean in means if mean is not None]
    return round_mean(sum(means) / len(means)) if means else None


def _national_quarter(period, results, blocks):
    return NationalQuarter(
        period=period,
        communities=len(results),
        respondents=sum(result.respondents for result in results),
        means={block.pk: _mean_of_means(results, block) for block in blocks},
    )


def national_overview(period=None):
    """Means across communities, each counting once, with only communities that have at least
    MIN_RESPONDENTS in a quarter. No person, note or community appears in it."""
    blocks = building_blocks()
    results = quarter_results(BuildingBlockScore.objects.all())
    by_period = defaultdict(dict)
    too_few = defaultdict(int)
    for (community_id, quarter), result in results.items():
        if result.shown:
            by_period[quarter][community_id] = result
        else:
            too_few[quarter] += 1
    periods = sorted(by_period, key=period_key)
    overview = NationalOverview(blocks=blocks, periods=periods)
    if not periods:
        return overview
    selected = period if period in by_period else periods[-1]
    counted = list(by_period[selected].values())
    overview.period = selected
    overview.communities = len(counted)
    overview.respondents = sum(result.respondents for result in counted)
    overview.too_few = too_few[selected]
    for block in blocks:
        community_means = [
            result.mean(block) for result in counted if result.mean(block) is not None
        ]
        overview.rows.append(
            NationalBlock(
                block=block,
                mean=_mean_of_means(counted, block),
                low=sum(mean < LOW_BELOW for mean in community_means),
                middle=sum(LOW_BELOW <= mean <= HIGH_ABOVE for mean in community_means),
                high=sum(mean > HIGH_ABOVE for mean in community_means),
            )
        )
    overview.trend = [
        _national_quarter(quarter, list(by_period[quarter].values()), blocks)
        for quarter in periods[-TREND_QUARTERS:]
    ]
    overview.sectors = _sector_quarters(by_period[selected], blocks)
    return overview


def _sector_quarters(counted, blocks):
    """The selected quarter per sector: a community in two sectors counts in both."""
    communities_by_sector = defaultdict(list)
    memberships = (
        CommunityPage.sectors.through.objects.filter(communitypage_id__in=counted)
        .order_by("sector__name")
        .values_list("sector__name", "communitypage_id")
    )
    for sector_name, community_id in memberships:
        communities_by_sector[sector_name].append(counted[community_id])
    return [
        {
            "name": name,
            "communities": len(results),
            "means": [_mean_of_means(results, block) for block in blocks],
        }
        for name, results in communities_by_sector.items()
    ]


# The pages -----------------------------------------------------------------------------------


def monitor_url(community):
    return f"{community.url}{community.reverse_subpage('monitor')}"


def monitor_page(request, community):
    """The community's monitor: the latest means, the trend, and per block the tools."""
    monitor = community_monitor(community)
    latest = monitor.latest
    role = respondent_role(community, request.user)
    participant = role is not None
    tools = tools_by_block()
    blocks = [
        {
            "block": block,
            "mean": latest.mean(block) if latest else None,
            "tools": tools[block.pk][0],
            "more_tools": tools[block.pk][1] > len(tools[block.pk][0]),
        }
        for block in monitor.blocks
    ]
    context = {
        "page": community,
        "self": community,
        "monitor": monitor,
        "blocks": blocks,
        "tool_index": tool_index(),
        "min_respondents": MIN_RESPONDENTS,
        "can_score": participant,
        "scored_this_quarter": participant and has_evaluated(community, request.user),
        "thanks": participant and request.GET.get("bedankt") == "1",
        # Notes could point to their writer: only the community itself reads them, and only
        # for a quarter with enough respondents to hide who wrote which.
        "notes": notes_by_block(community, latest.period) if participant and latest else [],
    }
    response = TemplateResponse(request, "pages/community_monitor.html", context)
    if participant:
        add_never_cache_headers(response)
    return response


@csrf_protect
def score_page(request, community):
    """The scoring form, for the community's members and moderators only."""
    from ..forms import SelfEvaluationForm  # the forms module imports this one

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {
        "page": community,
        "self": community,
        "monitor_url": monitor_url(community),
        "min_respondents": MIN_RESPONDENTS,
        "quarter": period_label(current_period()),
    }
    role = respondent_role(community, request.user)
    status = 200
    if role is None:
        context["refused"] = True
        status = 403
    elif request.method != "POST" and has_evaluated(community, request.user):
        context["already_scored"] = True
    else:
        form = SelfEvaluationForm(request.POST or None, blocks=building_blocks())
        if request.method == "POST":
            if form.is_valid():
                try:
                    record_evaluation(community, request.user, form.cleaned_data)
                except AlreadyEvaluated as error:
                    form.add_error(None, str(error))
                else:
                    return redirect(f"{monitor_url(community)}?bedankt=1")
            status = 400
        context["form"] = form
        context["role"] = role
    response = TemplateResponse(
        request, "pages/community_monitor_score.html", context, status=status
    )
    add_never_cache_headers(response)
    return response
