"""allauth's log-in form with one change: "Forgot your password?" is not the password field's help text.

Help text is drawn between a field's label and its input (components/field.html), so the link sat between
Email and Password in the Tab order. The log-in page shows it after the "Log in" button instead.
"""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
