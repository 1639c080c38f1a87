"""What a page reads to serve itself, with fewer queries: the same as Django and Wagtail read."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

import pytest

from communities.factories import CommunityPageFactory
from home.caching import cached
from home.factories import SectorFactory, ThemeFactory
from resources.factories import (
    EventPageFactory,
    PracticeExamplePageFactory,
    StoryPageFactory,
    ToolPageFactory,
)
from resources.models import EventPage, PracticeExamplePage, ToolPage


def terms(page):
    return [term.name for term in page.themes.all()], [term.name for term in page.sectors.all()]


@pytest.mark.django_db
def test_a_page_reads_its_themes_and_sectors_in_one_query(django_assert_num_queries):
    """The same terms, in the same order, as the many-to-many managers read themselves; a term
    renamed since is shown by its new name."""
    themes = [ThemeFactory(name=name) for name in ("Werkdruk", "Burgerschap", "Taal")]
    sectors = [SectorFactory(name=name) for name in ("Vo", "Mbo")]
    example = PracticeExamplePageFactory(title="Samen leren")
    example.themes.set(themes[:2])
    example.sectors.set(sectors)
    example.save()  # a ParentalManyToManyField is written with its page
    bare = ToolPageFactory(title="Kijkwijzer")

    for page in (example, bare):
        expected = terms(type(page).objects.get(pk=page.pk))
        page = type(page).objects.get(pk=page.pk)
        page.read_classification()  # stores the terms
        page = type(page).objects.get(pk=page.pk)
        with django_assert_num_queries(1):
            page.read_classification()
            assert terms(page) == expected
        if page.pk == example.pk:
            assert expected == (["Burgerschap", "Werkdruk"], ["Mbo", "Vo"])

    themes[0].name = "Werkplezier"
    themes[0].save()
    page = type(example).objects.get(pk=example.pk)
    page.read_classification()
    assert terms(page) == (["Burgerschap", "Werkplezier"], ["Mbo", "Vo"])


@pytest.mark.django_db
def test_a_served_page_shows_its_themes_and_sectors(settings):
    settings.PAGE_CACHE_SECONDS = 0
    example = PracticeExamplePageFactory(title="Samen leren")
    example.themes.set([ThemeFactory(name="Werkdruk")])
    example.sectors.set([SectorFactory(name="Mbo")])
    example.save()

    content = Client().get(example.url).content.decode()

    assert "<li>Werkdruk</li>" in content
    assert "<li>Mbo</li>" in content


@pytest.mark.django_db
def test_a_card_read_with_its_card_fields_alone_shows_what_the_whole_page_shows(
    django_assert_num_queries,
):
    """Listings read only the fields of `card_fields` (for_cards()); a card and an agenda line
    made from them are the same as from the whole page, and ask nothing more. The pages have no
    intro, so the cards fall back on what each type shows instead."""
    community = CommunityPageFactory(title="Netwerk Burgerschap", intro="")
    pages = [
        community,
        PracticeExamplePageFactory(parent=community, intro="", search_description="Samen"),
        ToolPageFactory(parent=community, intro="", purpose="Om te kijken"),
        StoryPageFactory(intro=""),
        EventPageFactory(intro="", community=community, location="Utrecht"),
    ]
    request = RequestFactory().get("/")
    for page in pages:
        model = type(page)
        whole = model.objects.get(pk=page.pk)
        slim = model.objects.for_cards().get(pk=page.pk)
        context = {"label": "", "date": getattr(whole, "date", None), "request": request}
        expected = render_to_string("components/card.html", {"item": whole, **context})
        events = render_to_string("components/event_list.html", {"events": [whole]})
        with django_assert_num_queries(0):
            assert render_to_string("components/card.html", {"item": slim, **context}) == expected
            if model is EventPage:
                assert render_to_string("components/event_list.html", {"events": [slim]}) == events
        assert page.title in expected


@pytest.mark.django_db
def test_a_stored_value_is_each_callers_own_and_ends_with_its_generation():
    """cached() keeps a pickled copy in the process: every caller still gets an object of its
    own to change, and a content change still gives the value built afresh."""
    builds = []

    def build():
        builds.append(1)
        return {"menu": [f"sectie {len(builds)}"]}

    first = cached("test-structure", build)
    first["menu"].append("door de aanroeper toegevoegd")
    assert cached("test-structure", build) == {"menu": ["sectie 1"]}
    assert cached("test-structure", build) is not cached("test-structure", build)
    assert len(builds) == 1

    ThemeFactory(name="Nieuw thema")  # content changed: a new generation

    assert cached("test-structure", build) == {"menu": ["sectie 2"]}
    assert len(builds) == 2


@pytest.mark.django_db
def test_a_new_pages_preview_has_no_stored_lists_to_read():
    """The lists a practice example or tool reads ahead are those of a stored page: a preview of
    one not saved yet renders without them."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    community = CommunityPageFactory()
    for page in (PracticeExamplePage(title="Nieuw voorbeeld"), ToolPage(title="Nieuw instrument")):
        # Placed below its parent as Wagtail's preview of a new page places it.
        page.slug, page.depth = "nieuw", community.depth + 1
        page.path = page._get_path(community.path, page.depth, 1)
        page.set_url_path(community)
        response = page.serve_preview(request, page.default_preview_mode)
        assert page.title in response.render().content.decode()
