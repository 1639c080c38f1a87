"""The private workspace (werkruimte) of a community, where members share unfinished work."""

from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.models import PagePermissionTester
from wagtail.url_routing import RouteResult

from home.models import BasePage

from .pages import CommunityPage


class WorkspacePermissionTester(PagePermissionTester):
    """Members publish in their workspace, but only who may publish the community opens it up.

    Wagtail lets anyone with publish rights change a page's privacy; here that would let any
    member make the whole workspace public.
    """

    def can_set_view_restrictions(self):
        if not self.user.is_active:
            return False
        if self.user.is_superuser:
            return True
        community = self.page.get_ancestors().type(CommunityPage).last()
        return community is not None and community.permissions_for_user(self.user).can_publish()


class PrivateWorkspaceMixin:
    """Shared by the workspace and its pages: private, so never under a review workflow.

    The communities section's review workflow would otherwise apply to every page below it,
    and ask the editors to approve notes only the community itself sees.
    """

    @property
    def has_workflow(self):
        return False

    def get_workflow(self):
        return None

    def permissions_for_user(self, user):
        return WorkspacePermissionTester(user, self)

    @cached_property
    def workspace_community(self):
        """The community this workspace belongs to, which names it in the page title: every
        workspace is called "Werkruimte"."""
        return self.get_ancestors().type(CommunityPage).specific().last()

    def route(self, request, path_components):
        """Below a workspace, a visitor who may not enter it is refused the same way whether or
        not the page they asked for exists (or is a draft).

        Otherwise a 403 or a login page for a page that exists, and a 404 for one that does
        not, would let outsiders probe the titles of a workspace's pages through their slugs.
        The refusal, rather than a 404 for both, keeps the way in for the people it is meant
        for: the "members only" page with its join link, or the login page. It tells no more
        than that the community has a workspace, which every community has once published;
        for a community that is not published, refuse_logged_in_outsiders answers 404 to both.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            if not any(
                not restriction.accept_request(request)
                for restriction in self.get_view_restrictions()
            ):
                raise
            # The view restriction hooks refuse this page before anything of it is served.
            return RouteResult(self)


class WorkspacePage(PrivateWorkspaceMixin, BasePage):
    """The root of a community's private subtree; one per community, for members only."""

    template = "pages/workspace_page.html"
    page_description = _(
        "De besloten werkruimte van een leergemeenschap, alleen voor haar leden, moderatoren "
        "en de redactie."
    )
    parent_page_types = ["communities.CommunityPage"]
    subpage_types = ["communities.WorkspaceItemPage"]

    class Meta:
        verbose_name = _("werkruimte")
        verbose_name_plural = _("werkruimtes")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not cls.objects.child_of(parent).exists()


class WorkspaceItemPage(PrivateWorkspaceMixin, BasePage):
    """A draft, a halffabricaat or notes shared inside the workspace."""

    # Items nest like folders, so they share the workspace layout.
    template = "pages/workspace_page.html"
    page_description = _(
        "Iets dat de leden in hun besloten werkruimte delen: aantekeningen, een verslag of "
        "een concept."
    )
    parent_page_types = ["communities.WorkspacePage", "communities.WorkspaceItemPage"]
    subpage_types = ["communities.WorkspaceItemPage"]

    class Meta:
        verbose_name = _("werkruimtepagina")
        verbose_name_plural = _("werkruimtepagina's")
