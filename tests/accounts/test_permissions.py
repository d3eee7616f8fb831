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
