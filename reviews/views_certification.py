"""A learner's certification for reviewers: its periods, its history, and revocation with a reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import REVIEW_PERMISSION
from credentials.certification import CertificationError, certification_label, certification_revoke
from credentials.models import Certification, CertificationStatus
from portal.text import FreeTextField


class RevokeForm(forms.Form):
    reason = FreeTextField(
        label="Reason",
        multiline=True,
        max_length=2000,
        help_text="The learner is emailed this reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the certification is revoked: the learner is emailed the reason."
        },
    )


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def certification_detail(request, pk):
    certification = get_object_or_404(
        Certification.objects.select_related("user__library", "program", "revoked_by"), pk=pk
    )
    form = RevokeForm()
    if request.method == "POST":
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                certification_revoke(
                    certification=certification,
                    reviewer=request.user,
                    reason=form.cleaned_data["reason"],
                    now=timezone.now(),
                )
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"The certification of {certification.user.display_name} was revoked."
                )
            return redirect("reviews:certification", pk=certification.pk)
    return render(
        request,
        "reviews/certification.html",
        {
            "certification": certification,
            "label": certification_label(certification.program),
            "certificates": certification.certificates.select_related("superseded_by").order_by(
                "-issued_at", "-pk"
            ),
            "history": certification.events.select_related("actor").order_by("-at", "-pk"),
            "history_caption": f"History of the {certification_label(certification.program)} of "
            f"{certification.user.display_name}, newest first",
            "can_revoke": certification.status != CertificationStatus.REVOKED,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
