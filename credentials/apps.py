from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Credentials"

    def ready(self):
        from courses.registration import set_program_handler
        from credentials.registration import ProgramRegistration

        set_program_handler(ProgramRegistration())

        from accounts.emails import context_loader_register
        from credentials import certification, sweeps

        context_loader_register(sweeps.EXPIRY_TEMPLATE, sweeps.expiry_email_contexts)
        context_loader_register(certification.LAPSE_EMAIL_TEMPLATE, certification.lapse_email_contexts)
