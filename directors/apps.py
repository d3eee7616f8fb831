from django.apps import AppConfig


class DirectorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directors"
    verbose_name = "Library directors"
