"""Content-Security-Policy per part of the site: one for public pages, one for the admin."""

from django.conf import settings
from django.urls import get_script_prefix, reverse

from csp.middleware import CSPMiddleware
from csp.utils import default_config


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, sending ADMIN_CONTENT_SECURITY_POLICY under the admin's URL.

    django-csp takes one policy from settings and lets a view decorate its own; the admin's
    views are Wagtail's, so the path decides. A view's own decorator still wins.
    """

    # The admin's path as request.path_info gives it; found on the first request, since the
    # URLconf does not change while the process runs.
    admin_path = None

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self.is_admin(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def is_admin(self, request):
        if self.admin_path is None:
            # reverse() puts the script prefix (FORCE_SCRIPT_NAME) before the path; path_info
            # has none.
            self.admin_path = "/" + reverse("wagtailadmin_home").removeprefix(get_script_prefix())
        return request.path_info.startswith(self.admin_path)
