"""Caching for speed without stale pages: one content generation, the site's structure, and
whole pages for anonymous visitors.

Everything stored here is keyed on the current *content generation*, a token that changes
whenever published content changes (publish, unpublish, move, delete, privacy, taxonomy; see
``register_signal_handlers``) and when a live page passes its expiry time (see
``end_generation_after_expiry``). Changing it makes every stored page and structure unreachable
at once, so the next request after a publish is built afresh. Old entries simply expire.
"""

import hashlib
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.http import urlencode

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .transactions import on_commit_once

GENERATION_KEY = "portal:content-generation"
CACHEABLE_ATTRIBUTE = "portal_cacheable"
QUERY_ATTRIBUTE = "portal_cache_query"
# A response header telling whether the page came from the cache: for operators and the tests.
CACHE_HEADER = "X-Portal-Cache"
# A generation's site structure is dropped after this long even if content never changes.
STRUCTURE_CACHE_SECONDS = 3600


def _new_token():
    # When the generation began, for end_generation_after_expiry.
    return f"{uuid.uuid4().hex}-{time.time():.6f}"


def content_generation():
    """The current generation token; made on first use, kept until content changes."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_token(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def new_generation():
    cache.set(GENERATION_KEY, _new_token(), timeout=None)


def _start_of(generation):
    try:
        return datetime.fromtimestamp(float(generation.rpartition("-")[2]), tz=UTC)
    except ValueError:
        return None


def end_generation_after_expiry():
    """Start a new generation once a live page has passed its expiry time.

    Listings, feeds and the menu leave out expired pages (PortalPageQuerySet.live), but what
    was stored before the expiry time still shows them, and nothing is saved when that time
    comes: Wagtail unpublishes the page, which does start a new generation, only when the
    scheduled publishing worker runs. So the first request after the expiry time of a page
    that was live when the generation began starts a new one. Found with one query per
    generation; every request after that reads it from the cache.
    """
    generation = content_generation()
    start = _start_of(generation)
    if start is None:  # a token from before generations knew their start
        new_generation()
        return
    key = f"portal:{generation}:next-expiry"
    stored = cache.get(key)
    if stored is None:
        expiry = Page.objects.filter(live=True, expire_at__gt=start).aggregate(
            next=Min("expire_at")
        )["next"]
        stored = (expiry,)
        cache.set(key, stored, timeout=STRUCTURE_CACHE_SECONDS)
    if stored[0] is not None and stored[0] <= timezone.now():
        new_generation()


def content_changed(**kwargs):
    """Start a new generation now, and again once the change is committed.

    Now, so this process's next request no longer sees the old content; after the commit, so a
    page another request built in between from the not yet committed state is dropped too.
    """
    new_generation()
    on_commit_once(new_generation)


def page_saved(sender, instance, raw=False, **kwargs):
    if isinstance(instance, Page) and not raw:
        content_changed()


def register_signal_handlers():
    """Every change a visitor's page could show starts a new generation."""
    from communities.models import BuildingBlock, CommunityRole, Person, SelfEvaluation

    from .models import Organisation, Region, Sector, Theme

    # Any saved page, not only a published one: scripts and Wagtail itself also save live pages
    # directly. A draft saved in the admin ends the generation too, which costs little.
    post_save.connect(page_saved, dispatch_uid="portal-cache-page-saved")
    page_published.connect(content_changed, dispatch_uid="portal-cache-published")
    page_unpublished.connect(content_changed, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="portal-cache-moved")
    # Deleting a page deletes its specific row too; Page itself is enough to hear it.
    post_delete.connect(content_changed, sender=Page, dispatch_uid="portal-cache-page-deleted")
    # Shown on pages without being pages: terms, organisations, people and their roles, the
    # monitor's evaluations and building blocks, sites, and who may see which page.
    for model in (
        Theme,
        Sector,
        Region,
        Organisation,
        Person,
        CommunityRole,
        SelfEvaluation,
        BuildingBlock,
        Site,
        PageViewRestriction,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"portal-cache-{model._meta.label}"
            )


def cached(name, build, timeout=STRUCTURE_CACHE_SECONDS):
    """`build()`'s value stored under `name` until content changes; `build` must not return None.

    For what depends on published content alone, not on time or on who asks.
    """
    key = f"portal:{content_generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value


def mark_cacheable(response):
    """Let the page cache keep this response for anonymous visitors (see wagtail_hooks)."""
    setattr(response, CACHEABLE_ATTRIBUTE, True)
    return response


def note_query(request, accepted):
    """Tell the page cache which query parameters the response is built from.

    `accepted` maps each parameter the caller read to the value it accepted, in the one spelling
    that means it ("" for none). Whoever reads a parameter notes it; the page cache stores a
    response only when its query string holds exactly these values (see query_is_canonical),
    so only the pages the portal can really show fill the cache, however visitors spell their
    query strings or whatever they add to them.
    """
    request.__dict__.setdefault(QUERY_ATTRIBUTE, {}).update(accepted)


def given_query(request):
    """The query string's non-empty parameters as (name, value) pairs, sorted."""
    return sorted(
        (name, value) for name, values in request.GET.lists() for value in values if value
    )


def query_is_canonical(request):
    """Whether every parameter of the request was read and its value accepted as given.

    An empty value counts as none, as for the filter forms, but only for a parameter the page
    reads. One that no code noted, an invalid or out-of-range value, another spelling of a valid
    one, free text, or a parameter given twice: the response is served but not stored.
    """
    noted = getattr(request, QUERY_ATTRIBUTE, {})
    for name, values in request.GET.lists():
        if name not in noted:
            return False
        given = [value for value in values if value]
        if given != ([noted[name]] if noted[name] else []):
            return False
    return True


def _find_site(hostname, port):
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return (None,)
    # Routing starts from the root page as its specific type: store that, not the bare page.
    site.root_page = site.root_page.specific
    return (site,)


class SiteLookupMiddleware:
    """Find the request's Wagtail site, with its root page, from the cache.

    Wagtail looks the site up in the database on every request, then loads its root page:
    two queries before routing starts. The site is stored until content changes (a saved
    site starts a new generation) and handed to Wagtail the way Site.find_for_request keeps
    it on the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # As Site._find_for_request: the raw host, so ALLOWED_HOSTS is left to Django.
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        (request._wagtail_site,) = cached(
            f"site:{hostname}:{port}", lambda: _find_site(hostname, port)
        )
        return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors a stored copy of a public page while its content is current.

    Only responses a view marked with ``mark_cacheable`` are stored: Wagtail pages without view
    restrictions. A request with a session or a pending message is never served from the cache,
    and a response that sets a cookie (a form's CSRF token) or forbids caching is never stored;
    nor one whose query string holds anything the page did not read and accept (note_query).
    """

    no_store_directives = {"private", "no-cache", "no-store"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Static files are WhiteNoise's, with caching headers of their own.
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        # For every request, logged in or not: the site structure is stored per generation too.
        end_generation_after_expiry()
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.key_for(request)
        stored = cache.get(key)
        if stored is not None:
            return self.rebuild(stored)
        response = self.get_response(request)
        if self.may_store(response) and query_is_canonical(request):
            cache.set(key, self.freeze(response), timeout=settings.PAGE_CACHE_SECONDS)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def key_for(request):
        # The host and scheme too: absolute links (canonical, og:url) are part of the page.
        # The query string normalised: ?a=1&b=2 is ?b=2&a=1, and an empty filter is no filter.
        # Hashed, since a query string can make a URL longer than a cache key may be.
        query = urlencode(given_query(request))
        url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        return f"portal:{content_generation()}:page:{hashlib.sha256(url.encode()).hexdigest()}"

    def may_store(self, response):
        if not getattr(response, CACHEABLE_ATTRIBUTE, False):
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        directives = {
            directive.split("=")[0].strip().lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not (directives & self.no_store_directives) and get_max_age(response) != 0

    @staticmethod
    def freeze(response):
        return (response.status_code, list(response.items()), response.content)

    @staticmethod
    def rebuild(stored):
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[CACHE_HEADER] = "hit"
        return response
