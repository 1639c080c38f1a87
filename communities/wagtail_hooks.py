"""Admin for the people in communities and for the requests to join them."""

from django.contrib import messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import re_path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.models import PageViewRestriction
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from . import admin_views
from .closeout import harvested_page_ids
from .membership import requests_visible_to
from .models import CommunityPage, MembershipRequest, MembershipRequestStatus, Person


@hooks.register("before_serve_page")
def refuse_logged_in_outsiders(page, request, serve_args, serve_kwargs):
    """A logged-in visitor outside a workspace's groups is told so, with a 403.

    Wagtail would send them to the login page, which sends a logged-in visitor straight back.
    """
    if not request.user.is_authenticated:
        return None
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and (
            not restriction.accept_request(request)
        ):
            community = page.get_ancestors().type(CommunityPage).specific().last()
            response = TemplateResponse(request, "403.html", {"community": community}, status=403)
            add_never_cache_headers(response)
            return response
    return None


@hooks.register("before_delete_page")
def keep_harvested_results(request, page):
    """A result in a concluded community's harvest stays in the knowledge base.

    Deleting it would silently empty the harvest the editors approved; it has to be taken out
    of the harvest first, which is itself a reviewed change.
    """
    if page.pk not in harvested_page_ids():
        return None
    messages.error(
        request,
        _(
            "“%(title)s” hoort bij de oogst van een afgeronde leergemeenschap en blijft in de "
            "kennisbank. Haal het eerst uit de oogst van die leergemeenschap."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@modeladmin_register
class PersonAdmin(ModelAdmin):
    model = Person
    menu_label = _("Personen")
    menu_icon = "user"
    menu_order = 320
    list_display = ("name", "organisation", "job_title", "consent_to_contact")
    list_filter = ("consent_to_contact", "organisation", "expertise_themes")
    search_fields = ("name", "expertise", "organisation__name")
    ordering = ("name",)
    list_select_related = ("organisation",)


class MembershipRequestPermissionHelper(PermissionHelper):
    """Requests are handled through approve and decline, never edited, created or deleted."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        return requests_visible_to(user).filter(pk=obj.pk).exists()


class MembershipRequestButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.status == MembershipRequestStatus.PENDING and self.request.user.has_perm(
            "communities.change_membershiprequest"
        ):
            # Approving is a POST on the request's own page, so the way there says so.
            inspect_url = self.url_helper.get_action_url("inspect", obj.pk)
            for button in buttons:
                if button["url"] == inspect_url:
                    button["label"] = _("Goedkeuren…")
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("decline", obj.pk),
                    "label": _("Afwijzen…"),
                    "classname": "button button-small button-secondary",
                    "title": _("Deze aanmelding afwijzen"),
                }
            )
        return buttons


@modeladmin_register
class MembershipRequestAdmin(ModelAdmin):
    model = MembershipRequest
    menu_label = _("Aanmeldingen")
    menu_icon = "mail"
    menu_order = 330
    inspect_view_enabled = True
    inspect_view_fields = [
        "community",
        "name",
        "email",
        "organisation",
        "role",
        "motivation",
        "status",
        "created_at",
        "handled_by",
        "handled_at",
        "decline_reason",
    ]
    inspect_template_name = "communities/admin/inspect_membership_request.html"
    list_display = ("name", "community", "organisation", "created_at", "status")
    # Offers only the communities whose requests this user may see, never all of them.
    list_filter = ("status", ("community", RelatedOnlyFieldListFilter), "created_at")
    search_fields = ("name", "email", "organisation", "community__title")
    ordering = ("-created_at",)
    permission_helper_class = MembershipRequestPermissionHelper
    button_helper_class = MembershipRequestButtonHelper

    def get_queryset(self, request):
        return requests_visible_to(request.user)

    def inspect_view(self, request, instance_pk):
        admin_views.visible_request_or_404(request.user, instance_pk)
        return super().inspect_view(request, instance_pk)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("approve"),
                require_admin_access(admin_views.approve_view),
                name=self.url_helper.get_action_url_name("approve"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("decline"),
                require_admin_access(admin_views.decline_view),
                name=self.url_helper.get_action_url_name("decline"),
            ),
        )
