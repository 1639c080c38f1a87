"""The importer turns any file into either an import or a list of errors, never a traceback,
and its dry run says exactly what the real run would."""

import json

from wagtail.models import Page, Revision

from hypothesis import given, settings
from hypothesis import strategies as st

from resources.importing import IMPORT_TYPES, import_lines

from .strategies import EXAMPLES, hostile_text

FIELDS = [
    "title",
    "slug",
    "community",
    "intro",
    "body",
    "themes",
    "sectors",
    "date",
    "form",
    "status",
    "live",
    "onbekend",
]

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        hostile_text,
        st.sampled_from(["2026-03-01", "structuurmodel", "actief", "burgerschap"]),
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
items = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(sorted(IMPORT_TYPES)), hostile_text)},
    optional=dict.fromkeys(FIELDS, json_values),
)
# Lines that are not what a well-meaning export writes: broken JSON, deep nesting, Markdown
# that nests without end, and a byte order mark in the wrong place.
raw_lines = st.one_of(
    hostile_text,
    st.integers(1, 5000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(1, 5000).map(lambda depth: "{" + '"a":{' * depth + "}" * (depth + 1)),
    st.integers(1, 3000).map(
        lambda depth: json.dumps(
            {"type": "story", "title": "Diep", "body": "> " * depth + "[" * depth + "x"}
        )
    ),
    st.just("\ufeff{}"),
)
lines = st.lists(st.one_of(items.map(json.dumps), raw_lines), min_size=1, max_size=4)


def stored():
    return Page.objects.count(), Revision.objects.count()


def check_importer():
    @settings(max_examples=EXAMPLES * 2)
    @given(lines=lines)
    def check(lines):
        before = stored()
        dry = import_lines(lines, dry_run=True)
        assert stored() == before
        real = import_lines(lines)
        assert (dry.ok, dry.errors) == (real.ok, real.errors)
        if not real.ok:
            assert stored() == before, real.errors

    check()
