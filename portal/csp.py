"""The Content-Security-Policy middleware: django-csp's, plus additions for some URL prefixes (the admin).

django-csp 4 changes the policy per view with decorators (`csp_update`), but the admin's views are Django's own
and include the login, password and every model page. Its documented extension point is subclassing the
middleware and extending `get_policy_parts`; the additions are in settings.CONTENT_SECURITY_POLICY_PATH_UPDATES
({path prefix: directives to add}), and a view's own `csp_update` still wins.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PathCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if not report_only and parts.update is None:
            for prefix, update in getattr(settings, "CONTENT_SECURITY_POLICY_PATH_UPDATES", {}).items():
                if request.path_info.startswith(prefix):
                    parts.update = update
                    break
        return parts
