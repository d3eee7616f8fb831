"""The credentials app's answer to `courses.registration`: what registering a program card does.

Refusals reach the courses app as its own `RegistrationError` (courses does not know credentials).
"""

from courses.registration import RegistrationError
from credentials.models import Credential, CredentialStatus, Program
from credentials.services.base import CredentialError
from credentials.services.ledger import course_completed_credit
from credentials.services.registration import application_register, program_registration_refusal


class ProgramRegistration:
    def _program(self, item):
        return Program.objects.select_related("prerequisite_program").get(catalog_item=item)

    def refusal(self, *, user, item, now):
        return program_registration_refusal(user=user, program=self._program(item), now=now)

    def register(self, *, user, item, now):
        try:
            application_register(user=user, program=self._program(item), now=now)
        except CredentialError as exc:
            raise RegistrationError(str(exc)) from exc

    def active_item_ids(self, *, user):
        return set(
            Credential.objects.filter(
                user=user, status=CredentialStatus.ACTIVE, program__catalog_item__isnull=False
            ).values_list("program__catalog_item_id", flat=True)
        )

    def course_completed(self, *, enrollment, now):
        course_completed_credit(enrollment=enrollment, now=now)
