"""The fuzz suite's inputs: hostile text, query strings, and how many of them each check gets."""

import os

from hypothesis import strategies as st

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
