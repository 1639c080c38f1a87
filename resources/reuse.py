"""'Ik heb dit gebruikt': recording that someone used a practice example or a tool, the count
and notes its page shows, who moderates the notes, and the editors' report of what is reused."""

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from communities.roles import is_editor
from home.abuse import RateLimitExceeded, enforce_cached_rate_limit
from home.caching import cached
from home.compiled_query import CompiledQuery

from .models import PracticeExamplePage, ReuseReport, ReuseStatus, ToolPage

# The functional cookie that remembers, in this browser only, which results its visitor said
# they used: signed page ids and nothing else (docs/privacy.md).
COOKIE_NAME = "gebruikt"
COOKIE_SALT = "resources.reuse"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# Keeps the cookie far below the 4 KB browsers accept; the oldest ids drop out first.
COOKIE_MAX_IDS = 200

MAX_REPORTS_PER_IP = 10
MAX_REPORTS_PER_PAGE_PER_IP = 3
# How many approved notes a result's page shows, newest first.
NOTES_SHOWN = 3
# How long a community page's total of uses is stored.
COMMUNITY_TOTAL_SECONDS = 300
# How many results per theme the editors' report lists.
REPORT_RESULTS_PER_THEME = 5

REUSABLE_MODELS = (PracticeExamplePage, ToolPage)


class ReuseError(Exception):
    """A report that cannot be recorded; the message is meant for the visitor."""


def reusable_page(page_id):
    """The live, public, unexpired practice example or tool `page_id`, or None."""
    for model in REUSABLE_MODELS:
        # The portal's live() leaves out pages past their expiry time (home.models.not_expired_q).
        page = model.objects.live().public().filter(pk=page_id).first()
        if page is not None:
            return page
    return None


def _reported_in_order(request):
    text = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT)
    return [int(part) for part in text.split(",") if part.isdigit()]


def reported_page_ids(request):
    """The ids of the results this browser said it used, from its signed cookie."""
    return set(_reported_in_order(request))


def remember_reported(request, response, page_id):
    """Add `page_id` to the browser's cookie, which the visitor's own report sets."""
    ids = [pk for pk in _reported_in_order(request) if pk != page_id]
    ids = [*ids, page_id][-COOKIE_MAX_IDS:]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(map(str, ids)),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def already_reported(request, page):
    if page.pk in reported_page_ids(request):
        return True
    user = request.user
    return user.is_authenticated and ReuseReport.objects.filter(page=page, user=user).exists()


def record_reuse(page, *, user, note, ip_address):
    """Store a report: counted at once; a note waits for a moderator before it shows."""
    try:
        enforce_cached_rate_limit(
            "reuse",
            ip_address=ip_address,
            limit=MAX_REPORTS_PER_IP,
            message=_(
                "Er is vanaf dit adres te vaak gemeld dat iets is gebruikt. "
                "Probeer het later opnieuw."
            ),
        )
        enforce_cached_rate_limit(
            f"reuse:{page.pk}",
            ip_address=ip_address,
            limit=MAX_REPORTS_PER_PAGE_PER_IP,
            message=_(
                "Vanaf dit adres is al vaak gemeld dat dit is gebruikt. Probeer het later opnieuw."
            ),
        )
    except RateLimitExceeded as error:
        raise ReuseError(str(error)) from None
    report = ReuseReport(
        page=page,
        user=user if user.is_authenticated else None,
        note=note,
        # Without a note there is nothing to moderate.
        status=ReuseStatus.PENDING if note else ReuseStatus.APPROVED,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ReuseError(_("Je had al laten weten dat je dit hebt gebruikt.")) from None
    return report


class ReuseSummary:
    """What a result's page shows: how often it was used and the newest approved notes."""

    def __init__(self, total, notes):
        self.total = total
        self.notes = notes


def _summary_rows(page_id):
    """Every counted report of the page, with the total as a window over them all; the
    approved notes numbered first, newest first, and only the first NOTES_SHOWN rows kept."""
    return (
        ReuseReport.objects.filter(page_id=page_id)
        .exclude(status=ReuseStatus.REJECTED)
        .annotate(
            shown=Case(
                When(Q(status=ReuseStatus.APPROVED) & ~Q(note=""), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .annotate(
            total=Window(Count("pk")),
            position=Window(
                RowNumber(),
                order_by=[F("shown").desc(), F("created_at").desc(), F("pk").desc()],
            ),
        )
        .filter(position__lte=NOTES_SHOWN)
        .order_by("position")
        .values_list("total", "shown", "note")
    )


# Asked on every view of a practice example or a tool: compiling it took 1.4 of its 1.9 ms.
_summary_query = CompiledQuery(_summary_rows)


def reuse_summary(page):
    """The count and the newest approved notes of `page`, in one query; none for the preview
    of a page not saved yet."""
    if page.pk is None:
        return ReuseSummary(0, [])
    rows = _summary_query.rows(page.pk, using=ReuseReport.objects.db)
    total = rows[0][0] if rows else 0
    return ReuseSummary(total, [note for _total, shown, note in rows if shown])


def reports_visible_to(user):
    """Editors and administrators see every report; a moderator only those on their own
    communities' results."""
    reports = ReuseReport.objects.select_related("page")
    if is_editor(user):
        return reports
    groups = user.groups.all()
    return reports.filter(
        Q(page__practiceexamplepage__community__moderators_group__in=groups)
        | Q(page__toolpage__community__moderators_group__in=groups)
    ).distinct()


def community_reuse_total(community):
    """How often the live results of `community` were used, all together.

    Stored for COMMUNITY_TOTAL_SECONDS (and until content or a moderator's decision changes):
    the community page's other parts are stored too, and a new report may show there a few
    minutes late, as it does on every page a visitor gets from the page cache.
    """
    return cached(
        f"community-reuse-total:{community.pk}",
        lambda: (
            ReuseReport.objects.exclude(status=ReuseStatus.REJECTED)
            .filter(page__live=True)
            .filter(
                Q(page__practiceexamplepage__community=community)
                | Q(page__toolpage__community=community)
            )
            .count()
        ),
        timeout=COMMUNITY_TOTAL_SECONDS,
    )


def most_reused_per_theme(per_theme=REPORT_RESULTS_PER_THEME):
    """[(theme, [(page, uses), ...]), ...]: per theme, the live results used most, in the
    order of the themes; a result with several themes is under each."""
    counted = Count("reuse_reports", filter=~Q(reuse_reports__status=ReuseStatus.REJECTED))
    used = []
    for model in REUSABLE_MODELS:
        used += (
            model.objects.live()
            .public()
            .annotate(uses=counted)
            .filter(uses__gt=0)
            .prefetch_related("themes")
        )
    themes = {}
    for page in used:
        for theme in page.themes.all():
            themes.setdefault(theme, []).append(page)
    return [
        (
            theme,
            [
                (page, page.uses)
                for page in sorted(pages, key=lambda page: (-page.uses, page.title, page.pk))[
                    :per_theme
                ]
            ],
        )
        for theme, pages in sorted(themes.items(), key=lambda item: (item[0].name, item[0].pk))
    ]
