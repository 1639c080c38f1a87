"""Admin for the shared taxonomy (themes, sectors, regions and organisations), the admin's
branding and times, and the hooks around serving a page."""

from django.db import models
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from .admin_panels import admin_time
from .caching import mark_cacheable
from .models import Organisation, Region, Sector, Theme, has_expired


class LocalDateTimeDisplay(BaseFieldDisplay):
    """A date and time in an inspect view, in the admin's time zone. Wagtail's own template
    formats the stored value with `localize`, which does not convert it: a question asked at
    15:09 in the Netherlands showed 14:09 there, and 15:09 in the listing."""

    def render_html(self, parent_context=None):
        if self.value is None:
            return "-"
        return admin_time(self.value)


register_display_class(models.DateTimeField, display_class=LocalDateTimeDisplay)


# Before Wagtail's own view restriction check, so an expired private page is not found either,
# exactly as when it has been unpublished.
@hooks.register("before_serve_page", order=-1)
def hide_expired_page(page, request, serve_args, serve_kwargs):
    """A page past its expiry time is not found, also before the scheduled publishing worker
    has unpublished it. Editors still preview it in the admin, which does not serve it here."""
    if has_expired(page):
        raise Http404


@hooks.register("insert_global_admin_js")
def name_rich_text_editors():
    """Rich-text editors named after their field's label, until Wagtail does so itself
    (wagtail/wagtail#14205; docs/upgrading.md)."""
    return format_html('<script src="{}" defer></script>', static("home/js/rich-text-names.js"))


@hooks.register("insert_global_admin_js")
def announce_form_errors():
    """A form that comes back with errors says so in the title and takes the focus there."""
    return format_html(
        '<script src="{}" data-error-title-prefix="{}" defer></script>',
        static("home/js/admin-form-errors.js"),
        _("Fout:"),
    )


@hooks.register("insert_global_admin_css")
def portal_colours():
    return format_html('<link rel="stylesheet" href="{}">', static("home/css/admin-brand.css"))


@hooks.register("on_serve_page")
def offer_to_page_cache(serve):
    """Every page Wagtail serves may be stored for anonymous visitors.

    Pages that must not be are already marked so: Wagtail sends private pages with no-cache
    headers, and forms set a CSRF cookie; the cache middleware stores neither.
    """

    def serve_and_offer(page, request, serve_args, serve_kwargs):
        return mark_cacheable(serve(page, request, serve_args, serve_kwargs))

    return serve_and_offer


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en", "description"]
    ordering = ["name"]


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "group"
    list_display = ["name", "name_en", "abbreviation", "slug"]
    search_fields = ["name", "name_en", "abbreviation"]
    ordering = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    ordering = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomie")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ThemeViewSet, SectorViewSet, RegionViewSet)


register_snippet(TaxonomyViewSetGroup)


@modeladmin_register
class OrganisationAdmin(ModelAdmin):
    model = Organisation
    menu_label = _("Organisaties")
    menu_icon = "home"
    menu_order = 310
    list_display = ("name", "region", "website")
    list_filter = ("region",)
    search_fields = ("name",)
    ordering = ("name",)
