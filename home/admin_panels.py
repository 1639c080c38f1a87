"""Dashboard panels that list someone's work in the admin. Each app adds its own through
Wagtail's `construct_homepage_panels` hook, with the items only that person may see."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import localize

from wagtail.admin.ui.components import Component

# Items a panel lists; the link under it leads to all of them.
PANEL_ITEMS = 8


def admin_time(value):
    """A date and time as the admin shows it: in the active time zone (the admin user's, else
    the site's), in the language's format."""
    return localize(timezone.localtime(value), use_l10n=True)


@dataclass
class WorkItem:
    label: str
    url: str
    detail: str = ""


class WorkPanel(Component):
    """A heading, `items` (at most PANEL_ITEMS) as links with a detail each, `empty` when there
    are none, and a link to the full list."""

    template_name = "home/admin/work_panel.html"

    def __init__(self, name, heading, items, *, empty, more_url, more_label, order=110):
        self.name = name
        self.heading = heading
        self.items = list(items)
        self.empty = empty
        self.more_url = more_url
        self.more_label = more_label
        self.order = order

    def get_context_data(self, parent_context):
        return {"panel": self}
