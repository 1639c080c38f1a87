"""The fuzz suite's budget and inputs: Hypothesis profiles, hostile text, and the demo site.

Every test here loads the demo content once and then sends many generated requests, so the
budget is set per test in examples (`FUZZ_EXAMPLES`), not per request. In CI the examples are
derived from the test's name (derandomised), so a run can be repeated exactly; locally each run
explores new inputs. An input that ever made the portal fail is kept as a regular test in
test_found_examples.py.
"""

import io
import os

from django.core.management import call_command

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "portal",
    # One request can take a while on a cold engine; time is bounded by the example count.
    deadline=None,
    # The demo site is built once per test (pytest fixtures), not once per example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
    # Nothing is written next to the checkout; a failure prints the input that caused it.
    database=None,
    print_blob=True,
)
settings.load_profile("portal")

# How many generated inputs each endpoint gets; FUZZ_EXAMPLES=500 searches harder locally.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

# Text that has broken parsers before: query syntax of the search backends (SQLite FTS5,
# PostgreSQL tsquery, the engines' query_string), control characters as they come from
# pasted Word text, markup, and numbers where words belong.
HOSTILE = [
    "",
    " ",
    '"abc',
    '";DROP',
    "a\x00b",
    "\x00",
    "titel\x0bmet verticale tab",
    "\x1b[31m",
    "'",
    "\\",
    "*",
    "a*",
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "((",
    ")",
    "^2",
    "title:x",
    "-leren",
    "+leren",
    "~",
    "%",
    "%00",
    "{{ x }}",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "\u202eomgekeerd",
    "ﬁ ligatuur",
    "leer" * 200,
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "2026-13-45",
    "nan",
]

# Any text a visitor can send in a URL or a form; lone surrogates cannot be encoded in UTF-8,
# so no browser sends them.
any_text = st.text(st.characters(codec="utf-8"), max_size=200)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    any_text,
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map(" ".join),
)


def parameters(known_names):
    """A query string: the names a page reads, with hostile values, and some names it does
    not read at all."""
    names = st.one_of(st.sampled_from(sorted(known_names)), st.text(min_size=1, max_size=12))
    return st.dictionaries(names, hostile_text, max_size=6)


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())
