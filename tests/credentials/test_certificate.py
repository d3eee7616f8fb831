"""The certificate PDF (text read back from the file) and the public verification page (no sign-in, only
what it may show, 404s for unknown and malformed tokens, rate limited)."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Library
from credentials.models import Certificate
from tests.conftest import eastern
from tests.credentials.certification_helpers import certification_of, certified, earn, renewed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(seeded):
    user = UserFactory(
        first_name="Dana",
        last_name="Whitfield",
        library=Library.objects.get_or_create(name="Boone County Public Library")[0],
    )
    return certified(user, at=eastern(2026, 2, 6, 10))


def _pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    return " ".join(page.extract_text().split())


def test_the_certificate_pdf_says_who_what_when_its_number_and_where_to_check_it(client, learner):
    certificate = Certificate.objects.get()
    client.force_login(learner)
    response = client.get(reverse("credentials:certificate"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"kdla-certificate-{certificate.number}.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    verify = f"http://testserver/verify/{certificate.token}/"
    for expected in (
        "Dana Whitfield",
        "Boone County Public Library",
        "Part-time Library Staff Certification",
        "from 02/06/2026 through 02/06/2031",
        f"Certificate number: {certificate.number}",
        "Issue date: 02/06/2026",
        "Kentucky Department for Libraries and Archives",
        f"Check this certificate at {verify}",
    ):
        assert expected in text, expected


def test_dashboard_and_transcript_offer_the_certificate_only_while_valid(client, learner, seeded):
    client.force_login(learner)
    assert "Download certificate" in client.get(reverse("dashboard")).content.decode()
    assert "Download certificate" in client.get(reverse("credentials:transcript")).content.decode()
    certification = certification_of(learner)
    certification.status = "lapsed"
    certification.save()
    assert "Download certificate" not in client.get(reverse("dashboard")).content.decode()
    assert "Download certificate" not in client.get(reverse("credentials:transcript")).content.decode()
    assert client.get(reverse("credentials:certificate")).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("credentials:certificate")).status_code == 404


def test_the_verification_page_needs_no_sign_in_and_shows_only_the_record(client, learner):
    certificate = Certificate.objects.get()
    response = client.get(reverse("certificate_verify", kwargs={"token": certificate.token}))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "Dana Whitfield",
        "Part-time Library Staff Certification",
        ">Valid<",
        "02/06/2026",
        "02/06/2031",
    ):
        assert expected in html
    assert learner.email not in html and "Boone County" not in html
    assert response["X-Robots-Tag"] == "noindex"


def test_a_renewal_makes_the_old_page_say_superseded_by_the_new_number(client, learner):
    earn(learner, on=dt.date(2027, 5, 1))
    renewed(learner, at=eastern(2028, 3, 1, 9))
    old, new = Certificate.objects.order_by("pk")
    html = client.get(reverse("certificate_verify", kwargs={"token": old.token})).content.decode()
    assert ">Superseded<" in html and f"by certificate {new.number}" in html


@pytest.mark.parametrize(
    "path",
    [
        "/verify/" + "A" * 32 + "/",  # well-formed, unknown
        "/verify/" + "A" * 31 + "/",  # too short
        "/verify/" + "A" * 33 + "/",  # too long
        "/verify/" + "A" * 31 + "!/",  # not URL-safe base64
        "/verify/1/",  # a row id
        "/verify/",
    ],
)
def test_unknown_and_malformed_tokens_are_a_plain_404(client, learner, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_verification_page_is_rate_limited_per_address(client, learner):
    cache.clear()
    url = reverse("certificate_verify", kwargs={"token": Certificate.objects.get().token})
    codes = [client.get(url).status_code for _ in range(31)]
    assert codes[:30] == [200] * 30 and codes[30] == 429
