from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalConfig(AppConfig):
    """The project package as an app, for what spans the others: the dashboard cache's receivers."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import dashboard

        dashboard.connect()


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site (reviewers let in, scoped by their permissions)."""

    default_site = "portal.admin_site.PortalAdminSite"
