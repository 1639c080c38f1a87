"""What of a page is encoded: its title with its text, cut into chunks of a few sentences.

The encoder reads meaning best in passages of a paragraph or so; averaged over a long body it
blurs. Each chunk is led by the page's title, so a passage about "de leerlijn" still knows
which leerlijn. A page's similarity to a query is that of its best chunk (search.semantic.vectors).
"""

import hashlib
import re

# Words per chunk, about a paragraph; a sentence is never cut unless it is longer than this.
CHUNK_WORDS = 80
# The first chunks of a long page: its opening says what it is about, and the vectors of a
# page stay bounded in number.
MAX_CHUNKS = 8

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def page_text(page):
    """The page's text as a visitor reads it: the type's snippet fields, then the body."""
    from search.query import searchable_text

    return searchable_text(page)


def chunks_of(title, text):
    """The texts to encode for a page: title first, then the text in chunks of about
    CHUNK_WORDS words, each led by the title; at most MAX_CHUNKS."""
    title = " ".join(str(title).split())
    sentences = [sentence for sentence in _SENTENCE_END.split(" ".join(text.split())) if sentence]
    chunks, current = [], []
    for sentence in sentences:
        words = sentence.split()
        while len(words) > CHUNK_WORDS:  # one long "sentence": a list, a table
            if current:
                chunks.append(current)
                current = []
            chunks.append(words[:CHUNK_WORDS])
            words = words[CHUNK_WORDS:]
        if current and len(current) + len(words) > CHUNK_WORDS:
            chunks.append(current)
            current = []
        current += words
    if current:
        chunks.append(current)
    if not title:
        return [" ".join(words) for words in chunks[:MAX_CHUNKS]]
    return [title] + [f"{title}. {' '.join(words)}" for words in chunks[: MAX_CHUNKS - 1]]


def page_chunks(page):
    return chunks_of(page.title, page_text(page))


def text_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()
