"""Forms of the file decision screen: approve, return for more information, extend the upload deadline."""

from django import forms

from credentials.fields import BoundedDateField
from portal.text import FreeTextField


class DescribedByMixin(forms.BaseForm):
    """Point each widget at its help text and errors (ids as rendered by components/field.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            ids = [f"id_{name}_help"] if field.help_text else []
            if self.is_bound and name in self.errors:
                ids.append(f"id_{name}_errors")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class ApproveForm(DescribedByMixin, forms.Form):
    note = FreeTextField(
        label="Note (optional)",
        required=False,
        multiline=True,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(DescribedByMixin, forms.Form):
    message = FreeTextField(
        multiline=True,
        label="Message to the learner",
        max_length=4000,
        help_text="Required. Say what is missing or what to change; it is emailed to the learner and shown on "
        "their External Files page.",
        error_messages={"required": "Write a message to the learner saying what is needed."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExtendDeadlineForm(DescribedByMixin, forms.Form):
    new_date = BoundedDateField(
        label="New upload deadline",
        help_text="MM/DD/YYYY. The window ends at 11:59 pm Eastern that day.",
        error_messages={
            "required": "Enter the new deadline (MM/DD/YYYY).",
            "invalid": "Enter a date as MM/DD/YYYY.",
        },
        widget=forms.DateInput(
            format="%m/%d/%Y", attrs={"placeholder": "MM/DD/YYYY", "inputmode": "numeric"}
        ),
    )
    reason = FreeTextField(
        label="Reason",
        max_length=1000,
        help_text="Recorded in the credential's history.",
        error_messages={"required": "Say why the deadline changes."},
    )
