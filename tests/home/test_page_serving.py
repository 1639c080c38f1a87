"""What a page reads to serve itself, with fewer queries: the same as Django and Wagtail read."""

from django.test import Client

import pytest

from home.factories import SectorFactory, ThemeFactory
from resources.factories import PracticeExamplePageFactory, ToolPageFactory


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
