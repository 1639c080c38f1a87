"""Settings of wagtail/bakerydemo as the benchmark's reference site (scripts/reference-site).

scripts/reference-site copies this file into a bakerydemo checkout as
bakerydemo/settings/bench_reference.py; it is never imported by the portal. bakerydemo's
production settings as they are, except what a loopback benchmark cannot use: the redirect to
HTTPS, HSTS, a cache the portal's uncached figures do not have, and a database server.
"""

import os

from .production import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"

# Its own demo data on SQLite in the checkout, whatever DATABASE_URL the caller had.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(BASE_DIR, "bakerydemodb"),  # noqa: F405
    }
}

# The portal is compared with its page cache off; production.py's local-memory cache would
# keep bakerydemo's template fragments and renditions between requests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# Plain HTTP on loopback.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
}
