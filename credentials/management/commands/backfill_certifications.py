from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.utils import timezone

from credentials.certification import certification_award
from credentials.management.commands.enforce_deadlines import parse_now
from credentials.models import Certificate, Credential, CredentialStatus, Program


def unawarded_applications():
    """Approved applications that enroll in a renewal-credits program and issued no certificate yet, in the
    order they were approved (so renewals extend the certification their initial approval started)."""
    return (
        Credential.objects.filter(
            status=CredentialStatus.COMPLETED,
            program__kind=Program.Kind.APPLICATION,
            program__enrolls_in__isnull=False,
        )
        .filter(~Exists(Certificate.objects.filter(source_application=OuterRef("pk"))))
        .order_by("completed_at", "pk")
    )


class Command(BaseCommand):
    help = (
        "Derive certifications from the approved applications already on record (learners approved before "
        "certifications existed). Safe to re-run. Run enforce_deadlines afterwards: certifications whose "
        "valid-through date has passed lapse there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be issued; change nothing."
        )
        parser.add_argument("--now", help="Record the changes as of this moment (ISO; naive = Eastern).")

    def handle(self, *args, dry_run=False, now=None, **options):
        moment = parse_now(now) if now else timezone.now()
        pending = unawarded_applications()
        if dry_run:
            self.stdout.write(
                f"DRY RUN: {pending.count()} approved application(s) would issue a certificate."
            )
            return
        issued = 0
        for application in pending.iterator(chunk_size=500):
            certificate = certification_award(application=application, now=moment)
            issued += certificate is not None and certificate.source_application_id == application.pk
        self.stdout.write(self.style.SUCCESS(f"{issued} certificate(s) issued."))
