"""The portal's one-query view restrictions agree with Wagtail's rule, aliases included."""

from wagtail.models import Page, PageViewRestriction

import pytest

from home.factories import HomePageFactory, StandardPageFactory


@pytest.mark.django_db
def test_restrictions_come_from_the_page_its_ancestors_and_an_alias_source():
    home = HomePageFactory()
    public = StandardPageFactory(parent=home, title="Openbaar")
    private = StandardPageFactory(parent=home, title="Besloten")
    below = StandardPageFactory(parent=private, title="Daaronder")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    alias = private.create_alias(parent=public, update_slug="besloten-kopie")

    for page in (private, below, alias):
        specific = Page.objects.get(pk=page.pk).specific
        assert list(specific.get_view_restrictions()) == [restriction]
        # The same answer as Wagtail's own implementation.
        assert list(Page.get_view_restrictions(specific)) == [restriction]
    assert not public.specific.get_view_restrictions().exists()
    assert not Page.get_view_restrictions(public).exists()
