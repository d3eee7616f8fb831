"""allauth's sign-up form with one change: a registered address costs the same work as a new one.

With ACCOUNT_PREVENT_ENUMERATION allauth answers a registered address with the same page (and emails the
owner), but it skipped the password hashing that creating an account does, so a registered address answered in
~50 ms and a new one in ~400 ms. Hashing the submitted password once there (and throwing the hash away) makes
both paths cost the same. Its own module because allauth.account.forms imports ACCOUNT_SIGNUP_FORM_CLASS
(accounts.forms) while it loads.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))  # what set_password costs a new account
        return super().try_save(request)
