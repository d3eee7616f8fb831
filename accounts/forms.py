from django import forms

from accounts.models import Library, User
from portal.text import FreeTextField

# WCAG 1.3.5: the browser may fill these from the person's own details.
AUTOCOMPLETE = {"first_name": "given-name", "last_name": "family-name", "job_title": "organization-title"}


def mark_autocomplete(fields):
    for name, token in AUTOCOMPLETE.items():
        fields[name].widget.attrs["autocomplete"] = token


class ProfileFieldsMixin(forms.Form):
    first_name = FreeTextField(label="First name", max_length=150)
    last_name = FreeTextField(label="Last name", max_length=150)
    library = forms.ModelChoiceField(
        label="Library", queryset=Library.objects.all(), empty_label="Select your library system"
    )
    job_title = FreeTextField(label="Job title", max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_autocomplete(self.fields)


class ProfileSignupForm(ProfileFieldsMixin):
    """Extra signup fields; allauth calls `signup` after creating the user."""

    field_order = ["email", "first_name", "last_name", "library", "job_title", "password1", "password2"]

    def signup(self, request, user):
        for field in ("first_name", "last_name", "library", "job_title"):
            setattr(user, field, self.cleaned_data[field])
        user.save(update_fields=["first_name", "last_name", "library", "job_title"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "library", "job_title"]
        labels = {"library": "Library", "job_title": "Job title"}
        field_classes = {"first_name": FreeTextField, "last_name": FreeTextField, "job_title": FreeTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        library = self.fields["library"]
        assert isinstance(library, forms.ModelChoiceField)  # the model form's field for the foreign key
        library.empty_label = "Select your library system"
        mark_autocomplete(self.fields)
