"""The Dutch word list on this machine (scripts/dutch-words), for the portal's own splitting.

The engine reads its own copy on each node (SEARCH_COMPOUND_WORDS); this is the same list for
Python, at DUTCH_WORD_LIST. Without the file the portal splits compounds of its own vocabulary
only, and says so once in the log.
"""

import logging
from functools import cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


@cache
def dutch_words():
    """The words of the Dutch word list, one normalised word each; empty when it is missing."""
    path = Path(settings.DUTCH_WORD_LIST)
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        logger.warning(
            "No Dutch word list at %s (%s): compounds are split with the portal's own words "
            "only. scripts/dutch-words installs it.",
            path,
            error.strerror or error,
        )
        return frozenset()
    return frozenset(text.split())
