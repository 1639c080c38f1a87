"""Admin URLs resolved before Wagtail's own, at the same addresses (see portal/urls.py).

Every one of Wagtail's site-wide reports, for editors only; the two page chooser views that
name a page by its id; and the page screens that name a page whose id is in the address or
in the form sent: the move confirmation, the copy form and the form that chooses where a new
page goes. communities/admin_visibility.py says why. Like Wagtail's own admin URLs, they
answer a missing page with the admin's 404 page and are never cached.
"""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .admin_visibility import (
    ChosenPagesView,
    PageBrowseView,
    editors_only,
    refusing_hidden_moves,
    refusing_hidden_pages,
)

urlpatterns = [
    *[
        path(f"reports/{pattern.pattern}", editors_only(pattern.callback))
        for pattern in wagtail_reports.urlpatterns
    ],
    path("choose-page/", PageBrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", PageBrowseView.as_view()),
    path("choose-page/chosen-multiple/", ChosenPagesView.as_view()),
    # Wagtail's own views, found by the page's type as in wagtail/admin/urls/pages.py.
    path(
        "pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
        refusing_hidden_moves(
            page_viewset_registry.as_view("move_confirm", page_id_kwarg="page_to_move_id")
        ),
    ),
    path(
        "pages/<int:page_id>/copy/",
        refusing_hidden_pages(
            page_viewset_registry.as_view("copy", page_id_kwarg="page_id"), "new_parent_page"
        ),
    ),
    path(
        "pages/create/<slug:app_label>/<slug:model_name>",
        refusing_hidden_pages(
            page_viewset_registry.as_view(
                "choose_parent", app_label_kwarg="app_label", model_name_kwarg="model_name"
            ),
            "parent_page",
        ),
    ),
]

# In the order wagtail/admin/urls/__init__.py applies them.
urlpatterns = decorate_urlpatterns(urlpatterns, require_admin_access)
urlpatterns = decorate_urlpatterns(urlpatterns, display_custom_404)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
