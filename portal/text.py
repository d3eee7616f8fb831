"""Free text people type (names, descriptions, notes, messages) and file names, made safe to store and show.

`clean_text` is the one function: it removes the invisible format characters (Unicode category Cf: bidi
overrides such as U+202E that reorder what a reviewer reads, zero-width spaces and joiners, the BOM), control
characters (Cc) except line breaks and tabs in multi-line text, and the other "C" categories (private use,
unassigned, surrogates), then trims. Every free-text form field is a
`FreeTextField` (forms call it), the services clean again what they store, and `credentials.files.display_name`
uses it for uploaded file names.
"""

import unicodedata

from django import forms
from django.db import models

_KEPT_IN_MULTILINE = {"\n", "\t"}


def clean_text(value, *, multiline=True):
    """`value` without format and control characters (line breaks and tabs kept when `multiline`), trimmed."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    kept = _KEPT_IN_MULTILINE if multiline else set()
    return "".join(ch for ch in text if ch in kept or unicodedata.category(ch)[0] != "C").strip()


def max_length(model: type[models.Model], name: str) -> int:
    """The `max_length` of the text column `name` of `model`: the limit a service checks and states."""
    column = model._meta.get_field(name)
    if not isinstance(column, models.CharField | models.TextField) or column.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a text column with a max_length")
    return column.max_length


class FreeTextField(forms.CharField):
    """A CharField whose value is cleaned by `clean_text` before its length and required checks."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value, multiline=self.multiline) if value else value
