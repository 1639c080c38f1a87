"""Factories for the shared taxonomy, organisations and the site-wide pages."""

from django.utils.text import slugify

from wagtail.models import Page

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import (
    HomePage,
    Organisation,
    Region,
    Sector,
    StandardPage,
    Theme,
    ensure_section_pages,
    get_home_page,
)


def section_page(name):
    """A lazy default parent: the named section index under the home page, created if missing.

    Going through ``ensure_section_pages`` gives tests the same sections the demo loader and the
    importer build, so page URLs look like the real site's.
    """
    return factory.LazyFunction(lambda: ensure_section_pages()[name])


class TaxonomyTermFactory(DjangoModelFactory):
    slug = factory.LazyAttribute(lambda term: slugify(term.name))

    class Meta:
        abstract = True


class ThemeFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Thema {n}")

    class Meta:
        model = Theme


class SectorFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Sector {n}")

    class Meta:
        model = Sector


class RegionFactory(TaxonomyTermFactory):
    name = factory.Sequence(lambda n: f"Regio {n}")

    class Meta:
        model = Region


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisatie {n}")

    class Meta:
        model = Organisation


class HomePageFactory(wagtail_factories.PageFactory):
    """The site's home page; a migration already creates it, so this returns that one."""

    title = "Leergemeenschappen in onderwijs en cultuur"
    slug = "home"
    parent = factory.LazyFunction(Page.get_first_root_node)

    class Meta:
        model = HomePage
        django_get_or_create = ("parent", "slug")


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Over het portaal {n}")
    intro = "Wat dit portaal is en voor wie."
    parent = factory.LazyFunction(get_home_page)

    class Meta:
        model = StandardPage
