"""The default site record follows the portal's public address (settings.BASE_URL) and is
named after the portal (WAGTAIL_SITE_NAME) until an administrator names it otherwise.

Wagtail makes every absolute page URL from the site record that serves the page: the API's
result links, feeds, the sitemap, calendars and the page links in emails. A record left at the
host and port the first migration gave it would send all of those to an address the portal does
not run on.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def follow_base_url(base_url=None, using=DEFAULT_DB_ALIAS):
    """Give the default site the host and port of `base_url` (settings.BASE_URL when None), and
    the portal's name if it has none: the admin's dashboard is headed by it, not by the host.
    Saved only when something changes, so that a migrate leaves the page cache alone."""
    address = urlsplit(base_url or settings.BASE_URL)
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return
    wanted = {
        "hostname": address.hostname,
        "port": address.port or DEFAULT_PORTS[address.scheme],
        "site_name": site.site_name or settings.WAGTAIL_SITE_NAME,
    }
    if all(getattr(site, name) == value for name, value in wanted.items()):
        return
    for name, value in wanted.items():
        setattr(site, name, value)
    site.save(using=using)


def follow_base_url_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    follow_base_url(using=using)
