"""Form fields every app's forms share (credit requests, reviews, admin screens)."""

from django import forms

from credentials import rules


class BoundedDateField(forms.DateField):
    """A DateField that refuses dates outside `rules.EARLIEST_DATE`..`rules.LATEST_DATE` with a message next to
    the field (a year like 9999 would otherwise overflow deadline arithmetic into a 500)."""

    def validate(self, value):
        super().validate(value)
        problem = value and rules.date_out_of_range(value)
        if problem:
            raise forms.ValidationError(problem, code="out_of_range")
