"""The "Request new Credit" window and the reviewer's decision form.

The forms only parse input and label fields; every rule is checked again in `credit_requests.services`.
"""

from django import forms
from django.utils import timezone

from credentials import rules
from credentials.cycles import counting_window
from credentials.fields import BoundedDateField
from credit_requests.selectors import active_renewal_credentials
from portal.text import FreeTextField

ACTIVITY_DATE_HELP = (
    "The Activity Date must be within the Start and End Date of the selected Credential in order to count "
    "towards its completion."
)


def credential_choice_label(credential) -> str:
    """The cycle's dates; a next cycle opened early by a renewal also says from when its hours count."""
    label = f"{credential.program.credential_name} ({credential.cycle_start:%m/%d/%Y} to {credential.cycle_end:%m/%d/%Y})"
    start, _end = counting_window(credential)
    if start < credential.cycle_start:
        label += f", counts hours from {start:%m/%d/%Y}"
    return label


class CreditRequestForm(forms.Form):
    activity_date = BoundedDateField(
        label="Activity Date",
        help_text=ACTIVITY_DATE_HELP,
        input_formats=["%m/%d/%Y"],
        error_messages={"invalid": "Enter the Activity Date as MM/dd/yyyy, for example 03/15/2025."},
        widget=forms.DateInput(
            format="%m/%d/%Y",
            attrs={"placeholder": "MM/dd/yyyy", "autocomplete": "off", "inputmode": "numeric"},
        ),
    )
    course = FreeTextField(label="Course", max_length=200)
    description = FreeTextField(label="Description", max_length=500)
    credential = forms.TypedChoiceField(label="Credentials to count against", coerce=int)
    requested_credits = forms.CharField(
        label="Requested Credits",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    file = forms.FileField(
        label="Drop files here to upload",
        help_text="Your documentation, such as LARs, certificates, etc. (all as one file). "
        "The following document types are accepted: PDF, Word, .jpg, .png",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        credentials = list(active_renewal_credentials(user=user))
        credential = self.fields["credential"]
        assert isinstance(credential, forms.ChoiceField)  # declared above
        credential.choices = [("", "Select...")] + [(c.pk, credential_choice_label(c)) for c in credentials]
        credential.error_messages["invalid_choice"] = "Choose one of your active renewal-credits credentials."
        if len(credentials) == 1 and not self.is_bound:
            self.initial.setdefault("credential", credentials[0].pk)
        for name in ("course", "description", "requested_credits", "activity_date", "credential"):
            self.fields[name].error_messages["required"] = f"{self.fields[name].label} is required."
        self.fields["file"].error_messages["required"] = "Upload your documentation (one file)."
        self.has_credentials = bool(credentials)
        self._credentials = {c.pk: c for c in credentials}

    def clean_requested_credits(self):
        """Shown with the other fields' messages at once; the service checks the same rule again."""
        value = self.cleaned_data["requested_credits"]
        credits = rules.parse_credits(value)
        if credits is None:
            raise forms.ValidationError("Enter the number of requested contact hours, for example 15 or 2.5.")
        problem = rules.requested_credits_error(credits)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean(self):
        """The date rules need the chosen credential: checked here so every message shows at once."""
        super().clean()
        cleaned = self.cleaned_data
        day = cleaned.get("activity_date")
        if day is not None:
            credential = self._credentials.get(cleaned.get("credential"))
            problem = rules.activity_date_error(
                day,
                today=rules.local_date(timezone.now()),
                cycle_start=credential.cycle_start if credential else None,
                cycle_end=credential.cycle_end if credential else None,
            )
            if problem:
                self.add_error("activity_date", problem)
        return cleaned


class CreditDecisionForm(forms.Form):
    approved_credits = forms.CharField(
        label="Approved credits",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    notes = FreeTextField(
        label="Notes",
        required=False,
        multiline=True,
        max_length=2000,
        help_text="Required unless all the requested credits are approved. The learner sees these notes.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
