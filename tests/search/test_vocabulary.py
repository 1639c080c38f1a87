"""The search vocabulary: compounds split the Dutch way, built only from what visitors may see,
and the corrections behind "Bedoelde je", on every database."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import CommunityPageFactory, PersonFactory
from communities.models import WorkspaceItemPage, WorkspacePage
from home.factories import ThemeFactory
from home.models import ensure_section_pages, private_page_ids
from resources.factories import PracticeExamplePageFactory, StoryPageFactory
from resources.models import StoryPage
from search.analysis import all_compound_parts, split_compound
from search.models import SearchWord
from search.vocabulary import (
    add_words_of,
    compound_parts,
    compounds_containing,
    corrections,
    edit_distance,
    portal_words,
    rebuild_vocabulary,
    spelling_suggestion,
)

KNOWN = frozenset(
    {
        *("burgerschap", "onderwijs", "erfgoed", "leerlijn", "leer", "lijn", "netwerk"),
        *("leren", "loopbaan", "perspectief", "ouder", "onder", "wijs", "vriend", "gezond"),
        *("burger", "schap", "werk", "groep", "werkgroep", "groepen", "student", "stud"),
        *("enten", "leerling", "ling", "kennis", "gemeenschap"),
    }
)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("burgerschapsonderwijs", ["burgerschap", "onderwijs"]),
        ("erfgoedleerlijn", ["erfgoed", "leerlijn"]),
        ("netwerkleren", ["netwerk", "leren"]),
        ("loopbaanperspectief", ["loopbaan", "perspectief"]),
        ("kennisgemeenschap", ["kennis", "gemeenschap"]),
        # A known word may still be a compound.
        ("leerlijn", ["leer", "lijn"]),
        # An inflection is split as its base word, the ending kept on the last part.
        ("werkgroepen", ["werk", "groepen"]),
        # Not a compound: an unknown part, a stop word, a derivation ending, an inflection.
        ("ouderwets", []),
        ("onderwijs", []),
        ("vriendelijk", []),
        ("burgerschap", []),
        ("leerling", []),
        ("studenten", []),
        ("erfgoed", []),
    ],
)
def test_a_compound_splits_into_its_fewest_known_parts(word, parts):
    assert split_compound(word, KNOWN.__contains__) == parts


def test_parts_at_every_depth_are_the_parts_a_compound_is_found_by():
    assert all_compound_parts("erfgoedleerlijn", KNOWN.__contains__) == [
        "erfgoed",
        "leerlijn",
        "leer",
        "lijn",
    ]
    assert all_compound_parts("ouderwets", KNOWN.__contains__) == []


def test_parts_are_at_least_min_part_letters():
    assert split_compound("werkgroep", KNOWN.__contains__) == ["werk", "groep"]
    assert split_compound("werkgroep", KNOWN.__contains__, min_part=5) == []


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("leergemenschap", "leergemeenschap") == 1
    assert edit_distance("laerlijn", "leerlijn") == 1  # two letters swapped
    assert edit_distance("leerlijn", "loopbaan") == 3  # more than the limit of 2


def words():
    return set(SearchWord.objects.values_list("word", flat=True))


def publish(page):
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


@pytest.fixture
def content(db):
    theme = ThemeFactory(name="Cultuureducatie", slug="cultuureducatie")
    community = publish(
        CommunityPageFactory(
            title="Loopbaanperspectief in het primair onderwijs",
            intro="Een leergemeenschap over loopbaangesprekken.",
        )
    )
    example = PracticeExamplePageFactory(
        parent=community,
        title="Een erfgoedleerlijn met zes scholen",
        intro="Erfgoed in de leergemeenschap: een leerlijn voor groep drie tot acht.",
    )
    example.themes.set([theme])
    publish(example)
    StoryPageFactory(title="Geen vergaderclub", intro="Zo houd je een leergemeenschap levendig.")
    return {"community": community, "example": example}


@pytest.mark.django_db
def test_the_vocabulary_holds_the_words_of_public_pages_and_the_taxonomy(content):
    count = rebuild_vocabulary()

    found = words()
    assert count == len(found)
    assert {"loopbaanperspectief", "erfgoedleerlijn", "leergemeenschap", "vergaderclub"} <= found
    assert "cultuureducatie" in found  # a theme
    # No stop words, numbers or words under three letters.
    assert not {"een", "het", "in", "zo"} & found
    erfgoedleerlijn = SearchWord.objects.get(word="erfgoedleerlijn")
    assert " erfgoed " in erfgoedleerlijn.parts and " leerlijn " in erfgoedleerlijn.parts
    assert erfgoedleerlijn.in_title
    assert SearchWord.objects.get(word="leergemeenschap").documents == 3
    assert not SearchWord.objects.get(word="levendig").in_title


@pytest.mark.django_db
def test_a_rebuild_replaces_the_words_of_pages_that_are_gone(content):
    rebuild_vocabulary()
    content["example"].unpublish()

    rebuild_vocabulary()

    assert "erfgoedleerlijn" not in words()
    assert "loopbaanperspectief" in words()


@pytest.mark.django_db
def test_the_vocabulary_never_holds_words_a_visitor_may_not_see(content):
    community = content["community"]
    workspace = WorkspacePage.objects.child_of(community).get()
    assert workspace.get_view_restrictions()  # the workspace is private by itself
    workspace.add_child(
        instance=WorkspaceItemPage(title="Werkruimtegeheim", intro="Kladversie vertrouwelijk.")
    )
    PracticeExamplePageFactory(
        parent=workspace, title="Halffabricaatgeheim", intro="Nog onaffe verkenning."
    )
    restricted = StoryPageFactory(title="Ledenbrief", intro="Wachtwoordverhaal voor leden.")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    members_only = StoryPageFactory(title="Groepsbericht", intro="Bestuursgeheimen.")
    restriction = PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Bestuur"))
    StoryPageFactory(title="Concept", intro="Conceptwoorden.").unpublish()
    expired = StoryPageFactory(title="Verlopen", intro="Verlopenwoorden.")
    expired.expire_at = timezone.now() - timezone.timedelta(days=1)
    expired.save()
    # A draft revision of a live page: its new text is not live yet.
    story = StoryPageFactory(title="Openbaar verhaal", intro="Openbare tekst.")
    story.intro = "Ongepubliceerde conceptversie."
    story.save_revision()

    rebuild_vocabulary()

    found = words()
    assert {"openbaar", "openbare", "verhaal"} <= found
    secrets = {
        *("werkruimtegeheim", "kladversie", "vertrouwelijk", "halffabricaatgeheim"),
        *("onaffe", "verkenning", "ledenbrief", "wachtwoordverhaal", "groepsbericht"),
        *("bestuursgeheimen", "conceptwoorden", "verlopenwoorden"),
        *("ongepubliceerde", "conceptversie"),
    }
    assert not secrets & found


@pytest.mark.django_db
def test_publishing_a_page_adds_its_new_words_after_commit_and_never_a_drafts(
    db, django_capture_on_commit_callbacks
):
    # Nothing saved before the first capture: its callbacks would wait outside it.
    rebuild_vocabulary()

    with django_capture_on_commit_callbacks(execute=True):
        page = publish(
            StoryPageFactory(title="Netwerkleren in de praktijk", intro="Vakmanschap groeit.")
        )
        assert "vakmanschap" not in words()  # not before the commit
    assert {"netwerkleren", "vakmanschap"} <= words()
    netwerkleren = SearchWord.objects.get(word="netwerkleren")
    assert netwerkleren.in_title
    assert netwerkleren.documents == 1
    assert " netwerk " in netwerkleren.parts

    with django_capture_on_commit_callbacks(execute=True):
        page.intro = "Geheimgehouden conceptzin."
        page.save_revision()  # saves the page row; the draft's text is in the revision only
    assert "geheimgehouden" not in words()

    with django_capture_on_commit_callbacks(execute=True):
        hidden = StoryPageFactory(title="Besloten", intro="Besloten woordenschat.")
        PageViewRestriction.objects.create(
            page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
        publish(hidden)
    assert "woordenschat" not in words()


@pytest.mark.django_db
def test_add_words_of_adds_only_new_words_and_marks_title_words(content):
    rebuild_vocabulary()
    before = SearchWord.objects.get(word="leergemeenschap").documents
    story = StoryPageFactory(
        title="Leergemeenschap en levendig", intro="Over de erfgoedleerlijn en burgerschapszin."
    )

    added = add_words_of(story)

    assert added == 1  # only "burgerschapszin" is new
    assert SearchWord.objects.get(word="leergemeenschap").documents == before
    assert SearchWord.objects.get(word="levendig").in_title
    assert "burgerschapszin" in words()


@pytest.mark.django_db
def test_add_words_of_asks_the_database_whether_a_page_is_private(content):
    story = StoryPageFactory(title="Afgeschermd", intro="Afgeschermde besluitvorming.")
    assert story.pk not in private_page_ids(StoryPage)  # stored for this content generation
    # A restriction the stored generation has not heard of, as right after another commit.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=story, restriction_type=PageViewRestriction.LOGIN)]
    )

    assert add_words_of(story) == 0
    assert "besluitvorming" not in words()


@pytest.mark.django_db
def test_the_people_wie_weet_wat_lists_add_their_expertise_but_not_their_names(db):
    ensure_section_pages()  # 'Wie weet wat' online: it lists people
    theme = ThemeFactory(name="Erfgoed", slug="erfgoed")
    listed = PersonFactory(
        name="Annelies Vermeulen",
        consent_to_contact=True,
        expertise="Cultuureducatie en museumlessen",
        job_title="Erfgoedcoördinator",
    )
    listed.expertise_themes.set([theme])
    PersonFactory(name="Bram", consent_to_contact=False, expertise="Geheimhoudingsbeleid")

    rebuild_vocabulary()

    found = words()
    assert {"cultuureducatie", "museumlessen", "erfgoedcoordinator", "erfgoed"} <= found
    assert not {"annelies", "vermeulen", "geheimhoudingsbeleid"} & found


@pytest.mark.django_db
def test_a_word_finds_the_compounds_it_is_part_of_most_used_first(content):
    StoryPageFactory(title="Loopbaanperspectief voor leraren", intro="Loopbaanbeleid.")
    # "leer" a word of its own, so the vocabulary splits compounds with it.
    StoryPageFactory(title="Een tas van leer", intro="Leer langs de lijn.")
    rebuild_vocabulary()
    assert " leer " in SearchWord.objects.get(word="erfgoedleerlijn").parts

    found = compounds_containing("loopbaan")

    assert found[0] == "loopbaanperspectief"  # in two pages
    assert {"loopbaangesprekken", "loopbaanbeleid"} <= set(found)
    assert "loopbaan" not in found
    # Its plural finds them too, through the stem; a short word finds none.
    assert "erfgoedleerlijn" in compounds_containing("leerlijnen")
    assert compounds_containing("leer") == []
    assert compounds_containing("loopbaan", limit=1) == ["loopbaanperspectief"]


@pytest.mark.django_db
def test_a_compound_in_a_query_splits_into_known_parts(content):
    StoryPageFactory(title="Netwerk", intro="Samen leren.")
    rebuild_vocabulary()

    assert compound_parts("Erfgoedleerlijn") == ["erfgoed", "leerlijn"]
    assert compound_parts("netwerkleren") == ["netwerk", "leren"]
    assert compound_parts("erfgoed") == []
    assert compound_parts("twee woorden") == []


@pytest.mark.django_db
def test_a_typo_is_corrected_to_the_closest_known_word(content):
    rebuild_vocabulary()

    assert corrections("leergemenschap") == ["leergemeenschap"]
    assert corrections("Leergemeenschpa") == ["leergemeenschap"]  # a swap is one edit
    # A known word, a short word and a word far from every known word are left alone.
    assert corrections("leergemeenschap") == []
    assert corrections("leerl") == []
    assert corrections("xylofoonmuziek") == []
    # Nor is a compound of known words, though two edits from one: it is no typo.
    assert corrections("erfgoedleerlijnen") == []


@pytest.mark.django_db
def test_an_inflection_of_a_known_word_is_no_typo(content):
    for number in range(3):
        StoryPageFactory(title=f"Leerlingen {number}", intro="Leerlingen in de werkplaats.")
    rebuild_vocabulary()
    assert not SearchWord.objects.filter(word__in=["leerlijnen", "werkplaatsen"]).exists()

    # Their base words are known: "leerlijn" and "werkplaats" (the vocabulary or the Dutch list).
    assert corrections("leerlijnen") == []
    assert corrections("werkplaatsen") == []
    assert spelling_suggestion("leerlijnen in werkplaatsen") is None
    # A typo of the plural is still one.
    assert corrections("leerlignen") == ["leerlingen"]


@pytest.mark.django_db
def test_a_rare_word_is_corrected_only_to_a_much_more_common_one(content):
    for number in range(12):
        StoryPageFactory(title=f"Verhaal {number}", intro="Over de leergemeenschap.")
    StoryPageFactory(title="Slordig", intro="Een leergemeenschp zonder redactie.")
    rebuild_vocabulary()

    assert SearchWord.objects.get(word="leergemeenschp").documents == 1
    assert corrections("leergemeenschp") == ["leergemeenschap"]
    assert corrections("leergemeenschap") == []


@pytest.mark.django_db
def test_a_spelling_suggestion_corrects_only_the_unknown_words(content):
    rebuild_vocabulary()

    assert spelling_suggestion("leergemenschap") == "leergemeenschap"
    assert spelling_suggestion("Een erfgoedlerlijn voor de leergemenschap") == (
        "een erfgoedleerlijn voor de leergemeenschap"
    )
    assert spelling_suggestion("leergemeenschap") is None
    assert spelling_suggestion("") is None


@pytest.mark.django_db
def test_the_portal_words_are_the_words_of_titles_and_taxonomy(content):
    rebuild_vocabulary()

    words = portal_words()

    assert {"loopbaanperspectief", "erfgoedleerlijn", "cultuureducatie"} <= set(words)
    assert "levendig" not in words  # body text only
    assert words == sorted(words)


@pytest.mark.django_db
def test_the_command_and_the_demo_content_rebuild_the_vocabulary(db, capsys):
    call_command("load_demo_content", no_users=True)

    assert SearchWord.objects.filter(word="loopbaanperspectief").exists()
    assert "loopbaanperspectief" in compounds_containing("loopbaan")
    assert "cultuureducatie" in compounds_containing("cultuur")
    assert corrections("leergemenschap") == ["leergemeenschap"]
    SearchWord.objects.all().delete()

    call_command("rebuild_search_vocabulary")

    assert SearchWord.objects.filter(word="erfgoedleerlijn").exists()
    assert "Search vocabulary:" in capsys.readouterr().out
