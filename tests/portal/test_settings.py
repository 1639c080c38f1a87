"""Settings read from the environment, each case loaded in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent

# Prints the requested settings as JSON; a settings module is only ever imported once per process,
# so each case gets its own interpreter.
LOAD_SETTINGS = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
print(json.dumps({name: getattr(module, name) for name in sys.argv[2:]}, default=str))
"""


def run_settings(module, names, environ):
    env = {"PATH": os.environ.get("PATH", ""), **environ}
    return subprocess.run(
        [sys.executable, "-c", LOAD_SETTINGS, module, *names],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(module, *names, **environ):
    """The named settings of `module` when only `environ` is set."""
    result = run_settings(module, names, environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def settings_error(module, **environ):
    """The ImproperlyConfigured message `module` fails with when only `environ` is set."""
    result = run_settings(module, [], environ)
    assert result.returncode != 0, f"{module} loaded although it should refuse {environ}"
    last_line = result.stderr.strip().splitlines()[-1]
    prefix = "django.core.exceptions.ImproperlyConfigured: "
    assert last_line.startswith(prefix), result.stderr
    return last_line.removeprefix(prefix)


class TestDatabaseUrl:
    def test_postgres_url_is_split_into_connection_settings(self):
        settings = load_settings(
            "portal.settings.base",
            "DATABASES",
            DATABASE_URL="postgres://portal:geheim@db.example.org:5433/kennisportaal",
        )

        database = settings["DATABASES"]["default"]
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert database["NAME"] == "kennisportaal"
        assert database["HOST"] == "db.example.org"
        assert database["PORT"] == 5433
        assert database["USER"] == "portal"
        assert database["PASSWORD"] == "geheim"
        assert database["CONN_MAX_AGE"] == 60

    def test_connection_lifetime_comes_from_the_environment(self):
        settings = load_settings(
            "portal.settings.base",
            "DATABASES",
            DATABASE_URL="postgres://portal@db.example.org/kennisportaal",
            DATABASE_CONN_MAX_AGE="0",
        )

        assert settings["DATABASES"]["default"]["CONN_MAX_AGE"] == 0

    @pytest.mark.parametrize("value", [None, ""])
    def test_without_a_url_the_project_runs_on_sqlite(self, value):
        environ = {} if value is None else {"DATABASE_URL": value}
        settings = load_settings("portal.settings.dev", "DATABASES", **environ)

        database = settings["DATABASES"]["default"]
        assert database["ENGINE"] == "django.db.backends.sqlite3"
        assert database["NAME"] == str(PROJECT_DIR / "db.sqlite3")


class TestSearchBackend:
    def test_database_backend_is_the_default_and_needs_no_url(self):
        settings = load_settings("portal.settings.base", "WAGTAILSEARCH_BACKENDS")

        assert settings["WAGTAILSEARCH_BACKENDS"] == {
            "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"}
        }

    @pytest.mark.parametrize(
        "backend", ["opensearch2", "opensearch3", "elasticsearch8", "elasticsearch9"]
    )
    def test_search_engine_backends_point_at_search_url(self, backend):
        settings = load_settings(
            "portal.settings.base",
            "WAGTAILSEARCH_BACKENDS",
            SEARCH_BACKEND=backend,
            SEARCH_URL="https://search.example.org:9200",
        )

        backends = settings["WAGTAILSEARCH_BACKENDS"]
        engine = backends["default"]
        # Wagtail's backend, whose new indices also get the portal's words (search.engine).
        assert engine["BACKEND"] == f"search.engine.{backend}"
        assert engine["URLS"] == ["https://search.example.org:9200"]
        assert engine["INDEX_PREFIX"] == "portal_"
        assert engine["TIMEOUT"] == 5
        assert engine["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default_search"]
        # The database index stays up to date as the fallback when the engine is down.
        assert backends["fallback"]["BACKEND"] == "wagtail.search.backends.database"

    def test_several_nodes_of_a_cluster_share_search_url(self):
        settings = load_settings(
            "portal.settings.base",
            "WAGTAILSEARCH_BACKENDS",
            SEARCH_BACKEND="opensearch3",
            SEARCH_URL="http://search-1:9200, http://search-2:9200,http://search-3:9200",
            SEARCH_REPLICAS="2",
        )

        engine = settings["WAGTAILSEARCH_BACKENDS"]["default"]
        assert engine["URLS"] == [
            "http://search-1:9200",
            "http://search-2:9200",
            "http://search-3:9200",
        ]
        # A refused connection moves on to the next node, never round to the first again.
        assert engine["OPTIONS"] == {"max_retries": 2, "retry_on_timeout": False}
        assert engine["INDEX_SETTINGS"]["settings"]["index"] == {"number_of_replicas": 2}

    def test_index_prefix_and_timeout_come_from_the_environment(self):
        settings = load_settings(
            "portal.settings.base",
            "WAGTAILSEARCH_BACKENDS",
            SEARCH_BACKEND="opensearch2",
            SEARCH_URL="http://localhost:9200",
            SEARCH_INDEX_PREFIX="acceptatie_",
            SEARCH_TIMEOUT="30",
        )

        config = settings["WAGTAILSEARCH_BACKENDS"]["default"]
        assert config["INDEX_PREFIX"] == "acceptatie_"
        assert config["TIMEOUT"] == 30

    def test_unknown_backend_is_refused(self):
        message = settings_error("portal.settings.base", SEARCH_BACKEND="solr")

        assert "SEARCH_BACKEND" in message
        assert "'solr'" in message

    def test_search_engine_without_url_is_refused(self):
        message = settings_error("portal.settings.base", SEARCH_BACKEND="opensearch2")

        assert message == "SEARCH_BACKEND=opensearch2 needs SEARCH_URL."


class TestCacheUrl:
    def test_a_file_cache_by_default_that_every_process_shares(self):
        settings = load_settings("portal.settings.base", "CACHES", "PAGE_CACHE_SECONDS")

        cache = settings["CACHES"]["default"]
        assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
        assert cache["LOCATION"].endswith("/.tmp/cache")
        assert settings["PAGE_CACHE_SECONDS"] == 300

    @pytest.mark.parametrize(
        ("url", "backend", "location"),
        [
            (
                "file:///srv/portal/cache",
                "django.core.cache.backends.filebased.FileBasedCache",
                "/srv/portal/cache",
            ),
            (
                "redis://cache.example.org:6379/1",
                "home.cache_backends.FailSafeRedisCache",
                "redis://cache.example.org:6379/1",
            ),
            ("dummy://", "django.core.cache.backends.dummy.DummyCache", None),
        ],
    )
    def test_cache_url_picks_the_backend(self, url, backend, location):
        settings = load_settings("portal.settings.base", "CACHES", CACHE_URL=url)

        cache = settings["CACHES"]["default"]
        assert cache["BACKEND"] == backend
        assert cache.get("LOCATION") == location

    def test_page_cache_lifetime_comes_from_the_environment_and_is_off_in_development(self):
        assert load_settings(
            "portal.settings.base", "PAGE_CACHE_SECONDS", PAGE_CACHE_SECONDS="60"
        ) == {"PAGE_CACHE_SECONDS": 60}
        assert load_settings("portal.settings.dev", "PAGE_CACHE_SECONDS") == {
            "PAGE_CACHE_SECONDS": 0
        }

    def test_an_unknown_cache_scheme_is_refused(self):
        message = settings_error("portal.settings.base", CACHE_URL="memcached://localhost")

        assert message.startswith("CACHE_URL scheme must be one of")
        assert "'memcached'" in message


class TestSecretKey:
    def test_production_refuses_to_start_without_secret_key(self):
        message = settings_error("portal.settings.production")

        assert "SECRET_KEY" in message

    def test_production_uses_the_secret_key_from_the_environment(self):
        settings = load_settings(
            "portal.settings.production", "SECRET_KEY", SECRET_KEY="een-lange-geheime-sleutel"
        )

        assert settings["SECRET_KEY"] == "een-lange-geheime-sleutel"

    def test_development_works_without_secret_key(self):
        settings = load_settings("portal.settings.dev", "SECRET_KEY")

        assert settings["SECRET_KEY"]


class TestAllowedHosts:
    def test_comma_separated_hosts_are_split_and_trimmed(self):
        settings = load_settings(
            "portal.settings.production",
            "ALLOWED_HOSTS",
            SECRET_KEY="x",
            ALLOWED_HOSTS=" portal.example.org, www.portal.example.org ,,",
        )

        assert settings["ALLOWED_HOSTS"] == ["portal.example.org", "www.portal.example.org"]

    def test_only_local_hosts_are_allowed_when_unset(self):
        settings = load_settings("portal.settings.production", "ALLOWED_HOSTS", SECRET_KEY="x")

        assert settings["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]


class TestBaseUrl:
    def test_one_public_address_serves_the_portal_and_the_admin(self):
        settings = load_settings(
            "portal.settings.production",
            "BASE_URL",
            "WAGTAILADMIN_BASE_URL",
            SECRET_KEY="x",
            BASE_URL="https://leergemeenschappen.example.nl/",
        )

        assert settings == {
            "BASE_URL": "https://leergemeenschappen.example.nl",
            "WAGTAILADMIN_BASE_URL": "https://leergemeenschappen.example.nl",
        }

    def test_it_defaults_to_the_address_make_run_serves(self):
        assert load_settings("portal.settings.dev", "BASE_URL") == {
            "BASE_URL": "http://127.0.0.1:8000"
        }

    def test_the_admins_old_setting_is_refused_with_its_new_name(self):
        message = settings_error(
            "portal.settings.base", WAGTAILADMIN_BASE_URL="https://leergemeenschappen.example.nl"
        )

        assert message.startswith("WAGTAILADMIN_BASE_URL is now BASE_URL")

    @pytest.mark.parametrize(
        "value",
        [
            "leergemeenschappen.example.nl",
            "ftp://leergemeenschappen.example.nl",
            "https://leergemeenschappen.example.nl/portaal/",
            "https://leergemeenschappen.example.nl?x=1",
            "https://beheer:geheim@leergemeenschappen.example.nl",
            "http://127.0.0.1:port",
            "http://127.0.0.1:99999",
        ],
    )
    def test_anything_but_a_scheme_and_host_is_refused(self, value):
        message = settings_error("portal.settings.base", BASE_URL=value)

        assert message.startswith("BASE_URL must be the portal's public address")
        assert repr(value) in message


class TestLogging:
    def test_the_development_settings_print_each_line_once(self):
        script = (
            "import django, logging; django.setup(); "
            "logging.getLogger('django.request').warning('een regel')"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=PROJECT_DIR,
            env={
                "PATH": os.environ.get("PATH", ""),
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert result.returncode == 0, result.stderr
        assert result.stderr.count("een regel") == 1, result.stderr


class TestEmailUrl:
    def test_smtp_url_with_tls(self):
        settings = load_settings(
            "portal.settings.base",
            "EMAIL_BACKEND",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS",
            "EMAIL_USE_SSL",
            EMAIL_URL="smtp://redactie%40example.org:p%40ss%2Fword@mail.example.org:587?tls=true",
        )

        assert settings == {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "mail.example.org",
            "EMAIL_PORT": 587,
            "EMAIL_HOST_USER": "redactie@example.org",
            "EMAIL_HOST_PASSWORD": "p@ss/word",
            "EMAIL_USE_TLS": True,
            "EMAIL_USE_SSL": False,
        }

    def test_smtps_url_uses_ssl_on_its_own_port(self):
        settings = load_settings(
            "portal.settings.base",
            "EMAIL_PORT",
            "EMAIL_USE_TLS",
            "EMAIL_USE_SSL",
            EMAIL_URL="smtps://mail.example.org",
        )

        assert settings == {"EMAIL_PORT": 465, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}

    def test_mail_goes_to_the_console_when_unset(self):
        settings = load_settings("portal.settings.base", "EMAIL_BACKEND")

        assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"

    def test_unknown_scheme_is_refused(self):
        message = settings_error("portal.settings.base", EMAIL_URL="imap://mail.example.org")

        assert "EMAIL_URL" in message
        assert "'imap'" in message


class TestDebug:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("true", True),
            ("True", True),
            ("1", True),
            ("yes", True),
            ("on", True),
            ("false", False),
            ("0", False),
            ("no", False),
            ("off", False),
            ("", False),
        ],
    )
    def test_boolean_values(self, value, expected):
        settings = load_settings("portal.settings.base", "DEBUG", DEBUG=value)

        assert settings["DEBUG"] is expected

    def test_debug_is_off_when_unset(self):
        assert load_settings("portal.settings.base", "DEBUG")["DEBUG"] is False

    def test_value_that_is_not_a_boolean_is_refused(self):
        message = settings_error("portal.settings.base", DEBUG="misschien")

        assert "DEBUG" in message
        assert "'misschien'" in message

    def test_production_never_runs_in_debug_mode(self):
        settings = load_settings(
            "portal.settings.production", "DEBUG", SECRET_KEY="x", DEBUG="true"
        )

        assert settings["DEBUG"] is False


class TestLogins:
    def test_production_requires_two_factor_whatever_the_environment_says(self):
        settings = load_settings(
            "portal.settings.production",
            "REQUIRE_TWO_FACTOR",
            SECRET_KEY="x",
            REQUIRE_TWO_FACTOR="false",
        )

        assert settings["REQUIRE_TWO_FACTOR"] is True

    def test_development_lets_the_demo_logins_in_with_a_password_unless_asked(self):
        assert load_settings("portal.settings.dev", "REQUIRE_TWO_FACTOR") == {
            "REQUIRE_TWO_FACTOR": False
        }
        asked = load_settings("portal.settings.dev", "REQUIRE_TWO_FACTOR", REQUIRE_TWO_FACTOR="on")
        assert asked["REQUIRE_TWO_FACTOR"] is True

    def test_lockout_limits_and_time_come_from_the_environment(self):
        names = ["AXES_FAILURE_LIMIT", "LOGIN_FAILURES_PER_ADDRESS", "AXES_COOLOFF_TIME"]
        defaults = load_settings("portal.settings.production", *names, SECRET_KEY="x")
        tuned = load_settings(
            "portal.settings.production",
            *names,
            SECRET_KEY="x",
            LOGIN_FAILURES_PER_ACCOUNT="3",
            LOGIN_FAILURES_PER_ADDRESS="50",
            LOGIN_LOCKOUT_MINUTES="60",
        )

        assert defaults == {
            "AXES_FAILURE_LIMIT": 5,
            "LOGIN_FAILURES_PER_ADDRESS": 20,
            "AXES_COOLOFF_TIME": "0:15:00",
        }
        assert tuned == {
            "AXES_FAILURE_LIMIT": 3,
            "LOGIN_FAILURES_PER_ADDRESS": 50,
            "AXES_COOLOFF_TIME": "1:00:00",
        }
