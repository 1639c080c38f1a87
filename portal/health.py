"""What a load balancer asks of an app server: /healthz, whether the process answers at all,
and /readyz, whether it can serve the portal.

Ready needs the database, the cache and the file storage. The search engine is reported but
does not decide: without it search falls back to the database backend, so the server is
"degraded", still ready.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wagtail.search.backends import get_search_backend

from search.indexing import outbox_backends

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """Alive: answered without touching any service."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def _storage():
    # A question the storage must answer, and cheap: whether a name that is never written exists.
    default_storage.exists("readyz-probe")


def _engines():
    for name in outbox_backends():
        client = getattr(get_search_backend(name), "es", None)
        if client is not None and not client.ping():
            raise RuntimeError(f"search engine {name!r} does not answer")


def _check(check):
    try:
        check()
    except Exception as error:  # whatever the service raised, it is not ready
        # The log says why; the public answer only that it failed, naming no host or error.
        logger.warning("Readiness check %s failed: %s", check.__name__, error)
        return "failed"
    return "ok"


@require_safe
@never_cache
def readyz(request):
    """Ready: 200 with every required service answering (the engine's absence makes it
    "degraded", still 200), 503 otherwise; the body says which answered."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "storage": _check(_storage),
    }
    required_ok = all(result == "ok" for result in checks.values())
    if outbox_backends():
        checks["search_engine"] = _check(_engines)
    else:
        checks["search_engine"] = "not configured"
    if not required_ok:
        status = "unavailable"
    elif checks["search_engine"] == "failed":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, "checks": checks}, status=200 if required_ok else 503)
