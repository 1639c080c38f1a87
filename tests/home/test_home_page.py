"""The home page: its own featured communities, and what the apps above add to it through the
construct_home_page_context hook."""

from django.test import Client, RequestFactory

from wagtail import hooks

import pytest

from communities.factories import CommunityPageFactory
from home.models import HomePageFeaturedCommunity, ensure_section_pages, get_home_page


@pytest.mark.django_db
def test_the_apps_above_add_to_the_home_page_through_a_hook():
    home = get_home_page()
    request = RequestFactory().get(home.url)
    seen = []

    def add_greeting(page, request, context):
        seen.append((page, request))
        context["greeting"] = f"Welkom op {page.title}"

    with hooks.register_temporarily("construct_home_page_context", add_greeting):
        context = home.get_context(request)

    assert context["greeting"] == f"Welkom op {home.title}"
    assert seen == [(home, request)]
    # What the resources app adds the same way.
    assert {"latest_stories", "upcoming_events"} <= set(context)


@pytest.mark.django_db
def test_each_list_on_the_home_page_links_to_its_whole_section():
    home = get_home_page()
    sections = ensure_section_pages()
    HomePageFeaturedCommunity.objects.create(page=home, community=CommunityPageFactory())

    shown = Client().get(home.url).content.decode()

    assert f'<a href="{sections["communities"].url}">Alle leergemeenschappen</a>' in shown
    assert f'<a href="{sections["stories"].url}">Alle verhalen</a>' in shown
    assert f'<a href="{sections["events"].url}">Hele agenda</a>' in shown
