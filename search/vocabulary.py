"""The vocabulary of what visitors may find: the words search reads to see inside compounds, to
correct a typo and to offer "Bedoelde je".

The words come from every page a visitor may find (live, public, not expired, of a knowledge
type, in a site), from the taxonomy, and from the sources apps above this one register (the
people "Wie weet wat" lists). A word never comes from a draft, a private section or anything
else a visitor may not see: the vocabulary is shown back to visitors as corrections.

`rebuild_vocabulary()` replaces it all; between rebuilds, each save of a visible object adds its
new words after commit (`add_words_of`). The lookups work the same on every database: the
word's parts (`compound_parts`), the compounds a word is part of (`compounds_containing`) and
the known words closest to a typo (`corrections`, with trigram similarity on PostgreSQL).
"""

import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import F, Lookup, Q
from django.db.models.functions import Length

from wagtail.models import Page, Site

from home.caching import cached, new_generation
from home.knowledge import knowledge_types
from home.transactions import on_commit_once
from home.wagtail_overrides import private_q

from .analysis import (
    MAX_PART_LENGTH,
    all_compound_parts,
    content_words,
    inflection_bases,
    normalise,
    plain_words,
    split_compound,
    stem,
)
from .models import SearchWord
from .wordlist import dutch_words

# A vocabulary word has at least this many letters: shorter ones are abbreviations ("po",
# "vo") that are no part of a compound and no typo worth correcting.
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = SearchWord._meta.get_field("word").max_length
MAX_PARTS_LENGTH = SearchWord._meta.get_field("parts").max_length
# The shortest word whose compounds are looked up: a shorter one ("leer", "werk", "taal") is
# inside too many words that are not about it ("leerling", "werkelijk", "betaald").
MIN_COMPOUND_WORD_LENGTH = 5
# The shortest word corrected; edits allowed as an engine's "AUTO" fuzziness allows them: one in
# a word of five letters, two from six letters on.
MIN_CORRECTED_LENGTH = 5
MAX_EDITS = 2
# The words of a search that get compounds and corrections looked up, the first this many: each
# costs a query or two, and a search of a whole paragraph is no search for each of its words.
MAX_TREATED_WORDS = 8
# A word found in the vocabulary is corrected only when it is this rare and a close word is
# used many times more often: a typo that made it into one page is still a typo.
RARE_DOCUMENTS = 1
MORE_COMMON_FACTOR = 10
# How similar (pg_trgm similarity, 0 to 1) a word must be to count as a correction on
# PostgreSQL, and how many of the most similar words are compared letter by letter.
TRIGRAM_THRESHOLD = 0.4
TRIGRAM_CANDIDATES = 30
# The shortest part of a compound taken from the Dutch word list alone (see _is_part).
MIN_DICTIONARY_PART = 5
# Words asked for at a time in `word IN (...)`: well within SQLite's limit on parameters.
LOOKUP_CHUNK_SIZE = 500
BULK_SIZE = 1000
# Beyond this many pieces of new words to look up, one query for the whole vocabulary is quicker.
WHOLE_VOCABULARY_PIECES = 10 * LOOKUP_CHUNK_SIZE


# Sources --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VocabularySource:
    """Texts of objects an app above this one shows to visitors.

    `documents(pks=None)` yields one document per object a visitor may see, each an iterable
    of (text, in_title) pairs; with `pks`, only for those objects (fewer or none when they are
    no longer shown). A save of an instance of `model` adds its words (add_words_of).
    """

    documents: object
    model: object = None


_sources = []


def register_vocabulary_source(documents, *, model=None):
    """Add the texts `documents` yields (see VocabularySource) to the vocabulary.

    For apps above search, in their AppConfig.ready: search never imports them.
    """
    source = VocabularySource(documents, model)
    if source not in _sources:
        _sources.append(source)


@lru_cache(maxsize=100_000)
def _normalised(token):
    return normalise(token)


def vocabulary_words(text):
    """The words of `text` the vocabulary keeps: as the engine compares them, split at hyphens,
    at least three letters, letters only, no stop words."""
    # Folded word by word, each different word once: a rebuild reads every page's text, and
    # the same words recur across pages.
    text = " ".join(_normalised(token) for token in text.split())
    return [
        word
        for word in content_words(text, min_length=MIN_WORD_LENGTH, numbers=False)
        if word.isalpha() and len(word) <= MAX_WORD_LENGTH
    ]


def _visible_pages():
    """Every page a visitor may find on any site (search.query.visible_pages)."""
    # Imported here: the search itself reads the vocabulary.
    from .query import visible_pages

    visible = Q()
    for site in Site.objects.all():
        visible |= Q(pk__in=visible_pages(site).values("pk"))
    return Page.objects.filter(visible) if visible else Page.objects.none()


def _page_documents(pks=None):
    """The title and text (search.query.searchable_text) of each visible knowledge page."""
    from .query import searchable_text

    visible = _visible_pages()
    if pks is not None:
        # Privacy asked of the database itself, not of the private pages stored for this
        # content generation: right after a commit, another process may have stored them as
        # they were before it.
        visible = visible.filter(pk__in=pks).exclude(private_q())
    for model in knowledge_types().values():
        # Only pages of exactly this type: a subclass is a type of its own, or none.
        of_type = visible.filter(content_type=ContentType.objects.get_for_model(model))
        pages = model.objects.filter(pk__in=of_type.values("pk")).order_by("pk")
        for page in pages.iterator(chunk_size=BULK_SIZE):
            yield [(page.title, True), (searchable_text(page), False)]


def _taxonomy_source(model):
    """A theme's or sector's name, a title of its own."""

    def documents(pks=None):
        terms = model.objects.all() if pks is None else model.objects.filter(pk__in=pks)
        for name in terms.values_list("name", flat=True):
            yield [(name, True)]

    return VocabularySource(documents, model)


def _all_sources():
    from home.models import Sector, Theme

    return [_taxonomy_source(Theme), _taxonomy_source(Sector), *_sources]


def _all_documents():
    yield from _page_documents()
    for source in _all_sources():
        yield from source.documents()


def _document_words(document):
    """Word → whether it is in a title, for one document."""
    words = {}
    for text, in_title in document:
        for word in vocabulary_words(text or ""):
            words[word] = words.get(word, False) or bool(in_title)
    return words


def _parts_text(word, is_word):
    """SearchWord.parts for `word`: every known part between spaces, as many as fit."""
    text = " "
    for part in all_compound_parts(word, is_word):
        if len(text) + len(part) + 1 > MAX_PARTS_LENGTH:
            break
        text += part + " "
    return "" if text == " " else text


# Building -------------------------------------------------------------------------------------


def _is_part(word, in_vocabulary, dutch):
    """Whether `word` may be a part of a compound: a word of the portal's own, or one of at
    least MIN_DICTIONARY_PART letters from the Dutch word list, whose short words are mostly
    rare ones ("gesp", "tijk", "ader") that would split common words ("gesprekken",
    "praktijk", "vergader")."""
    return in_vocabulary(word) or (len(word) >= MIN_DICTIONARY_PART and word in dutch)


def rebuild_vocabulary():
    """Replace the vocabulary with the words of everything visitors may find now; the number
    of words.

    In one transaction, so a search meanwhile reads the old vocabulary or the new one.
    """
    documents = Counter()
    titled = set()
    for document in _all_documents():
        words = _document_words(document)
        documents.update(words.keys())
        titled.update(word for word, in_title in words.items() if in_title)
    dutch = dutch_words()

    def is_word(word):
        return _is_part(word, documents.__contains__, dutch)

    rows = [
        SearchWord(
            word=word,
            documents=count,
            in_title=word in titled,
            parts=_parts_text(word, is_word),
        )
        for word, count in documents.items()
    ]
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(rows, batch_size=BULK_SIZE)
        # What was worked out from the old vocabulary (portal_words) is out of date.
        transaction.on_commit(new_generation)
    return len(rows)


def _chunks(items, size=LOOKUP_CHUNK_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _known(words):
    """Those of `words` in the vocabulary."""
    known = set()
    for chunk in _chunks(words):
        known.update(SearchWord.objects.filter(word__in=chunk).values_list("word", flat=True))
    return known


def _substrings(word, min_length=4):
    """Every piece of `word` a compound's part may be (search.analysis.split_compound): no
    longer than MAX_PART_LENGTH, so a long word has as many pieces per letter as a short one."""
    return {
        word[start:end]
        for start in range(len(word))
        for end in range(start + min_length, min(start + MAX_PART_LENGTH, len(word)) + 1)
        if end - start < len(word)
    }


def _is_word_among(words):
    """`is_word` for the splitter: the vocabulary's words among the pieces of `words`, plus the
    Dutch word list and `words` themselves; one query per LOOKUP_CHUNK_SIZE pieces."""
    dutch = dutch_words()
    pieces = set().union(*(_substrings(word) for word in words)) - dutch
    if len(pieces) > WHOLE_VOCABULARY_PIECES:
        known = set(SearchWord.objects.values_list("word", flat=True))
    else:
        known = _known(pieces)
    known |= set(words)
    return lambda word: _is_part(word, known.__contains__, dutch)


def _add_documents(documents):
    """Add the new words of `documents` to the vocabulary; how many were new."""
    words = {}
    for document in documents:
        for word, in_title in _document_words(document).items():
            words[word] = words.get(word, False) or in_title
    if not words:
        return 0
    existing = _known(words)
    new = [word for word in words if word not in existing]
    is_word = _is_word_among(new)
    SearchWord.objects.bulk_create(
        [
            SearchWord(
                word=word, documents=1, in_title=words[word], parts=_parts_text(word, is_word)
            )
            for word in new
        ],
        batch_size=BULK_SIZE,
        # Another process may add the same word at the same time.
        ignore_conflicts=True,
    )
    newly_titled = [word for word in existing if words[word]]
    for chunk in _chunks(newly_titled):
        SearchWord.objects.filter(word__in=chunk, in_title=False).update(in_title=True)
    return len(new)


def _documents_of(model, pks):
    if issubclass(model, Page):
        if model in knowledge_types().values():
            # Read from the database, never from the saved instance: saving a draft revision
            # saves the page with the draft's text in memory, while the row keeps the live one.
            yield from _page_documents(pks)
        return
    for source in _all_sources():
        if source.model is not None and issubclass(model, source.model):
            yield from source.documents(pks=pks)


def add_words_of(instance):
    """Add the new words of `instance` (a page, or an object of a registered source) as it is
    stored now, if a visitor may see it; how many words were new.

    Words of existing vocabulary words keep their counts until the next rebuild, and a word
    only this instance had stays until then too.
    """
    model = instance.specific_class if isinstance(instance, Page) else type(instance)
    return _add_documents(_documents_of(model, [instance.pk]))


# Objects saved in the current transaction whose words are added once it commits, by model.
_pending = threading.local()


def _pending_objects():
    if not hasattr(_pending, "objects"):
        _pending.objects = {}
    return _pending.objects


def _is_vocabulary_model(model):
    if issubclass(model, Page):
        return model in knowledge_types().values()
    return any(
        source.model is not None and issubclass(model, source.model) for source in _all_sources()
    )


def words_changed(instance):
    """Add the words of a saved `instance` after commit, with whatever else the transaction
    saved: an import of many pages looks its words up once, not once a page."""
    model = instance.specific_class if isinstance(instance, Page) else type(instance)
    if model is None or not _is_vocabulary_model(model):
        return
    atomic = transaction.get_connection()
    if not atomic.in_atomic_block or not any(
        waiting[1] is _add_pending_words for waiting in atomic.run_on_commit
    ):
        # What a transaction rolled back left behind never happened.
        _pending.objects = {}
    _pending_objects().setdefault(model, set()).add(instance.pk)
    on_commit_once(_add_pending_words)


def _add_pending_words():
    pending = _pending_objects()
    documents = []
    while pending:
        model, pks = pending.popitem()
        documents.extend(_documents_of(model, sorted(pks)))
    _add_documents(documents)


# Lookups --------------------------------------------------------------------------------------


def _query_word(word):
    words = plain_words(word).split()
    return words[0] if len(words) == 1 else ""


def compound_parts(word):
    """The parts of the compound `word` (a visitor's word) as far as the vocabulary and the
    Dutch word list know them: "erfgoedleerlijn" → ["erfgoed", "leerlijn"]; [] for no compound.
    """
    word = _query_word(word)
    if not word.isalpha():
        return []
    return split_compound(word, _is_word_among([word]))


def known_bases(words):
    """The vocabulary's words that `words` are inflections or plurals of, in one query:
    "zelfevaluaties" → "zelfevaluatie" where the content only has the singular. For the
    database backends whose index does not stem (SQLite's)."""
    bases = list(
        dict.fromkeys(base for word in map(_query_word, words) for base in inflection_bases(word))
    )
    known = _known(bases) if bases else set()
    return [base for base in bases if base in known]


def compounds_containing(word, limit=20):
    """The vocabulary's compounds that `word`, or the form it has without an inflection
    (search.analysis.stem), is a part of, the most used first: "loopbaan" →
    ["loopbaanperspectief", "loopbaangesprekken", ...]."""
    word = _query_word(word)
    if len(word) < MIN_COMPOUND_WORD_LENGTH or not word.isalpha():
        return []
    forms = {word, stem(word)}
    contains = Q()
    for form in forms:
        contains |= Q(parts__contains=f" {form} ")
    return list(
        SearchWord.objects.filter(contains)
        .exclude(word__in=forms)
        .order_by("-documents", "word")
        .values_list("word", flat=True)[:limit]
    )


def edit_distance(one, other, limit=MAX_EDITS):
    """Letters inserted, removed, changed or swapped with a neighbour to turn one word into the
    other (optimal string alignment); `limit` + 1 as soon as it is sure to be more."""
    if abs(len(one) - len(other)) > limit:
        return limit + 1
    before, previous = None, list(range(len(other) + 1))
    for i, letter in enumerate(one, 1):
        current = [i]
        for j, other_letter in enumerate(other, 1):
            cost = letter != other_letter
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                before is not None
                and j > 1
                and letter == other[j - 2]
                and one[i - 2] == other_letter
            ):
                value = min(value, before[j - 2] + 1)
            current.append(value)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def max_edits(word):
    """Edits allowed in a correction of `word`, as an engine's AUTO fuzziness allows them."""
    return 1 if len(word) <= MIN_CORRECTED_LENGTH else MAX_EDITS


class TrigramSimilar(Lookup):
    """`column % value`: pg_trgm's similarity operator, which its GIN index answers.

    django.contrib.postgres registers the same lookup, but only as an installed app, and the
    portal runs on other databases too.
    """

    lookup_name = "trigram_similar"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", [*lhs_params, *rhs_params]


def _candidates(word):
    """(word, documents) of the vocabulary that may be within a few edits of `word`."""
    words = SearchWord.objects.exclude(word=word)
    if connection.vendor == "postgresql":
        # Through the trigram index: the few most similar words of the whole vocabulary.
        return (
            words.filter(TrigramSimilar(F("word"), word))
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-similarity", "-documents")
            .values_list("word", "documents")[:TRIGRAM_CANDIDATES]
        )
    # Elsewhere the words of about the same length that begin with the same letter, compared
    # letter by letter below: a typo in the first letter goes unnoticed.
    return (
        words.alias(length=Length("word"))
        .filter(
            word__startswith=word[0],
            length__gte=len(word) - MAX_EDITS,
            length__lte=len(word) + MAX_EDITS,
        )
        .values_list("word", "documents")
    )


def _may_be_corrected(word):
    return len(word) >= MIN_CORRECTED_LENGTH and word.isalpha() and word not in dutch_words()


def _documents_of_words(words):
    """Word → documents for those of `words` in the vocabulary, in one query."""
    return dict(SearchWord.objects.filter(word__in=list(words)).values_list("word", "documents"))


def _inflection_of_known(word, documents):
    """Whether `word` is an inflection or plural of a word the vocabulary (`documents`, word →
    documents) or the Dutch word list knows: "leerlijnen" of "leerlijn", which is no typo of
    "leerlingen"."""
    dutch = dutch_words()
    return any(base in documents or base in dutch for base in inflection_bases(word))


def _corrections(word, documents, limit):
    """corrections() of a normalised `word`; `documents` holds the vocabulary's documents of
    the word and of its inflection bases, where it has them."""
    own = documents.get(word)
    if not _may_be_corrected(word) or (own is not None and own > RARE_DOCUMENTS):
        return []
    if _inflection_of_known(word, documents):
        return []
    if own is None and compound_parts(word):
        return []
    allowed = max_edits(word)
    scored = []
    for candidate, candidate_documents in _candidates(word):
        if own is not None and candidate_documents < MORE_COMMON_FACTOR * max(own, 1):
            continue
        distance = edit_distance(word, candidate, allowed)
        if distance <= allowed:
            scored.append((distance, -candidate_documents, candidate))
    return [candidate for *_, candidate in sorted(scored)[:limit]]


def corrections_of(words, limit=3):
    """corrections() of each of `words`: word → its corrections. One query for the documents of
    all of them and their inflection bases, then a query or two per word that may be a typo."""
    query_words = {word: _query_word(word) for word in words}
    typos = {word for word in query_words.values() if _may_be_corrected(word)}
    forms = {form for word in typos for form in (word, *inflection_bases(word))}
    documents = _documents_of_words(forms) if forms else {}
    found = {word: _corrections(word, documents, limit) for word in typos}
    return {word: found.get(query_word, []) for word, query_word in query_words.items()}


def corrections(word, limit=3):
    """The vocabulary's words closest to `word` (a visitor's word) when it is unknown, or
    very rare in the vocabulary while a close word is common; best first: fewest edits, then
    the most used. [] for a word that is known, short, or no typo of any known word.

    A word of the Dutch word list, an inflection of a known word ("leerlijnen" of "leerlijn"),
    or a compound of known words, is known, though no page may hold it: "loopbaanleren" is no
    typo.
    """
    return corrections_of([word], limit)[word]


def spelling_suggestion(text, corrected=None):
    """`text` with each word the vocabulary does not know replaced by its best correction, as
    plain words; None when there is nothing to correct. "leergemenschap" → "leergemeenschap".

    Only the first MAX_TREATED_WORDS words that may be typos are corrected. `corrected`: word →
    corrections() of the words looked up already in this search, not looked up again.
    """
    words = plain_words(text).split()
    treated = list(dict.fromkeys(word for word in words if _may_be_corrected(word)))
    treated = treated[:MAX_TREATED_WORDS]
    known = {word: found for word, found in (corrected or {}).items() if word in treated}
    missing = [word for word in treated if word not in known]
    if missing:
        known.update(corrections_of(missing, limit=1))
    suggestion = [next(iter(known.get(word, ())), word) for word in words]
    return " ".join(suggestion) if suggestion != words else None


def portal_words():
    """The words of titles and the taxonomy, the portal's own vocabulary, alphabetically: the
    engine's decompounder splits compounds of them beside the Dutch word list's."""
    return cached(
        "search-portal-words",
        lambda: list(
            SearchWord.objects.filter(in_title=True)
            .order_by("word")
            .values_list("word", flat=True)
        ),
    )


def compounds_of_words(words, limit=20):
    """compound_parts() and compounds_containing() of each of `words` at once: word → (parts,
    compounds). One query for the known pieces of all words (per LOOKUP_CHUNK_SIZE pieces) and
    one for the compounds of all, so a text's words cost as few queries as one word.

    At most `limit` compounds a word, the most used first as for one word, read `limit` times
    the number of words at a time: a word whose compounds are all rare may get fewer.
    """
    query_words = {word: _query_word(word) for word in words}
    splittable = sorted({word for word in query_words.values() if word.isalpha()})
    dutch = dutch_words()
    pieces = set().union(*(_substrings(word) for word in splittable)) - dutch
    # As compound_parts() knows them: no word of the text counts as a part of another.
    known = (
        set(SearchWord.objects.values_list("word", flat=True))
        if len(pieces) > WHOLE_VOCABULARY_PIECES
        else _known(pieces)
    )

    def parts(word):
        if not word.isalpha():
            return []
        return split_compound(
            word,
            lambda piece: _is_part(
                piece, lambda known_piece: known_piece in known or known_piece == word, dutch
            ),
        )

    forms = {
        word: {word, stem(word)} for word in splittable if len(word) >= MIN_COMPOUND_WORD_LENGTH
    }
    contains = Q()
    for form in set().union(*forms.values()):
        contains |= Q(parts__contains=f" {form} ")
    rows = (
        list(
            SearchWord.objects.filter(contains)
            .order_by("-documents", "word")
            .values_list("word", "parts")[: limit * len(forms)]
        )
        if forms
        else []
    )

    def compounds(word):
        word_forms = forms.get(word, ())
        found = [
            compound
            for compound, compound_parts_text in rows
            if compound not in word_forms
            and any(f" {form} " in compound_parts_text for form in word_forms)
        ]
        return found[:limit]

    return {
        word: (parts(query_word), compounds(query_word))
        for word, query_word in query_words.items()
    }
