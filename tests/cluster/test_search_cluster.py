"""Search on an OpenSearch cluster of two nodes, each in a process of its own: the portal takes
both addresses, every index has a replica, and losing a node loses nothing."""

import io
import uuid
from collections import Counter

from django.core.management import call_command

from wagtail.search.backends import get_search_backend

import pytest

from communities.factories import CommunityPageFactory
from home.factories import HomePageFactory
from home.models import ensure_section_pages
from portal.settings.base import DATABASE_SEARCH, engine_search_settings
from resources.factories import PracticeExamplePageFactory
from resources.models import PracticeExamplePage

TITLES = ["Lesbezoek in duo's", "Lesbezoek met een kijkwijzer", "Lesbezoek door leerlingen"]


@pytest.fixture
def engine(search_cluster, settings):
    """The portal's engine backend on both nodes, under index names of this test's own."""
    prefix = f"cluster_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **engine_search_settings("opensearch3", ",".join(search_cluster.urls), prefix),
            # Each change indexed as it is saved, as the outbox's worker would.
            "AUTO_UPDATE": True,
        },
        "fallback": DATABASE_SEARCH,
    }
    backend = get_search_backend()
    yield backend
    backend.es.indices.delete(index=f"{prefix}*")


def found(backend, query):
    backend.es.indices.refresh(index=f"{backend.index_prefix}*")
    return {page.title for page in backend.search(query, PracticeExamplePage.objects.live())}


@pytest.mark.django_db
def test_a_node_lost_loses_no_result_and_no_update_and_it_catches_up(engine, search_cluster):
    HomePageFactory()
    ensure_section_pages()
    community = CommunityPageFactory(title="Kenniskring Mentoraat")
    community.save_revision().publish()
    for title in TITLES:
        PracticeExamplePageFactory(parent=community, title=title).save_revision().publish()
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    search_cluster.wait_for(2, "green")
    # Each shard on both nodes: a primary on one, its replica on the other.
    shards = search_cluster.get(f"/_cat/shards/{engine.index_prefix}*?format=json")
    copies = Counter((shard["index"], shard["shard"]) for shard in shards)
    assert copies and set(copies.values()) == {2}, shards
    assert all(shard["state"] == "STARTED" for shard in shards), shards
    assert found(engine, "lesbezoek") == set(TITLES)

    # The node that is not the cluster manager fails: with two nodes only the manager votes
    # (docs/deployment.md: three nodes survive the loss of any one).
    survivor = search_cluster.manager()
    (lost,) = set(search_cluster.names) - {survivor}
    search_cluster.kill(lost)
    # Its shards' replicas on the survivor become primaries.
    search_cluster.wait_for(1, "yellow", via=survivor)

    # The portal still has both addresses; it passes over the dead one.
    assert found(engine, "lesbezoek") == set(TITLES)
    later = PracticeExamplePageFactory(parent=community, title="Lesbezoek na de storing")
    later.save_revision().publish()
    assert found(engine, "lesbezoek") == {*TITLES, later.title}

    search_cluster.start(lost)
    search_cluster.wait_for(2, "green", via=survivor)
    # The returned node holds its copies again, the update made while it was away included:
    # asked for what it holds itself, it finds the page.
    local = search_cluster.get(
        f"/{engine.index_prefix}*/_search?preference=_only_local&q=title:storing", lost
    )
    assert local["hits"]["total"]["value"] == 1, local
