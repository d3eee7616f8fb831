from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from portal import views as portal_views

admin.site.site_header = "KDLA Certification Portal administration"
admin.site.site_title = "KDLA Portal admin"

urlpatterns = [
    path("", portal_views.dashboard, name="dashboard"),
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("catalog/", include("courses.urls")),
    path("credentials/", include("credentials.urls")),
    path("credits/", include("credit_requests.urls")),
    path("review/", include("reviews.urls")),
    path("my-staff/", include("directors.urls")),
    path("admin/", admin.site.urls),
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
