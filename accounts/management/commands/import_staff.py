from django.core.management.base import BaseCommand, CommandError

from accounts.services import StaffImportError, staff_import


class Command(BaseCommand):
    help = (
        "Create or update staff accounts from a CSV with the columns email, first_name, last_name, library, "
        "job_title. Bad rows are reported by line number and nothing is imported unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path", metavar="CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the good rows, skip the bad ones."
        )

    def handle(self, *args, csv_path, dry_run=False, skip_invalid=False, **options):
        try:
            with open(csv_path, newline="", encoding="utf-8-sig") as handle:
                result = staff_import(handle=handle, dry_run=dry_run, skip_invalid=skip_invalid)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {csv_path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{csv_path} is not UTF-8 text; save it as 'CSV UTF-8'.") from exc
        except StaffImportError as exc:
            raise CommandError(str(exc)) from exc
        for line, message in result.errors:
            self.stderr.write(f"Line {line}: {message}")
        if result.errors and not skip_invalid:
            raise CommandError(
                f"{len(result.errors)} bad row(s); nothing was imported. Fix them, or re-run with --skip-invalid "
                "to import the other rows."
            )
        verb = "Would import" if dry_run else "Imported"
        summary = (
            f"{verb}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged, {len(result.errors)} skipped."
        )
        self.stdout.write(
            self.style.SUCCESS(summary) if not dry_run else f"DRY RUN (nothing changed). {summary}"
        )
        if result.created and not dry_run:
            self.stdout.write(
                'New accounts have no password yet: staff use "Forgot your password?" to set one.'
            )
