"""The engine's node answers nearest-neighbour queries: the k-NN plugin with its Lucene engine,
which search by meaning relies on, is loaded (scripts/opensearch)."""

import math
import os

from django.conf import settings as django_settings

from wagtail.search.backends import get_search_backend

import pytest

# An index of its own, so this test never touches another test's index.
INDEX = f"vectors{os.getpid()}_engine_check"
DIMENSION = 512


def unit_vector(angle):
    """A unit vector at `angle` radians from the first axis, in the plane of the first two: its
    inner product with the first axis is cos(angle), so a smaller angle is nearer."""
    vector = [0.0] * DIMENSION
    vector[0] = math.cos(angle)
    vector[1] = math.sin(angle)
    return vector


@pytest.fixture
def engine_client():
    configured = django_settings.WAGTAILSEARCH_BACKENDS.get("engine")
    if configured is None:
        pytest.fail("This test needs the real engine: run it through `make test`.")
    client = get_search_backend("engine").es
    yield client
    client.indices.delete(index=INDEX, ignore_unavailable=True)


def test_the_engine_finds_the_nearest_vectors_among_the_filtered_documents(engine_client):
    # The Lucene engine, named explicitly: the plugin's default engine needs native libraries
    # the node does not have.
    engine_client.indices.create(
        index=INDEX,
        body={
            "settings": {"index.knn": True, "number_of_shards": 1, "number_of_replicas": 0},
            "mappings": {
                "properties": {
                    "community": {"type": "keyword"},
                    "embedding": {
                        "type": "knn_vector",
                        "dimension": DIMENSION,
                        "method": {
                            "name": "hnsw",
                            "engine": "lucene",
                            "space_type": "innerproduct",
                        },
                    },
                }
            },
        },
    )
    documents = {
        # The nearest of all, but in another community.
        "elsewhere": ("onderwijs", 0.0),
        "nearest": ("zorg", 0.2),
        "second": ("zorg", 0.7),
        "third": ("zorg", 1.3),
        "farthest": ("zorg", 2.5),
    }
    for doc_id, (community, angle) in documents.items():
        engine_client.index(
            index=INDEX,
            id=doc_id,
            body={"community": community, "embedding": unit_vector(angle)},
        )
    engine_client.indices.refresh(index=INDEX)

    response = engine_client.search(
        index=INDEX,
        body={
            "size": 3,
            "query": {
                "knn": {
                    "embedding": {
                        "vector": unit_vector(0.0),
                        "k": 3,
                        "filter": {"term": {"community": "zorg"}},
                    }
                }
            },
        },
    )

    # Filtered while searching, not afterwards: all three come from the filtered documents,
    # where a filter applied to the overall top three would leave only two.
    assert [hit["_id"] for hit in response["hits"]["hits"]] == ["nearest", "second", "third"]
