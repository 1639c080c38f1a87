"""Factories for knowledge questions and their published question-and-answer pages."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.factories import section_page

from .models import KnowledgeQuestion, QuestionAnswerPage


class KnowledgeQuestionFactory(DjangoModelFactory):
    """A new question as the public form stores it; pass ``themes=[...]`` to classify it."""

    title = factory.Sequence(lambda n: f"Hoe betrekken we ouders bij onze leergemeenschap {n}?")
    context = "We zijn net begonnen en zoeken manieren om ouders mee te laten denken."
    email = factory.Sequence(lambda n: f"vrager{n}@example.org")
    ip_address = "192.0.2.1"

    class Meta:
        model = KnowledgeQuestion
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes = list(extracted)
            if create:
                self.save()


class QuestionAnswerPageFactory(wagtail_factories.PageFactory):
    """A published question and answer under Kennisvragen."""

    title = factory.Sequence(lambda n: f"Hoe houden we een leergemeenschap levend {n}?")
    question = "Na het eerste jaar komen er steeds minder mensen naar de bijeenkomsten."
    answer = "<p>Maak het doel opnieuw samen scherp en wissel de rollen.</p>"
    parent = section_page("questions")

    class Meta:
        model = QuestionAnswerPage
