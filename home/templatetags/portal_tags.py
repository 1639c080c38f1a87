"""Navigation, language and listing helpers for the portal's public templates."""

import re
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from home.caching import cached
from home.languages import content_language, language_of, localized_title, page_language
from home.models import get_home_page
from home.sections import section_model
from home.site_settings import FooterSettings
from home.wagtail_overrides import route_ancestors

register = template.Library()

IFRAME_WITHOUT_TITLE = re.compile(r"<iframe\b(?![^>]*\btitle=)", re.IGNORECASE)


@register.tag
def stored(parser, token):
    """`{% stored "name" [value …] %}…{% endstored %}`: a part of a page's template rendered
    once per content generation, site, language and the values given, and from then on served
    as stored, to every visitor.

    For what the page shows of published content alone: nothing that depends on who asks (no
    user, no form, whose CSRF token is the visitor's own) or on the time (no "upcoming"), unless
    a value given changes with it (such as the current quarter). The values are plain: names,
    ids, a quarter. The page reads ahead what its parts show (BasePage.read_ahead) only when one
    is rendered, so a stored part costs neither its queries nor its rendering; the page type
    says so with `stored_parts`. A preview renders every part afresh and stores none.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the part's name.")
    nodelist = parser.parse(("endstored",))
    parser.delete_first_token()
    return StoredPartNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist)


class StoredPartNode(template.Node):
    def __init__(self, vary_on, nodelist):
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        page, request = context.get("page"), context.get("request")
        if (
            not settings.PAGE_PART_SECONDS
            or page is None
            or page.pk is None
            or request is None
            or getattr(request, "is_preview", False)
        ):
            return self.render_part(page, context)
        site = Site.find_for_request(request)
        values = ":".join(str(value.resolve(context)) for value in self.vary_on)
        key = f"page-part:{page.pk}:{site.pk if site else ''}:{get_language()}:{values}"
        part = cached(
            key,
            lambda: self.render_part(page, context),
            timeout=settings.PAGE_PART_SECONDS,
            in_process=False,
        )
        return mark_safe(part)

    def render_part(self, page, context):
        # Once per page object, however many of its parts are rendered.
        if page is not None and not getattr(page, "_portal_read_ahead", False):
            page._portal_read_ahead = True
            getattr(page, "read_ahead", lambda: None)()
        return str(self.nodelist.render(context))


def _build_structure():
    try:
        home = get_home_page()
    except Site.DoesNotExist:
        return {"home": None, "menu": []}
    return {"home": home, "menu": list(home.get_current_children().public().in_menu().specific())}


def site_structure(context):
    """The home page and its menu: on every page, so stored until content changes
    (home.caching), and read once per rendering."""
    if "_portal_structure" not in context.render_context:
        context.render_context["_portal_structure"] = cached("site-structure", _build_structure)
    return context.render_context["_portal_structure"]


def _home_page(context):
    return site_structure(context)["home"]


@register.simple_tag(takes_context=True)
def home_page(context):
    return _home_page(context)


@register.filter
def written_out(values):
    """Names as a sentence lists them ("Burgerschap, Loopbaan en Ouderbetrokkenheid"), "-" for
    none. For the plain text of emails: Django's `join` gives up on objects that are not text
    where autoescaping is off, and prints the query itself."""
    names = [str(value) for value in values]
    return get_text_list(names, _("en")) if names else "-"


@register.filter
def portal_time(value):
    """A date and time in the portal's own time zone, naming the zone ("7 december 2026 15:09
    (CET)"): for email, which has no reader's time zone to go by and travels to whoever."""
    if not value:
        return ""
    local = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
    return f"{date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def footer_settings(context):
    """The footer settings of the request's site, or None without a request or site.

    Every page shows them, so they are stored per site until content changes, like the site
    structure; saving them starts a new generation (home.caching). Wagtail's `settings` context
    processor would read them from the database on every page built.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    return cached(f"footer-settings:{site.pk}", lambda: FooterSettings.for_site(site))


@register.simple_tag(takes_context=True)
def footer_page_links(context):
    """The pages the footer links to (privacy, accessibility, contact, colofon), as editors chose
    them in the footer settings, without those a visitor cannot open. Stored like the settings:
    publishing or unpublishing one of them starts a new content generation."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    return cached(
        f"footer-page-links:{site.pk}",
        lambda: FooterSettings.for_site(site).visible_page_links(),
    )


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The home page's live, public children that editors marked 'show in menus'."""
    return site_structure(context)["menu"]


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    current = context.get("page")
    items = []
    for item in menu_pages(context):
        is_current = isinstance(current, Page) and current.pk == item.pk
        in_section = isinstance(current, Page) and current.path.startswith(item.path)
        items.append(
            {
                "page": item,
                "title": localized_title(item),
                "is_current": is_current,
                "in_section": in_section,
            }
        )
    return {"items": items, "request": context.get("request")}


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, subpage_title=None):
    """The trail from the home page to the current page; empty on the home page itself.

    `subpage_title` names a view of the page's own (a RoutablePageMixin route, such as a
    community's full list of tools): the page itself then becomes a step on the trail.
    """
    current = context.get("page")
    ancestors = []
    if isinstance(current, Page) and current.depth > 2:
        request = context.get("request")
        # Plain pages: a title and a URL is all a breadcrumb needs. Routing read them already.
        ancestors = route_ancestors(request, current) if request is not None else None
        if ancestors is None:
            ancestors = list(current.get_ancestors().filter(depth__gt=1))
    if subpage_title and isinstance(current, Page):
        ancestors.append(current)
    return {
        "ancestors": ancestors,
        "current": current,
        "subpage_title": subpage_title,
        "request": context.get("request"),
    }


@register.filter(name="localized_title")
def localized_title_filter(page):
    """A page's title as a visitor reads it: a section's (or the home page's) default title in
    the visitor's language, an editor's title in Dutch (home.languages.localized_title). Use
    with `lang_attr`, which marks the Dutch one on an English page."""
    return localized_title(page) if isinstance(page, Page) else getattr(page, "title", "")


@register.filter
def lang_attr(text):
    """` lang="nl"` when `text` says it is in another language than the page (a term's or a
    title's home.languages.InLanguage), else nothing: for the element that shows it (WCAG
    3.1.2)."""
    return _lang_attribute(language_of(text))


@register.simple_tag
def content_lang():
    """` lang="nl"` on an element holding the pages' own content (titles, introductions,
    bodies, cards) when the interface is in another language; nothing on a Dutch page."""
    return _lang_attribute(content_language())


def _lang_attribute(language):
    if language is None or language == page_language():
        return ""
    return mark_safe(f' lang="{escape(language)}"')


@register.simple_tag
def section_page(section_key):
    """The first live, public page of the section `section_key` ("stories", "events", ...),
    or None; its page type is the one the app above declares for the key (home.sections)."""
    model = section_model(section_key)
    # In a tuple, because the cache cannot tell a stored None from a missing entry.
    return cached(f"section-page:{section_key}", lambda: (_first_public(model),))[0]


def _first_public(model):
    return model.objects.live().public().first()


@register.simple_tag(takes_context=True)
def path_in_language(context, language_code):
    """The current URL in another language: the same path with or without its /en/ prefix."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)


@register.filter
def described_widget(field):
    """A bound field's widget, pointing screen readers at its help text and its errors.

    The ids are the ones components/form_field.html gives those texts; Django's own
    aria-describedby names only the help text, and not the errors.
    """
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}-errors")
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with the paginator's ellipsis for the gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2))


@register.filter
def page_type(page):
    """The human name of a page's type, such as "praktijkvoorbeeld"."""
    model = page.specific_class if isinstance(page, Page) else type(page)
    if model is None:
        return ""
    return model._meta.verbose_name


@register.filter
def titled_embed(embed_html, title):
    """Give embedded iframes the title screen readers announce, when the provider left it out."""
    html = str(embed_html or "")
    # The provider's HTML is trusted just as Wagtail trusts it when rendering an embed itself.
    return mark_safe(IFRAME_WITHOUT_TITLE.sub(f'<iframe title="{escape(title)}"', html))
