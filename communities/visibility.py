"""Which pages a member or moderator may see named: the pages they may edit, and public ones.

The rules without Wagtail's admin views, so that the public side (the answer to a knowledge
question, a community's close-out) can use them; admin_visibility applies them in the admin.
"""

from django.db.models import Q

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.models import not_expired_q, private_page_ids

from .roles import is_editor


def public_page_q():
    """Pages any visitor can open: live, not past their expiry time, outside private sections.

    The portal's live().public() for any page type. Written as plain filters on fields every
    search backend indexes (id, live), so the page chooser's search narrows the same way on
    the database and on a search engine; pages past their expiry time are few (the scheduled
    publishing worker unpublishes them), so they are left out by id.
    """
    hidden = set(private_page_ids(Page))
    hidden.update(
        Page.objects.filter(live=True).exclude(not_expired_q()).values_list("pk", flat=True)
    )
    public = Q(live=True)
    return public & ~Q(pk__in=hidden) if hidden else public


def public_pages(pages):
    """`pages`, narrowed to those any visitor can open."""
    return pages.filter(public_page_q())


def pages_visible_to(user, pages):
    """`pages`, narrowed to those `user` may see named: editable, or public."""
    if is_editor(user):
        return pages
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return pages.filter(Q(pk__in=editable.values("pk")) | public_page_q())


def visible_ancestry(user, page):
    """The page's ancestors from the root down (itself included), as far as all are visible.

    A page whose parent is hidden would still show that parent in a breadcrumb.
    """
    chain = list(page.get_ancestors(inclusive=True))
    visible = set(
        pages_visible_to(
            user, Page.objects.filter(pk__in=[ancestor.pk for ancestor in chain])
        ).values_list("pk", flat=True)
    )
    seen = []
    for ancestor in chain:
        if ancestor.pk not in visible:
            break
        seen.append(ancestor)
    return seen


def may_see_page(user, page):
    """Whether the admin may name `page`, and every page above it, to `user`."""
    return is_editor(user) or len(visible_ancestry(user, page)) == page.depth
