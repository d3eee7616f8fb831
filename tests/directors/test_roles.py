"""Naming directors: the admin and grant_role/revoke_role, the left panel, the staff member's profile."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.library_roles import library_role_revoke
from accounts.models import LibraryRole
from tests.directors.builders import director_of, library
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seeded_libraries_have_a_slug_and_a_region(seeded):
    adair = library("adair-county-public-library")
    assert adair.region.name == "Lake Cumberland"
    assert library("louisville-free-public-library").region.name == "KIPDA"


def test_grant_role_names_a_director_and_revoke_role_ends_it_keeping_the_record(seeded, capsys):
    person = UserFactory(email="dir@library.example")
    call_command("grant_role", "dir@library.example", "director", "--library", "adair-county-public-library")
    assert "is now library director of Adair County Public Library" in capsys.readouterr().out
    person.refresh_from_db()
    assert person.directs_libraries
    call_command("grant_role", "dir@library.example", "director", "--library", "adair-county-public-library")
    assert "nothing changed" in capsys.readouterr().out
    assert LibraryRole.objects.filter(user=person).count() == 1

    call_command("revoke_role", "dir@library.example", "director", "--library", "adair-county-public-library")
    person.refresh_from_db()
    assert not person.directs_libraries
    role = LibraryRole.objects.get(user=person)
    assert role.revoked_at is not None


def test_changing_the_kind_of_role_keeps_the_previous_one_on_record(seeded):
    person = UserFactory(email="dir@library.example")
    adair = library("adair-county-public-library")
    call_command("grant_role", "dir@library.example", "director", "--library", adair.slug)
    call_command("grant_role", "dir@library.example", "ce_coordinator", "--library", adair.slug)
    roles = list(LibraryRole.objects.filter(user=person).order_by("pk"))
    assert [(role.kind, role.revoked_at is None) for role in roles] == [
        ("director", False),
        ("ce_coordinator", True),
    ]
    assert roles[0].revoked_at == roles[1].granted_at
    person.refresh_from_db()
    assert person.directs_libraries


def test_grant_role_refuses_an_unknown_library_with_a_clear_message(seeded):
    UserFactory(email="dir@library.example")
    with pytest.raises(CommandError, match="No library system with the slug 'nowhere'"):
        call_command("grant_role", "dir@library.example", "director", "--library", "nowhere")


def test_director_panel_shows_my_staff_and_others_do_not(client, seeded):
    director = director_of(library("adair-county-public-library"), now=timezone.now())
    client.force_login(director)
    labels = [item["label"] for item in client.get(reverse("dashboard")).context["navigation"]]
    assert "My Staff" in labels
    client.force_login(UserFactory())
    labels = [item["label"] for item in client.get(reverse("dashboard")).context["navigation"]]
    assert "My Staff" not in labels


def test_staff_profile_names_who_can_see_their_progress(client, seeded):
    adair = library("adair-county-public-library")
    director = director_of(adair, now=timezone.now(), first_name="Dana", last_name="Director")
    other = director_of(library("allen-county-public-library"), now=timezone.now(), first_name="Otto")
    staff = UserFactory(library=adair)
    client.force_login(staff)
    html = client.get(reverse("profile")).content.decode()
    assert "Who can see your progress" in html
    assert "Dana Director (Library director, Adair County Public Library)" in html
    assert other.first_name not in html

    library_role_revoke(user=director, library=adair, actor=None, now=timezone.now())
    html = client.get(reverse("profile")).content.decode()
    assert "Nobody at your library system has been named" in html


def test_operator_names_a_director_in_the_admin(client, seeded):
    operator = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()
    client.force_login(operator)
    adair = library("adair-county-public-library")
    response = client.post(
        reverse("admin:accounts_libraryrole_add"),
        {"user": person.pk, "library": adair.pk, "kind": "ce_coordinator"},
    )
    assert response.status_code == 302
    role = LibraryRole.objects.get(user=person)
    assert (role.kind, role.granted_by, role.library) == ("ce_coordinator", operator, adair)
    person.refresh_from_db()
    assert person.directs_libraries

    client.post(
        reverse("admin:accounts_libraryrole_changelist"),
        {"action": "revoke", "_selected_action": [role.pk]},
    )
    role.refresh_from_db()
    assert role.revoked_by == operator


def test_grant_role_dry_run_says_what_the_real_run_would_and_changes_nothing(seeded, capsys):
    person = UserFactory(email="dir@library.example")
    adair = "adair-county-public-library"
    call_command("grant_role", "dir@library.example", "director", "--library", adair, "--dry-run")
    assert capsys.readouterr().out.strip() == (
        "DRY RUN (nothing changed): dir@library.example is now library director of Adair County Public Library."
    )
    person.refresh_from_db()
    assert not person.directs_libraries and not LibraryRole.objects.exists()
    call_command("revoke_role", "dir@library.example", "director", "--library", adair, "--dry-run")
    assert (
        "DRY RUN (nothing changed): dir@library.example had no role at Adair County"
        in capsys.readouterr().out
    )
