"""Test settings: fast hashing, in-memory email, throwaway media; DATABASE_URL picks the server."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key")
ALLOWED_HOSTS = ["*"]
# The address the default site record has in the tests (home.sites.follow_base_url), so that
# emails and page URLs agree.
BASE_URL = WAGTAILADMIN_BASE_URL = "http://localhost"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
# The real file cache, in a folder of this run's own; tests/conftest.py empties it per test.
CACHES = {"default": cache_settings(f"file://{tempfile.mkdtemp(prefix='portal-test-cache-')}")}  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Several suites build the demo site; production never installs this app.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# A knowledge type only the tests know, which search must find without naming it.
INSTALLED_APPS += ["tests.knowledge_fixture"]
PORTAL_DEMO_USERS = True
# The tests of two-factor authentication switch the requirement on (production has it always);
# the others log editors in with force_login, which passes no second factor.
REQUIRE_TWO_FACTOR = False

# Tests search the database backend unless they ask for the engine: the `search_backend`
# fixture runs a test once per entry here. The engine, when SEARCH_URL is set, gets index
# names of its own per run and is only written to by the tests that use it.
WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH}  # noqa: F405
if SEARCH_BACKEND != "database":  # noqa: F405
    WAGTAILSEARCH_BACKENDS["engine"] = {
        **engine_search_settings(  # noqa: F405
            SEARCH_BACKEND,  # noqa: F405
            SEARCH_URL,  # noqa: F405
            index_prefix=f"test{os.getpid()}_",
        ),
        "AUTO_UPDATE": False,
    }
# Only the durability tests switch the outbox on, for the engine they point it at.
SEARCH_OUTBOX_BACKENDS = []
