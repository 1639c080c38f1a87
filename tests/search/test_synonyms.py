"""The editors' synonyms: read from the database at search time, so an edit in the admin
counts from the next search on every backend, without rebuilding an index."""

import json

from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from communities.roles import ensure_site_groups
from resources.factories import StoryPageFactory
from search.analysis import normalise
from search.models import Synonym
from search.synonyms import synonym_alternatives, synonym_groups


def titles(query):
    response = Client().get("/api/search/", {"q": query})
    assert response.status_code == 200
    return [result["title"] for result in json.loads(response.content)["results"]]


@pytest.fixture
def editor_client(django_user_model):
    editors, _administrators = ensure_site_groups()
    editor = django_user_model.objects.create_user("redacteur", "r@example.org", "pw")
    editor.groups.add(editors)
    client = Client()
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_the_starting_set_keeps_a_learning_community_apart_from_its_relatives():
    groups = synonym_groups()
    community_group = next(group for group in groups if "leergemeenschap" in group)

    assert "learning community" in community_group
    for relative in ("lerende netwerken", "kennisgemeenschap", "community of practice"):
        assert relative not in community_group
    # No generic word stands for a specific term anywhere.
    every_phrase = {phrase for group in groups for phrase in group}
    assert not every_phrase & {"leren", "netwerk", "werkplaats", "ontwikkelteam"}
    assert all(phrase == normalise(phrase) for phrase in every_phrase)


@pytest.mark.django_db
def test_a_query_brings_only_the_equivalents_of_the_phrases_it_holds():
    alternatives = synonym_alternatives("Lerende netwerken in het PO")

    assert "lerend netwerk" in alternatives
    assert "primair onderwijs" in alternatives
    assert "leergemeenschap" not in alternatives
    assert synonym_alternatives("moestuin") == []
    # The longest phrase typed wins: not also the equivalents of "leergemeenschap" within it.
    professional = synonym_alternatives("professionele leergemeenschap")
    assert "plg" in professional
    assert "learning community" not in professional


@pytest.mark.django_db
def test_a_synonym_added_and_changed_in_the_admin_counts_from_the_next_search(
    search_backend, editor_client, settings
):
    # About the synonyms alone: by meaning, a schooltuin is near a moestuin on the schoolplein
    # with no synonym at all (tests/search/test_semantic_search.py).
    settings.SEMANTIC_SEARCH = False
    StoryPageFactory(title="Moestuin op het schoolplein", intro="Groente kweken met de klas.")
    search_backend.refresh()
    assert titles("schooltuin") == []

    response = editor_client.post(
        reverse("wagtailsnippets_search_synonym:add"), {"terms": "schooltuin, moestuin"}
    )
    assert response.status_code == 302

    # No rebuild, no refresh: the next search reads the new group.
    assert titles("schooltuin") == ["Moestuin op het schoolplein"]
    synonym = Synonym.objects.get(terms="schooltuin, moestuin")
    assert ModelLogEntry.objects.filter(
        object_id=str(synonym.pk), action="wagtail.create"
    ).exists()

    response = editor_client.post(
        reverse("wagtailsnippets_search_synonym:edit", args=(synonym.pk,)),
        {"terms": "schooltuin, tuinproject"},
    )
    assert response.status_code == 302
    assert titles("schooltuin") == []
    assert ModelLogEntry.objects.filter(object_id=str(synonym.pk), action="wagtail.edit").exists()
