"""Template tags of search by meaning: 'Gerelateerd' on the knowledge pages' detail pages."""

from django import template

from wagtail.models import Site

from search.semantic.related import related_pages as find_related_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def related_pages(context, page):
    """The knowledge pages most like `page` (search.semantic.related), for
    components/related.html."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    return find_related_pages(page, site)
