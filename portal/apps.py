from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, for what spans the others: the dashboard cache's receivers."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import dashboard

        dashboard.connect()
