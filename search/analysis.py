"""Dutch text analysis for the search engines, the synonyms shared by every backend, and the
plain terms every backend is handed.

Pure Python with no Django imports: the settings build the engine's index settings from it.
The engine applies the synonyms itself (a synonym_graph filter at search time); the database
backend cannot, so the search view asks `expand_query` for the alternatives and ORs them.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

from home.text import clean_text

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"


@cache
def synonym_groups(path=SYNONYMS_FILE):
    """Each line of the synonyms file as a tuple of normalised, equivalent phrases."""
    groups = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrases = tuple(dict.fromkeys(normalise(phrase) for phrase in line.split(",")))
        phrases = tuple(phrase for phrase in phrases if phrase)
        if len(phrases) > 1:
            groups.append(phrases)
    return tuple(groups)


def normalise(text):
    """Lower case, accents folded (ë → e), single spaces: how the engine compares words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(folded.split())


# Anything but letters, digits, hyphens and white space. Quotes, brackets, wildcards, colons,
# carets and the like mean nothing to a visitor's search, and some backend reads each as query
# syntax: SQLite's full-text search fails on a lone ", a ; or a NUL.
_NOT_A_TERM = re.compile(r"[^\w\s-]")


def plain_terms(text):
    """What a backend may be handed of a visitor's text: lower-case words, nothing else.

    The one place where a query stops being query syntax. Lower case also disarms SQLite's
    operators (AND, OR, NOT and NEAR count only in capitals); every backend ignores case anyway.
    Accents stay, for the autocomplete of a backend that does not fold them.
    """
    text = unicodedata.normalize("NFC", clean_text(text)).lower()
    return " ".join(_NOT_A_TERM.sub(" ", text).split())


def plain_words(text):
    """The terms of a search as the engine compares words: accents folded too (ë → e)."""
    return plain_terms(normalise(text))


def expand_query(text, max_alternatives=40):
    """The query with each synonym phrase it contains swapped for its equivalents.

    "lerende netwerken in het po" gives, besides itself, "leergemeenschap in het po",
    "lerende netwerken in het primair onderwijs", and so on, at most `max_alternatives`.
    """
    query = normalise(text)
    alternatives = []
    for group in synonym_groups():
        for phrase in group:
            pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
            if pattern.search(query):
                for other in group:
                    if other != phrase:
                        alternatives.append(pattern.sub(other, query))
                break
    return list(dict.fromkeys(alternatives))[:max_alternatives]


def index_settings(path=SYNONYMS_FILE):
    """INDEX_SETTINGS for Wagtail's Elasticsearch-family backends: Dutch for every text field.

    Replacing the `default` analyzers reaches every SearchField and the catch-all field without
    touching Wagtail's mappings; autocomplete keeps its own edge-ngram analyzer.
    """
    synonyms = [", ".join(group) for group in synonym_groups(path)]
    dutch_filters = ["dutch_stop", "dutch_stemmer_override", "dutch_stemmer"]
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
                    # The Dutch stemmer keeps some singulars and plurals apart.
                    "dutch_stemmer_override": {
                        "type": "stemmer_override",
                        "rules": ["leergemeenschappen => leergemeenschap"],
                    },
                    "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
                    "portal_synonyms": {
                        "type": "synonym_graph",
                        "synonyms": synonyms,
                        "lenient": True,
                    },
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", *dutch_filters],
                    },
                    # Synonyms before the stop filter: "community of practice" contains one.
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "portal_synonyms", *dutch_filters],
                    },
                },
            }
        }
    }
