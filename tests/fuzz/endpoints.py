"""Every public GET endpoint survives any query string: no server error, no traceback.

The Django test client re-raises an exception from a view, so a crash fails the test with its
own traceback; a status of 500 or more fails it too.
"""

from django.urls import reverse

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from hypothesis import given, settings
from hypothesis import strategies as st

from communities.models import ExpertDirectoryPage, Person
from home.listing import ListingFilterForm
from search.query import FACETS, visible_pages

from .strategies import EXAMPLES, parameters

SEARCH_PARAMETERS = {"q", *FACETS, "sort", "page", "pagina"}


def filter_names(form_class=ListingFilterForm):
    """The parameters of every listing's filter form, found through the form classes."""
    names = set(form_class.base_fields)
    for subclass in form_class.__subclasses__():
        names |= filter_names(subclass)
    return names


# What the pages read besides their filters: pagination, thank-you flags, the signed question
# reference and the monitor's quarter.
PAGE_PARAMETERS = filter_names() | {"pagina", "verstuurd", "bedankt", "vraag", "kwartaal"}


def page_urls():
    """One public page of every page type, and every route of a routable page that needs no
    argument (join forms, calendars, the monitor, the question form)."""
    urls = set()
    seen_types = set()
    for page in Page.objects.live().public().specific().order_by("path"):
        if page.url is None or (
            type(page) in seen_types and not isinstance(page, RoutablePageMixin)
        ):
            continue
        seen_types.add(type(page))
        urls.add(page.url)
        if isinstance(page, RoutablePageMixin):
            for pattern in page.get_resolver().url_patterns:
                if not pattern.pattern.converters:
                    urls.add(page.url + page.reverse_subpage(pattern.name))
    return sorted(urls)


def assert_no_server_error(client, url, query):
    response = client.get(url, query)
    assert response.status_code < 500, (url, query, response.status_code)


def check_search_endpoints(client):
    # A result link of the search page, which counts a click for its query (search.clicks).
    result = visible_pages(Site.objects.get(is_default_site=True)).first()
    urls = [
        reverse("search"),
        reverse("search_api"),
        reverse("search_suggestions"),
        "/en" + reverse("search"),
        reverse("search_open_result", args=[result.pk]),
    ]

    @settings(max_examples=EXAMPLES * len(urls))
    @given(url=st.sampled_from(urls), query=parameters(SEARCH_PARAMETERS))
    def check(url, query):
        assert_no_server_error(client, url, query)

    check()


def check_pages_listings_feeds_and_calendars(client):
    urls = page_urls() + [
        reverse(name)
        for name in ("story_feed", "story_atom_feed", "result_feed", "result_atom_feed")
    ]
    # The directory's contact form for someone listed in it.
    directory = ExpertDirectoryPage.objects.live().get()
    person = Person.objects.filter(consent_to_contact=True).first()
    urls.append(directory.url + directory.reverse_subpage("contact", args=[person.pk]))
    assert len(urls) > 20, urls

    @settings(max_examples=EXAMPLES * len(urls))
    @given(url=st.sampled_from(urls), query=parameters(PAGE_PARAMETERS))
    def check(url, query):
        assert_no_server_error(client, url, query)

    check()
