import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_a_reviewer_through_the_group_is_a_reviewer_in_one_query(django_assert_num_queries):
    reviewer = fresh(ReviewerFactory())
    with django_assert_num_queries(1):
        assert reviewer.is_reviewer
        assert reviewer.has_perm("reviews.review_submissions")
        assert not reviewer.has_perm("auth.add_user")


def test_a_permission_given_to_the_user_directly_counts():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_user", content_type__app_label="accounts"))
    user = fresh(user)
    assert user.has_perm("accounts.add_user")
    assert not user.is_reviewer


def test_a_learner_is_not_a_reviewer_and_the_answer_is_the_backends(django_assert_num_queries):
    learner = fresh(UserFactory())
    with django_assert_num_queries(1):
        assert not learner.is_reviewer
        assert not learner.has_perm("reviews.review_submissions")
    assert learner.get_all_permissions() == set()


def test_inactive_reviewers_and_superusers_need_no_query(django_assert_num_queries):
    inactive = ReviewerFactory()
    inactive.is_active = False
    inactive.save()
    superuser = UserFactory(is_superuser=True)
    inactive, superuser = fresh(inactive), fresh(superuser)
    with django_assert_num_queries(0):
        assert not inactive.is_reviewer
        assert superuser.is_reviewer


# --- The signed-in user is loaded with their review permission (accounts.backends) --------------------------

REVIEW = "reviews.review_submissions"


def _signed_in(user):
    """`request.user` as the session's backend loads it."""
    from accounts.backends import AuthenticationBackend

    return AuthenticationBackend().get_user(user.pk)


def _reviewer_directly():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="review_submissions"))
    return user


@pytest.mark.parametrize(
    "make",
    [
        UserFactory,
        ReviewerFactory,
        _reviewer_directly,
        lambda: UserFactory(is_superuser=True),
    ],
    ids=["learner", "reviewer through the group", "reviewer directly", "superuser"],
)
def test_the_review_answer_loaded_with_the_user_is_the_backends_answer(make, django_assert_num_queries):
    user = make()
    with django_assert_num_queries(1):
        signed_in = _signed_in(user)
        answer = signed_in.is_reviewer
        assert signed_in.has_perm(REVIEW) == answer
    assert answer == fresh(user).has_perm(REVIEW)  # Django's ModelBackend, from the permission tables
    assert answer == (make is not UserFactory)


def test_an_inactive_reviewer_cannot_be_loaded_at_all():
    reviewer = ReviewerFactory(is_active=False)
    assert _signed_in(reviewer) is None


def test_leaving_the_reviewers_group_closes_the_queue_on_the_next_request(client):
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    assert client.get("/review/").status_code == 200
    reviewer.groups.clear()
    assert client.get("/review/").status_code == 403


def test_a_deleted_users_session_loads_nobody():
    user = UserFactory()
    pk = user.pk
    user.delete()
    from accounts.backends import AuthenticationBackend

    assert AuthenticationBackend().get_user(pk) is None
