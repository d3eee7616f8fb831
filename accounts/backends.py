"""Django's and allauth's authentication backends, loading the signed-in user together with whether they hold
the review permission: one query instead of two on every signed-in page (the left panel and the reviewer
session limits ask for it on each request). Everything else is the parent backends' own behaviour."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthAuthenticationBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.models import User


class _LoadsReviewPermission(DjangoModelBackend):
    def get_user(self, user_id):
        user = User.objects.get_with_review_permission(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LoadsReviewPermission):
    pass


class AuthenticationBackend(_LoadsReviewPermission, AllauthAuthenticationBackend):
    pass
