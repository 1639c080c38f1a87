"""The JSON Lines import: pages land in place, re-imports update, broken files write nothing."""

import datetime
import json
import zoneinfo
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page, Revision

import pytest

from communities.factories import CommunityPageFactory
from communities.models import CommunityForm, CommunityPage, CommunityStatus
from home.factories import ThemeFactory
from home.models import Sector, Theme, ensure_section_pages
from resources.factories import PracticeExamplePageFactory
from resources.importing import import_lines
from resources.models import EventPage, PracticeExamplePage, StoryPage, ToolPage

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

# The practice example comes before its community on purpose: order in the file does not matter.
PRACTICE_EXAMPLE = {
    "type": "practice_example",
    "title": "Debatteren in de klas",
    "community": "burgerschap-in-het-mbo",
    "intro": "Studenten oefenen wekelijks met stellingen uit hun beroep.",
    "themes": ["burgerschap", "Debat"],
}
COMMUNITY = {
    "type": "community",
    "title": "Burgerschap in het mbo",
    "intro": "Hoe geven we burgerschap vorm in de beroepsopleiding?",
    "body": (
        "# Waar we aan werken\n\n"
        "We delen lesideeën met [de MBO Raad](https://www.mboraad.nl/) en **elkaar**.\n\n"
        "<script>alert('besmet')</script>"
    ),
    "themes": ["Burgerschap"],
    "sectors": ["mbo"],
    "form": "procesmodel",
    "status": "in oprichting",
}
TOOL_IN_COMMUNITY = {
    "type": "tool",
    "title": "Gesprekskaarten burgerschap",
    "community": "burgerschap-in-het-mbo",
    "intro": "Kaarten die het gesprek over democratie op gang brengen.",
}
NATIONAL_TOOL = {
    "type": "tool",
    "slug": "evaluatiewaaier",
    "title": "De evaluatiewaaier",
    "intro": "Evalueer samen hoe de leergemeenschap ervoor staat.",
    "sectors": ["hbo"],
}
DRAFT_STORY = {
    "type": "story",
    "title": "Een jaar samen leren",
    "date": "2024-05-01",
    "community": "burgerschap-in-het-mbo",
    "body": "## Terugblik\n\n- wat werkte\n- wat niet",
    "live": False,
}
EVENT = {
    "type": "event",
    "title": "Werksessie voor moderatoren",
    "date": "2030-03-12",
    "community": "burgerschap-in-het-mbo",
}
ALL_TYPES = [PRACTICE_EXAMPLE, COMMUNITY, TOOL_IN_COMMUNITY, NATIONAL_TOOL, DRAFT_STORY, EVENT]


def write_file(tmp_path, *lines, name="kennis.jsonl"):
    """A JSON Lines file; dicts are encoded, strings are written as they are (for broken lines)."""
    path = tmp_path / name
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def run_import(path, *options):
    stdout = StringIO()
    call_command("import_content", str(path), *options, stdout=stdout, stderr=StringIO())
    return stdout.getvalue()


def stored_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "themes": Theme.objects.count(),
        "sectors": Sector.objects.count(),
    }


@pytest.mark.django_db
class TestImportingEveryType:
    @pytest.fixture
    def imported(self, tmp_path):
        return run_import(write_file(tmp_path, *ALL_TYPES))

    def test_the_summary_counts_what_was_created_per_type(self, imported):
        assert "leergemeenschap: 1 nieuw, 0 bijgewerkt" in imported
        assert "instrument: 2 nieuw, 0 bijgewerkt" in imported
        assert "Totaal: 6 nieuw, 0 bijgewerkt." in imported

    def test_a_community_is_published_in_the_communities_section(self, imported):
        community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")

        assert community.get_parent().specific == ensure_section_pages()["communities"]
        assert community.live
        assert community.live_revision is not None
        assert community.intro == COMMUNITY["intro"]
        assert community.central_question == COMMUNITY["intro"]
        assert community.form == CommunityForm.PROCESS
        assert community.status == CommunityStatus.FORMING
        assert [theme.name for theme in community.themes.all()] == ["Burgerschap"]
        assert [sector.name for sector in community.sectors.all()] == ["mbo"]

    def test_the_markdown_body_becomes_rich_text_without_raw_html(self, imported):
        community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")

        assert [block.block_type for block in community.body] == ["paragraph"]
        html = str(community.body)
        # The page title is the page's only h1, so a Markdown "#" heading becomes an h2.
        assert "<h2>Waar we aan werken</h2>" in html
        assert '<a href="https://www.mboraad.nl/">de MBO Raad</a>' in html
        assert "<strong>elkaar</strong>" in html
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_a_practice_example_lives_under_its_community(self, imported):
        community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
        example = PracticeExamplePage.objects.get(slug="debatteren-in-de-klas")

        assert example.get_parent().specific == community
        assert example.community == community
        assert example.live
        # "burgerschap" matched the community's "Burgerschap" instead of making a second theme.
        assert sorted(theme.name for theme in example.themes.all()) == ["Burgerschap", "Debat"]
        assert Theme.objects.filter(name__iexact="burgerschap").count() == 1

    def test_tools_go_under_their_community_or_the_tool_section(self, imported):
        community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
        community_tool = ToolPage.objects.get(slug="gesprekskaarten-burgerschap")
        national_tool = ToolPage.objects.get(slug="evaluatiewaaier")

        assert community_tool.get_parent().specific == community
        assert community_tool.community == community
        assert community_tool.purpose == TOOL_IN_COMMUNITY["intro"]
        assert national_tool.get_parent().specific == ensure_section_pages()["tools"]
        assert national_tool.title == "De evaluatiewaaier"
        assert [sector.name for sector in national_tool.sectors.all()] == ["hbo"]

    def test_a_story_marked_not_live_is_saved_as_a_draft_with_a_revision(self, imported):
        story = StoryPage.objects.get(slug="een-jaar-samen-leren")

        assert story.get_parent().specific == ensure_section_pages()["stories"]
        assert not story.live
        assert story.live_revision is None
        assert story.latest_revision is not None
        assert story.date == datetime.date(2024, 5, 1)
        assert list(story.related_communities.all()) == [
            CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
        ]
        assert "<li>wat werkte</li>" in str(story.body)

    def test_an_event_starts_at_nine_on_its_date_in_dutch_time(self, imported):
        event = EventPage.objects.get(slug="werksessie-voor-moderatoren")

        assert event.get_parent().specific == ensure_section_pages()["events"]
        assert event.start == datetime.datetime(2030, 3, 12, 9, 0, tzinfo=AMSTERDAM)
        assert event.end is None
        assert event.community == CommunityPage.objects.get(slug="burgerschap-in-het-mbo")

    def test_imported_pages_are_found_by_search_and_drafts_are_not(self, imported):
        assert list(Page.objects.live().search("Gesprekskaarten")) == [
            ToolPage.objects.get(slug="gesprekskaarten-burgerschap").page_ptr
        ]
        assert [page.title for page in Page.objects.live().search("lesideeën")] == [
            "Burgerschap in het mbo"
        ]
        assert list(Page.objects.live().search("Terugblik")) == []


@pytest.mark.django_db
class TestReimporting:
    def test_importing_the_same_file_again_updates_instead_of_duplicating(self, tmp_path):
        run_import(write_file(tmp_path, *ALL_TYPES))
        counts = stored_counts()

        changed_community = {
            **COMMUNITY,
            "title": "Burgerschap in het middelbaar beroepsonderwijs",
            "slug": "burgerschap-in-het-mbo",
            "intro": "Wat maakt burgerschapsonderwijs betekenisvol voor studenten?",
        }
        changed = [PRACTICE_EXAMPLE, changed_community, *ALL_TYPES[2:]]
        output = run_import(write_file(tmp_path, *changed, name="opnieuw.jsonl"))

        assert "Totaal: 0 nieuw, 6 bijgewerkt." in output
        after = stored_counts()
        assert after["pages"] == counts["pages"]
        assert after["themes"] == counts["themes"]
        assert after["sectors"] == counts["sectors"]
        # Like an editor's edit, every update leaves a revision in the page history.
        assert after["revisions"] == counts["revisions"] + len(ALL_TYPES)
        community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
        assert community.title == "Burgerschap in het middelbaar beroepsonderwijs"
        assert community.central_question == changed_community["intro"]
        assert community.live
        assert community.live_revision == community.latest_revision

    def test_fields_left_out_of_a_line_keep_their_value(self, tmp_path):
        run_import(write_file(tmp_path, COMMUNITY))

        run_import(write_file(tmp_path, {"type": "community", **_title_and_intro(COMMUNITY)}))

        community = CommunityPage.objects.get(slug="burgerschap-in-het-mbo")
        assert [theme.name for theme in community.themes.all()] == ["Burgerschap"]
        assert community.form == CommunityForm.PROCESS
        assert "Waar we aan werken" in str(community.body)

    def test_a_live_page_imported_again_as_not_live_is_unpublished(self, tmp_path):
        run_import(write_file(tmp_path, NATIONAL_TOOL))
        assert ToolPage.objects.get(slug="evaluatiewaaier").live

        run_import(write_file(tmp_path, {**NATIONAL_TOOL, "live": False}))

        assert not ToolPage.objects.get(slug="evaluatiewaaier").live
        assert not Page.objects.live().filter(slug="evaluatiewaaier").exists()

    def test_an_editors_event_time_survives_a_reimport_with_the_same_date(self, tmp_path):
        run_import(write_file(tmp_path, COMMUNITY, EVENT))
        event = EventPage.objects.get(slug="werksessie-voor-moderatoren")
        event.start = datetime.datetime(2030, 3, 12, 14, 30, tzinfo=AMSTERDAM)
        event.save_revision().publish()

        run_import(write_file(tmp_path, COMMUNITY, EVENT))

        event.refresh_from_db()
        assert event.start == datetime.datetime(2030, 3, 12, 14, 30, tzinfo=AMSTERDAM)

    def test_a_practice_example_is_not_silently_moved_to_another_community(self, tmp_path):
        first = CommunityPageFactory(title="Eerste", slug="eerste")
        CommunityPageFactory(title="Tweede", slug="tweede")
        PracticeExamplePageFactory(parent=first, title="Lesson study", slug="lesson-study")
        counts = stored_counts()
        line = {
            "type": "practice_example",
            "title": "Lesson study",
            "community": "tweede",
        }

        with pytest.raises(CommandError) as raised:
            run_import(write_file(tmp_path, line))

        message = str(raised.value)
        assert 'regel 1, veld "community"' in message
        assert 'onder "Eerste"' in message
        assert stored_counts() == counts


def _title_and_intro(line):
    return {"title": line["title"], "intro": line["intro"]}


def manual_analyses(table):
    """How often `table`'s statistics were refreshed by an ANALYZE statement (not autovacuum)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A transaction otherwise sees the statistics as they were when it first read them.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s", [table]
            )
            return cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_large_import_ends_by_refreshing_the_table_statistics(tmp_path, monkeypatch):
    from resources import importing

    before = manual_analyses("wagtailcore_page")
    monkeypatch.setattr(importing, "ANALYZE_AFTER_PAGES", 2)
    run_import(write_file(tmp_path, NATIONAL_TOOL))
    assert manual_analyses("wagtailcore_page") == before

    run_import(write_file(tmp_path, COMMUNITY, TOOL_IN_COMMUNITY))

    assert manual_analyses("wagtailcore_page") > before


@pytest.mark.django_db
class TestImportingIntoAnExistingSite:
    def test_a_line_may_refer_to_a_community_that_is_already_on_the_site(self, tmp_path):
        community = CommunityPageFactory(title="Lerende netwerken cultuur", slug="cultuur")
        line = {"type": "practice_example", "title": "Kunstlab", "community": "cultuur"}

        run_import(write_file(tmp_path, line))

        assert PracticeExamplePage.objects.get(slug="kunstlab").get_parent().specific == community

    def test_existing_themes_are_reused_whatever_their_case(self, tmp_path):
        theme = ThemeFactory(name="Kansengelijkheid")
        line = {**NATIONAL_TOOL, "themes": ["kansengelijkheid", "Nieuw thema"]}

        output = run_import(write_file(tmp_path, line))

        tool = ToolPage.objects.get(slug="evaluatiewaaier")
        assert theme in tool.themes.all()
        assert sorted(Theme.objects.values_list("name", flat=True)) == [
            "Kansengelijkheid",
            "Nieuw thema",
        ]
        assert "Nieuwe thema's: 1." in output


# Each broken file starts with lines that are fine, including new themes and sectors, so a
# partial write would show in the counts.
VALID_START = [
    {**COMMUNITY, "themes": ["Een nieuw thema"], "sectors": ["Een nieuwe sector"]},
    {**NATIONAL_TOOL, "themes": ["Nog een thema"]},
]


@pytest.mark.django_db
class TestBrokenFilesWriteNothing:
    @pytest.mark.parametrize(
        ("broken_line", "expected"),
        [
            ('{"type": "tool", "title": "Half afgebroken"', "regel 3: geen geldige JSON"),
            (
                {"type": "artikel", "title": "Iets"},
                'regel 3, veld "type": onbekend type "artikel"',
            ),
            ({"type": "story", "intro": "Zonder titel"}, 'regel 3, veld "title": ontbreekt'),
            (
                {"type": "practice_example", "title": "Wees", "community": "bestaat-niet"},
                'regel 3, veld "community": onbekende leergemeenschap "bestaat-niet"',
            ),
            (
                {"type": "event", "title": "Conferentie", "date": "12-03-2030"},
                'regel 3, veld "date": ongeldige datum "12-03-2030"',
            ),
        ],
        ids=["bad-json", "unknown-type", "missing-title", "unknown-community", "bad-date"],
    )
    def test_an_error_names_line_and_field_and_nothing_is_stored(
        self, tmp_path, broken_line, expected
    ):
        before = stored_counts()
        path = write_file(tmp_path, *VALID_START, broken_line)

        with pytest.raises(CommandError) as raised:
            run_import(path)

        assert expected in str(raised.value)
        assert "er is niets geïmporteerd" in str(raised.value)
        assert stored_counts() == before

    def test_a_slug_another_page_has_under_the_same_parent_is_refused(self, tmp_path):
        # The bulk page writer checks no slugs against the siblings: this check is the one.
        community = CommunityPageFactory(title="Lerende netwerken cultuur", slug="cultuur")
        PracticeExamplePageFactory(parent=community, title="Kunstlab", slug="kunstlab")
        before = stored_counts()
        line = {"type": "tool", "title": "Kunstlab", "slug": "kunstlab", "community": "cultuur"}

        with pytest.raises(CommandError) as raised:
            run_import(write_file(tmp_path, line))

        assert '"kunstlab" is onder "Lerende netwerken cultuur" al in gebruik' in str(raised.value)
        assert stored_counts() == before

    def test_every_error_in_the_file_is_reported_at_once(self, tmp_path):
        path = write_file(
            tmp_path,
            *VALID_START,
            "",
            {"type": "tool", "title": "Zonder doel"},
            {"type": "story", "title": "Verhaal", "themes": "Burgerschap", "live": "ja"},
            {"type": "community", "title": "X", "intro": "Y", "status": "bezig", "kleur": "rood"},
            {"type": "tool", "slug": "evaluatiewaaier", "title": "Dubbel", "intro": "Z"},
            "[1, 2, 3]",
        )

        with pytest.raises(CommandError) as raised:
            run_import(path)

        message = str(raised.value)
        assert "bevat 7 fouten" in message
        assert 'regel 4, veld "intro": ontbreekt' in message
        assert 'regel 5, veld "themes": moet een lijst met namen zijn' in message
        assert 'regel 5, veld "live": moet true of false zijn' in message
        assert 'regel 6, veld "status": ongeldige waarde "bezig"' in message
        assert 'regel 6, veld "kleur": onbekend veld' in message
        assert 'regel 7, veld "slug": "evaluatiewaaier" komt voor dit type al voor op regel 2' in (
            message
        )
        assert "regel 8: elke regel moet één JSON-object zijn" in message

    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            (
                {"type": "practice_example", "title": "Zwervend voorbeeld"},
                'regel 1, veld "community": ontbreekt',
            ),
            ({"type": "event", "title": "Ooit"}, 'regel 1, veld "date": ontbreekt'),
            (
                {"type": "story", "title": "Verhaal", "slug": "met spaties"},
                'regel 1, veld "slug": ongeldige slug "met spaties"',
            ),
            (
                {**NATIONAL_TOOL, "form": "procesmodel"},
                'regel 1, veld "form": hoort niet bij type "tool"',
            ),
            (
                {**NATIONAL_TOOL, "sectors": ["po", 3]},
                'regel 1, veld "sectors": moet een lijst met namen zijn',
            ),
            ({**NATIONAL_TOOL, "title": "   "}, 'regel 1, veld "title": mag niet leeg zijn'),
        ],
        ids=[
            "example-without-community",
            "event-without-date",
            "invalid-slug",
            "field-of-another-type",
            "sector-not-a-name",
            "blank-title",
        ],
    )
    def test_each_rule_of_the_format_is_checked(self, tmp_path, line, expected):
        pages = Page.objects.count()

        with pytest.raises(CommandError) as raised:
            run_import(write_file(tmp_path, line))

        assert expected in str(raised.value)
        assert Page.objects.count() == pages

    def test_a_title_longer_than_the_page_allows_is_refused(self, tmp_path):
        path = write_file(tmp_path, {**NATIONAL_TOOL, "title": "t" * 256})

        with pytest.raises(CommandError, match=r'regel 1, veld "title": is te lang: 256 tekens'):
            run_import(path)

    def test_a_missing_file_is_reported_plainly(self, tmp_path):
        with pytest.raises(CommandError, match="bestaat niet"):
            run_import(tmp_path / "weg.jsonl")

    def test_a_file_that_is_not_utf8_is_reported_with_its_line(self, tmp_path):
        path = tmp_path / "latin1.jsonl"
        lines = [json.dumps(NATIONAL_TOOL), '{"type": "tool", "title": "Café", "intro": "x"}']
        path.write_bytes("\n".join(lines).encode("latin-1"))
        before = stored_counts()

        with pytest.raises(CommandError, match=r"geen UTF-8-tekst \(regel 2\)"):
            run_import(path)

        assert stored_counts() == before


@pytest.mark.django_db
class TestDryRun:
    def test_a_dry_run_reports_what_would_happen_and_stores_nothing(self, tmp_path):
        before = stored_counts()

        output = run_import(write_file(tmp_path, *ALL_TYPES), "--dry-run")

        assert "Totaal: 6 nieuw, 0 bijgewerkt." in output
        assert "er is niets opgeslagen" in output
        assert stored_counts() == before

    def test_the_importer_can_be_called_with_lines_and_returns_its_counts(self):
        lines = [json.dumps(line) for line in ALL_TYPES]

        result = import_lines(lines, dry_run=True)
        assert result.ok
        assert result.created == {
            "community": 1,
            "practice_example": 1,
            "tool": 2,
            "story": 1,
            "event": 1,
        }

        broken = import_lines([*lines, '{"type": "tool"}'])
        assert not broken.ok
        assert [str(error) for error in broken.errors] == [
            'regel 7, veld "intro": ontbreekt; de inleiding is ook het doel van het instrument',
            'regel 7, veld "title": ontbreekt',
        ]
        assert not CommunityPage.objects.exists()


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_the_pages_already_written(tmp_path, monkeypatch):
    # Stands in for a rule the checks before writing cannot know about, such as a page an
    # editor created in the meantime: the model refuses the last page of the file.
    original_clean = EventPage.clean

    def refuse_the_conference(page):
        original_clean(page)
        if page.title == "Jaarconferentie":
            raise ValidationError({"end": "Het einde ligt voor het begin."})

    monkeypatch.setattr(EventPage, "clean", refuse_the_conference)
    before = stored_counts()
    conference = {"type": "event", "title": "Jaarconferentie", "date": "2030-11-20"}
    path = write_file(tmp_path, *ALL_TYPES, conference)

    with pytest.raises(CommandError) as raised:
        run_import(path)

    assert 'regel 7, veld "end": Het einde ligt voor het begin.' in str(raised.value)
    assert stored_counts() == before
    assert not Page.objects.filter(slug="burgerschap-in-het-mbo").exists()
