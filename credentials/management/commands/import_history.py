from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from credentials.history_import import COLUMNS, HistoryImportError, history_import


class Command(BaseCommand):
    help = (
        f"Import what staff bring from the old portal: a CSV with the columns {', '.join(COLUMNS)} (one course "
        "completion, credential or approved credit per line; see credentials/history_import.py). Bad lines are "
        "reported by number and nothing is imported unless --skip-invalid. Re-importing changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path", metavar="CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; change nothing."
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the good lines, skip the bad ones."
        )

    def handle(self, *args, csv_path, dry_run=False, skip_invalid=False, **options):
        try:
            with open(csv_path, newline="", encoding="utf-8-sig") as handle:
                result = history_import(
                    handle=handle, dry_run=dry_run, skip_invalid=skip_invalid, now=timezone.now()
                )
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {csv_path}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{csv_path} is not UTF-8 text; save it as 'CSV UTF-8'.") from exc
        except HistoryImportError as exc:
            raise CommandError(str(exc)) from exc
        for line, message in sorted(result.errors):
            self.stderr.write(f"Line {line}: {message}")
        if result.errors and not skip_invalid:
            raise CommandError(
                f"{len(result.errors)} bad line(s); nothing was imported. Fix them, or re-run with --skip-invalid "
                "to import the other lines."
            )
        created = ", ".join(f"{count} {record}(s)" for record, count in result.created.items())
        summary = f"{created} new, {result.unchanged} already there, {len(result.errors)} skipped."
        self.stdout.write(
            f"DRY RUN (nothing changed). Would import: {summary}" if dry_run else f"Imported: {summary}"
        )
