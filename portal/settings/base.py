"""Settings shared by every environment; everything site-specific comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    """Read a setting from the environment, treating an empty value as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def public_base_url(value):
    """`value` as the portal's public address: scheme and host (and port), nothing after them;
    without its trailing slash."""
    address = urlsplit(value)
    try:
        port_allowed = address.port is None or address.port > 0
    except ValueError:  # not a number, or beyond 65535
        port_allowed = False
    if (
        not port_allowed
        or address.scheme not in ("http", "https")
        or not address.hostname
        or address.username
        or address.path not in ("", "/")
        or address.query
        or address.fragment
    ):
        raise ImproperlyConfigured(
            f"BASE_URL must be the portal's public address, such as "
            f"https://leergemeenschappen.nl or http://127.0.0.1:8000, not {value!r}."
        )
    return f"{address.scheme}://{address.netloc}"


# The one public address of the portal: every absolute link (the API's results, feeds, the
# sitemap, calendars, emails, the admin's own links) is made from it, and the default site
# record follows it on every migrate (home.sites.follow_base_url).
BASE_URL = public_base_url(env("BASE_URL", "http://127.0.0.1:8000"))
if env("WAGTAILADMIN_BASE_URL"):
    # The admin's address was a setting of its own once; two could disagree.
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL is now BASE_URL, the portal's one public address: rename it."
    )

INSTALLED_APPS = [
    "home",
    "communities",
    "resources",
    "search",
    "exchange",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # wagtail-modeladmin builds its list filters on Django admin's; the Django admin site itself
    # is not routed.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so a stored page skips everything below; it stores what all of them made of it.
    "home.caching.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy: browser features the portal never uses stay off (PERMISSIONS_POLICY).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below the page cache, so a stored page keeps its policy; below WhiteNoise, since static
    # files need none. Picks the admin's policy under /admin/ (CONTENT_SECURITY_POLICY below).
    "home.security_headers.PortalCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session passed the second factor (request.user.is_verified()), and the
    # redirect to it for those who need it (communities.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "communities.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An upload the object storage did not take gets a page that says so (home.storage).
    "home.storage.StorageUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.caching.SiteLookupMiddleware",
    # Last, as django-axes asks: it turns a login refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:5432/name); SQLite when unset.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request uses it: after a database restart the
        # app server opens a new one instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server settings for the portal's sessions. JIT compilation is off by default: PostgreSQL
    # compiles a query whose estimated cost passes jit_above_cost, which the search's facet
    # counts do, and compiling took longer than running them (docs/performance.md). Set it
    # empty behind a connection pooler that refuses startup options.
    _database_options = os.environ.get("DATABASE_OPTIONS", "-c jit=off")
    if _database_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = _database_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first; English through the catalogues in locale/.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = env("STATIC_URL", "/static/")
# Files served at the site's root by WhiteNoise, for what browsers ask there by name
# (/favicon.ico, drawn from static/images/favicon.svg).
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = env("MEDIA_URL", "/media/")


def media_storage_settings(bucket, endpoint_url=None, access_key=None, secret_key=None, **extra):
    """The storage of uploaded images and documents: MEDIA_ROOT on this machine, or with a
    bucket an S3-compatible object store every app server shares (home.object_storage; install
    the "s3" extra). endpoint_url names an S3-compatible server other than Amazon's."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    return {
        "BACKEND": "home.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # A document read for a download spools to disk beyond this, not into memory.
            "max_memory_size": 2 * 1024 * 1024,
            "client_config": Config(
                # Other S3-compatible servers know buckets by path, not by host name.
                s3={"addressing_style": "path" if endpoint_url else "auto"},
                # Only what the request needs: S3-compatible servers refuse the newer checksums.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                # A store that does not answer fails the request, not the app server's workers.
                connect_timeout=2,
                read_timeout=20,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
            **extra,
        },
    }


S3_BUCKET = env("S3_BUCKET")
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL")
STORAGES = {
    "default": media_storage_settings(
        S3_BUCKET,
        S3_ENDPOINT_URL,
        env("S3_ACCESS_KEY_ID"),
        env("S3_SECRET_ACCESS_KEY"),
        region_name=env("S3_REGION") or None,
        public_read_acl=env_bool("S3_PUBLIC_READ_ACL", True),
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if S3_BUCKET and not urlsplit(MEDIA_URL).netloc:
    # Images are linked where the bucket serves them to anyone (home.object_storage).
    if not S3_ENDPOINT_URL:
        raise ImproperlyConfigured(
            "With S3_BUCKET, MEDIA_URL must be the absolute address the bucket's images are "
            "public at, such as https://media.example.org/."
        )
    MEDIA_URL = f"{S3_ENDPOINT_URL.rstrip('/')}/{S3_BUCKET}/"

# --- Caching (docs/performance.md) ---
# CACHE_URL: file:///a/folder (the default, in .tmp/cache), redis://host:6379/0 (install the
# "redis" extra), or dummy:// to switch every cache off. The processes serving the portal must
# share it, so the in-memory cache is not offered.
CACHE_URL = env("CACHE_URL", f"file://{BASE_DIR / '.tmp' / 'cache'}")


def cache_settings(url):
    from urllib.parse import urlsplit

    scheme = urlsplit(url).scheme
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": urlsplit(url).path,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if scheme in {"redis", "rediss"}:
        # Django's Redis cache, serving uncached while Redis is down (home.cache_backends).
        return {"BACKEND": "home.cache_backends.FailSafeRedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL scheme must be one of dummy, file, redis, rediss, not {scheme!r}."
    )


CACHES = {"default": cache_settings(CACHE_URL)}
# How long anonymous visitors may get a stored copy of a page. Publishing anything ends every
# stored copy at once (home.caching), so this only bounds what changes with time alone, such as
# which events are still upcoming. 0 switches the page cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# The load balancer's checks (portal/health.py): the page cache and the stored site lookup
# leave them alone, so that they answer whatever state the cache and the database are in.
HEALTH_CHECK_PATHS = ("/healthz", "/readyz")
# How long the parts of a page that depend on published content alone ({% stored %} in the
# page templates) are kept, for every visitor, logged in or not; they too end with any publish.
# 0 renders them on every request.
PAGE_PART_SECONDS = int(env("PAGE_PART_SECONDS", "3600"))

# How many reverse proxies of our own stand before the application. The public forms' rate
# limits count per visitor's address; behind proxies REMOTE_ADDR is the nearest proxy's, and
# the visitor's is the entry this many places from the end of X-Forwarded-For (home.abuse).
TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0"))

# Email: EMAIL_URL such as smtp://user:pass@host:587?tls=true or console://.
EMAIL_URL = env("EMAIL_URL", "console://")


def _email_settings(url):
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be one of {', '.join(sorted(backends))}, not {parts.scheme!r}."
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "EMAIL_BACKEND": backends[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", "").lower() in {"1", "true", "yes"},
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


globals().update(_email_settings(EMAIL_URL))
# Seconds a mail server may take to answer: one that hangs must not hold up the mail worker.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Leergemeenschappen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Search (docs/search.md) ---
# Search: SEARCH_BACKEND selects the engine (database, opensearch2, opensearch3,
# elasticsearch8, elasticsearch9) and SEARCH_URL points at it.
SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
SEARCH_URL = env("SEARCH_URL")
# Wagtail's engine backends, whose new indices get the portal's own words (search.engine).
SEARCH_BACKENDS = {
    "database": "wagtail.search.backends.database",
    "opensearch2": "search.engine.opensearch2",
    "opensearch3": "search.engine.opensearch3",
    "elasticsearch8": "search.engine.elasticsearch8",
    "elasticsearch9": "search.engine.elasticsearch9",
}
# The Dutch word list the engine splits compounds with, as a path relative to the config
# directory of every node (scripts/search-engine installs it there locally); empty where the
# nodes have none. DUTCH_WORD_LIST is the same list on this machine, for the portal itself.
SEARCH_COMPOUND_WORDS = env("SEARCH_COMPOUND_WORDS", "")
DUTCH_WORD_LIST = env("DUTCH_WORD_LIST", str(BASE_DIR / ".cache" / "dutch-words" / "nl-words.txt"))


# PostgreSQL's own Dutch text search configuration: stemming and stop words for the database
# backend (SQLite, the embedded default, has no such thing and ignores it).
DATABASE_SEARCH = {"BACKEND": SEARCH_BACKENDS["database"], "SEARCH_CONFIG": "dutch"}


# Copies of each shard of the engine's indices on other nodes; one keeps every index whole
# when a node of a cluster is lost (a single node leaves them unassigned, which is harmless).
SEARCH_REPLICAS = int(env("SEARCH_REPLICAS", "1"))


def engine_search_settings(backend, url, index_prefix=None):
    """One engine backend: Dutch analysis, its own index names, and a short timeout."""
    from search.analysis import index_settings

    # Several nodes of one cluster, comma-separated: the client spreads requests over them.
    urls = [part.strip() for part in (url or "").split(",") if part.strip()]
    if not urls:
        raise ImproperlyConfigured(f"SEARCH_BACKEND={backend} needs SEARCH_URL.")
    settings = index_settings(compound_words=SEARCH_COMPOUND_WORDS)
    # A copy of every shard on another node, so a cluster serves on when a node is lost.
    settings["settings"].setdefault("index", {})["number_of_replicas"] = SEARCH_REPLICAS
    return {
        "BACKEND": SEARCH_BACKENDS[backend],
        "URLS": urls,
        "INDEX_PREFIX": index_prefix or env("SEARCH_INDEX_PREFIX", "portal_"),
        "TIMEOUT": int(env("SEARCH_TIMEOUT", "5")),
        "ATOMIC_REBUILD": True,
        "INDEX_SETTINGS": settings,
        # Fail fast: when the engine is down, search falls back and the outbox retries later.
        # A node that refuses the connection is passed over for the next one, never a timeout.
        "OPTIONS": {"max_retries": len(urls) - 1, "retry_on_timeout": False},
    }


def _search_settings(backend, url):
    if backend not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, not {backend!r}."
        )
    if backend == "database":
        return {"default": DATABASE_SEARCH}
    # The database index is kept too, so search can answer from it when the engine is down.
    # The engine is fed through the outbox (search.indexing), not by Wagtail's own signals.
    return {
        "default": {**engine_search_settings(backend, url), "AUTO_UPDATE": False},
        "fallback": DATABASE_SEARCH,
    }


WAGTAILSEARCH_BACKENDS = _search_settings(SEARCH_BACKEND, SEARCH_URL)
# Backends whose updates go through the durable outbox.
SEARCH_OUTBOX_BACKENDS = [] if SEARCH_BACKEND == "database" else ["default"]

# Search by meaning beside the words (search/semantic): off, search uses words alone.
SEMANTIC_SEARCH = env_bool("SEMANTIC_SEARCH", True)
# Where the database backend's vector index of a large portal is written once and mapped by
# every process of the server (search.semantic.vectors.build_snapshot): local to the server.
VECTOR_INDEX_DIR = Path(env("VECTOR_INDEX_DIR", BASE_DIR / ".tmp" / "vectors"))

# --- End of search ---

# Wagtail
WAGTAIL_SITE_NAME = "Leergemeenschappen"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Every document goes through Wagtail's view, which checks its collection's privacy (a
# community's workspace files); never a link straight into media storage (docs/deployment.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The upload forms start in the uploader's community's collection and say what is public.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "communities.media.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "communities.media.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Discussions in the workspaces (exchange.discussions): how long an author may still edit a
# post, how many posts and reports one person may send an hour, and their attachments.
DISCUSSION_EDIT_MINUTES = int(env("DISCUSSION_EDIT_MINUTES", "60"))
DISCUSSION_POSTS_PER_HOUR = int(env("DISCUSSION_POSTS_PER_HOUR", "30"))
DISCUSSION_REPORTS_PER_HOUR = int(env("DISCUSSION_REPORTS_PER_HOUR", "10"))
DISCUSSION_ATTACHMENTS = 5
DISCUSSION_ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024
# Follows by email (exchange.following): new ones an hour from one address, and for one email.
FOLLOWS_PER_ADDRESS = int(env("FOLLOWS_PER_ADDRESS", "20"))
FOLLOWS_PER_EMAIL = int(env("FOLLOWS_PER_EMAIL", "10"))

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Members log in on the public site; editors may use the same form or the admin's own.
LOGIN_URL = "account:login"
LOGIN_REDIRECT_URL = "account:my_communities"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/account/inloggen/"
# The admin's login form, which takes control characters out of what is typed, as every
# public form does (home.abuse.CleanTextForm).
WAGTAILADMIN_USER_LOGIN_FORM = "communities.forms.AdminLoginForm"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# --- Logins: lockout and two-factor authentication (README: Logins) ---
# django-axes counts failed logins on both login forms. It refuses an account after
# LOGIN_FAILURES_PER_ACCOUNT failures and an address after LOGIN_FAILURES_PER_ADDRESS (higher:
# a school's pupils and staff share one address) for LOGIN_LOCKOUT_MINUTES after the last one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(env("LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "communities.lockout.LoginLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True
# The same address the public forms' rate limits count, TRUSTED_PROXIES included; an IPv6
# address counts as its /64 network, which one home or office gets whole.
AXES_CLIENT_IP_CALLABLE = "communities.lockout.lockout_address"
AXES_LOCKOUT_CALLABLE = "communities.lockout.lockout_response"
# Axes' records live in the Django admin, which the portal does not route.
AXES_ENABLE_ADMIN = False
# Logs name neither the account nor the address (docs/privacy.md).
AXES_VERBOSE = False
# Editors and administrators must use a second factor (an authenticator app, with recovery
# codes); everyone else may. Only the dev settings let the environment switch this off.
REQUIRE_TWO_FACTOR = True
OTP_TOTP_ISSUER = "Leergemeenschappen"

# Workflow notifications (submitted, approved, changes requested) go by email.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# Avatars are uploaded pictures or Wagtail's default one: Gravatar would tell a third party
# which addresses use the admin, and the admin's Content-Security-Policy allows no images from it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Content-Security-Policy (django-csp, home.security_headers) ---


def url_origins(*urls):
    """The origins of those URLs that point at another host, such as a CDN for STATIC_URL."""
    from urllib.parse import urlsplit

    origins = []
    for parts in map(urlsplit, urls):
        if parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc)
    return origins


# The public site runs no inline script and no inline style: every script and stylesheet is a
# static file. No nonce either: the page cache hands one stored response to many visitors, and a
# nonce is only worth anything when it is new for each response.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *url_origins(STATIC_URL)],
        "style-src": [SELF, *url_origins(STATIC_URL)],
        "img-src": [SELF, *url_origins(STATIC_URL, MEDIA_URL)],
        # Embedded media come in a frame from whichever oEmbed provider an editor chose (video
        # sites, slide decks); a frame from another origin cannot reach into the page.
        "frame-src": ["https:"],
        # Wagtail's live preview shows the page in a frame of the admin (X_FRAME_OPTIONS too).
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        # object-src stays at default-src 'self': Chromium shows a PDF document inline as a
        # plugin, and 'none' would leave that page blank.
    }
}
# The admin's policy, for every URL under /admin/. Wagtail 8's admin writes inline scripts (date
# pickers, inline panels) without a nonce and its editors insert style elements; it previews
# uploads from blob: and data: URLs, frames the live preview with the page's embedded media, and
# lets superusers' browsers ask Wagtail's release server for a newer version.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE, *url_origins(STATIC_URL)],
        # Wagtail uses no inline event handlers, so injected ones stay refused.
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE, *url_origins(STATIC_URL)],
        "img-src": [SELF, "data:", "blob:", *url_origins(STATIC_URL, MEDIA_URL)],
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, "https:"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}

# Browser features the portal never asks for, switched off for the page and every frame in it.
# Fullscreen, autoplay, encrypted media and picture-in-picture stay as browsers default them:
# the video players of embedded media delegate those to their frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django gives its own logger a console handler of its own when DEBUG is on; with the
        # root's as well, the development server printed every line twice.
        "django": {"handlers": [], "level": LOG_LEVEL},
        "django.db.backends": {"level": "INFO"},
        # One line per background task drowns everything else at INFO.
        "django_tasks": {"level": "WARNING"},
        # The engine clients log every request at INFO, a line per indexed page.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}
