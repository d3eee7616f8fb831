from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import ops
from reviews.export import person_export, person_manifest


class Command(BaseCommand):
    help = "Everything held about EMAIL (profile, credentials, history, requests, emails, their files) as one zip."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="The zip to write (default: <email>-records.zip here).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be exported; write nothing."
        )

    def handle(self, *args, email, output=None, dry_run=False, **options):
        person = ops.user_by_email(email)
        output = output or f"{person.email}-records.zip"
        if dry_run:
            manifest, files = person_manifest(person=person)
            self.stdout.write(
                f"DRY RUN (nothing written): {output} would hold {len(manifest['credentials'])} credential(s), "
                f"{len(manifest['history'])} history event(s), {len(manifest['credit_requests'])} credit "
                f"request(s), {len(manifest['emails'])} email(s) and {len(files)} file(s)."
            )
            return
        try:
            person_export(person=person, output=output, actor=None, now=timezone.now())
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        self.stdout.write(f"Wrote {output}.")
