from django.core.management.base import BaseCommand

from credentials.seeding import seed_catalog


class Command(BaseCommand):
    help = "Create or update the catalog, courses, credential programs and libraries (safe to re-run)."

    def handle(self, *args, **options):
        counts = seed_catalog()
        created = ", ".join(f"{value} {name}" for name, value in counts.items())
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Catalog seeded (new: {created})."))
