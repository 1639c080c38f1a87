"""Anonymous visitors get stored pages, and never a page older than the last published change."""

import secrets
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client

from wagtail.models import PageViewRestriction

import pytest

from communities.factories import CommunityPageFactory
from communities.models import WorkspacePage
from home.caching import CACHE_HEADER, GENERATION_KEY
from home.factories import HomePageFactory, StandardPageFactory, ThemeFactory
from home.models import ensure_section_pages
from portal.settings.base import cache_settings
from resources.factories import PracticeExamplePageFactory


@pytest.fixture
def example(db):
    HomePageFactory()
    ensure_section_pages()
    community = CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap")
    community.save_revision().publish()
    page = PracticeExamplePageFactory(parent=community, title="Lesbezoek in duo's")
    page.save_revision().publish()
    return page


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_the_second_anonymous_visit_is_served_from_the_cache_without_queries(
    example, django_assert_num_queries
):
    first = get(Client(), example.url)
    with django_assert_num_queries(0):
        second = get(Client(), example.url)

    assert first[CACHE_HEADER] == "miss"
    assert second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    # What the middleware below the cache added is stored with the page.
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


@pytest.mark.django_db
def test_a_published_change_is_visible_to_the_next_request(example):
    get(Client(), example.url)

    example.title = "Lesbezoek in trio's"
    example.save_revision().publish()

    response = get(Client(), example.url)
    assert response[CACHE_HEADER] == "miss"
    assert "Lesbezoek in trio&#x27;s" in response.content.decode()


@pytest.mark.django_db
def test_an_unpublished_or_deleted_page_is_gone_at_once(example):
    community = example.get_parent()
    get(Client(), example.url)
    get(Client(), community.url)

    example.unpublish()
    assert Client().get(example.url).status_code == 404
    assert "Lesbezoek in duo" not in get(Client(), community.url).content.decode()

    community.delete()
    assert Client().get(community.url).status_code == 404


@pytest.mark.django_db
def test_a_changed_theme_name_shows_on_the_pages_that_use_it(example):
    theme = ThemeFactory(name="Burgerschap")
    example.themes.add(theme)
    example.save_revision().publish()
    assert "Burgerschap" in get(Client(), example.url).content.decode()

    theme.name = "Democratisch burgerschap"
    theme.save()

    assert "Democratisch burgerschap" in get(Client(), example.url).content.decode()


@pytest.mark.django_db
def test_a_renamed_document_shows_on_the_pages_that_list_it(example, settings):
    from wagtail_factories import DocumentFactory

    from resources.models import PracticeExampleAttachment

    # Whoever asks: the page cache off, the page's stored parts are all that could be stale.
    settings.PAGE_CACHE_SECONDS = 0
    document = DocumentFactory(title="Kijkwijzer lesbezoek")
    example.attachments.add(PracticeExampleAttachment(document=document))
    example.save_revision().publish()
    assert "Kijkwijzer lesbezoek" in get(Client(), example.url).content.decode()

    document.title = "Kijkwijzer collegiaal lesbezoek"
    document.save()

    assert "Kijkwijzer collegiaal lesbezoek" in get(Client(), example.url).content.decode()


@pytest.mark.django_db
def test_the_menu_follows_a_newly_published_section(example):
    home = example.get_parent().get_parent().get_parent()
    get(Client(), example.url)

    about = StandardPageFactory(parent=home, title="Over het portaal", show_in_menus=True)
    about.save_revision().publish()

    assert f'href="{about.url}"' in get(Client(), example.url).content.decode()


@pytest.mark.django_db
def test_logged_in_visitors_never_get_a_stored_page(example, django_user_model):
    get(Client(), example.url)
    get(Client(), example.url)
    member = Client()
    member.force_login(django_user_model.objects.create_user("lid", "lid@example.org", "x"))

    response = get(member, example.url)

    assert CACHE_HEADER not in response
    assert "Uitloggen" in response.content.decode()


@pytest.mark.django_db
def test_private_pages_and_forms_are_never_stored(example, django_user_model):
    community = example.get_parent().specific
    workspace = WorkspacePage.objects.child_of(community).get()
    members = Group.objects.get(pk=community.members_group_id)
    member = Client()
    member.force_login(django_user_model.objects.create_user("lid", "lid@example.org", "x"))
    django_user_model.objects.get(username="lid").groups.add(members)

    # The join form carries a CSRF token in a cookie; a stored copy would hand out another's.
    join_url = f"{community.url}aanmelden/"
    for _ in range(2):
        assert CACHE_HEADER not in Client().get(join_url)
    # The workspace is served to members with no-cache headers, and never to others from the cache.
    assert CACHE_HEADER not in get(member, workspace.url)
    assert Client().get(workspace.url).status_code == 302


@pytest.mark.django_db
def test_no_page_is_stored_when_the_cache_is_switched_off(example, settings):
    settings.PAGE_CACHE_SECONDS = 0

    get(Client(), example.url)

    assert CACHE_HEADER not in get(Client(), example.url)


@pytest.mark.django_db
def test_a_page_made_private_leaves_listings_and_search_at_once(example, settings):
    # The stored list of private pages, not the page cache, is what this is about.
    settings.PAGE_CACHE_SECONDS = 0
    community_url = example.get_parent().url
    assert "Lesbezoek in duo" in get(Client(), community_url).content.decode()
    assert "Lesbezoek in duo" in get(Client(), "/api/search/?q=lesbezoek").content.decode()

    PageViewRestriction.objects.create(page=example, restriction_type=PageViewRestriction.LOGIN)

    assert "Lesbezoek in duo" not in get(Client(), community_url).content.decode()
    assert "Lesbezoek in duo" not in get(Client(), "/api/search/?q=lesbezoek").content.decode()


def stored_entries(settings):
    """How many entries the file cache holds: one file each."""
    return len(list(Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache")))


@pytest.mark.django_db
def test_query_strings_a_page_does_not_read_or_accept_are_never_stored(example, settings):
    stories = ensure_section_pages()["stories"].url
    # Also what these pages store besides themselves (the site's structure), so that only
    # stored pages could still be added.
    for url in ("/", example.url, stories, f"{stories}?pagina=1"):
        get(Client(), url)
        assert get(Client(), url)[CACHE_HEADER] == "hit", url
    before = stored_entries(settings)

    kinds = [
        "/?junk={junk}",
        "/?{junk}=1",
        example.url + "?ref={junk}",
        # Read, but not with these values: a page that does not exist, another spelling of
        # the first one, a theme that does not exist, the same parameter twice.
        stories + "?pagina={n}",
        stories + "?pagina=0{n}",
        stories + "?theme={junk}",
        stories + "?pagina=1&pagina=1",
    ]
    for n in range(50):
        url = kinds[n % len(kinds)].format(junk=secrets.token_hex(8), n=n + 2)
        response = get(Client(), url)
        assert CACHE_HEADER not in response, url

    assert stored_entries(settings) == before
    # An empty parameter is no parameter: the stored page answers.
    assert get(Client(), f"/?{secrets.token_hex(8)}=")[CACHE_HEADER] == "hit"
    # Served as usual, and again not from the cache.
    assert "Lesbezoek in duo" in get(Client(), f"{example.url}?junk=1").content.decode()
    assert CACHE_HEADER not in get(Client(), f"{example.url}?junk=1")


@pytest.mark.django_db
def test_a_listing_filter_is_stored_whatever_the_order_of_its_parameters(example):
    theme = ThemeFactory(name="Burgerschap", slug="burgerschap")
    community = example.get_parent().specific
    community.themes.add(theme)
    community.save_revision().publish()
    communities = ensure_section_pages()["communities"].url

    first = get(Client(), f"{communities}?theme=burgerschap&status=actief")
    again = get(Client(), f"{communities}?theme=burgerschap&status=actief")
    reordered = get(Client(), f"{communities}?status=actief&theme=burgerschap")
    # As the filter form sends it: the choices left at "Alle" come along empty.
    from_the_form = get(Client(), f"{communities}?theme=burgerschap&sector=&status=actief&form=")

    assert first[CACHE_HEADER] == "miss"
    assert [again[CACHE_HEADER], reordered[CACHE_HEADER], from_the_form[CACHE_HEADER]] == [
        "hit",
        "hit",
        "hit",
    ]
    assert "Netwerk Burgerschap" in reordered.content.decode()
    # Another filter is another page.
    other = get(Client(), f"{communities}?status=afgerond")
    assert other[CACHE_HEADER] == "miss"
    assert "Netwerk Burgerschap" not in other.content.decode()


@pytest.mark.django_db
def test_words_typed_into_the_directory_are_never_stored(example):
    directory = ensure_section_pages()["experts"].url

    for _ in range(2):
        assert CACHE_HEADER not in get(Client(), f"{directory}?q={secrets.token_hex(4)}")
        assert CACHE_HEADER not in get(Client(), f"{directory}?q=lezen")
    get(Client(), f"{directory}?q=&theme=")
    assert get(Client(), f"{directory}?q=&theme=")[CACHE_HEADER] == "hit"


@pytest.mark.django_db
def test_pages_are_served_but_never_stored_when_the_cache_keeps_nothing(
    example, settings, django_user_model
):
    # CACHE_URL=dummy://, as the README offers to switch caching off.
    settings.CACHES = {"default": cache_settings("dummy://")}
    member = Client()
    member.force_login(django_user_model.objects.create_user("lid", "lid@example.org", "x"))

    for _ in range(2):
        response = get(Client(), example.url)
        assert response[CACHE_HEADER] == "miss"
        assert "Lesbezoek in duo" in response.content.decode()
    assert "Uitloggen" in get(member, example.url).content.decode()
    assert "Lesbezoek in duo" in get(Client(), example.get_parent().url).content.decode()


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys the page cache reads, in order: the real cache, its get counted."""
    backend = caches["default"]
    keys = []
    read = backend.get

    def counting_get(key, *args, **kwargs):
        keys.append(key)
        return read(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counting_get)
    return keys


@pytest.mark.django_db
def test_a_stored_page_costs_two_cache_reads_and_any_request_one_of_the_generation(
    example, django_user_model, cache_reads
):
    member = Client()
    member.force_login(django_user_model.objects.create_user("lid", "lid@example.org", "x"))
    get(Client(), example.url)
    get(member, example.url)

    cache_reads.clear()
    assert get(Client(), example.url)[CACHE_HEADER] == "hit"
    # The generation and the page; the site is not needed to serve a stored page.
    assert len(cache_reads) == 2, cache_reads
    assert cache_reads[0] == GENERATION_KEY

    # Built afresh, the page and the site structure are read under the generation read once.
    for client in (Client(), member):
        cache_reads.clear()
        get(client, f"{example.url}?ref=1")
        assert cache_reads.count(GENERATION_KEY) == 1, cache_reads


@pytest.mark.django_db
def test_a_parameter_given_twice_is_neither_served_from_nor_stored_in_the_cache(example):
    theme = ThemeFactory(name="Burgerschap", slug="burgerschap")
    community = example.get_parent().specific
    community.themes.add(theme)
    community.save_revision().publish()
    CommunityPageFactory(title="Kring Zonder Thema").save_revision().publish()
    communities = ensure_section_pages()["communities"].url
    for _ in range(2):
        filtered = get(Client(), f"{communities}?theme=burgerschap")
    assert filtered[CACHE_HEADER] == "hit"
    assert "Kring Zonder Thema" not in filtered.content.decode()

    # The filter reads the last value, none: every community, not the stored filtered list.
    for _ in range(2):
        response = get(Client(), f"{communities}?theme=burgerschap&theme=")
        assert CACHE_HEADER not in response
        assert "Kring Zonder Thema" in response.content.decode()
    assert get(Client(), f"{communities}?theme=burgerschap")[CACHE_HEADER] == "hit"


@pytest.mark.django_db
def test_a_link_from_a_newsletter_or_an_ad_gets_the_stored_page(example):
    first = get(Client(), f"{example.url}?utm_source=nieuwsbrief&utm_medium=email")
    plain = get(Client(), example.url)
    later = get(Client(), f"{example.url}?utm_campaign=voorjaar&fbclid=abc&gclid=def&mc_cid=1")

    assert first[CACHE_HEADER] == "miss"
    assert (plain[CACHE_HEADER], later[CACHE_HEADER]) == ("hit", "hit")
    assert plain.content == first.content == later.content
    # What was stored is the page itself: no link in it carries a visitor's tracking code.
    assert "utm_" not in first.content.decode()
    # A parameter the page does read still counts.
    stories = ensure_section_pages()["stories"].url
    get(Client(), f"{stories}?pagina=1")
    assert get(Client(), f"{stories}?pagina=1&utm_source=x")[CACHE_HEADER] == "hit"
    assert CACHE_HEADER not in get(Client(), f"{stories}?pagina=9&utm_source=x")
    # A redirect keeps the tracking code for the page it leads to.
    redirect = Client().get(f"{example.url.rstrip('/')}?utm_source=nieuwsbrief")
    assert redirect.status_code == 301
    assert redirect["Location"] == f"{example.url}?utm_source=nieuwsbrief"
