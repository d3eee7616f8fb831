"""The "Fill all information below and submit your file" form (External Files: dialog and no-JS page).

The form checks input shape and the file's content; who may upload what and when is decided by
`credentials.services.external_files.external_file_upload`.
"""

from django import forms
from django.core.exceptions import ValidationError

from credentials import files
from credentials.models import DocumentType
from portal.text import FreeTextField


class CredentialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.program.credential_name


class ExternalFileForm(forms.Form):
    credential = CredentialChoiceField(
        queryset=None,
        label="Credential",
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your active applications."},
    )
    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.none(),
        label="Document Type",
        empty_label="Select...",
        error_messages={
            "required": "Select the document type.",
            "invalid_choice": "Select the document type.",
        },
    )
    description = FreeTextField(
        label="Description",
        max_length=300,
        help_text="Enter a short description of the file you are uploading.",
        error_messages={"required": "Enter a short description of the file you are uploading."},
    )
    file = forms.FileField(
        label="Drop files here to upload",
        help_text=files.ACCEPTED_MESSAGE,
        error_messages={
            "required": f"Choose a file to upload. {files.ACCEPTED_MESSAGE}.",
            "empty": f"The file is empty. {files.ACCEPTED_MESSAGE}.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": files.ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, credentials, **kwargs):
        """`credentials`: the learner's credentials that take uploads (a queryset with `program` joined)."""
        super().__init__(*args, **kwargs)
        credential, document_type = self.fields["credential"], self.fields["document_type"]
        assert isinstance(credential, forms.ModelChoiceField)  # declared above
        assert isinstance(document_type, forms.ModelChoiceField)
        credential.queryset = credentials
        document_type.queryset = DocumentType.objects.filter(programs__credentials__in=credentials).distinct()
        description = self.fields["description"]
        description.widget.attrs["placeholder"] = "Enter a short description of the file you are uploading."

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        try:
            files.validate_upload(uploaded)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return uploaded

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        credential = cleaned.get("credential")
        document_type = cleaned.get("document_type")
        if (
            credential is not None
            and document_type is not None
            and not credential.program.document_types.filter(pk=document_type.pk).exists()
        ):
            self.add_error(
                "document_type",
                f"{document_type.name} is not a document of {credential.program.credential_name}.",
            )
        return cleaned
