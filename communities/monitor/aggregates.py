"""Means per quarter: the scores summed per community, quarter and block, what of them may be
shown to whom, and the editors' national overview across communities."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, Sum
from django.utils.translation import gettext

from ..models import BuildingBlock, BuildingBlockScore, CommunityPage
from .blocks import building_blocks
from .chart import bar_chart
from .periods import current_period, period_key, period_label

# A quarter's means are shown, to anyone, only when at least this many people scored: with
# fewer, the moderator could tell an "anonymous" score from the one or two people who took part.
MIN_RESPONDENTS = 3
# How many quarters the trend goes back.
TREND_QUARTERS = 8

# Limits of the bands the editors' overview sorts communities into, on the scale of 1 to 5.
LOW_BELOW = Decimal("2.5")
HIGH_ABOVE = Decimal("3.5")


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
