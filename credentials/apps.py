from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Credentials"

    def ready(self):
        from courses.registration import set_program_handler
        from credentials.registration import ProgramRegistration

        set_program_handler(ProgramRegistration())
