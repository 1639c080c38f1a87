"""The page cache, the site structure and the rate limits in Redis, as every app server shares
them; and the portal serving on, uncached, while Redis is down."""

from django.core.cache import caches
from django.test import Client

import pytest
import redis

from communities.factories import CommunityPageFactory
from home.abuse import RateLimitExceeded, enforce_cached_rate_limit
from home.caching import CACHE_HEADER
from home.factories import HomePageFactory
from home.models import ensure_section_pages
from portal.settings.base import cache_settings
from resources.factories import PracticeExamplePageFactory


@pytest.fixture
def redis_cache(redis_server, settings):
    settings.CACHES = {"default": cache_settings(redis_server.url)}
    yield redis_server
    caches["default"].close()


@pytest.fixture
def example(db):
    HomePageFactory()
    ensure_section_pages()
    community = CommunityPageFactory(title="Netwerk Burgerschap", slug="burgerschap")
    community.save_revision().publish()
    page = PracticeExamplePageFactory(parent=community, title="Lesbezoek in duo's")
    page.save_revision().publish()
    return page


def test_stored_pages_live_in_redis_and_a_publish_reaches_every_server(redis_cache, example):
    first = Client().get(example.url)
    second = Client().get(example.url)
    example.title = "Lesbezoek in trio's"
    example.save_revision().publish()
    after = Client().get(example.url)

    assert (first[CACHE_HEADER], second[CACHE_HEADER]) == ("miss", "hit")
    # What the portal stored is in Redis, where another app server reads it.
    assert redis.Redis.from_url(redis_cache.url).dbsize() > 0
    assert after[CACHE_HEADER] == "miss"
    assert "Lesbezoek in trio&#x27;s" in after.content.decode()


def test_a_rate_limit_counts_in_redis_for_every_server(redis_cache):
    enforce_cached_rate_limit("test", ip_address="192.0.2.1", limit=2, message="Te veel")
    # Another app server: its own connection to the same Redis.
    caches["default"].close()
    enforce_cached_rate_limit("test", ip_address="192.0.2.1", limit=2, message="Te veel")

    with pytest.raises(RateLimitExceeded):
        enforce_cached_rate_limit("test", ip_address="192.0.2.1", limit=2, message="Te veel")


def test_with_redis_down_pages_are_served_uncached_and_caching_resumes_after(redis_cache, example):
    Client().get(example.url)
    redis_cache.stop()

    while_down = [Client().get(example.url) for _ in range(2)]
    # The cached rate limits fail open: the form keeps working.
    for _ in range(3):
        enforce_cached_rate_limit("down", ip_address="192.0.2.1", limit=1, message="Te veel")
    redis_cache.start()
    back = [Client().get(example.url) for _ in range(2)]

    assert [response.status_code for response in while_down] == [200, 200]
    assert all(response.get(CACHE_HEADER) != "hit" for response in while_down)
    assert [response[CACHE_HEADER] for response in back] == ["miss", "hit"]
