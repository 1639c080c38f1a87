"""The importer's limits: hostile or broken files end in errors that name line and field, never
in a traceback, nothing is written, and a dry run finds exactly what the real run finds."""

import json

from django.core.exceptions import ValidationError
from django.core.management import CommandError

from wagtail.models import Page

import pytest

from home.models import Sector, Theme
from resources.importing import (
    BODY_MAX_LENGTH,
    BODY_MAX_NESTING,
    INTRO_MAX_LENGTH,
    JSON_MAX_DEPTH,
    LINE_MAX_LENGTH,
)
from resources.models import EventPage, ToolPage

from .test_import import (
    ALL_TYPES,
    NATIONAL_TOOL,
    VALID_START,
    run_import,
    stored_counts,
    write_file,
)

TOOL = {"type": "tool", "title": "Gesprekskaarten", "intro": "Kaarten voor het gesprek."}
TITLE_MAX_LENGTH = Page._meta.get_field("title").max_length
SLUG_MAX_LENGTH = Page._meta.get_field("slug").max_length
THEME_NAME_MAX_LENGTH = Theme._meta.get_field("name").max_length
THEME_SLUG_MAX_LENGTH = Theme._meta.get_field("slug").max_length
SECTOR_NAME_MAX_LENGTH = Sector._meta.get_field("name").max_length


def refused(path):
    """The report of a real run of `path`, after checking that it and a dry run both refuse
    the file with the same report and write nothing."""
    before = stored_counts()
    reports = []
    for options in ([], ["--dry-run"]):
        with pytest.raises(CommandError) as raised:
            run_import(path, *options)
        reports.append(str(raised.value))
        assert stored_counts() == before
    real, dry = reports
    assert dry == real
    assert "er is niets geïmporteerd" in real
    return real


def nested_list_markdown(levels):
    return "".join("    " * level + "- punt\n" for level in range(levels))


@pytest.mark.django_db
class TestEachLimitIsAnErrorWithLineAndField:
    @pytest.mark.parametrize(
        ("broken_line", "expected"),
        [
            (
                "[" * 100_000,
                f"regel 3: te diep genest: meer dan {JSON_MAX_DEPTH} niveaus "
                f"(kolom {JSON_MAX_DEPTH + 1})",
            ),
            (
                json.dumps(TOOL)[:-1] + ', "themes": ' + "[" * 100_000,
                f'regel 3, veld "themes": is te diep genest: meer dan {JSON_MAX_DEPTH} niveaus',
            ),
            (
                '{"type": "tool", "title": "Getal", "live": ' + "1" * 5000 + "}",
                "regel 3: geen geldige JSON: een getal heeft te veel cijfers",
            ),
            (
                " " * LINE_MAX_LENGTH + json.dumps(TOOL),
                f"regel 3: de regel is te lang: {LINE_MAX_LENGTH + len(json.dumps(TOOL))} tekens",
            ),
        ],
        ids=["brackets-alone", "brackets-in-a-field", "endless-number", "endless-line"],
    )
    def test_a_line_the_json_parser_cannot_take(self, tmp_path, broken_line, expected):
        report = refused(write_file(tmp_path, *VALID_START, broken_line))

        assert expected in report

    @pytest.mark.parametrize(
        "body",
        [
            "> " * 5000 + "x",
            "> " * 3000 + "[" * 3000 + "x",
            "*" * 5000 + "x" + "*" * 5000,
            nested_list_markdown(200),
        ],
        ids=["quotes", "quotes-and-brackets", "emphasis", "lists"],
    )
    def test_markdown_nested_without_end(self, tmp_path, body):
        report = refused(write_file(tmp_path, *VALID_START, {**TOOL, "body": body}))

        assert (
            f'regel 3, veld "body": is te diep genest: meer dan {BODY_MAX_NESTING} niveaus'
            in report
        )

    def test_markdown_nested_as_people_write_it_is_imported(self, tmp_path):
        body = "> > > > Een citaat in een citaat.\n\n" + nested_list_markdown(5)
        body += "\n**Vet met *cursief en [een link](https://example.org/)***"

        run_import(write_file(tmp_path, {**TOOL, "body": body}))

        html = str(ToolPage.objects.get().body[0].value)
        assert html.count("<ul>") == 5
        assert '<a href="https://example.org/">een link</a>' in html

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("title", "Nul\x00teken"),
            ("slug", "nul\x00teken"),
            ("intro", "Een inleiding\x00"),
            ("body", "Tekst met een\x00nulteken"),
            ("themes", ["Burgerschap", "Nul\x00teken"]),
            ("sectors", ["mbo\x00"]),
        ],
    )
    def test_a_nul_character_is_refused(self, tmp_path, field, value):
        report = refused(write_file(tmp_path, *VALID_START, {**TOOL, field: value}))

        assert f'regel 3, veld "{field}": bevat een NUL-teken' in report

    @pytest.mark.parametrize(
        ("field", "value", "expected"),
        [
            (
                "title",
                "t" * (TITLE_MAX_LENGTH + 1),
                f"is te lang: {TITLE_MAX_LENGTH + 1} tekens, maximaal {TITLE_MAX_LENGTH}",
            ),
            (
                "slug",
                "s" * (SLUG_MAX_LENGTH + 1),
                f"is te lang: {SLUG_MAX_LENGTH + 1} tekens, maximaal {SLUG_MAX_LENGTH}",
            ),
            (
                "community",
                "c" * (SLUG_MAX_LENGTH + 1),
                f"is te lang: {SLUG_MAX_LENGTH + 1} tekens, maximaal {SLUG_MAX_LENGTH}",
            ),
            (
                "intro",
                "i" * (INTRO_MAX_LENGTH + 1),
                f"is te lang: {INTRO_MAX_LENGTH + 1} tekens, maximaal {INTRO_MAX_LENGTH}",
            ),
            (
                "body",
                "b" * (BODY_MAX_LENGTH + 1),
                f"is te lang: {BODY_MAX_LENGTH + 1} tekens, maximaal {BODY_MAX_LENGTH}",
            ),
            (
                "themes",
                ["Burgerschap", "t" * (THEME_NAME_MAX_LENGTH + 1)],
                f"is te lang: {THEME_NAME_MAX_LENGTH + 1} tekens, "
                f"maximaal {THEME_NAME_MAX_LENGTH}",
            ),
            (
                "sectors",
                ["s" * (SECTOR_NAME_MAX_LENGTH + 1)],
                f"is te lang: {SECTOR_NAME_MAX_LENGTH + 1} tekens, "
                f"maximaal {SECTOR_NAME_MAX_LENGTH}",
            ),
        ],
        ids=["title", "slug", "community", "intro", "body", "themes", "sectors"],
    )
    def test_every_text_is_limited_to_what_its_column_holds(
        self, tmp_path, field, value, expected
    ):
        report = refused(write_file(tmp_path, *VALID_START, {**TOOL, field: value}))

        assert f'regel 3, veld "{field}": ' in report
        assert expected in report

    def test_a_quoted_value_is_short_and_shows_no_control_characters(self, tmp_path):
        line = {"type": "event", "title": "Ooit", "date": "\x1b[2J" + "9" * 1000}

        report = refused(write_file(tmp_path, *VALID_START, line))

        assert 'regel 3, veld "date": ongeldige datum "\\u001b[2J999' in report
        assert "\x1b" not in report
        assert "9" * 100 not in report

    def test_a_type_that_is_not_text_is_an_unknown_type(self, tmp_path):
        report = refused(write_file(tmp_path, *VALID_START, {**TOOL, "type": ["tool"]}))

        assert 'regel 3, veld "type": onbekend type "["tool"]"' in report


@pytest.mark.django_db
class TestControlCharactersAreLeftOut:
    def test_text_pasted_from_word_is_stored_without_them(self, tmp_path):
        line = {
            **TOOL,
            "title": "Tekst uit\x0bWord\x07",
            "intro": "Eerste regel\x0btweede regel",
            "themes": ["Burger\x1fschap\x0b"],
        }

        run_import(write_file(tmp_path, line))

        tool = ToolPage.objects.get()
        assert tool.title == "Tekst uit Word"
        assert tool.slug == "tekst-uit-word"
        assert tool.intro == "Eerste regel\ntweede regel"
        assert [theme.name for theme in tool.themes.all()] == ["Burger schap"]


@pytest.mark.django_db
class TestThemeSlugsFitTheirColumn:
    def test_a_name_that_fits_makes_a_slug_that_fits(self, tmp_path):
        # slugify spells the ligature out in three letters: 100 characters become 300.
        name = "ﬃ" * THEME_NAME_MAX_LENGTH

        run_import(write_file(tmp_path, {**TOOL, "themes": [name]}))

        theme = Theme.objects.get(name=name)
        assert theme.slug == ("ffi" * THEME_NAME_MAX_LENGTH)[:THEME_SLUG_MAX_LENGTH]
        assert ToolPage.objects.get().themes.get() == theme

    def test_a_second_name_with_the_same_slug_gets_a_numbered_one_that_fits(self, tmp_path):
        first, second = "a" * THEME_NAME_MAX_LENGTH, "a" * (THEME_NAME_MAX_LENGTH - 1) + "á"

        run_import(write_file(tmp_path, {**TOOL, "themes": [first, second]}))

        slugs = {Theme.objects.get(name=first).slug, Theme.objects.get(name=second).slug}
        assert slugs == {
            "a" * THEME_SLUG_MAX_LENGTH,
            "a" * (THEME_SLUG_MAX_LENGTH - 2) + "-2",
        }


@pytest.mark.django_db
class TestTheDryRunIsTheRealRun:
    def test_a_rule_only_the_page_model_knows_is_found_by_a_dry_run_too(
        self, tmp_path, monkeypatch
    ):
        # Stands in for a rule the checks before writing cannot know about: the dry run writes
        # as the real run does, so the model refuses the page there too.
        original_clean = EventPage.clean

        def refuse_the_conference(page):
            original_clean(page)
            if page.title == "Jaarconferentie":
                raise ValidationError({"end": "Het einde ligt voor het begin."})

        monkeypatch.setattr(EventPage, "clean", refuse_the_conference)
        conference = {"type": "event", "title": "Jaarconferentie", "date": "2030-11-20"}

        report = refused(write_file(tmp_path, *ALL_TYPES, conference))

        assert 'regel 7, veld "end": Het einde ligt voor het begin.' in report

    def test_a_dry_run_counts_new_themes_and_stores_none(self, tmp_path):
        path = write_file(tmp_path, {**NATIONAL_TOOL, "themes": ["Nieuw thema"]})
        before = stored_counts()

        output = run_import(path, "--dry-run")

        assert "is in orde" in output
        assert "Nieuwe thema's: 1." in output
        assert stored_counts() == before
        assert not Theme.objects.filter(name="Nieuw thema").exists()
