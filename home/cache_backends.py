"""Django's Redis cache, made to fail safe: with Redis down the portal keeps serving.

Everything the portal keeps in the cache can be built again (stored pages, the site's
structure, the content generation) or is a count that may be lost (the cached rate limits).
So an unreachable Redis reads as an empty cache and a write to it is dropped: pages are built
for every request, uncached, until Redis is back. The short socket timeouts keep a Redis that
hangs from holding up a page for longer than a moment. Logged once a minute at most.

The rate limits kept in the cache (home.abuse.enforce_cached_rate_limit) therefore fail open
while Redis is down: a form keeps working rather than refusing everyone, and its other
defences stay (the honeypot, and the limits counted in the database).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60
# Seconds to connect and to wait for an answer; a healthy Redis on the network answers in far
# less.
SOCKET_TIMEOUT = 0.5


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, params)
        self._last_logged = 0.0

    def _unreachable(self, operation, error):
        now = time.monotonic()
        if now - self._last_logged >= LOG_EVERY_SECONDS:
            self._last_logged = now
            logger.warning("Redis cache unreachable (%s): %s; serving uncached.", operation, error)

    def _safely(self, operation, call, fallback):
        try:
            return call()
        except UNREACHABLE as error:
            self._unreachable(operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._safely(
            "get", lambda: super(FailSafeRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._safely(
            "get_many", lambda: super(FailSafeRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):
        return self._safely(
            "has_key", lambda: super(FailSafeRedisCache, self).has_key(key, version), False
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._safely(
            "set", lambda: super(FailSafeRedisCache, self).set(key, value, timeout, version), None
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            "add", lambda: super(FailSafeRedisCache, self).add(key, value, timeout, version), False
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            "set_many",
            lambda: super(FailSafeRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(
            "touch", lambda: super(FailSafeRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._safely(
            "delete", lambda: super(FailSafeRedisCache, self).delete(key, version), False
        )

    def delete_many(self, keys, version=None):
        self._safely(
            "delete_many", lambda: super(FailSafeRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._safely("clear", lambda: super(FailSafeRedisCache, self).clear(), False)
