"""The Content-Security-Policy middleware: django-csp's, plus additions for some URL prefixes (the admin).

django-csp 4 changes the policy per view with decorators (`csp_update`), but the admin's views are Django's own
and include the login, password and every model page. Its documented extension point is subclassing the
middleware and extending `get_policy_parts`; the additions are in settings.CONTENT_SECURITY_POLICY_PATH_UPDATES
({path prefix: directives to add}), and a view's own `csp_update` still wins. They apply to signed-in staff only:
everyone else is only ever redirected from the admin to the portal's login, which keeps the strict policy.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PathCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        user = getattr(request, "user", None)
        if not report_only and parts.update is None and user is not None and user.is_staff and user.is_active:
            for prefix, update in getattr(settings, "CONTENT_SECURITY_POLICY_PATH_UPDATES", {}).items():
                if request.path_info.startswith(prefix):
                    parts.update = update
                    break
        return parts
