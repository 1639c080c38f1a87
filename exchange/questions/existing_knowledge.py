"""What the portal already holds for a question: its key words searched with the portal search."""

from dataclasses import dataclass

from home.knowledge import knowledge_types
from search.analysis import content_words
from search.query import SearchParams, highlight, search, searchable_text

EXISTING_KNOWLEDGE_SHOWN = 5
# Searches per check stay bounded: one for all key words, then one per word at most.
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

    `query` is a search that finds these pages on the search page too (the first one that found
    anything), or "" when nothing was found.
    """

    hits: list
    query: str = ""


def existing_knowledge(title, context, site, limit=EXISTING_KNOWLEDGE_SHOWN):
    """The portal search's best pages for a question, best first, as a KnowledgeCheck.

    The portal search requires every word, so a whole question rarely matches anything. First
    all key words together; when that finds too little, each word on its own, and pages found
    for more words rank higher. Everything goes through `search.query.search`, so only what a
    visitor may see is found, on every backend alike.
    """
    words = question_key_words(title, context)
    if not words:
        return KnowledgeCheck([])
    queries = [" ".join(words)]
    if len(words) > 1:
        queries += words
    hits, results_query = {}, ""
    for position, query in enumerate(queries):
        if position == 1 and len(hits) >= limit:
            break
        outcome = search(SearchParams(q=query), site)
        if outcome.count and not results_query:
            results_query = query
        for page in outcome.page.object_list:
            hit = hits.get(page.pk)
            if hit is None:
                hit = hits[page.pk] = KnowledgeHit(
                    page=page, type=outcome.facts[page.pk].type, snippet="", order=len(hits)
                )
            # A page that has all the words beats any page found for one of them.
            hit.score += len(words) if position == 0 else 1
    ranked = sorted(hits.values(), key=lambda hit: (-hit.score, hit.order))[:limit]
    for hit in ranked:
        hit.snippet = highlight(searchable_text(hit.page), words)
    return KnowledgeCheck(ranked, results_query)
