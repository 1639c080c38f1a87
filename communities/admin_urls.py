"""Admin URLs resolved before Wagtail's own, at the same addresses (see portal/urls.py).

Every one of Wagtail's site-wide reports, for editors only, and the two page chooser views
that name a page by its id; communities/admin_visibility.py says why.
"""

from django.urls import path

from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import reports as wagtail_reports

from .admin_visibility import ChosenPagesView, PageBrowseView, editors_only

urlpatterns = [
    *[
        path(f"reports/{pattern.pattern}", require_admin_access(editors_only(pattern.callback)))
        for pattern in wagtail_reports.urlpatterns
    ],
    path("choose-page/", require_admin_access(PageBrowseView.as_view())),
    path("choose-page/<int:parent_page_id>/", require_admin_access(PageBrowseView.as_view())),
    path("choose-page/chosen-multiple/", require_admin_access(ChosenPagesView.as_view())),
]
