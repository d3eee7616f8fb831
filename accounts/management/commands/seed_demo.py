from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Library, User

DEMO_PASSWORD = "kdla-demo-password"
DEMO_ACCOUNTS = [
    {
        "email": "learner@example.com",
        "first_name": "Lee",
        "last_name": "Learner",
        "job_title": "Library Assistant",
        "reviewer": False,
    },
    {
        "email": "reviewer@example.com",
        "first_name": "Riley",
        "last_name": "Reviewer",
        "job_title": "KDLA Continuing Education Consultant",
        "reviewer": True,
    },
]


class Command(BaseCommand):
    help = "Create the demo learner and reviewer for local use (idempotent; never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, password, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates accounts with a published password: never in production.")
        library = Library.objects.order_by("name").first()
        reviewers = Group.objects.get(name="KDLA Reviewers")
        for row in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                email=row["email"],
                defaults={
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "job_title": row["job_title"],
                    "library": library,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if row["reviewer"]:
                user.groups.add(reviewers)
            role = "reviewer" if row["reviewer"] else "learner"
            shown = password if created or user.check_password(password) else "(changed since it was created)"
            self.stdout.write(f"  {role:<9} {user.email}  password: {shown}")
