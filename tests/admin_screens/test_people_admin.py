"""The admin's Users and Libraries screens: search, filters, roles as checkboxes, deactivate not delete."""

import pytest
from django.urls import reverse

from accounts.models import Library, PersonEvent, User
from accounts.roles import REVIEWERS_GROUP
from tests.factories import LibraryFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _change_data(user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "library": user.library_id or "",
        "job_title": user.job_title,
    }
    data.update(overrides)
    return data


def test_users_list_finds_a_person_by_library_and_shows_roles_and_last_login(client, operator):
    boone = LibraryFactory(name="Boone County Public Library")
    UserFactory(email="pat@boone.example", library=boone)
    ReviewerFactory(email="kim@kdla.example")
    UserFactory(email="lee@elsewhere.example")
    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "Boone"})
    text = response.content.decode()
    assert "pat@boone.example" in text and "lee@elsewhere.example" not in text
    response = client.get(reverse("admin:accounts_user_changelist"), {"role": "reviewer"})
    text = response.content.decode()
    assert "kim@kdla.example" in text and "pat@boone.example" not in text
    assert "KDLA reviewer" in text and "Last login" in text


def test_users_list_filters_by_verified_and_active(client, operator):
    UserFactory(email="new@library.example", verified=False)
    UserFactory(email="gone@library.example", is_active=False)
    text = client.get(reverse("admin:accounts_user_changelist"), {"verified": "no"}).content.decode()
    assert "new@library.example" in text and "gone@library.example" not in text
    text = client.get(reverse("admin:accounts_user_changelist"), {"is_active__exact": "0"}).content.decode()
    assert "gone@library.example" in text and "new@library.example" not in text


def test_users_list_library_drop_down_filters_and_ignores_a_bad_value(client, operator):
    boone = LibraryFactory(name="Boone County Public Library")
    UserFactory(email="pat@boone.example", library=boone)
    UserFactory(email="lee@elsewhere.example")
    url = reverse("admin:accounts_user_changelist")
    text = client.get(url, {"library": boone.pk, "is_active__exact": "1"}).content.decode()
    assert "pat@boone.example" in text and "lee@elsewhere.example" not in text
    # The drop-down keeps the page's other parameters and shows the choice made.
    assert '<input type="hidden" name="is_active__exact" value="1">' in text
    assert f'<option value="{boone.pk}" selected>Boone County Public Library</option>' in text
    for value in ("", "not-a-number"):  # "All", or a hand-typed value: everyone, no error page
        response = client.get(url, {"library": value})
        assert response.status_code == 200
        assert (
            "pat@boone.example" in response.content.decode()
            and "lee@elsewhere.example" in response.content.decode()
        )


def test_users_list_query_count_does_not_grow_with_people(client, operator, django_assert_max_num_queries):
    for _ in range(30):
        ReviewerFactory()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_operator_ticks_the_reviewer_role_and_edits_the_profile_with_history(client, operator):
    person = UserFactory(job_title="Clerk")
    other = LibraryFactory(name="Other County Public Library")
    url = reverse("admin:accounts_user_change", args=[person.pk])
    response = client.post(
        url, _change_data(person, library=other.pk, job_title="Director", role_reviewer="on")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.library == other and person.job_title == "Director"
    assert person.groups.filter(name=REVIEWERS_GROUP).exists()
    assert person.is_reviewer
    kinds = list(PersonEvent.objects.filter(user=person).values_list("kind", "actor"))
    assert (PersonEvent.Kind.PROFILE_CHANGED, operator.pk) in kinds
    assert (PersonEvent.Kind.ROLE_GRANTED, operator.pk) in kinds


def test_unticking_operator_removes_admin_access(client, operator):
    other_operator = UserFactory(is_staff=True, is_superuser=True)
    url = reverse("admin:accounts_user_change", args=[other_operator.pk])
    assert client.post(url, _change_data(other_operator)).status_code == 302
    other_operator.refresh_from_db()
    assert not other_operator.is_superuser and not other_operator.is_staff


def test_a_person_with_history_cannot_be_deleted_only_deactivated(client, operator):
    person = UserFactory()
    PersonEvent.objects.create(user=person, kind=PersonEvent.Kind.NOTE, note="Phoned", at=person.date_joined)
    assert client.get(reverse("admin:accounts_user_delete", args=[person.pk])).status_code == 403
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "deactivate", "_selected_action": [person.pk]}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active and User.objects.filter(pk=person.pk).exists()
    assert PersonEvent.objects.filter(user=person, kind=PersonEvent.Kind.DEACTIVATED, actor=operator).exists()


def test_no_user_is_added_in_the_admin(client, operator):
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_operator_adds_and_renames_a_library(client, operator):
    response = client.post(reverse("admin:accounts_library_add"), {"name": "New Branch Library System"})
    assert response.status_code == 302
    library = Library.objects.get(name="New Branch Library System")
    client.post(
        reverse("admin:accounts_library_change", args=[library.pk]), {"name": "Renamed Library System"}
    )
    library.refresh_from_db()
    assert library.name == "Renamed Library System"


def test_reviewer_sees_people_read_only_and_cannot_change_roles(client):
    reviewer = ReviewerFactory()
    person = UserFactory(job_title="Clerk")
    client.force_login(reviewer)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    url = reverse("admin:accounts_user_change", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="role_reviewer"' not in page.content.decode()
    assert client.post(url, _change_data(person, job_title="Hacked", role_operator="on")).status_code == 403
    person.refresh_from_db()
    assert person.job_title == "Clerk" and not person.is_superuser
    assert client.get(reverse("admin:credentials_credential_changelist")).status_code == 200
    assert client.get(reverse("admin:credentials_externalfile_changelist")).status_code == 200
    assert client.get(reverse("admin:credit_requests_creditrequest_changelist")).status_code == 200
    assert client.get(reverse("admin:courses_catalogitem_changelist")).status_code == 403


def test_credential_status_is_read_only_and_not_added_in_the_admin(client, operator, seeded):
    from tests.factories import CredentialFactory

    credential = CredentialFactory()
    assert client.get(reverse("admin:credentials_credential_add")).status_code == 403
    page = client.get(reverse("admin:credentials_credential_change", args=[credential.pk])).content.decode()
    assert 'name="status"' not in page and 'name="cycle_end"' not in page


def test_an_operator_cannot_untick_their_own_operator_role(client, operator):
    response = client.post(reverse("admin:accounts_user_change", args=[operator.pk]), _change_data(operator))
    assert response.status_code == 200
    assert "You cannot take the Operator role from yourself" in response.content.decode()
    operator.refresh_from_db()
    assert operator.is_superuser


def test_reviewer_extends_an_upload_window_with_the_admin_action_through_the_service(client, seeded):
    import datetime as dt

    from django.utils import timezone

    from credentials import rules
    from credentials.models import CredentialEvent
    from tests.credentials.applications import registered_application

    application = registered_application()
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    url = reverse("admin:credentials_credential_changelist")
    data = {"action": "extend_upload_window", "_selected_action": [application.pk]}
    form = client.post(url, data)
    assert form.status_code == 200 and "Change the deadline" in form.content.decode()
    new_date = rules.local_date(timezone.now()) + dt.timedelta(days=20)
    done = client.post(
        url, {**data, "apply": "yes", "new_date": new_date.strftime("%m/%d/%Y"), "reason": "Phoned"}
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert rules.local_date(application.upload_deadline) == new_date
    assert CredentialEvent.objects.get(credential=application, kind="deadline").actor == reviewer


def test_a_learner_cannot_run_the_extend_action(client, seeded):
    from tests.credentials.applications import registered_application

    application = registered_application()
    before = application.upload_deadline
    client.force_login(application.user)
    response = client.post(
        reverse("admin:credentials_credential_changelist"),
        {
            "action": "extend_upload_window",
            "_selected_action": [application.pk],
            "apply": "yes",
            "new_date": "12/31/2030",
            "reason": "x",
        },
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    application.refresh_from_db()
    assert application.upload_deadline == before
