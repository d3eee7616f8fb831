"""Transcript (left panel): the page (prints cleanly) and its PDF."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from credentials import rules
from credentials.transcript import transcript_for, transcript_pdf


@login_required
def transcript(request):
    return render(request, "credentials/transcript.html", {"transcript": transcript_for(user=request.user)})


@login_required
def transcript_download(request):
    now = timezone.now()
    content = transcript_pdf(transcript=transcript_for(user=request.user), now=now)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kdla-transcript-{rules.local_date(now):%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
