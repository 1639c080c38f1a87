"""Views of the site as a whole, outside the page tree."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request):
    """What crawlers may read, and where the sitemap is: at the public address (BASE_URL),
    whatever host the request named."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": f"{settings.BASE_URL}/sitemap.xml"},
        content_type="text/plain; charset=utf-8",
    )
