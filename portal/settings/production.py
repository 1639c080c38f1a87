"""Production: every secret and host from the environment, hardened transport and cookies."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

# Static files with hashed names, so every app server serves them with a long lifetime; the
# uploads stay where base put them (MEDIA_ROOT, or S3_BUCKET's bucket).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer asks each app server directly, over plain HTTP (portal/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "SAMEORIGIN"
PORTAL_DEMO_USERS = False

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's live preview shows the page in a same-origin frame, so DENY would break it.
    "security.W019",
    # HSTS preloading is hard to undo; it is an operator's decision (SECURE_HSTS_PRELOAD).
    "security.W021",
]
