"""The fixes the search report offers for a query that fails, registered by the apps that own them.

The report lists queries that found nothing or whose results nobody opens; each action is one
click from such a query to its fix. Search registers its own (a synonym, a promotion); a higher
app registers one in its AppConfig.ready(), so search never imports it (docs/architecture.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class ReportAction:
    """One fix: `url` (a URL name or a callable giving the URL, or None when the fix is not
    available) gets the query as `query_field`; a `post` action changes data, so the report
    sends it as a form with a CSRF token rather than as a link."""

    key: str
    label: str
    url: str | Callable[[], str | None]
    query_field: str
    is_allowed: Callable[[object], bool]
    post: bool = False
    order: int = 100

    def resolve_url(self):
        return reverse(self.url) if isinstance(self.url, str) else self.url()

    def for_query(self, url, query_text):
        """What the report's template needs for this action on one query."""
        if self.post:
            return {"label": self.label, "post": True, "url": url, "field": self.query_field}
        return {
            "label": self.label,
            "post": False,
            "url": f"{url}?{urlencode({self.query_field: query_text})}",
        }


_actions = {}


def register_report_action(key, label, url, query_field, is_allowed, post=False, order=100):
    """Offer a fix in the search report; registering a key again replaces the earlier one."""
    _actions[key] = ReportAction(key, label, url, query_field, is_allowed, post, order)


def report_actions(user):
    """The registered fixes this user may make, with their URLs: [(action, url)] in order."""
    available = []
    for action in sorted(_actions.values(), key=lambda action: (action.order, action.key)):
        if not action.is_allowed(user):
            continue
        url = action.resolve_url()
        if url:
            available.append((action, url))
    return available
