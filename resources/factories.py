"""Factories for what communities and editors publish: results, tools, stories and events."""

from datetime import timedelta

from django.utils import timezone

import factory
import wagtail_factories

from communities.factories import CommunityPageFactory
from home.factories import section_page
from home.models import get_home_page

from .models import (
    EventIndexPage,
    EventPage,
    PracticeExamplePage,
    StoryIndexPage,
    StoryPage,
    ToolIndexPage,
    ToolPage,
)


class SectionIndexPageFactory(wagtail_factories.PageFactory):
    """A section index; a singleton (``max_count = 1``), so this returns it if it exists."""

    parent = factory.LazyFunction(get_home_page)

    class Meta:
        abstract = True
        django_get_or_create = ("parent",)


class ToolIndexPageFactory(SectionIndexPageFactory):
    title = "Instrumenten"

    class Meta:
        model = ToolIndexPage


class StoryIndexPageFactory(SectionIndexPageFactory):
    title = "Verhalen"

    class Meta:
        model = StoryIndexPage


class EventIndexPageFactory(SectionIndexPageFactory):
    title = "Agenda"

    class Meta:
        model = EventIndexPage


class PracticeExamplePageFactory(wagtail_factories.PageFactory):
    """A practice example; it lives under a community, a new one unless ``parent`` is given."""

    title = factory.Sequence(lambda n: f"Praktijkvoorbeeld {n}")
    intro = "Wat de leergemeenschap deed en wat anderen ervan kunnen leren."
    parent = factory.SubFactory(CommunityPageFactory)

    class Meta:
        model = PracticeExamplePage


class ToolPageFactory(wagtail_factories.PageFactory):
    """A tool in the national tool section; pass a community as ``parent`` to publish it there."""

    title = factory.Sequence(lambda n: f"Instrument {n}")
    intro = "Een instrument voor leergemeenschappen."
    purpose = "Samen het doel van de leergemeenschap scherp krijgen."
    parent = section_page("tools")

    class Meta:
        model = ToolPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Verhaal {n}")
    intro = "Een verhaal uit een leergemeenschap."
    parent = section_page("stories")

    class Meta:
        model = StoryPage


class EventPageFactory(wagtail_factories.PageFactory):
    """An event two weeks from now, without an end time unless one is given."""

    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    intro = "Een werksessie voor moderatoren."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    parent = section_page("events")

    class Meta:
        model = EventPage
