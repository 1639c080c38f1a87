"""The home page: its own featured communities, and what the apps above add to it through the
construct_home_page_context hook."""

from django.test import RequestFactory

from wagtail import hooks

import pytest

from home.models import get_home_page


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
