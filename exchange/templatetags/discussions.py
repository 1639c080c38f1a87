"""The discussions in templates: a post's text as safe HTML, an author's name, and the latest
discussions on the workspace page."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from exchange.discussions import formatting
from exchange.discussions.access import Role, role_in

register = template.Library()

WORKSPACE_DISCUSSIONS = 5


@register.filter
def post_html(text):
    """A post's text in its simple formatting, sanitised (exchange.discussions.formatting)."""
    return mark_safe(formatting.render(text))


@register.filter
def author_name(user):
    """How a post names its author: an erased account is a former member."""
    if user is None:
        return _("Voormalig lid")
    return user.get_full_name() or _("Lid")


@register.inclusion_tag("discussions/workspace_discussions.html", takes_context=True)
def workspace_discussions(context, community):
    """The latest discussions of `community` for its workspace page, for who may read them."""
    request = context.get("request")
    role = role_in(request.user, community) if request is not None else Role.OUTSIDER
    discussions = []
    if role > Role.OUTSIDER:
        discussions = list(community.discussions.with_counts()[:WORKSPACE_DISCUSSIONS])
    return {
        "community": community,
        "discussions": discussions,
        "shown": role > Role.OUTSIDER,
        "is_moderator": role >= Role.MODERATOR,
    }
