"""The credentials app's answer to `courses.registration`: what registering a program card does."""

from credentials import services
from credentials.models import Credential, CredentialStatus, Program


class ProgramRegistration:
    def _program(self, item):
        return Program.objects.select_related("prerequisite_program").get(catalog_item=item)

    def refusal(self, *, user, item, now):
        return services.program_registration_refusal(user=user, program=self._program(item), now=now)

    def register(self, *, user, item, now):
        services.application_register(user=user, program=self._program(item), now=now)

    def active_item_ids(self, *, user):
        return set(
            Credential.objects.filter(
                user=user, status=CredentialStatus.ACTIVE, program__catalog_item__isnull=False
            ).values_list("program__catalog_item_id", flat=True)
        )

    def course_completed(self, *, enrollment, now):
        services.course_completed_credit(enrollment=enrollment, now=now)
