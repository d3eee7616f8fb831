"""Reads for External Files, scoped to the user (someone else's file or credential is a 404)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.mfa import acts_as_reviewer
from credentials.models import Credential, CredentialStatus, ExternalFile, Program


def external_files_for_user(*, user):
    """The learner's files, newest first, with what the External Files table shows."""
    return ExternalFile.objects.filter(owner=user).select_related(
        "credential__program", "document_type", "decided_by"
    )


def credentials_taking_uploads(*, user, now):
    """ACTIVE applications with an open upload window and no file awaiting review or approved (the form's choices)."""
    return (
        Credential.objects.filter(
            user=user,
            status=CredentialStatus.ACTIVE,
            program__kind=Program.Kind.APPLICATION,
            upload_deadline__gte=now,
        )
        .exclude(
            files__status__in=[
                ExternalFile.Status.SUBMITTED,
                ExternalFile.Status.APPROVED,
                ExternalFile.Status.SCANNING,  # c3: held for the virus scan
            ]
        )
        .select_related("program")
        .order_by("upload_deadline", "pk")
    )


def application_upload_windows() -> list[int]:
    """The upload windows (days) of the application programs in the catalog, shortest first (one, today)."""
    return list(
        Program.objects.filter(kind=Program.Kind.APPLICATION, catalog_item__isnull=False)
        .order_by("upload_window_days")
        .values_list("upload_window_days", flat=True)
        .distinct()
    )


def application_credentials_for_user(*, user):
    """Every application credential of the learner (the credential picker shows their deadlines)."""
    return (
        Credential.objects.filter(user=user, program__kind=Program.Kind.APPLICATION)
        .select_related("program")
        .order_by("-registered_at", "-pk")
    )


def credential_for_user(*, user, pk):
    return get_object_or_404(Credential.objects.select_related("program"), pk=pk, user=user)


def external_file_for_download(*, user, pk):
    """A file its owner or a reviewer may download; anyone else gets a 404 (not a 403: no existence leak)."""
    files = ExternalFile.objects.select_related("owner")
    if not acts_as_reviewer(user):
        files = files.filter(Q(owner=user))
    return get_object_or_404(files, pk=pk)
