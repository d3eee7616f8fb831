from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Credentials"

    def ready(self):
        from courses.registration import set_program_handler
        from credentials.registration import ProgramRegistration

        set_program_handler(ProgramRegistration())

        from accounts.emails import context_loader_register
        from credentials import sweeps

        context_loader_register(sweeps.EXPIRY_TEMPLATE, sweeps.expiry_email_contexts)
