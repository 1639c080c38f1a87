"""Factories for communities, the people in them and their roles."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.factories import section_page
from home.models import get_home_page

from .models import CommunityIndexPage, CommunityPage, CommunityRole, CommunityRoleType, Person


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Persoon {n}")

    class Meta:
        model = Person


class CommunityIndexPageFactory(wagtail_factories.PageFactory):
    """The communities section, a singleton (``max_count = 1``): returns it if it exists."""

    title = "Leergemeenschappen"
    parent = factory.LazyFunction(get_home_page)

    class Meta:
        model = CommunityIndexPage
        django_get_or_create = ("parent",)


class CommunityPageFactory(wagtail_factories.PageFactory):
    """A live community in the communities section; pass ``themes=[...]`` or ``roles=[...]``."""

    title = factory.Sequence(lambda n: f"Leergemeenschap {n}")
    intro = "Professionals die samen kennis delen en ontwikkelen."
    central_question = factory.LazyAttribute(lambda page: f"Wat leren we samen in {page.title}?")
    parent = section_page("communities")

    class Meta:
        model = CommunityPage


class CommunityRoleFactory(DjangoModelFactory):
    page = factory.SubFactory(CommunityPageFactory)
    person = factory.SubFactory(PersonFactory)
    role = CommunityRoleType.MEMBER

    class Meta:
        model = CommunityRole
