from django.core.management.base import BaseCommand

from credentials.seeding import seed_catalog


def _short(value, limit=60):
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Command(BaseCommand):
    help = (
        "Create the catalog, courses, credential programs and libraries that are missing (safe to re-run; "
        "content edited in the admin is kept). --update also changes existing content to the seed data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also change existing rows whose fields differ from the seed.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be created or changed; change nothing."
        )

    def handle(self, *args, update=False, dry_run=False, **options):
        result = seed_catalog(update=update, dry_run=dry_run)
        verbose = options["verbosity"]
        if dry_run:
            for what in result.created:
                self.stdout.write(f"would create {what}")
            for what, name, current, seeded in result.changes:
                self.stdout.write(f"would change {what}: {name}: {_short(current)!r} -> {_short(seeded)!r}")
            self.stdout.write(
                f"DRY RUN (nothing changed): {len(result.created)} to create, {len(result.changes)} field(s) to change."
            )
            return
        if verbose:
            created = ", ".join(f"{value} {name}" for name, value in result.counts.items())
            changed = f"; {len(result.changes)} field(s) updated" if update else ""
            self.stdout.write(self.style.SUCCESS(f"Catalog seeded (new: {created}{changed})."))
        if verbose > 1:
            for what, name, _current, _seeded in result.changes:
                self.stdout.write(f"changed {what}: {name}")
