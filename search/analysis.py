"""The portal's rules for Dutch text: the engine's analysis, the plain terms every backend is
handed, the stop words, stem and compound rules the portal applies itself, and the starting set
of synonyms read from search/synonyms.txt.

Pure Python with no Django imports: the settings build the engine's index settings from it.
The engine's analysis splits compounds at index time and leaves synonyms to the portal's
query (search.query), which reads them from the database (search.synonyms) on every backend.
"""

import copy
import re
import unicodedata
from pathlib import Path

from home.text import clean_text

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"


def synonym_lines(text):
    """The groups in a synonyms text (search/synonyms.txt), a line each, comments left out: the
    starting set the migration stores; the search reads the groups from the database."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def parse_synonym_group(line):
    """One group of equivalent phrases, normalised, each once; fewer than two is no group."""
    phrases = tuple(dict.fromkeys(normalise(phrase) for phrase in line.split(",")))
    phrases = tuple(phrase for phrase in phrases if phrase)
    return phrases if len(phrases) > 1 else ()


def normalise(text):
    """Lower case, accents folded (ë → e), single spaces: how the engine compares words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # Plain ASCII holds no accents: most text, which the vocabulary reads by the page.
    if not decomposed.isascii():
        decomposed = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(decomposed.split())


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


# Words compared in Python --------------------------------------------------------------------
# The engine has its own Dutch stop words and stemmer (index_settings); these are the rules for
# the words the portal compares itself: marking a visitor's words in a snippet
# (search.query.highlight) and matching a knowledge question with existing pages, communities
# and people (exchange.questions). One list and one stem rule, so a word that counts in one
# place counts in the other.

# Words that say nothing about what a text is about: articles, prepositions, conjunctions,
# pronouns, question words, auxiliary and everyday verbs, and the English ones visitors mix in.
# Almost every text holds them, so matching on them matches everything: marked in a snippet they
# bury the words that found the page ("wat" would mark "water" too), and as a key word of a
# question they find every page, or none where every word is required. Normalised, as
# `plain_words` leaves words.
_STOP_WORDS_TEXT = (
    "aan al alle alles als andere ander anders ben bij binnen dan dat de deze die dit doe "
    "doen doet door dus een eens elkaar en er ervoor gaan gaat geven goed goede had heb "
    "hebben heeft hem het hier hoe hoeveel houden hun iemand iets ik in is je jij jou jouw "
    "jullie kan kom komen komt krijg krijgen kun kunnen kunt laat maak maar maken manier me "
    "meer met mij mijn moet moeten na naar niet nog nu of om onder ons onze ook op over per "
    "staan te tegen toe tot tussen u uit van veel vinden voor vooral waar waarbij waarom "
    "wanneer want was wat we welk welke wie wij wil willen word worden wordt zal ze zelf "
    "zetten zich zien zijn zo zonder zou zouden zullen the and for to with how what"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# A single letter is never a word worth matching; two letters are, for the abbreviations of
# the sectors ("po", "vo") and the like.
MIN_WORD_LENGTH = 2


def content_words(text, *, min_length=MIN_WORD_LENGTH, numbers=True):
    """The words of `text` that say what it is about, in order, each once.

    Words as the engine compares them (`plain_words`: lower case, accents folded, no
    punctuation), split at hyphens as the engine's tokenizer splits them ("po-scholen" is "po"
    and "scholen"), without the stop words and words shorter than `min_length`. With
    `numbers=False`, numbers ("2024", "8") are left out too.
    """
    words = plain_words(text or "").replace("-", " ").split()
    return list(
        dict.fromkeys(
            word
            for word in words
            if len(word) >= min_length
            and word not in STOP_WORDS
            and (numbers or not word.isdigit())
        )
    )


# A plural or inflection adds one of these to a Dutch word: "ouders", "lerende", "netwerken".
_ENDINGS = ("en", "s", "e")
# What a stem keeps at least: "leren" is not "ler" + "en", nor "mens" "men" + "s".
MIN_STEM_LENGTH = 4
# From this length a word also finds the compounds it begins ("burgerschap" in
# "burgerschapsonderwijs"); a shorter one only itself, or "ouder" would find "ouderwets" and
# "ouderavond". Counted on the word as the compound writes it: "leraar" finds "lerarenregister".
MIN_COMPOUND_STEM_LENGTH = 6
# A long vowel is written double in a closed syllable and single in an open one, so an ending
# changes the spelling of the syllable before it: "leraar" and "leraren", "digitaal" and
# "digitale", "sociaal" and "sociale". The stem writes it single, as the open syllable does: a
# doubled vowel before the last consonant, if an earlier vowel makes it the last syllable of a
# longer word (a tripled letter is two syllables: "reeel", reëel). A word of one syllable keeps
# its doubled vowel: written single it is often another word ("maan" and "man", "vaak" and
# "vak"), so "school" and "scholen" stay apart.
_LONG_VOWEL_IN_LAST_SYLLABLE = re.compile(
    r"(?P<before>.*[aeiouy].*?)(?P<vowel>[aeou])(?P=vowel)(?P<consonant>[^aeiouy])"
)


def _long_vowel_written_single(word):
    match = _LONG_VOWEL_IN_LAST_SYLLABLE.fullmatch(word)
    if not match or match["before"].endswith(match["vowel"]):
        return word
    return match["before"] + match["vowel"] + match["consonant"]


def stem(word):
    """The normalised `word` without a plural or inflection ending (-en, -s or -e), as long as
    four letters remain, and with the long vowel of its last syllable written single: "ouders"
    and "ouder" are one word, "netwerken" and "netwerk", "leraren" and "leraar" (stem "lerar"),
    "digitale" and "digitaal" (stem "digital") too.

    Not the engine's Dutch stemmer: only enough to see that two words a reader sees are one,
    erring towards keeping words apart. Other vowel changes stay apart, and so do words of one
    syllable ("school", "scholen").
    """
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LENGTH:
            word = word[: -len(ending)]
            break
    return _long_vowel_written_single(word)


def _begins_with(compound, first_stem):
    """Whether `compound` begins with a word of at least MIN_COMPOUND_STEM_LENGTH letters whose
    stem is `first_stem`, in whichever form the compound writes it: "burgerschapsonderwijs"
    with "burgerschap", "leraarsopleiding" and "lerarenregister" with "leraar" (stem "lerar").
    """
    # The stem plus at most an ending of two letters (-en), or one doubled vowel; and something
    # after it, or "tijdens" (stem "tijden") would be a compound of "tijd".
    shortest = max(len(first_stem), MIN_COMPOUND_STEM_LENGTH)
    lengths = range(shortest, min(len(first_stem) + 3, len(compound)))
    first_words = {compound[:length] for length in lengths}
    return any(word == first_stem or stem(word) == first_stem for word in first_words)


def same_stem(one, other, *, both_ways=True):
    """Whether two stems (see `stem`) are one word: equal, or a compound of the shorter one,
    if that has at least MIN_COMPOUND_STEM_LENGTH letters where the compound begins with it.

    With `both_ways=False` only `other` may be the compound. A snippet marks the words a
    search found: "mentoraatsgesprek" for "mentoraat", but not "mentoren", whose stem "mentor"
    merely begins the word searched for.
    """
    if both_ways and len(one) > len(other):
        one, other = other, one
    # Every form of a word shares all but its stem's last letter ("lerar", "leraar", "leraren"):
    # a quick no for most pairs of words, which a snippet compares by the thousand.
    return one == other or (other.startswith(one[:-1]) and _begins_with(other, one))


def same_word(one, other, *, both_ways=True):
    """Whether two normalised words are one word: singular or plural, inflected or not, or one
    a compound the other begins ("ouders" and "ouder", "leraar" and "leraren", "burgerschap" and
    "burgerschapsonderwijs", but not "ouder" and "ouderwets"). `both_ways` as in `same_stem`.
    """
    return same_stem(stem(one), stem(other), both_ways=both_ways)


# Compounds ------------------------------------------------------------------------------------
# Dutch writes a compound as one word, sometimes with a linking letter between its parts:
# "burgerschap" + s + "onderwijs", "pannen" + "koek". The search's vocabulary (search.vocabulary)
# splits its words with the rule below, so a part finds the compound and a compound its parts.

# What may stand between two parts of a compound.
LINKING_LETTERS = ("", "s", "e", "en")
# Words that end a derivation rather than a compound when they close a longer word:
# "vriendelijk" is no "vriend" + "lijk", "gezondheid" no "gezond" + "heid", "burgerschap" no
# "burger" + "schap", "leerling" no "leer" + "ling". They never count as a part.
_SUFFIX_WORDS = frozenset(
    {
        *("achtig", "baar", "baarheid", "heid", "heden", "lijk", "lijke", "lijkheid"),
        *("ling", "lingen", "loos", "loze", "schap", "schappen", "zaam", "zame"),
    }
)
# The longest part looked for: no Dutch word that makes a compound is longer, and the bound
# keeps splitting a long vocabulary quick.
MAX_PART_LENGTH = 30


def split_compound(word, is_word, min_part=4):
    """The parts of the compound `word` as [first, ..., last], or [] when it is none.

    A compound is two or more words that `is_word` knows, each at least `min_part` letters,
    with a linking letter (s, e, en) allowed between them: "burgerschapsonderwijs" is
    burgerschap + onderwijs, "erfgoedleerlijn" erfgoed + leerlijn. The fewest, so the
    longest, parts win, and a word that is also a known part may still be split ("leerlijn"
    is leer + lijn). Stop words and derivation endings are no parts: "onderwijs" is no
    "onder" + "wijs", nor "ouderwets" "ouder" + "wets" while "wets" is no known word.
    """
    length = len(word)
    if length < 2 * min_part:
        return []
    base_parts = _split_inflected(word, is_word, min_part)
    if base_parts is not None:
        return base_parts
    known = {}

    def is_part(candidate):
        if candidate not in known:
            known[candidate] = (
                candidate not in STOP_WORDS
                and candidate not in _SUFFIX_WORDS
                and bool(is_word(candidate))
            )
        return known[candidate]

    best_from = {}

    def best_split(start, whole=True):
        """The fewest parts `word[start:]` is made of, the longest first part first; None when
        it is made of none. With `whole=False`, one part for all of it does not count."""
        if whole and start in best_from:
            return best_from[start]
        best = None
        last_end = length if whole else length - min_part
        for end in range(min(last_end, start + MAX_PART_LENGTH), start + min_part - 1, -1):
            if not is_part(word[start:end]):
                continue
            if end == length:
                return [word[start:]]  # one part: nothing is fewer
            for link in LINKING_LETTERS:
                rest_start = end + len(link)
                if not word.startswith(link, end) or length - rest_start < min_part:
                    continue
                rest = best_split(rest_start)
                if rest is not None and (best is None or len(rest) + 1 < len(best)):
                    best = [word[start:end], *rest]
        if whole:
            best_from[start] = best
        return best

    return best_split(0, whole=False) or []


# Endings of an inflected or conjugated word: "werkgroepen", "onderzoekende", "leerlingen".
_INFLECTIONS = ("ende", "en", "e", "s")


def _split_inflected(word, is_word, min_part):
    """The split of a known word `word` is an inflection of, or None when it is none.

    An inflection is no compound of its own: "studenten" is no "stud" + "enten", but
    "student" + en; "werkgroepen" is werk + groepen, as "werkgroep" is werk + groep.
    """
    for ending in _INFLECTIONS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= min_part and is_word(base):
            parts = split_compound(base, is_word, min_part)
            if parts and is_word(parts[-1] + ending):
                parts[-1] += ending
            return parts
    return None


# A base form keeps at least this many letters: "les" of "lessen", "huis" of "huizen".
MIN_BASE_LENGTH = 3
_VOWELS = "aeiouy"
# The voiced consonant an ending brings back, written voiceless at the end of the base word.
_VOICELESS = {"v": "f", "z": "s"}


def inflection_bases(word):
    """The words `word` may be an inflection or plural of, as Dutch spells them, most likely
    first; [] for a word with no inflection ending. "leerlijnen" gives "leerlijn",
    "werkplaatsen" "werkplaats", "scholen" "school", "leraren" "leraar", "lessen" "les",
    "huizen" "huis", "lerende" "leren".

    For telling a correct word from a typo: a word whose base is known is no typo, though the
    vocabulary may hold only its base. Some bases are no words ("scholen" also gives "schol");
    only a known one counts.
    """
    bases = []
    for ending in _INFLECTIONS:
        base = word[: -len(ending)]
        if not word.endswith(ending) or len(base) < MIN_BASE_LENGTH:
            continue
        bases.append(base)
        if ending == "s":
            continue  # "ouders": no syllable opens before an -s
        if ending == "ende":
            bases.append(base + "en")  # a present participle: "lerende" of "leren"
            continue
        if len(base) > MIN_BASE_LENGTH and base[-1] == base[-2] and base[-1] not in _VOWELS:
            bases.append(base[:-1])  # a short vowel's doubled consonant: "lessen", "les"
        if base[-1] in _VOICELESS:
            bases.append(base[:-1] + _VOICELESS[base[-1]])  # "huizen", "huis"
        if base[-1] not in _VOWELS and base[-2] in "aeou" and base[-3] not in _VOWELS:
            # An open syllable writes a long vowel single: "scholen", "school".
            doubled = base[:-1] + base[-2] + base[-1]
            bases.append(doubled)
            if doubled[-1] in _VOICELESS:
                bases.append(doubled[:-1] + _VOICELESS[doubled[-1]])  # "brieven", "brief"
    return list(dict.fromkeys(bases))


def all_compound_parts(word, is_word, min_part=4):
    """Every known part of `word` at any depth, each once, outermost first: "erfgoedleerlijn"
    gives erfgoed, leerlijn, leer, lijn. [] for a word that is no compound."""
    parts = {}
    waiting = [word]
    while waiting:
        for part in split_compound(waiting.pop(0), is_word, min_part):
            if part not in parts:
                parts[part] = True
                waiting.append(part)
    return list(parts)


# Any web address, as far as it runs: what an anonymised answer loses, and what the ask form
# counts to tell spam from a question.
URL_PATTERN = re.compile(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)

# Personal data visitors type into the search box, as the query log stores it: in place of
# each, a placeholder that still says what kind of search it was.
_URL_WITH_PARAMETERS = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s?#]*[?#]\S*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
# Country, check digits, then groups of four; told apart from words by its digits (below).
_IBAN = re.compile(r"\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?\b", re.IGNORECASE)
# Dutch numbers: ten digits from the 0 (06-12345678, 020-123 45 67, (0)20 1234567), or nine
# after +31 or 0031 (+31 6 1234 5678, +31 (0)20 123 4567); other countries' +NN and 7-12 digits.
# Between digit groups: a space, dot or any dash (a non-breaking hyphen stays one after NFKD).
_SEP = r"[\s.\-\u2010-\u2015]"
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    rf"(?:(?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?|\(?0)[1-9](?:\)?{_SEP}?\d){{8}}"
    rf"|(?:\+|00)[1-9]\d{{0,2}}{_SEP}?(?:\(0\){_SEP}?)?\d(?:{_SEP}?\d){{6,11}}"
    r")(?!\d)"
)
# A postcode with a house number, either way round; a postcode alone is an area, not a person.
_ADDRESS = re.compile(
    r"\b(?:[1-9]\d{3} ?(?P<letters>[a-z]{2}),? +\d{1,5}(?: ?[a-z]\b)?"
    r"|\d{1,5}[a-z]?,? +[1-9]\d{3} ?(?P<letters_after>[a-z]{2}))\b",
    re.IGNORECASE,
)
# Two letters after four digits that are rather a Dutch word: "in 2024 en 12 scholen".
_WORDS_NOT_POSTCODE_LETTERS = {
    *("al", "de", "en", "er", "ik", "in", "je", "na", "nu"),
    *("of", "om", "op", "te", "uw", "we", "ze", "zo"),
}
# Nine digits, maybe as 1234.56.789: what a citizen service number (BSN) looks like.
_BSN = re.compile(r"(?<![\d.-])\d{4}[ .]?\d{2}[ .]?\d{3}(?![\d.-])")

EMAIL_PLACEHOLDER = "[e-mailadres]"
PHONE_PLACEHOLDER = "[telefoonnummer]"
IBAN_PLACEHOLDER = "[rekeningnummer]"
ADDRESS_PLACEHOLDER = "[adres]"
NUMBER_PLACEHOLDER = "[nummer]"
URL_PLACEHOLDER = "[webadres]"


def _is_iban(match):
    # An IBAN's account part holds mostly digits; a word after "nl12" holds none.
    return sum(character.isdigit() for character in match.group()[4:]) >= 6


def _is_address(match):
    letters = match.group("letters") or match.group("letters_after")
    return not (letters.islower() and letters in _WORDS_NOT_POSTCODE_LETTERS)


# Each kind of personal data: its pattern, a test that tells it from look-alike words, and the
# placeholder that says what it was.
_PERSONAL_DATA = [
    (_URL_WITH_PARAMETERS, None, URL_PLACEHOLDER),
    (_EMAIL, None, EMAIL_PLACEHOLDER),
    (_IBAN, _is_iban, IBAN_PLACEHOLDER),
    (_PHONE, None, PHONE_PLACEHOLDER),
    (_ADDRESS, _is_address, ADDRESS_PLACEHOLDER),
    (_BSN, None, NUMBER_PLACEHOLDER),
]


def redact_personal_data(text, *, placeholder=None):
    """`text` with email addresses, phone numbers, IBANs, addresses (a postcode with a house
    number), BSN-like numbers and web addresses with parameters replaced by a placeholder.

    For what visitors search for: "bel 06-12345678" becomes "bel [telefoonnummer]". With
    `placeholder`, every kind gets that one instead. Names cannot be recognised this way.
    Works on normalised (lower-case) text too.
    """
    for pattern, is_personal, kind in _PERSONAL_DATA:
        replacement = placeholder or kind
        text = pattern.sub(
            lambda match, is_personal=is_personal, replacement=replacement: (
                replacement if is_personal is None or is_personal(match) else match.group()
            ),
            text,
        )
    return text


# The engine sees inside compounds at index time: a dictionary_decompounder adds every word of a
# word list that a token contains as a token at the compound's position, so "loopbaan" finds
# "Loopbaanperspectief" natively. Two lists: the Dutch one installed on the engine's nodes
# (SEARCH_COMPOUND_WORDS, scripts/dutch-words) and the portal's own words, inline, added when
# an index is created (search.engine). The search analyzer neither splits nor expands synonyms:
# the portal's query tiers do both (search.query), from words editors can change at once.
#
# Every match counts, not only the longest: the Dutch list holds many compounds themselves
# ("cultuureducatie"), and the longest match would keep those whole. From five letters for the
# Dutch list, as four lets chance words in ("pers" in "loopbaanperspectief", "tuur" in
# "cultuureducatie"); from four for the portal's own words, what visitors search for ("leer").
DUTCH_LIST_MIN_PART = 5
PORTAL_WORDS_MIN_PART = 4
# Where the index analyzer applies the decompounders: after folding, so the lists' normalised
# words match, and before stop words and stemming, so each part is stemmed as a word.
_INDEX_FILTERS_BEFORE_COMPOUNDS = ["lowercase", "asciifolding"]
_DUTCH_FILTERS = ["dutch_stop", "dutch_stemmer_override", "dutch_stemmer"]


def index_settings(compound_words=""):
    """INDEX_SETTINGS for Wagtail's Elasticsearch-family backends: Dutch for every text field.

    Replacing the `default` analyzers reaches every SearchField and the catch-all field without
    touching Wagtail's mappings; autocomplete keeps its own edge-ngram analyzer. With
    `compound_words`, a word list's path relative to the engine's config directory, the index
    analyzer splits compounds with it; `with_portal_words` adds the portal's own words.
    """
    filters = {
        "dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
        # The Dutch stemmer keeps some singulars and plurals apart.
        "dutch_stemmer_override": {
            "type": "stemmer_override",
            "rules": ["leergemeenschappen => leergemeenschap"],
        },
        "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
    }
    compound_filters = []
    if compound_words:
        filters["dutch_compounds"] = {
            "type": "dictionary_decompounder",
            "word_list_path": compound_words,
            "min_subword_size": DUTCH_LIST_MIN_PART,
            "only_longest_match": False,
        }
        compound_filters.append("dutch_compounds")
    return {
        "settings": {
            "analysis": {
                "filter": filters,
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            *_INDEX_FILTERS_BEFORE_COMPOUNDS,
                            *compound_filters,
                            *_DUTCH_FILTERS,
                        ],
                    },
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [*_INDEX_FILTERS_BEFORE_COMPOUNDS, *_DUTCH_FILTERS],
                    },
                },
            }
        }
    }


def compound_part_words(words):
    """The words that may be a part of a compound, as the engine compares them: normalised,
    letters only, at least PORTAL_WORDS_MIN_PART long, no stop words; each once, sorted."""
    normalised = (normalise(word) for word in words)
    return sorted(
        {
            word
            for word in normalised
            if len(word) >= PORTAL_WORDS_MIN_PART and word.isalpha() and word not in STOP_WORDS
        }
    )


def with_portal_words(settings, words):
    """A copy of INDEX_SETTINGS whose index analyzer also splits compounds of `words` (the
    portal's titles and taxonomy), right after the Dutch word list's decompounder."""
    settings = copy.deepcopy(settings)
    parts = compound_part_words(words)
    if not parts:
        return settings
    analysis = settings["settings"]["analysis"]
    analysis["filter"]["portal_compounds"] = {
        "type": "dictionary_decompounder",
        "word_list": parts,
        "min_subword_size": PORTAL_WORDS_MIN_PART,
        "only_longest_match": False,
    }
    index_filters = analysis["analyzer"]["default"]["filter"]
    index_filters.insert(index_filters.index(_DUTCH_FILTERS[0]), "portal_compounds")
    return settings
