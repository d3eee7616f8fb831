"""The certificate: the learner downloads their current one (PDF); anyone checks one on its public page.

The public page needs no sign-in, is addressed by the certificate's random token (never a row id), shows
only name, certification, status, valid from/through and issue date, and is rate limited per client IP
through allauth's rate limiter (setting ACCOUNT_RATE_LIMITS["certificate_verify"]), like the login.
"""

from allauth.core.ratelimit import consume_or_429
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from credentials.certificate import certificate_pdf
from credentials.certification import certification_label, current_certificate
from credentials.models import Certificate

RATE_LIMIT_ACTION = "certificate_verify"


def verify_url(request, certificate) -> str:
    return request.build_absolute_uri(reverse("certificate_verify", kwargs={"token": certificate.token}))


@login_required
@require_GET
def certificate_download(request):
    certificate = current_certificate(user=request.user)
    if certificate is None:
        raise Http404("No valid certificate.")
    response = HttpResponse(
        certificate_pdf(certificate=certificate, verify_url=verify_url(request, certificate)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="kdla-certificate-{certificate.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def certificate_verify(request, token):
    # limit_get: allauth limits only POSTs unless told; this page is all GETs.
    limited = consume_or_429(request, action=RATE_LIMIT_ACTION, limit_get=True)
    if limited is not None:
        return limited
    certificate = (
        Certificate.objects.select_related("certification__user", "certification__program", "superseded_by")
        .filter(token=token)
        .first()
    )
    if certificate is None:
        raise Http404("Unknown certificate.")
    response = render(
        request,
        "credentials/verify.html",
        {
            "certificate": certificate,
            "name": certificate.certification.user.display_name,
            "label": certificate.certification.program.certificate_title
            or certification_label(certificate.certification.program),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
