"""Forms of the reviewers' person page: each names one of the person's own records by id (choices built
from what the page already loaded, so an id of someone else's record is simply not a choice)."""

from django import forms

from portal.text import FreeTextField

DATE_WIDGET = forms.DateInput(format="%m/%d/%Y", attrs={"placeholder": "MM/DD/YYYY", "inputmode": "numeric"})
DATE_ERRORS = {"required": "Enter a date (MM/DD/YYYY).", "invalid": "Enter a date as MM/DD/YYYY."}


class _ChoosesRecord(forms.Form):
    """`choices`: [(id, label)] of the person's records this action applies to."""

    record_label = "Credential"

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"] = forms.TypedChoiceField(
            label=self.record_label,
            choices=[(str(pk), label) for pk, label in choices],
            coerce=int,
            error_messages={"invalid_choice": "Choose one of the listed items.", "required": "Choose one."},
        )
        self.order_fields(["record"])


class ExtendWindowForm(_ChoosesRecord):
    record_label = "Application"
    new_date = forms.DateField(
        label="New upload deadline",
        help_text="MM/DD/YYYY, at most a year ahead. The window ends at 11:59 pm Eastern that day.",
        error_messages=DATE_ERRORS,
        widget=DATE_WIDGET,
    )
    reason = FreeTextField(
        label="Reason", max_length=1000, error_messages={"required": "Say why the deadline changes."}
    )


class ReinstateForm(ExtendWindowForm):
    record_label = "Expired application"


class EnrollForm(_ChoosesRecord):
    record_label = "Program"
    start = forms.DateField(
        label="Cycle start",
        help_text="MM/DD/YYYY; today or earlier.",
        error_messages=DATE_ERRORS,
        widget=DATE_WIDGET,
    )
    note = FreeTextField(label="Note (optional)", required=False, max_length=1000)


class ReopenForm(_ChoosesRecord):
    record_label = "Decided credit request"
    reason = FreeTextField(
        label="Reason",
        multiline=True,
        max_length=2000,
        help_text="Emailed to the learner and recorded in the history.",
        error_messages={"required": "Say why the decision is reopened."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = FreeTextField(
        label="Note",
        multiline=True,
        max_length=2000,
        help_text="For KDLA only (e.g. what was said on the phone); not shown to the learner.",
        error_messages={"required": "Write the note."},
        widget=forms.Textarea(attrs={"rows": 2}),
    )
