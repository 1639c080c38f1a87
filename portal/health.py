"""What a load balancer asks of an app server: /healthz, whether the process answers at all,
and /readyz, whether it can serve the portal.

Ready needs the database alone. The cache, the file storage and the search engine are
reported but do not decide: the portal serves on without each (pages uncached, images drawn as
missing and uploads refused, search from the database backend), so the server is "degraded",
still ready. They are shared by every app server: failing readiness for them would make the
balancer take every server out at once, turning a partial failure into an outage.
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
    """Ready: 200 with the database answering ("degraded" when a shared service the portal
    can do without does not), 503 otherwise; the body says which answered."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "storage": _check(_storage),
        "search_engine": _check(_engines) if outbox_backends() else "not configured",
    }
    if checks["database"] != "ok":
        status = "unavailable"
    elif "failed" in checks.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )
