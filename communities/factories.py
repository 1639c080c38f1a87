"""Factories for communities, the people in them, their roles and their self-evaluations."""

from django.utils import timezone

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.factories import section_page
from home.models import get_home_page

from .models import (
    BuildingBlock,
    BuildingBlockScore,
    CommunityIndexPage,
    CommunityPage,
    CommunityRole,
    CommunityRoleType,
    Person,
    RespondentRole,
    SelfEvaluation,
)
from .models.monitor import quarter_of


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


class SelfEvaluationFactory(DjangoModelFactory):
    """A member's self-evaluation of a community, anonymous, made today.

    Pass ``scores=[...]``: one score per building block in block order, or (score, note) pairs.
    Without it the evaluation has no scores, and does not count as a respondent.
    """

    community = factory.SubFactory(CommunityPageFactory)
    created_on = factory.LazyFunction(timezone.localdate)
    period = factory.LazyAttribute(lambda evaluation: quarter_of(evaluation.created_on))
    role = RespondentRole.MEMBER
    respondent = None

    class Meta:
        model = SelfEvaluation
        # The scores are rows of their own; the evaluation needs no second save.
        skip_postgeneration_save = True

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        blocks = BuildingBlock.objects.order_by("number")
        BuildingBlockScore.objects.bulk_create(
            BuildingBlockScore(
                evaluation=self,
                building_block=block,
                score=value[0] if isinstance(value, tuple) else value,
                note=value[1] if isinstance(value, tuple) else "",
            )
            for block, value in zip(blocks, extracted, strict=True)
        )
