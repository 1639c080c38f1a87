"""Text rules every stored or received string follows: nothing that XML or a database refuses.

Pure Python with no Django imports, like search.analysis, which builds on it. The rules apply
where text comes in (public forms and GET parameters, see home.abuse and search.views) and
where it is stored (every model, see home.signal_handlers), so feeds, calendars and sitemaps
can carry whatever the portal holds.
"""

import re

# Controls that separate words or lines: the white space among the C0 controls, and NEL.
# Pasted from Word, a vertical tab is a manual line break and a form feed a page break.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85]")
_SPACE_LIKE = re.compile(r"[\t\x1f]")
# What no text means and something downstream refuses: the other C0 controls (XML 1.0 and the
# feed generator refuse them, PostgreSQL refuses NUL), DEL and the C1 controls (text in
# Windows-1252 decoded as Latin-1), lone surrogates (no UTF-8 database or file holds them) and
# the noncharacters U+FFFE and U+FFFF (not XML either).
_REMOVED = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Every character the rules below touch. Whether there is anything to do at all (most text has
# none of them), and what a message escapes rather than shows (resources.importing).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEEDS_CLEANING = {
    False: CONTROL_CHARACTERS,
    # Several lines keep their newlines and tabs.
    True: re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"),
}


def clean_text(text, *, multiline=False):
    """`text` without control characters, lone surrogates or noncharacters.

    One line (a title, a name, a search): every line break, tab and other separating control
    becomes a space. Several lines (an intro, rich text, a message): line breaks of every kind
    become "\\n" and tabs stay. The rest of the controls go. Text without any of them comes back
    unchanged.
    """
    if not isinstance(text, str) or not _NEEDS_CLEANING[multiline].search(text):
        return text
    text = _REMOVED.sub("", text)
    if multiline:
        return _LINE_BREAK.sub("\n", text).replace("\x1f", " ")
    return _SPACE_LIKE.sub(" ", _LINE_BREAK.sub(" ", text))


def clean_line(text):
    """One line of received text as a person meant it: cleaned, single spaces, no padding."""
    return " ".join(clean_text(text).split())


def clean_nested_text(value, *, multiline=True):
    """Every string in `value`, a structure of dicts and lists such as JSON, cleaned.

    Keys stay as they are: they name fields, nobody types them. Returns `value` itself when
    nothing needed cleaning.
    """
    if isinstance(value, str):
        return clean_text(value, multiline=multiline)
    if isinstance(value, dict):
        cleaned = {
            key: clean_nested_text(item, multiline=multiline) for key, item in value.items()
        }
        return value if all(cleaned[key] is value[key] for key in value) else cleaned
    if isinstance(value, (list, tuple)):
        cleaned = [clean_nested_text(item, multiline=multiline) for item in value]
        if all(new is old for new, old in zip(cleaned, value, strict=True)):
            return value
        return type(value)(cleaned)
    return value
