"""The Dutch word rules the portal applies itself: stop words, stems and content words, as the
search snippets and the knowledge questions use them."""

import pytest

from exchange.questions.existing_knowledge import key_words
from search.analysis import STOP_WORDS, content_words, same_word, stem
from search.query import highlight


def marked(snippet):
    return [part.split("</mark>")[0] for part in snippet.split("<mark>")[1:]]


# Content words ----------------------------------------------------------------------------------


def test_content_words_fold_case_and_accents_and_keep_each_word_once():
    assert content_words("Beëindiging van de GESPREKKEN; beeindiging, Gesprekken!") == [
        "beeindiging",
        "gesprekken",
    ]


def test_hyphenated_words_are_split_as_the_engine_splits_them():
    assert content_words("po-scholen en vo-scholen") == ["po", "scholen", "vo"]


def test_single_letters_never_count_and_two_letter_abbreviations_do():
    assert content_words("groep 8 in het po, u en x") == ["groep", "po"]
    assert content_words("groep 8 in het po", min_length=3) == ["groep"]


def test_numbers_count_unless_left_out():
    assert content_words("groep 12 in 2024") == ["groep", "12", "2024"]
    assert content_words("groep 12 in 2024", numbers=False) == ["groep"]


def test_dutch_and_english_stop_words_are_left_out():
    assert content_words("Hoe kunnen we de ouders bij het onderwijs betrekken?") == [
        "ouders",
        "onderwijs",
        "betrekken",
    ]
    assert content_words("How to work with the parents and what for") == ["work", "parents"]
    assert {"the", "and", "to", "for", "with", "how", "what"} <= STOP_WORDS


def test_stop_words_are_normalised_so_capitals_and_accents_do_not_hide_them():
    assert content_words("WÁT Wie Zóu") == []
    assert all(word == word.lower() and word.isascii() for word in STOP_WORDS)


def test_text_without_words_has_no_content_words():
    assert content_words("") == []
    assert content_words(None) == []
    assert content_words('" * -- ?') == []


def test_a_question_s_key_words_leave_out_abbreviations_and_numbers():
    assert key_words("Hoe organiseren po-scholen de musical van groep 8 in 2024?") == [
        "organiseren",
        "scholen",
        "musical",
        "groep",
    ]


# Stems ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, expected",
    [
        ("ouders", "ouder"),
        ("netwerken", "netwerk"),
        ("lerende", "lerend"),
        # At least four letters stay: these are not inflected.
        ("leren", "leren"),
        ("mens", "mens"),
        ("thee", "thee"),
        ("po", "po"),
    ],
)
def test_the_stem_drops_one_plural_or_inflection_ending(word, expected):
    assert stem(word) == expected


def test_singular_plural_and_inflected_forms_are_one_word():
    assert same_word("ouders", "ouder")
    assert same_word("oudere", "ouders")
    assert same_word("netwerken", "netwerk")
    assert not same_word("school", "scholen")


def test_a_long_word_finds_its_compounds_and_a_short_one_only_itself():
    assert same_word("burgerschap", "burgerschapsonderwijs")
    assert same_word("burgerschapsonderwijs", "burgerschap")
    assert not same_word("ouder", "ouderwets")
    assert not same_word("po", "positief")


@pytest.mark.parametrize(
    "closed, open_",
    [
        ("leraar", "leraren"),
        ("digitaal", "digitale"),
        ("sociaal", "sociale"),
        ("probleem", "problemen"),
        ("bestuur", "besturen"),
        ("basisschool", "basisscholen"),
    ],
)
def test_a_long_vowel_written_double_or_single_is_one_word(closed, open_):
    assert stem(closed) == stem(open_)
    assert same_word(closed, open_)
    assert same_word(open_, closed, both_ways=False)


def test_the_stem_writes_the_long_vowel_of_the_last_syllable_single():
    assert stem("leraar") == stem("leraren") == stem("leraars") == "lerar"
    assert stem("digitaal") == stem("digitale") == "digital"
    # One syllable keeps its doubled vowel ("maan" is not "man"), and so does a tripled letter.
    assert (stem("school"), stem("scholen")) == ("school", "schol")
    assert stem("maan") == "maan"
    assert stem("reeel") == "reeel"


def test_a_compound_may_begin_with_the_word_in_another_form():
    assert same_word("leraar", "lerarenregister")
    assert same_word("leraren", "leraarsopleiding")
    assert same_word("materialen", "materiaalkosten", both_ways=False)
    assert same_word("kennis", "kennisbasis")
    # The first word of a compound is followed by more: "tijdens" is no compound of "tijd".
    assert not same_word("tijd", "tijdens")
    # Five letters, in whatever form, stay too short to find compounds.
    assert not same_word("ouder", "ouderbetrokkenheid")
    assert not same_word("ouders", "oudergesprekken")


def test_one_way_only_the_second_word_may_be_the_compound():
    assert same_word("mentoraat", "mentoraatsgesprek", both_ways=False)
    assert not same_word("mentoraat", "mentoren", both_ways=False)
    assert same_word("mentoraat", "mentoren")


# Snippets ---------------------------------------------------------------------------------------


def test_a_snippet_marks_plurals_and_compounds_of_the_searched_word():
    text = "Ouders en hun ouder kind bespreken het ouderavondenplan niet ouderwets."

    assert marked(highlight(text, ["ouders"])) == ["Ouders", "ouder"]
    assert marked(highlight(text, ["ouderavonden"])) == ["ouderavondenplan"]


def test_a_snippet_marks_no_stop_words_and_no_words_a_short_term_merely_begins():
    text = "Wat doet water in het po? Positief: het po-team meet het."

    assert marked(highlight(text, ["wat", "water"])) == ["water"]
    assert marked(highlight(text, ["po"])) == ["po", "po"]
    assert marked(highlight(text, ["het", "de", "the"])) == []


def test_a_snippet_marks_words_searched_with_quotes_hyphens_or_accents():
    text = "Na de beëindiging van het project bleef de vo-school actief."

    assert marked(highlight(text, ['"beeindiging"'])) == ["beëindiging"]
    assert marked(highlight(text, ["VO-school"])) == ["vo", "school"]


def test_a_snippet_marks_the_searched_word_with_its_long_vowel_written_single():
    text = "De leraren bespraken digitale lesmaterialen en het lerarenregister met de ouders."

    assert marked(highlight(text, ["leraar"])) == ["leraren", "lerarenregister"]
    assert marked(highlight(text, ["digitaal"])) == ["digitale"]
    assert marked(highlight(text, ["lesmateriaal"])) == ["lesmaterialen"]


def test_a_snippet_starts_at_a_word_in_another_form_instead_of_the_top():
    text = "Over dit project. " * 40 + "Drie leraren maakten samen een digitale les."

    snippet = highlight(text, ["leraar", "digitaal"])

    assert snippet.startswith("… ")
    assert marked(snippet) == ["leraren", "digitale"]
