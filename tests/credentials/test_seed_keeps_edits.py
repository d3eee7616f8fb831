"""seed_catalog keeps what KDLA edited in the admin; --update changes it back; --dry-run lists, changes nothing."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import CatalogItem, Lesson
from credentials.models import Program
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _seed(*args):
    out = StringIO()
    call_command("seed_catalog", *args, stdout=out)
    return out.getvalue()


def test_an_admin_edit_of_a_lesson_survives_seed_catalog(client, seeded):
    lesson = Lesson.objects.select_related("course").order_by("pk").first()
    course = lesson.course
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:courses_catalogitem_change", args=[course.pk])
    # Post back the page as the browser would, with the first lesson's body edited.
    data = _form_data(client.get(url))
    prefix = next(key for key, value in data.items() if key.endswith("-id") and str(value) == str(lesson.pk))
    data[prefix.replace("-id", "-body")] = "KDLA's own wording of this lesson."
    assert client.post(url, data).status_code == 302
    _seed()
    lesson.refresh_from_db()
    assert lesson.body == "KDLA's own wording of this lesson."


def _form_data(response):
    """The values of every field of the admin change form, as the browser would post them."""
    data = {}
    adminform = response.context["adminform"]
    for name, field in adminform.form.fields.items():
        value = adminform.form.initial.get(name, field.initial)
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, management[name].value())
        for form in formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and value is not False:
                    data[f"{form.prefix}-{name}"] = getattr(value, "pk", value)
    return data


def test_seed_catalog_keeps_program_edits_and_update_restores_them(seeded):
    program = Program.objects.get(code="paraprofessional-i-renewal-credits")
    program.required_hours = Decimal("80")
    program.save()
    _seed()
    program.refresh_from_db()
    assert program.required_hours == Decimal("80")
    _seed("--update")
    program.refresh_from_db()
    assert program.required_hours == Decimal("75")


def test_update_dry_run_lists_the_fields_it_would_change_and_changes_nothing(seeded):
    course = CatalogItem.objects.filter(kind="course").order_by("pk").first()
    course.summary = "Edited in the admin."
    course.save()
    out = _seed("--update", "--dry-run")
    assert "would change" in out and "summary" in out and "'Edited in the admin.'" in out
    assert "1 field(s) to change" in out
    course.refresh_from_db()
    assert course.summary == "Edited in the admin."


def test_seed_catalog_creates_what_is_missing(seeded):
    lesson = Lesson.objects.order_by("pk").first()
    slug, course = lesson.slug, lesson.course
    lesson.delete()
    assert "1 to create" in _seed("--dry-run")
    assert not Lesson.objects.filter(course=course, slug=slug).exists()
    _seed()
    assert Lesson.objects.filter(course=course, slug=slug).exists()
