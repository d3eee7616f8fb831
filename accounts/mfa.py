"""Staff powers need a TOTP authenticator when REVIEWER_MFA_REQUIRED is on (production, DEBUG off).

One predicate for every place that grants them: `portal.middleware.ReviewerMFAMiddleware` sends staff without
TOTP to set it up before any /review/ or /admin/ page, and the selectors of the documents a reviewer may read
outside those paths (credit evidence, External Files) treat such a reviewer as a learner: their own files only.
A user with TOTP cannot sign in without its code (allauth's MFA stage), so having one means it was used.
"""

from django.conf import settings


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_mfa_missing(user) -> bool:
    """True when `user` is staff (reviewer, admin staff, superuser) who must set up TOTP before acting as such."""
    return (
        bool(getattr(settings, "REVIEWER_MFA_REQUIRED", False))
        and user is not None
        and user.is_authenticated
        and (user.is_staff or user.is_superuser or user.is_reviewer)
        and not user_has_totp(user)
    )


def acts_as_reviewer(user) -> bool:
    """A reviewer whose reviewer powers are open now (TOTP set up where it is required)."""
    return user.is_reviewer and not staff_mfa_missing(user)
