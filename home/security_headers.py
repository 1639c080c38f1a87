"""Content-Security-Policy per part of the site: one for public pages, one for the admin."""

from django.conf import settings
from django.urls import reverse

from csp.middleware import CSPMiddleware
from csp.utils import default_config


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, sending ADMIN_CONTENT_SECURITY_POLICY under the admin's URL.

    django-csp takes one policy from settings and lets a view decorate its own; the admin's
    views are Wagtail's, so the path decides. A view's own decorator still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self.is_admin(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    @staticmethod
    def is_admin(request):
        return request.path_info.startswith(reverse("wagtailadmin_home"))
