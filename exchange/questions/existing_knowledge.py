"""What the portal already holds for a question: the question by its meaning, then its key
words, searched with the portal search."""

from dataclasses import dataclass

from home.knowledge import knowledge_types
from home.text import clean_line
from search.analysis import content_words
from search.query import MAX_QUERY_LENGTH, SearchParams, highlight, search, searchable_text

EXISTING_KNOWLEDGE_SHOWN = 5
# Searches per check stay bounded: the whole question, one for all key words, then one per
# word at most.
MAX_KEY_WORDS = 5


def key_words(text):
    """The words of `text` that say what it is about, in order, each once.

    Unlike the words of a visitor's search, two-letter words and numbers are left out too:
    each key word may be searched for on its own, and "vo" or "2024" alone finds anything.
    """
    return content_words(text, min_length=3, numbers=False)


def question_key_words(title, context=""):
    """Key words of the title, topped up from the context when the title has too few."""
    words = key_words(title)
    if len(words) < 2:
        words += [word for word in key_words(context) if word not in words]
    return words[:MAX_KEY_WORDS]


def question_text(title, context=""):
    """The whole question as one search: title and context, cut at a word to the length the
    search page accepts, so that the same text in the search page's link searches the same."""
    text = clean_line(f"{title} {context}")
    if len(text) > MAX_QUERY_LENGTH:
        text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0][:MAX_QUERY_LENGTH]
    return text


@dataclass
class KnowledgeHit:
    """A page of the knowledge base that may answer the question."""

    page: object
    type: str
    snippet: str
    score: int = 0
    order: int = 0

    @property
    def type_label(self):
        return knowledge_types()[self.type].knowledge_label()


@dataclass
class KnowledgeCheck:
    """What the knowledge base already holds for a question.

    `query` is a search that finds these pages on the search page too: the first key-word
    search that found anything or, when only the whole question did, the whole question; ""
    when nothing was found.
    """

    hits: list
    query: str = ""


def existing_knowledge(title, context, site, limit=EXISTING_KNOWLEDGE_SHOWN):
    """The portal search's best pages for a question, best first, as a KnowledgeCheck.

    Two searches, each by words and by meaning (search.semantic.hybrid): the whole question,
    and its key words together; when they find too little, each key word on its own tops up.
    The key words decide what is shown and the whole question ranks: a page both find comes
    first. Only when the key words find nothing does the whole question fill in by itself.
    Encoded whole, a question's form ("Hoe ... we ... in de klas?") weighs as much as its
    subject, so it is as near to any community's central question as to the page that answers
    it; its key words are not. Everything goes through `search.query.search`, so only what a
    visitor may see is found, on every backend alike.
    """
    words = question_key_words(title, context)
    if not words:
        return KnowledgeCheck([])
    whole, together = question_text(title, context), " ".join(words)
    # The whole question's best pages only: the tail is what its many words found here and there.
    by_meaning = _found(search(SearchParams(q=whole), site), limit)
    hits, results_query = {}, ""
    queries = [together] + (words if len(words) > 1 else [])
    for position, query in enumerate(queries):
        if position == 1 and len(hits) >= limit:
            break
        outcome = search(SearchParams(q=query), site)
        if outcome.count and not results_query:
            results_query = query
        for page, type_name in _found(outcome):
            hit = hits.get(page.pk)
            if hit is None:
                hit = hits[page.pk] = KnowledgeHit(
                    page=page, type=type_name, snippet="", order=len(hits)
                )
            # A page that has all the words beats any page found for one of them.
            hit.score += len(words) if position == 0 else 1
    if hits:
        for page, _type_name in by_meaning:
            if page.pk in hits:
                hits[page.pk].score += len(words) + 1
    elif by_meaning:
        results_query = whole
        for order, (page, type_name) in enumerate(by_meaning):
            hits[page.pk] = KnowledgeHit(page=page, type=type_name, snippet="", order=order)
    ranked = sorted(hits.values(), key=lambda hit: (-hit.score, hit.order))[:limit]
    for hit in ranked:
        hit.snippet = highlight(searchable_text(hit.page), words)
    return KnowledgeCheck(ranked, results_query)


def _found(outcome, limit=None):
    """(page, type name) of a search's first results page, best first."""
    return [(page, outcome.facts[page.pk].type) for page in outcome.page.object_list[:limit]]
