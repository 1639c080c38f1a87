"""Communities and people that may answer a question, ranked by shared themes, sector and words."""

from dataclasses import dataclass, field
from typing import NamedTuple

from communities.directory import contact_url as directory_contact_url
from communities.models import CommunityPage, CommunityStatus, ExpertDirectoryPage, Person
from search.analysis import same_word, stem
from search.vocabulary import compounds_of_words

from .existing_knowledge import key_words, question_key_words

SUGGESTIONS_SHOWN = 3

# Compounds of the search vocabulary read per question word: more than any question needs.
MAX_COMPOUNDS_PER_WORD = 200

# Weights of the suggestions: a shared theme says more than a shared sector, and words of the
# question in a community's central question or a person's expertise count for little each.
THEME_WEIGHT = 2
SECTOR_WEIGHT = 1
TEXT_WEIGHT = 1
MAX_TEXT_POINTS = 2


@dataclass
class Suggestion:
    """A community or person that may answer, with the points it scored and why."""

    item: object
    score: int
    shared_themes: list = field(default_factory=list)
    shared_sector: object = None
    matching_words: list = field(default_factory=list)


@dataclass(frozen=True)
class QuestionWord:
    """A key word of the question and what search finds for it besides: its known parts, when
    it is a compound, and the known compounds that contain it (search.vocabulary), so
    "cultuur" and "Cultuureducatie" find each other either way."""

    word: str
    # The word and its parts, each in any form: plural, inflection, a compound it begins.
    forms: tuple
    # The stems of the compounds containing the word, in whatever place.
    compound_stems: frozenset

    @classmethod
    def all_of(cls, words):
        """A QuestionWord for each of `words`, looked up in the vocabulary all at once."""
        lookups = compounds_of_words(words, MAX_COMPOUNDS_PER_WORD)
        return tuple(
            cls(word, (word, *parts), frozenset(stem(compound) for compound in compounds))
            for word, (parts, compounds) in lookups.items()
        )

    def occurs_in(self, text_words):
        return any(
            stem(other) in self.compound_stems
            or any(same_word(form, other) for form in self.forms)
            for other in text_words
        )


def _matching_words(question_words, text):
    """The question's key words that occur in `text`, allowing for plurals and compounds."""
    text_words = set(key_words(text))
    return [word.word for word in question_words if word.occurs_in(text_words)]


def _score(item, facts, item_themes, item_sectors, text):
    shared_themes = sorted(
        (theme for theme in item_themes if theme.pk in facts.theme_ids),
        key=lambda theme: theme.name,
    )
    sector = facts.sector
    shared_sector = (
        sector if sector is not None and any(s.pk == sector.pk for s in item_sectors) else None
    )
    words = _matching_words(facts.words, text)
    score = (
        THEME_WEIGHT * len(shared_themes)
        + (SECTOR_WEIGHT if shared_sector else 0)
        + TEXT_WEIGHT * min(len(words), MAX_TEXT_POINTS)
    )
    return Suggestion(item, score, shared_themes, shared_sector, words)


@dataclass(frozen=True)
class QuestionFacts:
    """What suggestions compare with: the question's themes, sector and key words."""

    theme_ids: frozenset
    sector: object
    words: tuple

    @classmethod
    def of(cls, question):
        # The capped key words, as the check for existing knowledge searches them: a long
        # context must not cost a vocabulary lookup per word.
        words = question_key_words(question.title, question.context)
        return cls(
            frozenset(theme.pk for theme in question.themes.all()),
            question.sector,
            QuestionWord.all_of(words),
        )


class QuestionSuggestions(NamedTuple):
    communities: list
    people: list


def question_suggestions(question, limit=SUGGESTIONS_SHOWN):
    """The communities and the people that may answer `question`, from one look at it."""
    facts = QuestionFacts.of(question)
    return QuestionSuggestions(_communities(facts, limit), _people(facts, limit))


def suggested_communities(question, limit=SUGGESTIONS_SHOWN):
    """Live, public communities that have not concluded, best match first."""
    return _communities(QuestionFacts.of(question), limit)


def suggested_people(question, limit=SUGGESTIONS_SHOWN):
    """People who agreed to be asked ('Wie weet wat') and can be emailed, best match first."""
    return _people(QuestionFacts.of(question), limit)


def _communities(facts, limit):
    communities = (
        CommunityPage.objects.live()
        .public()
        .exclude(status=CommunityStatus.CONCLUDED)
        .prefetch_related("themes", "sectors")
    )
    suggestions = [
        _score(
            community,
            facts,
            community.themes.all(),
            community.sectors.all(),
            f"{community.title} {community.central_question}",
        )
        for community in communities
    ]
    return _best(suggestions, lambda community: community.title, limit)


def _people(facts, limit):
    people = (
        Person.objects.filter(consent_to_contact=True)
        .exclude(email="")
        .select_related("organisation")
        .prefetch_related("expertise_themes", "sectors")
    )
    suggestions = [
        _score(
            person,
            facts,
            person.expertise_themes.all(),
            person.sectors.all(),
            person.expertise,
        )
        for person in people
    ]
    return _best(suggestions, lambda person: person.name, limit)


def _best(suggestions, name, limit):
    # Equal scores in alphabetical order, then by id: the same question always gets the same list.
    matching = [suggestion for suggestion in suggestions if suggestion.score > 0]
    matching.sort(key=lambda s: (-s.score, name(s.item).casefold(), s.item.pk))
    return matching[:limit]


def expert_directory():
    """The live 'Wie weet wat' page, or None."""
    return ExpertDirectoryPage.objects.live().public().first()


def contact_url(directory, person):
    """Where a visitor contacts a person: their form in 'Wie weet wat', if that is online."""
    if directory is None or not directory.url:
        return None
    return directory_contact_url(directory, person)
