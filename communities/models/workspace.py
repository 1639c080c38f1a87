"""The private workspace (werkruimte) of a community, where members share unfinished work."""

from django.utils.translation import gettext_lazy as _

from home.models import BasePage


class WorkspacePage(BasePage):
    """The root of a community's private subtree; one per community, for members only."""

    template = "pages/workspace_page.html"
    parent_page_types = ["communities.CommunityPage"]
    subpage_types = ["communities.WorkspaceItemPage"]

    class Meta:
        verbose_name = _("werkruimte")
        verbose_name_plural = _("werkruimtes")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not cls.objects.child_of(parent).exists()


class WorkspaceItemPage(BasePage):
    """A draft, a halffabricaat or notes shared inside the workspace."""

    # Items nest like folders, so they share the workspace layout.
    template = "pages/workspace_page.html"
    parent_page_types = ["communities.WorkspacePage", "communities.WorkspaceItemPage"]
    subpage_types = ["communities.WorkspaceItemPage"]

    class Meta:
        verbose_name = _("werkruimtepagina")
        verbose_name_plural = _("werkruimtepagina's")
