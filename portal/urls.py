from django.contrib import admin
from django.urls import include, path, re_path

from accounts import views as account_views
from portal import views as portal_views

urlpatterns = [
    path("", portal_views.dashboard, name="dashboard"),
    path("accessibility/", portal_views.accessibility, name="accessibility"),
    path("privacy/", portal_views.privacy, name="privacy"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("catalog/", include("courses.urls")),
    path("credentials/", include("credentials.urls")),
    path("credits/", include("credit_requests.urls")),
    path("review/", include("reviews.urls")),
    path("my-staff/", include("directors.urls")),
    path("admin/", admin.site.urls),
]

# issue 12: the public certificate verification page (no sign-in; a malformed token matches no route: 404)
from credentials import views_certificate  # noqa: E402
from credentials.models_certification import TOKEN_PATTERN  # noqa: E402

urlpatterns += [
    re_path(
        rf"^verify/(?P<token>{TOKEN_PATTERN})/$",
        views_certificate.certificate_verify,
        name="certificate_verify",
    ),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

# --- h7: load-balancer probes; the admin login goes through allauth (rate limits, MFA) ---------------------
from portal import health  # noqa: E402

# Placed first so it wins over admin.site.urls: anonymous visitors log in on allauth's page.
urlpatterns.insert(0, path("admin/login/", health.admin_login, name="admin_login_via_portal"))
urlpatterns += [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# --- issue 16: browsers ask for /favicon.ico on pages that name no icon (the admin's): the portal's icon, so
# the console shows no 404 there. Resolved per request: the static manifest may not exist at import time.
from django.shortcuts import redirect  # noqa: E402
from django.templatetags.static import static  # noqa: E402

urlpatterns.append(
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True), name="favicon")
)
