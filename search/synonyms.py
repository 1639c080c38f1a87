"""The editors' synonyms as search applies them: the groups stored in the database, and what a
query's words mean besides themselves."""

import re

from home.caching import cached

from .analysis import parse_synonym_group, plain_words
from .models import Synonym

# A query rarely holds more than one or two synonym phrases; this keeps a pasted paragraph from
# turning into a query of hundreds of phrases.
MAX_ALTERNATIVES = 40


def _stored_groups():
    groups = (
        # An editor may put a group on several lines; a line break separates like a comma.
        parse_synonym_group(terms.replace("\n", ","))
        for terms in Synonym.objects.values_list("terms", flat=True)
    )
    return tuple(group for group in groups if group)


def synonym_groups():
    """Each stored group as a tuple of normalised, equivalent phrases.

    Read once per content generation: saving or deleting a Synonym starts a new one
    (search.apps), so an edit counts from the next search.
    """
    return cached("search-synonym-groups", _stored_groups)


def _occurrences(query):
    """(start, end, group, phrase) of every group phrase in `query`, each a whole-word match."""
    for group in synonym_groups():
        for phrase in group:
            words = plain_words(phrase)
            if not words:
                continue
            for match in re.finditer(rf"(?<!\S){re.escape(words)}(?!\S)", query):
                yield match.start(), match.end(), group, words


def synonym_alternatives(text):
    """The other phrases of each group a phrase of `text` belongs to, normalised, each once.

    Only the groups whose phrase the visitor typed, and of overlapping phrases only the longest:
    "professionele leergemeenschap" brings the equivalents of that phrase, not also those of
    "leergemeenschap" within it.
    """
    query = plain_words(text)
    taken, alternatives = [], []
    # Longest first, then from the left.
    for start, end, group, phrase in sorted(
        _occurrences(query), key=lambda found: (found[0] - found[1], found[0])
    ):
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        alternatives += [plain_words(other) for other in group if plain_words(other) != phrase]
    words_typed = set(query.split())
    return [
        alternative
        for alternative in dict.fromkeys(alternatives)
        # A single word the visitor typed anyway adds nothing.
        if alternative and alternative not in words_typed
    ][:MAX_ALTERNATIVES]
