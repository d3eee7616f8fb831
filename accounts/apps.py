from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and libraries"  # the admin also lists allauth's own "Accounts" (email addresses)

    def ready(self):
        from accounts import audit  # noqa: F401  (h7: audit-log signal receivers and admin pages)
