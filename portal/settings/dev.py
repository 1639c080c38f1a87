"""Local development: SQLite and the database search backend unless the environment says so."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["*"]
# Template and code changes show at once; PAGE_CACHE_SECONDS in the environment overrides this.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "0"))
PAGE_PART_SECONDS = int(env("PAGE_PART_SECONDS", "0"))
# The demo content (`make run` loads it) is an app of its own that production never installs.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# Demo logins (printed by `make run`) are only ever created under these settings.
PORTAL_DEMO_USERS = True
# The demo editor and administrator log in with their password alone, unless
# REQUIRE_TWO_FACTOR=true asks for the second factor here too (README: Logins).
REQUIRE_TWO_FACTOR = env_bool("REQUIRE_TWO_FACTOR", False)
