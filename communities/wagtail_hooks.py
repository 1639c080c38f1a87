"""Admin for the people in communities, the requests to join them and the building-block
monitor."""

from django.contrib import messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, PageViewRestriction, WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from home.admin_panels import PANEL_ITEMS, WorkItem, WorkPanel, admin_time

from . import admin_views, admin_visibility, media
from .choosers import people_chooser_viewset
from .closeout import harvested_pages_below
from .membership import requests_visible_to
from .models import (
    BuildingBlock,
    CommunityPage,
    MembershipRequest,
    MembershipRequestStatus,
    Person,
)
from .review_messages import PortalPageViewSet


@hooks.register("before_serve_page")
def refuse_logged_in_outsiders(page, request, serve_args, serve_kwargs):
    """A logged-in visitor outside a workspace's groups is told so, with a 403.

    Wagtail would send them to the login page, which sends a logged-in visitor straight back.
    The workspace of a community that is not published (any more) is not there for outsiders,
    logged in or not: its community's name is not public, so it answers 404.
    """
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.GROUPS and (
            not restriction.accept_request(request)
        ):
            community = page.get_ancestors().type(CommunityPage).specific().last()
            if community is not None and not community.live:
                raise Http404
            if not request.user.is_authenticated:
                return None  # Wagtail's own check sends them to log in
            response = TemplateResponse(request, "403.html", {"community": community}, status=403)
            add_never_cache_headers(response)
            return response
    return None


# Other communities' pages in the admin (admin_visibility) ------------------------------------

hooks.register("construct_page_chooser_queryset", admin_visibility.limit_page_chooser)
hooks.register("construct_reports_menu", admin_visibility.hide_site_wide_reports)
for bulk_action in admin_visibility.PAGE_BULK_ACTIONS:
    # After Wagtail's own, which these replace (the last one registered for an action wins).
    hooks.register("register_bulk_action", bulk_action, order=1)
hooks.register("clean_page_form", admin_visibility.refuse_hidden_references)


@hooks.register("construct_page_form")
def show_only_visible_pages_in_page_forms(form):
    """A page's own page choosers (a community's harvest, an answer's links) name to members
    and moderators only the pages they may see."""
    if form.for_user is not None:
        admin_visibility.show_only_visible_pages(form, form.for_user)


@hooks.register("before_delete_page")
def keep_harvested_results(request, page):
    """A result in a concluded community's harvest stays in the knowledge base.

    Deleting it, or a page above it such as the community itself, would silently empty the
    harvest the editors approved; it has to be taken out of the harvest first, which is itself
    a reviewed change.
    """
    return _refuse_deleting_harvest(request, [page])


@hooks.register("before_bulk_action")
def keep_harvested_results_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete" and objects and isinstance(objects[0], Page):
        return _refuse_deleting_harvest(request, objects)
    return None


def _refuse_deleting_harvest(request, pages):
    harvested = harvested_pages_below(pages)
    if not harvested:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” hoort bij de oogst van een afgeronde leergemeenschap en blijft in de "
            "kennisbank. Haal het eerst uit de oogst van die leergemeenschap."
        )
        % {"title": harvested[0].get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)


class PersonButtonHelper(ButtonHelper):
    """Export and erasure (GDPR) beside each person; erasing replaces the plain delete."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if not self.request.user.has_perm("communities.delete_person"):
            return buttons
        delete_url = self.url_helper.get_action_url("delete", obj.pk)
        for button in buttons:
            if button["url"] == delete_url:
                button["label"] = _("Gegevens wissen")
                button["title"] = _("Alle gegevens van %(name)s wissen") % {"name": obj.name}
        buttons.append(
            {
                "url": self.url_helper.get_action_url("export", obj.pk),
                "label": _("Gegevens exporteren"),
                "classname": "button button-small button-secondary",
                "title": _("Alle gegevens van %(name)s downloaden (JSON)") % {"name": obj.name},
            }
        )
        return buttons


@modeladmin_register
class PersonAdmin(ModelAdmin):
    model = Person
    menu_label = _("Personen")
    menu_icon = "user"
    menu_order = 320
    list_display = ("name", "organisation", "job_title", "consent_to_contact", "consented_at")
    list_filter = ("consent_to_contact", "organisation", "expertise_themes", "sectors")
    search_fields = ("name", "expertise", "organisation__name")
    ordering = ("name",)
    list_select_related = ("organisation",)
    button_helper_class = PersonButtonHelper

    def delete_view(self, request, instance_pk):
        # Deleting a person is erasing their data: one page for both, which says what goes.
        return admin_views.erase_person_view(request, instance_pk)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper.get_action_url_pattern("export"),
                require_admin_access(admin_views.export_person_view),
                name=self.url_helper.get_action_url_name("export"),
            ),
        )


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


# The building-block monitor ------------------------------------------------------------------


class FixedSetPermissionPolicy(ModelPermissionPolicy):
    """Building blocks are reworded, never added or removed: the monitor scores the eight."""

    def user_has_permission(self, user, action):
        return action not in {"add", "delete"} and super().user_has_permission(user, action)


register_permission_policy(BuildingBlock, FixedSetPermissionPolicy(BuildingBlock))


class BuildingBlockViewSet(SnippetViewSet):
    model = BuildingBlock
    icon = "list-ol"
    menu_label = _("Bouwstenen")
    menu_order = 340
    add_to_admin_menu = True
    list_display = ["number", "name"]
    ordering = ["number"]


register_snippet(BuildingBlockViewSet)


def review_state(page):
    """Where `page`'s unpublished changes stand: in review at a step, sent back, or a draft.
    Its active workflow state is read as Wagtail's listings read it, prefetched."""
    workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state
        return _("ter beoordeling: %(task)s") % {
            "task": task_state.task.name if task_state else ""
        }
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return _("teruggestuurd voor wijzigingen")
    if page.live:
        return _("gepubliceerd, met wijzigingen in concept")
    return _("concept")


@hooks.register("construct_homepage_panels")
def own_drafts_and_submissions(request, panels):
    """The pages someone wrote whose changes are not published yet, newest first, each with where
    its review stands: what a moderator works on."""
    pages = (
        Page.objects.filter(owner=request.user, has_unpublished_changes=True)
        .prefetch_workflow_states()
        .order_by("-latest_revision_created_at", "-pk")[:PANEL_ITEMS]
    )
    items = [
        WorkItem(
            page.get_admin_display_title(),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            review_state(page),
        )
        for page in pages
    ]
    panels.append(
        WorkPanel(
            "own-drafts",
            _("Jouw concepten en inzendingen"),
            items,
            empty=_("Je hebt geen concepten of inzendingen die nog niet gepubliceerd zijn."),
            more_url=reverse("wagtailadmin_explore_root"),
            more_label=_("Alle pagina's"),
            order=100,
        )
    )


@hooks.register("construct_homepage_panels")
def add_to_own_communities(request, panels):
    """For a moderator: the kinds of page they may add under each community they moderate,
    each a link straight to the page editor. Submitting a result starts here, not with finding
    the community in the page tree and choosing a page type."""
    communities = list(
        CommunityPage.objects.filter(moderators_group__in=request.user.groups.all()).order_by(
            "title", "pk"
        )
    )
    items = [
        WorkItem(
            capfirst(_("%(type)s toevoegen") % {"type": model._meta.verbose_name}),
            reverse(
                "wagtailadmin_pages:add",
                args=[model._meta.app_label, model._meta.model_name, community.pk],
            ),
            community.title,
        )
        for community in communities
        if community.permissions_for_user(request.user).can_add_subpage()
        for model in community.creatable_subpage_models()
        if model.can_create_at(community)
    ]
    if not items:
        return
    panels.append(
        WorkPanel(
            "add-results",
            _("Toevoegen aan je leergemeenschap"),
            items,
            empty="",
            # One community's pages, or the tree for a moderator of several.
            more_url=(
                reverse("wagtailadmin_explore", args=[communities[0].pk])
                if len(communities) == 1
                else reverse("wagtailadmin_explore_root")
            ),
            more_label=_("Naar de pagina's van je leergemeenschap"),
            order=90,
        )
    )


@hooks.register("construct_homepage_panels")
def join_requests_waiting(request, panels):
    """The join requests a moderator (their communities') or an editor (all) has to handle."""
    if not request.user.has_perm("communities.view_membershiprequest"):
        return
    waiting = requests_visible_to(request.user).filter(status=MembershipRequestStatus.PENDING)
    items = [
        WorkItem(
            f"{membership.name}, {membership.community.title}",
            reverse("communities_membershiprequest_modeladmin_inspect", args=[membership.pk]),
            admin_time(membership.created_at),
        )
        for membership in waiting[:PANEL_ITEMS]
    ]
    panels.append(
        WorkPanel(
            "join-requests",
            _("Aanmeldingen die wachten"),
            items,
            empty=_("Er wachten geen aanmeldingen."),
            more_url=reverse("communities_membershiprequest_modeladmin_index"),
            more_label=_("Alle aanmeldingen"),
        )
    )


@hooks.register("construct_page_action_menu")
def submitting_first_for_whoever_cannot_publish(menu_items, request, context):
    """For a moderator, sending the page to review is the editor's main button; Wagtail makes
    the first item the main one, and puts saving a draft there, with the review in the menu
    beside it. Whoever may publish keeps Wagtail's order."""
    names = [item.name for item in menu_items]
    if "action-submit" in names and "action-publish" not in names:
        menu_items.insert(0, menu_items.pop(names.index("action-submit")))


@hooks.register("register_admin_viewset")
def say_what_a_review_did():
    """Every page type's admin views, registered after Wagtail's own (order -1) in their place:
    after a review action they say its outcome (communities.review_messages)."""
    return PortalPageViewSet(name="portal_pages")


@hooks.register("register_admin_viewset")
def register_people_chooser():
    """The chooser of the people a page names, such as a practice example's (choosers)."""
    return people_chooser_viewset


@hooks.register("register_admin_urls")
def register_monitor_overview_url():
    return [
        path(
            "bouwstenen-monitor/",
            admin_views.monitor_overview,
            name="communities_monitor_overview",
        )
    ]


class MonitorOverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("communities.view_selfevaluation")


@hooks.register("register_reports_menu_item")
def register_monitor_overview_menu_item():
    return MonitorOverviewMenuItem(
        _("Bouwstenen-monitor"),
        reverse("communities_monitor_overview"),
        icon_name="table",
        order=710,
    )


# The workspaces' documents and images --------------------------------------------------------

media.register_permission_policies()


@hooks.register("before_serve_document", order=-1)
def hide_private_documents_from_logged_in_outsiders(document, request):
    """A logged-in visitor outside a workspace collection's groups finds no such document.

    Wagtail would send them to the login page, which sends a logged-in visitor straight back;
    the same 404 as for a document that does not exist tells them nothing about it.
    """
    if request.user.is_authenticated and media.refused_by_collection(document, request):
        raise Http404
    return None


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """The admin's account page leads to the two-factor settings, which live on the site."""
    return {
        "url": reverse("account:two_factor"),
        "label": _("Tweestapsverificatie"),
        "help_text": _("Inloggen met je wachtwoord en een code van je telefoon; herstelcodes."),
    }
