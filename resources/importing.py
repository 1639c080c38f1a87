"""Bulk import of existing knowledge from JSON Lines: validate the whole file, then write all."""

import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.images import ImageFile
from django.core.validators import validate_slug, validate_unicode_slug
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.actions.edit_page import EditPageAction
from wagtail.admin.rich_text.converters.db_html import DbHTMLConverter
from wagtail.images import get_image_model
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Collection, Page
from wagtail.rich_text import RichText
from wagtail.utils.file import hash_filelike

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from tqdm import tqdm

from communities.models import CommunityForm, CommunityIndexPage, CommunityPage, CommunityStatus
from communities.roles import settled_once
from home.models import BasePage, Sector, Theme, ensure_section_pages, get_home_page
from home.text import CONTROL_CHARACTERS, clean_line
from home.text import clean_text as without_control_characters
from search.indexing import (
    deferred_indexing,
    ensure_search_index,
    process_all_in_bulk,
    vectors_deferred,
)

from .bulk_pages import NewPage, create_pages, prepare
from .models import (
    EventIndexPage,
    EventPage,
    PracticeExamplePage,
    StoryIndexPage,
    StoryPage,
    ToolIndexPage,
    ToolPage,
)

logger = logging.getLogger(__name__)

# Enough to fix a file in one round without drowning the reader; the total is reported too.
MAX_ERRORS = 100
# Pages written from which an import ends by refreshing the database's table statistics.
ANALYZE_AFTER_PAGES = 1000
# An imported event only has a date; 09:00 reads as a plausible start in listings, where
# midnight would look like an error. Editors can set the real time afterwards.
EVENT_START_TIME = time(9, 0)
# Keeps each `slug IN (...)` well below the bound-parameter limits of SQLite and PostgreSQL.
QUERY_CHUNK_SIZE = 500
# New pages created at once under one parent: enough for bulk inserts to pay, few enough that
# the pages of one batch are all that is held in memory while writing.
BULK_BATCH_SIZE = 500
# New pages waiting for their batch while a file is written, under all parents together.
PENDING_MAX_PAGES = 2000

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TERM_MODELS = {"themes": Theme, "sectors": Sector}
SECTION_MODELS = {
    "communities": CommunityIndexPage,
    "tools": ToolIndexPage,
    "stories": StoryIndexPage,
    "events": EventIndexPage,
}

COMMON_FIELDS = frozenset({"type", "title", "slug", "live", "image"})
CONTENT_FIELDS = frozenset({"intro", "body", "themes", "sectors"})
FORM_VALUES = {form.value: form.value for form in CommunityForm}
# The status as editors say it; the stored value ("in_oprichting") is accepted too.
STATUS_VALUES = {
    "in oprichting": CommunityStatus.FORMING.value,
    "actief": CommunityStatus.ACTIVE.value,
    "afgerond": CommunityStatus.CONCLUDED.value,
}


@dataclass(frozen=True)
class ImportType:
    """One value of the "type" field: the page model it becomes and the fields it accepts."""

    name: str
    model: type[Page]
    fields: frozenset
    required: frozenset = frozenset()
    section: str | None = None

    @property
    def label(self):
        return self.model._meta.verbose_name


IMPORT_TYPES = {
    kind.name: kind
    for kind in [
        ImportType(
            "community",
            CommunityPage,
            COMMON_FIELDS | CONTENT_FIELDS | {"form", "status", "date"},
            required=frozenset({"intro"}),
            section="communities",
        ),
        ImportType(
            "practice_example",
            PracticeExamplePage,
            COMMON_FIELDS | CONTENT_FIELDS | {"community", "date"},
            required=frozenset({"community"}),
        ),
        ImportType(
            "tool",
            ToolPage,
            COMMON_FIELDS | CONTENT_FIELDS | {"community", "date"},
            required=frozenset({"intro"}),
            section="tools",
        ),
        ImportType(
            "story",
            StoryPage,
            COMMON_FIELDS | CONTENT_FIELDS | {"community", "date"},
            section="stories",
        ),
        ImportType(
            "event",
            EventPage,
            COMMON_FIELDS | CONTENT_FIELDS | {"community", "date"},
            required=frozenset({"date"}),
            section="events",
        ),
    ]
}
ALL_FIELDS = frozenset().union(*(kind.fields for kind in IMPORT_TYPES.values()))


def _column_limit(*fields, default):
    """The longest text every one of these model fields holds, and never more than `default`:
    a text column without a max_length still has to fit a page and the Markdown renderer."""
    return min([default, *(field.max_length for field in fields if field.max_length)])


# Every length follows the columns it ends up in, so a line the checks pass also fits the
# database (PostgreSQL refuses longer text; SQLite would store it).
TITLE_MAX_LENGTH = Page._meta.get_field("title").max_length
SLUG_MAX_LENGTH = Page._meta.get_field("slug").max_length
TERM_MAX_LENGTHS = {
    name: model._meta.get_field("name").max_length for name, model in TERM_MODELS.items()
}
INTRO_MAX_LENGTH = _column_limit(
    BasePage._meta.get_field("intro"),
    CommunityPage._meta.get_field("central_question"),
    ToolPage._meta.get_field("purpose"),
    default=10_000,
)
# Markdown characters; a long article has a few tens of thousands.
BODY_MAX_LENGTH = 100_000
# Characters, JSON escapes included: room for the longest intro and body, fully escaped.
LINE_MAX_LENGTH = 1_000_000
# The format nests two levels ({"themes": [...]}); the room above that keeps the messages about
# a wrong shape, and a deeper line never reaches the JSON parser, which recurses per level.
JSON_MAX_DEPTH = 10
# Elements inside each other in the body (quotes, lists, emphasis, links): real text needs far
# fewer, and the rich text cleaner, like Markdown itself, recurses per level.
BODY_MAX_NESTING = 20
# A value quoted in a message: enough to recognise it, not a screenful.
SHOWN_MAX_LENGTH = 40
IMAGE_FIELDS = frozenset({"path", "alt"})
ALT_MAX_LENGTH = get_image_model()._meta.get_field("description").max_length
# Pillow's names for the formats Wagtail accepts by their file extension.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}

NUL_MESSAGE = _("bevat een NUL-teken (\\u0000); is het bestand beschadigd?")

# Why intro is required where it is: it also fills a required field of the page.
REQUIRED_INTRO_REASONS = {
    "community": _("ontbreekt; de inleiding is ook de centrale vraag van de leergemeenschap"),
    "tool": _("ontbreekt; de inleiding is ook het doel van het instrument"),
}


class ImportFileError(Exception):
    """The file cannot be read at all: it is missing, unreadable or not UTF-8."""


@dataclass(frozen=True)
class LineError:
    line: int
    field: str | None
    message: str

    def __str__(self):
        if self.field is None:
            return _("regel %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _('regel %(line)d, veld "%(field)s": %(message)s') % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did, or would do with ``dry_run``; with errors nothing is written."""

    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    # New themes and sectors, by field name ("themes", "sectors").
    created_terms: Counter = field(default_factory=Counter)
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self):
        return self.error_count == 0

    @property
    def total_created(self):
        return sum(self.created.values())

    @property
    def total_updated(self):
        return sum(self.updated.values())


@dataclass(frozen=True)
class ImageSource:
    """The `image` of a line: a checked image file and its alt text."""

    path: Path
    alt: str


@dataclass
class Record:
    """One parsed line, with the optional fields it actually contains in ``values``."""

    line: int
    kind: ImportType
    title: str
    slug: str
    live: bool
    # Parsed again while writing; None in between, so that the checked file is not held whole.
    values: dict | None
    community: str | None = None
    valid: bool = True
    existing_page_id: int | None = None


def import_file(path, **options):
    """Import a JSON Lines file; see ``import_lines`` for the options. Image paths in the file
    are relative to the file's folder. The file is read as a stream, once to check it and
    twice more to write it (communities first), so memory does not grow with its text."""
    options.setdefault("base_dir", Path(path).parent)
    return _import(lambda: read_lines(path), **options)


def import_lines(lines, *, dry_run=False, progress_file=None, base_dir=None):
    """Validate every line, then write all pages in one transaction, or nothing at all.

    ``lines`` is an iterable of strings, one JSON object each (blank lines are skipped); line
    numbers in errors count from 1. With ``progress_file`` set, a progress bar is written there.
    Image paths are relative to ``base_dir`` (default: the current directory). A dry run does
    all of it and then rolls the transaction back, so it finds every error the real run would,
    also those only the page models or the database know about.
    """
    lines = lines if isinstance(lines, list | tuple) else list(lines)
    return _import(lambda: iter(lines), dry_run=dry_run, progress_file=progress_file,
                   base_dir=base_dir)  # fmt: skip


def _import(read, *, dry_run=False, progress_file=None, base_dir=None):
    """The import of the lines `read()` yields; called once to check them, and again to write."""
    importer = _Importer(base_dir)
    records = importer.validate(read())
    result = ImportResult(dry_run=dry_run)
    if not importer.errors:
        for record in records:
            counter = result.updated if record.existing_page_id else result.created
            counter[record.kind.name] += 1
        result.created_terms = importer.write(records, read, progress_file, dry_run=dry_run)
    if importer.errors:
        result.created.clear()
        result.updated.clear()
        result.created_terms.clear()
        errors = sorted(importer.errors, key=lambda error: (error.line, error.field or ""))
        result.errors = errors[:MAX_ERRORS]
        result.error_count = len(importer.errors)
    elif not dry_run and result.total_created + result.total_updated >= ANALYZE_AFTER_PAGES:
        analyze_tables()
    return result


def analyze_tables():
    """Refresh the table statistics the database plans its queries with.

    PostgreSQL's autovacuum analyses a table some time after it changed; until then the planner
    counts the pages of a large import as absent, and a search over them that takes half a
    second took ten to fifty seconds (measured at 20,000 pages). SQLite keeps no statistics
    until asked.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_searchable():
    """After an import: its pages in the engine's index now, not once a worker or `update_index`
    gets to them (their words reached the search vocabulary when the import committed). Returns
    how many index updates still wait in the outbox because the engine is down; the worker
    applies them once it is back.
    """
    try:
        # An engine without an index yet gets a whole one, the imported pages included.
        ensure_search_index()
    except Exception as error:  # each engine client raises its own connection errors
        logger.warning("Search index not checked after the import: %s", error)
    # Words only: the worker's vector rounds embed the imported pages (docs/import.md).
    with vectors_deferred():
        _applied, waiting = process_all_in_bulk()
    return waiting


def read_lines(path):
    """The decoded lines of a UTF-8 file (a byte order mark is allowed)."""
    try:
        with open(path, "rb") as file:
            for number, raw_line in enumerate(file, start=1):
                try:
                    yield raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    raise ImportFileError(
                        _(
                            "Het bestand %(path)s is geen UTF-8-tekst (regel %(line)d); "
                            "sla het op als UTF-8."
                        )
                        % {"path": path, "line": number}
                    ) from error
    except FileNotFoundError as error:
        raise ImportFileError(_("Het bestand %(path)s bestaat niet.") % {"path": path}) from error
    except OSError as error:
        raise ImportFileError(
            _("Het bestand %(path)s kan niet worden gelezen: %(reason)s")
            % {"path": path, "reason": error.strerror}
        ) from error


class _PortalHeadings(Treeprocessor):
    """Fit Markdown headings to the levels the body allows: the page title is the only h1."""

    LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}

    def run(self, root):
        for element in root.iter():
            element.tag = self.LEVELS.get(element.tag, element.tag)


class MarkdownTooDeep(Exception):
    """The Markdown nests elements deeper than BODY_MAX_NESTING."""


class _NestingLimit(Treeprocessor):
    """Refuse a tree nested deeper than BODY_MAX_NESTING, before the steps that recurse over it
    (prettifying, serialising, the rich text cleaner) end in a RecursionError."""

    def run(self, root):
        stack = [(root, 0)]
        while stack:
            element, depth = stack.pop()
            if depth > BODY_MAX_NESTING:
                raise MarkdownTooDeep
            stack.extend((child, depth + 1) for child in element)


class _PortalMarkdown(Extension):
    """Markdown without raw HTML: tags in the input are shown as text, never passed through."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Checked on the blocks before inline processing, and again after it adds emphasis
        # and links (the "inline" step has priority 20, "prettify" 10).
        md.treeprocessors.register(_NestingLimit(md), "portal_block_nesting", 30)
        md.treeprocessors.register(_NestingLimit(md), "portal_nesting", 15)
        md.treeprocessors.register(_PortalHeadings(md), "portal_headings", 0)


@cache
def _markdown():
    return markdown.Markdown(extensions=[_PortalMarkdown(), "sane_lists"], output_format="html")


@cache
def _rich_text_converter():
    paragraph = BasePage._meta.get_field("body").stream_block.child_blocks["paragraph"]
    return DbHTMLConverter(paragraph.features)


def markdown_to_rich_text(text):
    """Markdown as Wagtail rich text, reduced to what the body's paragraph block allows.

    Links, headings, lists, bold and italic survive; images, code and quotes keep their text only.
    Raises ``MarkdownTooDeep`` for text nested deeper than ``BODY_MAX_NESTING``.
    """
    html = markdown_to_html(text)
    try:
        cleaned, _removals = _rich_text_converter().clean(html)
    except RecursionError as error:
        raise MarkdownTooDeep from error
    return RichText(cleaned)


def markdown_to_html(text):
    """The first half of markdown_to_rich_text, where text nested too deep is found: HTML that
    passed it is nested no deeper than BODY_MAX_NESTING, which the cleaner then handles."""
    try:
        return _markdown().reset().convert(text)
    except (MarkdownTooDeep, RecursionError) as error:
        # Python-Markdown's block parser recurses per nested list before the limit sees the
        # tree. A run cut short may leave parser state behind: the next text gets a new one.
        _markdown.cache_clear()
        raise MarkdownTooDeep from error


# A JSON string, also one the line cuts short, or a bracket outside strings.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


def _json_nesting(text):
    """Where `text` nests deeper than JSON_MAX_DEPTH, as (column, field name or None).

    A cheap scan before parsing: the JSON parser recurses per level, and a line of 100,000
    opening brackets would end in a RecursionError.
    """
    openers, key = [], None
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            openers.append(token)
            if len(openers) > JSON_MAX_DEPTH:
                return match.start() + 1, _field_name(key) if openers[0] == "{" else None
        elif token in ("]", "}"):
            if openers:
                openers.pop()
        elif openers == ["{"]:
            # In the top-level object the last string before a nested value is its key.
            key = token
    return None


def _field_name(token):
    try:
        name = json.loads(token) if token else None
    except ValueError:
        return None
    return _shown(name) if isinstance(name, str) else None


def _shown(value, max_length=SHOWN_MAX_LENGTH):
    """`value` as a message quotes it: short, and with control characters escaped."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > max_length:
        text = text[: max_length - 1] + "…"
    # A terminal acts on control characters, and lone surrogates cannot be written out at all.
    return CONTROL_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _chunks(items, size=QUERY_CHUNK_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _parent_path(path):
    return path[: -Page.steplen]


class _Importer:
    def __init__(self, base_dir=None):
        self.errors = []
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()

    def error(self, line, field, message):
        self.errors.append(LineError(line, field, str(message)))

    # Validation: nothing here writes to the database.

    def validate(self, lines):
        records = []
        seen = {}
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            record = self.parse_line(number, text, convert_body=False)
            if record is None:
                continue
            key = (record.kind.name, record.slug)
            if key in seen:
                self.error(
                    number,
                    "slug",
                    _('"%(slug)s" komt voor dit type al voor op regel %(line)d')
                    % {"slug": record.slug, "line": seen[key]},
                )
                continue
            seen[key] = number
            # What a line holds beyond its identity (texts, the body) is parsed again while
            # writing: checking a large file keeps a few hundred bytes per line.
            record.values = None
            records.append(record)
        self.check_siblings_in_file(records)
        self.check_against_database(records)
        return [record for record in records if record.valid]

    def parse_line(self, number, text, *, convert_body=True):
        errors_before = len(self.errors)
        # Without its line ending, an object cut short is reported at its last column.
        text = text.rstrip("\r\n")
        if len(text) > LINE_MAX_LENGTH:
            self.error(
                number,
                None,
                _("de regel is te lang: %(length)d tekens, maximaal %(max)d")
                % {"length": len(text), "max": LINE_MAX_LENGTH},
            )
            return None
        nesting = _json_nesting(text)
        if nesting is not None:
            column, name = nesting
            message = _("is te diep genest: meer dan %(max)d niveaus") % {"max": JSON_MAX_DEPTH}
            if name is None:
                message = _("te diep genest: meer dan %(max)d niveaus (kolom %(column)d)") % {
                    "max": JSON_MAX_DEPTH,
                    "column": column,
                }
            self.error(number, name, message)
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.error(
                number,
                None,
                _("geen geldige JSON: %(reason)s (kolom %(column)d)")
                % {"reason": error.msg, "column": error.colno},
            )
            return None
        except ValueError:
            # The only other complaint of the parser: Python converts at most 4,300 digits.
            self.error(number, None, _("geen geldige JSON: een getal heeft te veel cijfers"))
            return None
        if not isinstance(data, dict):
            self.error(number, None, _("elke regel moet één JSON-object zijn: {...}"))
            return None

        type_name = data.get("type")
        if type_name is None:
            self.error(number, "type", _("ontbreekt"))
            return None
        if not isinstance(type_name, str) or type_name not in IMPORT_TYPES:
            self.error(
                number,
                "type",
                _('onbekend type "%(type)s"; kies uit %(choices)s')
                % {"type": _shown(type_name), "choices": ", ".join(IMPORT_TYPES)},
            )
            return None
        kind = IMPORT_TYPES[type_name]

        for name in data:
            if name not in ALL_FIELDS:
                self.error(number, _shown(name), _("onbekend veld"))
            elif name not in kind.fields:
                self.error(number, name, _('hoort niet bij type "%(type)s"') % {"type": type_name})

        # JSON null counts as absent, so exports that write every column still import.
        present = {
            name: value
            for name, value in data.items()
            if value is not None and name in kind.fields
        }
        for name in kind.required - present.keys():
            message = _("ontbreekt")
            if name == "intro":
                message = REQUIRED_INTRO_REASONS[type_name]
            self.error(number, name, message)

        title = self.clean_text(number, "title", data.get("title"), max_length=TITLE_MAX_LENGTH)
        if title is None and "title" not in present:
            self.error(number, "title", _("ontbreekt"))
        slug = self.clean_slug(number, present.get("slug"), title)

        values = {}
        if "community" in present:
            values["community"] = self.clean_text(
                number, "community", present["community"], max_length=SLUG_MAX_LENGTH
            )
        if "intro" in present:
            # An empty intro clears it, except where it also fills a required field.
            values["intro"] = self.clean_text(
                number,
                "intro",
                present["intro"],
                allow_empty="intro" not in kind.required,
                multiline=True,
                max_length=INTRO_MAX_LENGTH,
            )
        if "body" in present:
            values["body"] = self.clean_body(number, present["body"], convert=convert_body)
        for name in ("themes", "sectors"):
            if name in present:
                values[name] = self.clean_terms(number, name, present[name])
        if "date" in present:
            values["date"] = self.clean_date(number, present["date"])
        if "image" in present:
            values["image"] = self.clean_image(number, present["image"])
        if "form" in present:
            values["form"] = self.clean_choice(number, "form", present["form"], FORM_VALUES)
        if "status" in present:
            values["status"] = self.clean_choice(
                number, "status", present["status"], STATUS_VALUES
            )
        live = present.get("live", True)
        if not isinstance(live, bool):
            self.error(number, "live", _("moet true of false zijn"))

        if slug is None:
            return None
        return Record(
            line=number,
            kind=kind,
            title=title or "",
            slug=slug,
            live=live is not False,
            values=values,
            community=values.get("community"),
            valid=len(self.errors) == errors_before,
        )

    def clean_text(
        self, number, name, value, *, allow_empty=False, multiline=False, max_length=None
    ):
        """Text as it will be stored; None, with an error, when it cannot be.

        Other control characters go without a word, as when any text is saved (a vertical tab
        is Word's line break); a NUL only comes with a damaged file or a broken export.
        """
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(number, name, _("moet tekst zijn"))
            return None
        if "\x00" in value:
            self.error(number, name, NUL_MESSAGE)
            return None
        value = without_control_characters(value, multiline=multiline).strip()
        if not value and not allow_empty:
            self.error(number, name, _("mag niet leeg zijn"))
            return None
        if max_length and len(value) > max_length:
            self.error(
                number,
                name,
                _("is te lang: %(length)d tekens, maximaal %(max)d")
                % {"length": len(value), "max": max_length},
            )
            return None
        return value

    def clean_body(self, number, value, *, convert=True):
        """The body as the page's StreamField value: one rich text block, or none. Without
        `convert`, only checked: the Markdown is turned into HTML, which finds every error, and
        returned as it is; cleaning the HTML into rich text, about half the work, waits until
        the page is written."""
        text = self.clean_text(
            number, "body", value, allow_empty=True, multiline=True, max_length=BODY_MAX_LENGTH
        )
        if not text:
            return None if text is None else []
        try:
            if not convert:
                markdown_to_html(text)
                return text
            return [("paragraph", markdown_to_rich_text(text))]
        except MarkdownTooDeep:
            self.error(
                number,
                "body",
                _(
                    "is te diep genest: meer dan %(max)d niveaus citaten, lijsten, nadruk of "
                    "links in elkaar"
                )
                % {"max": BODY_MAX_NESTING},
            )
            return None

    def clean_slug(self, number, value, title):
        if value is None:
            if not title:
                return None
            slug = slugify(title)[:SLUG_MAX_LENGTH].strip("-")
            if not slug:
                self.error(
                    number, "title", _("hieruit valt geen slug af te leiden; geef een slug op")
                )
                return None
            return slug
        slug = self.clean_text(number, "slug", value, max_length=SLUG_MAX_LENGTH)
        if slug is None:
            return None
        validator = (
            validate_unicode_slug
            if getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
            else validate_slug
        )
        try:
            validator(slug)
        except ValidationError:
            self.error(
                number,
                "slug",
                _('ongeldige slug "%(slug)s"; gebruik alleen letters, cijfers, - en _')
                % {"slug": _shown(slug)},
            )
            return None
        return slug

    def clean_terms(self, number, name, value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.error(number, name, _('moet een lijst met namen zijn, zoals ["Burgerschap"]'))
            return None
        names = {}
        max_length = TERM_MAX_LENGTHS[name]
        for item in value:
            term = clean_line(item)
            if "\x00" in item:
                self.error(number, name, NUL_MESSAGE)
            elif not term:
                self.error(number, name, _("een naam in de lijst is leeg"))
            elif len(term) > max_length:
                self.error(
                    number,
                    name,
                    _('"%(name)s" is te lang: %(length)d tekens, maximaal %(max)d')
                    % {"name": _shown(term), "length": len(term), "max": max_length},
                )
            else:
                names.setdefault(term.lower(), term)
        return list(names.values())

    def clean_date(self, number, value):
        if isinstance(value, str) and DATE_PATTERN.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.error(
            number,
            "date",
            _('ongeldige datum "%(value)s"; gebruik JJJJ-MM-DD') % {"value": _shown(value)},
        )
        return None

    def clean_image(self, number, value):
        """The image file and its alt text, checked to be an image Wagtail accepts; the file is
        read here only as far as Pillow needs to verify it, and stored while writing."""
        if not isinstance(value, dict):
            self.error(
                number,
                "image",
                _('moet een object zijn, zoals {"path": "foto.jpg", "alt": "..."}'),
            )
            return None
        for name in value.keys() - IMAGE_FIELDS:
            self.error(number, f"image.{_shown(name)}", _("onbekend veld"))
        relative = self.clean_text(number, "image.path", value.get("path"))
        alt = self.clean_text(number, "image.alt", value.get("alt"), max_length=ALT_MAX_LENGTH)
        for name in ("path", "alt"):
            if value.get(name) is None:
                self.error(number, f"image.{name}", _("ontbreekt"))
        if relative is None:
            return None
        path = self.base_dir / relative
        if not path.is_file():
            self.error(
                number,
                "image.path",
                _('bestand "%(path)s" niet gevonden naast het importbestand')
                % {"path": _shown(relative)},
            )
            return None
        try:
            with PillowImage.open(path) as picture:
                image_format = picture.format
                picture.verify()
        except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
            image_format = None
        extension = IMAGE_FORMATS.get(image_format)
        if extension is None or extension not in get_allowed_image_extensions():
            self.error(
                number,
                "image.path",
                _('"%(path)s" is geen afbeelding; gebruik %(formats)s')
                % {"path": _shown(relative), "formats": ", ".join(get_allowed_image_extensions())},
            )
            return None
        if alt is None:
            return None
        return ImageSource(path=path.resolve(), alt=alt)

    def clean_choice(self, number, name, value, choices):
        if isinstance(value, str):
            key = value.strip().lower()
            if key in choices:
                return choices[key]
            if key in choices.values():
                return key
        self.error(
            number,
            name,
            _('ongeldige waarde "%(value)s"; kies uit %(choices)s')
            % {"value": _shown(value), "choices": ", ".join(choices)},
        )
        return None

    def check_siblings_in_file(self, records):
        # Practice examples and tools share their community as parent, so share its slugs too.
        seen = {}
        for record in records:
            if record.kind.name in ("practice_example", "tool") and record.community:
                key = (record.community, record.slug)
                if key in seen:
                    record.valid = False
                    self.error(
                        record.line,
                        "slug",
                        _(
                            '"%(slug)s" is onder leergemeenschap "%(community)s" al in gebruik '
                            "op regel %(line)d"
                        )
                        % {"slug": record.slug, "community": record.community, "line": seen[key]},
                    )
                else:
                    seen[key] = record.line

    def check_against_database(self, records):
        """Resolve communities and find the pages a re-import updates, in a few queries."""
        slugs = {record.slug for record in records} | {
            record.community for record in records if record.community
        }
        pages_by_slug = defaultdict(list)
        for chunk in _chunks(sorted(slugs)):
            for page in Page.objects.filter(slug__in=chunk).values(
                "id", "slug", "path", "content_type_id"
            ):
                pages_by_slug[page["slug"]].append(page)
        type_ids = {
            model: ContentType.objects.get_for_model(model).id
            for model in {kind.model for kind in IMPORT_TYPES.values()}
        }
        community_type_id = type_ids[CommunityPage]
        existing_communities = {
            slug: page["path"]
            for slug, pages in pages_by_slug.items()
            for page in pages
            if page["content_type_id"] == community_type_id
        }
        known_communities = existing_communities.keys() | {
            record.slug for record in records if record.kind.name == "community"
        }
        section_paths = self.section_paths()

        for record in records:
            community = record.community
            if community and community not in known_communities:
                record.valid = False
                self.error(
                    record.line,
                    "community",
                    _('onbekende leergemeenschap "%(slug)s": niet op de site, niet in dit bestand')
                    % {"slug": _shown(community)},
                )
                continue
            if record.kind.name == "practice_example" or (
                record.kind.name == "tool" and community
            ):
                parent_path = existing_communities.get(community)
            else:
                parent_path = section_paths[record.kind.section]

            own_type_id = type_ids[record.kind.model]
            same_slug = pages_by_slug.get(record.slug, [])
            match = next(
                (
                    page
                    for page in same_slug
                    if page["content_type_id"] == own_type_id
                    and _parent_path(page["path"]) == parent_path
                ),
                None,
            )
            elsewhere = [page for page in same_slug if page["content_type_id"] == own_type_id]
            siblings = [
                page
                for page in same_slug
                if page is not match and _parent_path(page["path"]) == parent_path
            ]
            if match is None and elsewhere:
                record.valid = False
                self.error(
                    record.line,
                    "community" if record.kind.name in ("practice_example", "tool") else "slug",
                    _(
                        'er staat al een %(type)s met deze slug onder "%(parent)s"; verplaats '
                        "die pagina eerst in de beheeromgeving, of kies een andere slug"
                    )
                    % {
                        "type": record.kind.label,
                        "parent": self.title_at(_parent_path(elsewhere[0]["path"])),
                    },
                )
            elif siblings:
                record.valid = False
                self.error(
                    record.line,
                    "slug",
                    _('"%(slug)s" is onder "%(parent)s" al in gebruik door een andere pagina')
                    % {"slug": record.slug, "parent": self.title_at(parent_path)},
                )
            elif match is not None:
                record.existing_page_id = match["id"]

    @staticmethod
    def section_paths():
        # Looked up the way ensure_section_pages() finds them, without creating any.
        home = get_home_page()
        return {
            name: model.objects.descendant_of(home).values_list("path", flat=True).first()
            for name, model in SECTION_MODELS.items()
        }

    @staticmethod
    def title_at(path):
        return Page.objects.filter(path=path).values_list("title", flat=True).first() or path

    # Writing: everything below runs inside one transaction.

    def write(self, records, read, progress_file=None, *, dry_run=False):
        """Create or update every page; on any failure roll back and keep the error.

        A dry run writes the same way and then rolls back, before anything reaches the search
        index: one path, so a dry run finds exactly what the real run would.
        """
        writer = None
        try:
            # Indexed once at the end, in bulk and in the same transaction: page by page, the
            # search index costs more than writing the pages.
            # The vectors are left to the worker (search.indexing.vectors_deferred), also in
            # the index updates that run when the transaction commits. The site's groups and
            # the permissions every new community gets are settled once for the whole file.
            with vectors_deferred(), transaction.atomic(), deferred_indexing(), settled_once():
                writer = _Writer(records, self)
                created_terms = writer.run(read, progress_file)
                if dry_run:
                    raise _DryRunDone(created_terms)
                return created_terms
        except _DryRunDone as done:
            writer.remove_stored_files()
            return done.created_terms
        except _WriteFailed as failure:
            writer.remove_stored_files()
            self.errors.extend(failure.errors)
            return Counter()
        except BaseException:
            if writer is not None:
                writer.remove_stored_files()
            raise


class _WriteFailed(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class _DryRunDone(Exception):
    """Leaves the transaction of a dry run, which rolls everything back."""

    def __init__(self, created_terms):
        super().__init__(created_terms)
        self.created_terms = created_terms


def _line_errors(record, error):
    """A ValidationError of a page as the errors of the line it came from."""
    messages = error.update_error_dict({})
    return [
        LineError(record.line, None if name == NON_FIELD_ERRORS else name, text)
        for name, texts in messages.items()
        for text in ValidationError(texts).messages
    ]


def _database_error(record, error):
    # What the checks above should have caught first (a length or character the database
    # refuses): still a message with its line rather than a traceback.
    return LineError(
        record.line,
        None,
        _("kan niet worden opgeslagen: %(reason)s")
        % {"reason": _shown(str(error).strip(), max_length=300)},
    )


class _Writer:
    """Writes the checked records: new pages in bulk per parent (resources.bulk_pages), pages
    that exist already one by one through Wagtail's EditPageAction."""

    def __init__(self, records, importer):
        self.records = records
        self.importer = importer
        self.sections = ensure_section_pages()
        self.communities = {}
        community_slugs = {record.community for record in records if record.community}
        for chunk in _chunks(sorted(community_slugs)):
            for community in CommunityPage.objects.filter(slug__in=chunk):
                self.communities[community.slug] = community
        self.terms = {
            name: {term.name.lower(): term for term in model.objects.all()}
            for name, model in TERM_MODELS.items()
        }
        self.created_terms = Counter()
        self.images = {}
        self.stored_files = []

    def run(self, read, progress_file):
        bar = tqdm(
            total=len(self.records),
            desc=str(_("Importeren")),
            unit=str(_("pagina's")),
            file=progress_file,
            disable=progress_file is None,
        )
        by_line = {record.line: record for record in self.records}
        with bar:
            # Communities first, so that the pages placed under them find their parent.
            for communities in (True, False):
                self.write_lines(read(), by_line, communities, bar)
        return self.created_terms

    def write_lines(self, lines, by_line, communities, bar):
        """Write the checked records of `lines` (communities, or the others) in file order:
        existing pages at once, new ones in batches per parent. At most PENDING_MAX_PAGES
        wait for their batch; past that the largest batch goes, so memory stays flat."""
        pending = {}
        waiting = 0
        for number, text in enumerate(lines, start=1):
            record = by_line.get(number)
            if record is None or (record.kind.name == "community") != communities:
                continue
            record.values = self.importer.parse_line(number, text).values
            if record.existing_page_id:
                self.save_or_fail(record)
                record.values = None
                bar.update(1)
                continue
            parent = self.parent_for(record)
            batch = pending.setdefault(parent.pk, (parent, []))[1]
            batch.append(record)
            waiting += 1
            if len(batch) >= BULK_BATCH_SIZE or waiting > PENDING_MAX_PAGES:
                parent_pk = max(pending, key=lambda pk: len(pending[pk][1]))
                parent, batch = pending.pop(parent_pk)
                self.create_or_fail(parent, batch)
                waiting -= len(batch)
                bar.update(len(batch))
        for parent, batch in pending.values():
            self.create_or_fail(parent, batch)
            bar.update(len(batch))

    def create_or_fail(self, parent, records):
        items = []
        for record in records:
            page = record.kind.model(slug=record.slug)
            try:
                self.apply(record, page)
                prepare(parent, page)
            except ValidationError as error:
                raise _WriteFailed(_line_errors(record, error)) from error
            items.append(NewPage(page, live=record.live, published_at=self.published_at(record)))
        try:
            with transaction.atomic():
                create_pages(parent, items)
        except DatabaseError:
            # Page by page, Wagtail's own way, so that the refused line is named.
            for record in records:
                self.save_or_fail(record)
            return
        for record, item in zip(records, items, strict=True):
            record.values = None
            if record.kind.name == "community":
                self.communities[record.slug] = item.page

    def save_or_fail(self, record):
        try:
            self.save(record)
        except ValidationError as error:
            # The checks before writing should make this rare: a clash with a page an editor
            # created meanwhile, or a rule in a model's clean() the format does not know.
            raise _WriteFailed(_line_errors(record, error)) from error
        except DatabaseError as error:
            raise _WriteFailed([_database_error(record, error)]) from error

    def save(self, record):
        model = record.kind.model
        if record.existing_page_id:
            page = model.objects.get(pk=record.existing_page_id)
        else:
            page = model(slug=record.slug)
        self.apply(record, page)
        published_at = self.published_at(record)
        if published_at is not None:
            # Publishing keeps a first publication date it finds.
            page.first_published_at = published_at

        if record.existing_page_id:
            was_live = page.live
            EditPageAction(page, publish=record.live).execute()
            if was_live and not record.live:
                page.unpublish()
        else:
            # As the admin's create view: save as draft, keep a revision, then publish that.
            page.live = False
            self.parent_for(record).add_child(instance=page)
            revision = page.save_revision(log_action=True)
            if record.live:
                revision.publish()

        if record.kind.name == "community":
            self.communities[page.slug] = page

    def parent_for(self, record):
        if record.kind.section and not (record.kind.name == "tool" and record.community):
            return self.sections[record.kind.section]
        return self.communities[record.community]

    @staticmethod
    def published_at(record):
        """When a line with a `date` was published: the start of that day, Dutch time. An
        event's date is the day it starts instead (see docs/import.md)."""
        day = record.values.get("date")
        if day is None or record.kind.name == "event":
            return None
        return datetime.combine(day, time(0), tzinfo=timezone.get_default_timezone())

    def apply(self, record, page):
        values = record.values
        page.title = record.title
        if "intro" in values:
            page.intro = values["intro"]
            # The format has no field of its own for these required fields; see docs/import.md.
            if isinstance(page, CommunityPage):
                page.central_question = values["intro"]
            elif isinstance(page, ToolPage):
                page.purpose = values["intro"]
        if "body" in values:
            page.body = values["body"]
        for name in TERM_MODELS:
            if name in values:
                getattr(page, name).set(self.terms_for(name, values[name]))
        for name in ("form", "status"):
            if name in values:
                setattr(page, name, values[name])
        if "image" in values:
            page.listing_image = self.image_for(values["image"])
        if isinstance(page, PracticeExamplePage | ToolPage) and record.community:
            # What CommunityResultMixin.save() sets from the tree; bulk creation skips save().
            page.community = self.communities[record.community]
        if isinstance(page, StoryPage):
            if "date" in values:
                page.date = values["date"]
            if record.community:
                page.related_communities.set([self.communities[record.community]])
        if isinstance(page, EventPage):
            page.start = self.event_start(page.start, values["date"])
            if record.community:
                page.community = self.communities[record.community]

    @staticmethod
    def event_start(current, day):
        # A re-import keeps the time an editor set, as long as the day has not changed.
        zone = timezone.get_default_timezone()
        if current is not None and timezone.localtime(current, zone).date() == day:
            return current
        return datetime.combine(day, EVENT_START_TIME, tzinfo=zone)

    def terms_for(self, field_name, names):
        known = self.terms[field_name]
        terms = []
        for name in names:
            term = known.get(name.lower())
            if term is None:
                term = TERM_MODELS[field_name].get_or_create_by_name(name)
                known[name.lower()] = term
                self.created_terms[field_name] += 1
            terms.append(term)
        return terms

    def image_for(self, source):
        """The Wagtail image for an `image` of the file: one per file content, in the root
        collection, which is public (a card image shows on public pages; a community's own
        collection holds its private workspace's files). An image with the same content that
        is already there, from an earlier import or an editor, is used again."""
        if source.path in self.images:
            return self.images[source.path]
        image_model = get_image_model()
        collection = Collection.get_first_root_node()
        with open(source.path, "rb") as file:
            file_hash = hash_filelike(file)
            image = image_model.objects.filter(collection=collection, file_hash=file_hash).first()
            if image is None:
                image = image_model(
                    title=source.alt,
                    description=source.alt,
                    collection=collection,
                    file=ImageFile(file, name=source.path.name),
                    file_size=source.path.stat().st_size,
                    file_hash=file_hash,
                )
                image.save()
                self.stored_files.append(image.file.name)
        self.images[source.path] = image
        return image

    def remove_stored_files(self):
        """The files of images whose rows a rollback removes: a dry run or a refused file
        leaves nothing behind in the media storage either."""
        if self.stored_files:
            storage = get_image_model()._meta.get_field("file").storage
            for name in self.stored_files:
                storage.delete(name)
            self.stored_files.clear()
