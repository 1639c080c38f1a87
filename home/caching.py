"""Caching for speed without stale pages: one content generation, the site's structure, and
whole pages for anonymous visitors.

Everything stored here is keyed on the current *content generation*, a token that changes
whenever published content changes (publish, unpublish, move, delete, privacy, taxonomy; see
``register_signal_handlers``) and when a live page passes its expiry time (see
``_make_generation``). Changing it makes every stored page and structure unreachable
at once, so the next request after a publish is built afresh. Old entries simply expire.
"""

import hashlib
import pickle
import time
import uuid
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.http import urlencode

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .transactions import on_commit_once
from .wagtail_overrides import use_stored_site

# Versioned: processes of the release before, still serving during a deploy, keep a plain
# token under the old key.
GENERATION_KEY = "portal:content-generation:2"
CACHEABLE_ATTRIBUTE = "portal_cacheable"
QUERY_ATTRIBUTE = "portal_cache_query"
# A response header telling whether the page came from the cache: for operators and the tests.
CACHE_HEADER = "X-Portal-Cache"
# A generation's site structure is dropped after this long even if content never changes.
STRUCTURE_CACHE_SECONDS = 3600
# What newsletters, ads and social media add to links to the portal. No page reads them; they
# are for the visitor's browser and analytics, and left out of what the page is built from.
TRACKING_PARAMETERS = frozenset(
    {
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "fbclid",
        "gclid",
        "mc_cid",
        "mc_eid",
    }
)


class Generation(NamedTuple):
    token: str
    started_at: datetime
    # The first expiry time of a live page after the start, or STRUCTURE_CACHE_SECONDS after it.
    ends_at: datetime


# The generation the current request works with, read once (AnonymousPageCacheMiddleware sets
# a holder per request; outside a request every use reads the cache).
_request_generation = ContextVar("portal_request_generation", default=None)


def _make_generation():
    """A new generation, ending when the first live page expires.

    Listings, feeds and the menu leave out expired pages (PortalPageQuerySet.live), but what was
    stored before the expiry time still shows them, and nothing is saved when that time comes:
    Wagtail unpublishes the page, which does start a new generation, only when the scheduled
    publishing worker runs. So the generation ends at the first expiry time, found with one
    query when it is made. It ends after an hour at the latest, so an expiry time set without a
    signal (a queryset update, a transaction rolled back after the query) counts within the hour,
    as the site structure stored under the generation expires then anyway.
    """
    started_at = timezone.now()
    ends_at = started_at + timedelta(seconds=STRUCTURE_CACHE_SECONDS)
    expiry = Page.objects.filter(live=True, expire_at__gt=started_at).aggregate(
        next=Min("expire_at")
    )["next"]
    if expiry is not None:
        ends_at = min(ends_at, expiry)
    return Generation(uuid.uuid4().hex, started_at, ends_at)


def _stored_generation():
    """The generation in the cache; a new one when there is none or the stored one has ended.

    Another process may make one at the same moment: the first stored wins. A cache that keeps
    nothing (CACHE_URL=dummy://), or drops the entry at once, gets a generation of this call's
    own, so nothing stored under it is ever found again.
    """
    stored = cache.get(GENERATION_KEY)
    if stored is not None:
        generation = Generation(*stored)
        if generation.ends_at > timezone.now():
            return generation
        cache.delete(GENERATION_KEY)
    made = _make_generation()
    cache.add(GENERATION_KEY, tuple(made), timeout=None)
    stored = cache.get(GENERATION_KEY)
    return made if stored is None else Generation(*stored)


def current_generation():
    """The current generation; within a request the one read when the request first asked."""
    holder = _request_generation.get()
    if holder is None:
        return _stored_generation()
    if not holder:
        holder.append(_stored_generation())
    return holder[0]


def content_generation():
    """The current generation's token, which every stored key holds."""
    return current_generation().token


def new_generation():
    """End the current generation; the next use makes a new one."""
    cache.delete(GENERATION_KEY)
    holder = _request_generation.get()
    if holder is not None:
        holder.clear()


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
    """Every change a visitor's page could show starts a new generation.

    Pages, this app's terms, organisations and footer, sites, who may see which page, images and
    documents; the apps above add the models of their own that pages show (watch_models).
    """
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from .models import Organisation, Region, Sector, Theme
    from .site_settings import FooterSettings

    # Any saved page, not only a published one: scripts and Wagtail itself also save live pages
    # directly. A draft saved in the admin ends the generation too, which costs little.
    post_save.connect(page_saved, dispatch_uid="portal-cache-page-saved")
    page_published.connect(content_changed, dispatch_uid="portal-cache-published")
    page_unpublished.connect(content_changed, dispatch_uid="portal-cache-unpublished")
    post_page_move.connect(content_changed, dispatch_uid="portal-cache-moved")
    # Deleting a page deletes its specific row too; Page itself is enough to hear it.
    post_delete.connect(content_changed, sender=Page, dispatch_uid="portal-cache-page-deleted")
    # Shown on pages without being pages: terms, organisations, sites, who may see which page,
    # and the footer every page has.
    watch_models(Theme, Sector, Region, Organisation, Site, PageViewRestriction, FooterSettings)
    # And the images and documents pages show: a title, a file replaced, one deleted.
    for model in (get_image_model(), get_document_model()):
        post_save.connect(
            media_saved, sender=model, dispatch_uid=f"portal-cache-{model._meta.label}"
        )
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"portal-cache-{model._meta.label}-gone"
        )


# What Wagtail writes down about an image's or a document's file the first time a page shows
# its size or needs its hash: nothing a visitor sees changes.
FILE_FACTS = frozenset({"file_size", "file_hash"})


def media_saved(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= FILE_FACTS:
        return
    content_changed()


def watch_models(*models):
    """Start a new generation whenever a row of one of `models` is saved or deleted.

    For what pages show without being pages. Each app calls it for its own models from its
    AppConfig.ready, so that this app, at the bottom, needs to know none of them.
    """
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"portal-cache-{model._meta.label}"
            )


# What cached() read in this process, pickled, for the current generation only:
# (generation token, {name: (monotonic expiry, pickled value)}), replaced whole by one
# assignment, so a thread still on an older generation never writes into a newer one's values.
_process_values = (None, {})
# Bounds the names stored per keyed lookup (related pages, search counts); more are read from the
# shared cache each time.
MAX_PROCESS_VALUES = 2000


def cached(name, build, timeout=STRUCTURE_CACHE_SECONDS, in_process=True):
    """`build()`'s value stored under `name` until content changes; `build` must not return None.

    For what depends on published content alone, not on time or on who asks.

    A page reads a dozen such values. The shared cache (a file, or a server) is read for each
    once per process and generation; after that the process unpickles its own copy, which
    costs a fraction of the read and still gives every caller an object of its own to change.
    `in_process=False` reads the shared cache every time: for values there are as many of as
    pages, such as the stored parts of pages, which would fill every process's memory.
    """
    global _process_values
    generation = content_generation()
    stored_generation, values = _process_values
    if stored_generation != generation:
        values = {}
        _process_values = (generation, values)
    stored = values.get(name)
    if stored is not None and stored[0] > time.monotonic():
        return pickle.loads(stored[1])
    key = f"portal:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    if in_process and len(values) < MAX_PROCESS_VALUES:
        values[name] = (time.monotonic() + timeout, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
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
    """The query string's non-empty parameters as (name, value) pairs, sorted.

    None when a parameter is given more than once: which of its values counts is up to the
    code that reads it, so such a request is neither served from the cache nor stored.
    """
    if any(len(values) > 1 for _, values in request.GET.lists()):
        return None
    return sorted((name, value) for name, value in request.GET.items() if value)


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


def leave_out_tracking(request):
    """Take the tracking parameters out of the request; return them, urlencoded, or "".

    The page is then built as for its plain address and can be stored and served as that: also
    what it echoes of its own query string (the language switch, pagination links) holds no
    visitor's tracking code. The browser keeps the full address for its analytics.
    """
    tracking = [
        (name, value)
        for name, values in request.GET.lists()
        if name in TRACKING_PARAMETERS
        for value in values
    ]
    if not tracking:
        return ""
    rest = request.GET.copy()
    for name in TRACKING_PARAMETERS:
        rest.pop(name, None)
    query = rest.urlencode()
    request.GET = QueryDict(query, encoding=request.GET.encoding)
    # A copy: request.environ, which the server may log, keeps what was asked.
    request.META = {**request.META, "QUERY_STRING": query}
    return urlencode(tracking)


def with_tracking(location, tracking):
    """A redirect's target with the tracking parameters left out of the request put back."""
    scheme, netloc, path, query, fragment = urlsplit(location)
    query = f"{query}&{tracking}" if query else tracking
    return urlunsplit((scheme, netloc, path, query, fragment))


# Cookies a visitor gets by an action of their own that change what pages show them (a result's
# "Je hebt dit gebruikt"); the apps above register theirs (register_personal_cookie).
_personal_cookies = set()


def register_personal_cookie(name):
    """A visitor with the cookie `name` is never served a stored page, nor is theirs stored."""
    _personal_cookies.add(name)


class SiteLookupMiddleware:
    """Find the request's Wagtail site, with its root page, from the cache, before Wagtail
    looks it up in the database (home.wagtail_overrides.use_stored_site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The load balancer's checks need no site, and must not depend on the cache for one.
        if request.path_info not in settings.HEALTH_CHECK_PATHS:
            use_stored_site(request)
        return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors a stored copy of a public page while its content is current.

    Only responses a view marked with ``mark_cacheable`` are stored: Wagtail pages without view
    restrictions. A request with a session, a pending message or a personal cookie
    (register_personal_cookie) is never served from the cache, and a response that sets a
    cookie (a form's CSRF token) or forbids caching is never stored; nor one whose query string
    holds anything the page did not read and accept (note_query). A parameter given twice is
    never looked up either; tracking parameters (TRACKING_PARAMETERS) are left out, so a link
    from a newsletter gets the stored page.
    """

    no_store_directives = {"private", "no-cache", "no-store"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Static files are WhiteNoise's, with caching headers of their own.
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        # Whatever reads the generation during this request (the page's key, the stored site
        # structure, for every visitor) reads it once; a change made meanwhile drops it.
        request_scope = _request_generation.set([])
        try:
            return self.respond(request)
        finally:
            _request_generation.reset(request_scope)

    def respond(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        tracking = leave_out_tracking(request)
        key = self.key_for(request)
        if key is None:
            response = self.get_response(request)
        else:
            stored = cache.get(key)
            if stored is not None:
                return self.rebuild(stored)
            response = self.get_response(request)
            if self.may_store(response) and query_is_canonical(request):
                cache.set(key, self.freeze(response), timeout=settings.PAGE_CACHE_SECONDS)
                response[CACHE_HEADER] = "miss"
        if tracking and response.has_header("Location"):
            response["Location"] = with_tracking(response["Location"], tracking)
        return response

    @staticmethod
    def applies_to(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and request.path_info not in settings.HEALTH_CHECK_PATHS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and _personal_cookies.isdisjoint(request.COOKIES)
        )

    @staticmethod
    def key_for(request):
        """The page's key in the cache, or None when its query string cannot have one.

        The host and scheme too: absolute links (canonical, og:url) are part of the page.
        The query string normalised: ?a=1&b=2 is ?b=2&a=1, and an empty filter is no filter.
        Hashed, since a query string can make a URL longer than a cache key may be.
        """
        query = given_query(request)
        if query is None:
            return None
        url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(query)}"
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
