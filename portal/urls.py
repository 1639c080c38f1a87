"""The portal's URLs: admin, documents, search and the page tree; English under /en/."""

import posixpath
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import include, path, re_path
from django.views import static

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import get_document_model
from wagtail.documents import urls as wagtaildocs_urls

from communities import admin_urls as communities_admin_urls
from home import views as home_views
from portal import health
from resources import feeds
from resources import views as resources_views
from search import urls as search_urls
from search import views as search_views

urlpatterns = [
    # First: the admin screens where Wagtail would name other communities' hidden pages.
    path("admin/", include(communities_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # For the load balancer (portal/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/search/", search_views.search_api, name="search_api"),
]


def serve_media(request, file_path):
    """Uploaded images in development; documents only ever through /documenten/.

    Wagtail's document view checks a document's collection privacy, which a plain file
    server cannot (docs/deployment.md).
    """
    documents_folder = get_document_model()._meta.get_field("file").upload_to
    # Normalised as the file server will, so images/../documents/ is no way round.
    if posixpath.normpath(file_path).lstrip("/").split("/")[0] == documents_folder:
        raise Http404
    return static.serve(request, file_path, document_root=settings.MEDIA_ROOT)


def media_urlpatterns():
    """Django's static() for MEDIA_URL, with the documents folder left out."""
    if urlsplit(settings.MEDIA_URL).netloc:
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<file_path>.*)$", serve_media)]


if settings.DEBUG:
    urlpatterns += media_urlpatterns()

# Dutch pages live at the root; English chrome under /en/.
urlpatterns += i18n_patterns(
    path("zoeken/", include(search_urls)),
    path("account/", include("communities.urls")),
    path("gesprekken/", include("exchange.discussions.urls")),
    path("volgen/", include("exchange.following.urls")),
    path("gebruikt/<int:page_id>/", resources_views.report_reuse, name="report_reuse"),
    path("feeds/verhalen/", feeds.StoryFeed(), name="story_feed"),
    path("feeds/verhalen/atom/", feeds.StoryAtomFeed(), name="story_atom_feed"),
    path("feeds/resultaten/", feeds.ResultFeed(), name="result_feed"),
    path("feeds/resultaten/atom/", feeds.ResultAtomFeed(), name="result_atom_feed"),
    # A page's calendar, <page URL>agenda.ics: Wagtail's page URLs allow no dot, so these go to
    # Wagtail's serve view here, which routes them to the page's "calendar" route.
    re_path(r"^((?:[\w\-]+/)+agenda\.ics)$", wagtail_views.serve, name="page_calendar"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
