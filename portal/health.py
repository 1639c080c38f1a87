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
from concurrent.futures import ThreadPoolExecutor

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


# A shared service that hangs must not hold the answer up: the balancer counts a slow answer
# as a failure (cluster/run.py: `timeout check`), which for a service every app server shares
# would take all of them out at once. The checks of the shared services run side by side and
# are given this long; one still running is reported as failed and left to end on its own
# (its client's timeouts end it), in one of a few threads kept for this.
CHECK_SECONDS = 2
_shared_checks = ThreadPoolExecutor(max_workers=3, thread_name_prefix="readyz")


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
    shared = {"cache": _cache, "storage": _storage}
    if outbox_backends():
        shared["search_engine"] = _engines
    running = {name: _shared_checks.submit(_check, check) for name, check in shared.items()}
    checks = {"database": _check(_database)}
    for name, future in running.items():
        try:
            checks[name] = future.result(timeout=CHECK_SECONDS)
        except TimeoutError:
            logger.warning("Readiness check %s gave no answer within %ss", name, CHECK_SECONDS)
            checks[name] = "failed"
    checks.setdefault("search_engine", "not configured")
    if checks["database"] != "ok":
        status = "unavailable"
    elif "failed" in checks.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )
