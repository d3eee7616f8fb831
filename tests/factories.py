"""Factories shared by every app's tests (per-app factories import from here)."""

import datetime as dt
import importlib
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Library, User
from courses.models import CatalogItem, Category, Enrollment, Lesson
from credentials import rules
from credentials.models import Credential, CredentialStatus, Program

PASSWORD = "correct horse battery staple"


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"County {n} Public Library")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@library.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    library = factory.SubFactory(LibraryFactory)
    job_title = "Library Assistant"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            if extracted is not False:
                EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


def reviewers_group():
    """The "KDLA Reviewers" group exactly as its migration makes it: a transactional test's flush deletes it."""
    migration = importlib.import_module("reviews.migrations.0002_reviewers_group")
    migration.create_group(django_apps, None)
    importlib.import_module("reviews.migrations.0004_reviewers_see_people").add_permissions(django_apps, None)
    return Group.objects.get(name=migration.GROUP)


class ReviewerFactory(UserFactory):
    email = factory.Sequence(lambda n: f"reviewer{n}@kdla.example")
    job_title = "KDLA Consultant"

    @factory.post_generation
    def reviewers_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(reviewers_group())


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogItem

    kind = CatalogItem.Kind.COURSE
    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    category = factory.SubFactory(CategoryFactory)
    summary = "A short course."
    contact_hours = Decimal("1.00")


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    body = "Lesson text."


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    registered_at = factory.LazyFunction(timezone.now)


def program(code):
    """A seeded program by code (use with the `seeded` fixture)."""
    return Program.objects.get(code=code)


class CredentialFactory(factory.django.DjangoModelFactory):
    """A renewal-credits credential by default; pass program= for another."""

    class Meta:
        model = Credential

    user = factory.SubFactory(UserFactory)
    program = factory.LazyFunction(lambda: program("part-time-renewal-credits"))
    status = CredentialStatus.ACTIVE
    cycle_start = factory.LazyFunction(lambda: rules.local_date(timezone.now()) - dt.timedelta(days=30))
    cycle_end = factory.LazyAttribute(lambda o: rules.add_years(o.cycle_start, 5))
    registered_at = factory.LazyFunction(timezone.now)


def pdf_bytes(text="Application for Certification of Part-Time Library Staff"):
    """A real one-page PDF whose text is `text` (uploads check the content, not just the name)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=text)
    return bytes(pdf.output())
