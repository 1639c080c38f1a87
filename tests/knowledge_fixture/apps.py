"""A knowledge type that exists only in the tests, installed by the test settings alone."""

from django.apps import AppConfig


class KnowledgeFixtureConfig(AppConfig):
    name = "tests.knowledge_fixture"
    label = "knowledge_fixture"
    verbose_name = "Kennistype voor de tests"
