"""What community pages show without being pages (people, roles, the monitor) starts a new
content generation when it changes, so no visitor gets a stored page that shows it stale."""

from django.test import Client

import pytest

from communities.factories import (
    CommunityPageFactory,
    CommunityRoleFactory,
    PersonFactory,
    SelfEvaluationFactory,
)
from communities.models import BuildingBlock, CommunityRoleType
from home.caching import CACHE_HEADER, content_generation


@pytest.mark.django_db
def test_a_renamed_person_shows_on_their_community_page_at_once():
    community = CommunityPageFactory()
    person = PersonFactory(name="Anna Jansen")
    CommunityRoleFactory(page=community, person=person, role=CommunityRoleType.MODERATOR)
    assert "Anna Jansen" in Client().get(community.url).content.decode()
    assert Client().get(community.url)[CACHE_HEADER] == "hit"

    person.name = "Anna de Vries"
    person.save()

    response = Client().get(community.url)
    assert response[CACHE_HEADER] == "miss"
    assert "Anna de Vries" in response.content.decode()


@pytest.mark.django_db
def test_people_roles_evaluations_and_building_blocks_start_a_new_generation():
    community = CommunityPageFactory()
    person = PersonFactory()
    role = CommunityRoleFactory(page=community, person=person)
    evaluation = SelfEvaluationFactory(community=community)
    block = BuildingBlock.objects.first()

    for change in (person.save, role.save, evaluation.save, block.save, role.delete):
        before = content_generation()
        change()
        assert content_generation() != before, change
