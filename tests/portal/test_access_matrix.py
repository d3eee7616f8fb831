"""Access matrix: every named URL x {anonymous, learner, other learner, reviewer, superuser}.

One row per route (and method). Columns are the expected results for, in order:
    anon  learner  other  reviewer  superuser
Codes: a status number, `login` (302 to the portal login), `admin` (302 to the admin login),
`mfa` (302 to a reauthentication/MFA step), `302` (any other redirect). A trailing `=` (e.g. `302=`) also
asserts that the request changed no data (for a POST that "succeeds" without acting, e.g. on another's object).
`learner` owns the row's object; `other` is a second learner who does not.
`obj` names a factory in OBJECT_FACTORIES: it makes the object for the learner and returns the URL kwargs.
For a refused POST (login, 403, 404, 405) the test always checks that no row of the project's data changed. A named route missing from ROUTES fails test_every_named_route_is_in_the_matrix:
add a row when you add a route.
"""

import hashlib
import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from tests.factories import ReviewerFactory, UserFactory


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    expect: str  # "anon learner other reviewer superuser"
    obj: str | None = None
    kwargs: tuple = ()
    data: tuple = ()

    @property
    def id(self):
        return f"{self.method} {self.name}"


R = Route
# fmt: off
ROUTES = [
    #  name                                  method  anon   learner other  reviewer super   object / kwargs
    R("dashboard",                           "GET",  "login 200 200 200 200"),
    R("profile",                             "GET",  "login 200 200 200 200"),
    R("profile",                             "POST", "login 200 200 200 200", data=(("first_name", "Pat"),)),
    R("healthz",                             "GET",  "200 200 200 200 200"),
    R("accessibility",                       "GET",  "200 200 200 200 200"),
    R("privacy",                             "GET",  "200 200 200 200 200"),
    R("readyz",                              "GET",  "200 200 200 200 200"),
    R("admin_login_via_portal",              "GET",  "login 200 200 302 302"),
    R("favicon",                             "GET",  "301 301 301 301 301"),
    # Catalog: issue 3
    R("courses:catalog",                     "GET",  "login 200 200 200 200"),
    # External Files and Transcript: issues 4, 5
    R("credentials:files",                   "GET",  "login 200 200 200 200"),
    R("credentials:transcript",              "GET",  "login 200 200 200 200"),
    R("credentials:file_add",                "GET",  "login 200 200 200 200"),
    R("credentials:file_download",           "GET",  "login 200 404 200 200", obj="external_file"),
    R("credentials:file_view",               "GET",  "login 200 404 200 200", obj="external_file"),
    R("credentials:transcript_pdf",          "GET",  "login 200 200 200 200"),
    # Credit requests: issue 5
    R("credit_requests:new",                 "GET",  "login 200 200 200 200"),
    R("credit_requests:file",                "GET",  "login 200 404 200 200", obj="credit_request"),
    R("credit_requests:file_inline",         "GET",  "login 404 404 200 200", obj="credit_request"),
    # Review: reviewers only; learners are refused before any object is looked up
    R("reviews:queue",                       "GET",  "login 403 403 200 200"),
    R("reviews:file",                        "GET",  "login 403 403 200 200", obj="external_file"),
    R("reviews:file",                        "POST", "login 403 403 400 400", obj="external_file",
      data=(("outcome", "approved"),)),
    R("reviews:credit",                      "GET",  "login 403 403 200 200", obj="credit_request"),
    R("reviews:credit",                      "POST", "login 403 403 200 200", obj="credit_request",
      data=(("outcome", "approved"), ("approved_credits", "1"))),
    R("reviews:jobs",                        "GET",  "login 403 403 200 200"),
    R("reviews:bulk_approve",                "GET",  "login 403 403 405 405"),
    R("reviews:bulk_approve",                "POST", "login 403 403 200= 200=",
      data=(("item", "file:999999"), ("confirm", "yes"))),
    # People: issue 13 (learners refused before any lookup; a note by a learner changes nothing)
    R("reviews:people",                      "GET",  "login 403 403 200 200"),
    R("reviews:person",                      "GET",  "login 403 403 200 200", obj="person"),
    R("reviews:person",                      "POST", "login 403 403 302 302", obj="person",
      data=(("action", "note"), ("note-note", "Phoned."))),
    R("reviews:person",                      "POST", "login 403 403 400= 400=", obj="person",
      data=(("action", "extend"), ("extend-record", "1"), ("extend-new_date", "01/01/2020"))),
    R("reviews:reports",                     "GET",  "login 403 403 200 200"),
    R("reviews:report_csv",                  "GET",  "login 403 403 200 200", kwargs=(("name", "lapsing"),)),
    # allauth: account pages
    R("account_login",                       "GET",  "200 302 302 302 302"),
    R("account_logout",                      "GET",  "login 200 200 200 200"),
    R("account_inactive",                    "GET",  "200 200 200 200 200"),
    R("account_signup",                      "GET",  "200 302 302 302 302"),
    R("account_reauthenticate",              "GET",  "login 200 200 200 200"),
    R("account_request_reauthentication_code", "GET", "login 200 200 200 200"),
    R("account_confirm_reauthentication_code", "GET", "login 302 302 302 302"),
    R("account_email",                       "GET",  "login 200 200 200 200"),
    R("account_email_verification_sent",     "GET",  "200 200 200 200 200"),
    R("account_change_password",             "GET",  "login 200 200 200 200"),
    R("account_set_password",                "GET",  "login 302 302 302 302"),
    R("account_reset_password",              "GET",  "200 200 200 200 200"),
    R("account_reset_password_done",         "GET",  "200 200 200 200 200"),
    R("account_reset_password_from_key",     "GET",  "200 200 200 200 200", kwargs=(("uidb36", "1"), ("key", "x-y"))),
    R("account_reset_password_from_key_done", "GET", "200 200 200 200 200"),
    R("account_confirm_login_code",          "GET",  "login 302 302 302 302"),
    R("account_confirm_email",               "GET",  "200 200 200 200 200", kwargs=(("key", "bogus"),)),
    # allauth: MFA pages
    R("mfa_index",                           "GET",  "login 200 200 200 200"),
    R("mfa_authenticate",                    "GET",  "login 302 302 302 302"),
    R("mfa_reauthenticate",                  "GET",  "login 302 302 302 302"),
    R("mfa_activate_totp",                   "GET",  "login mfa mfa mfa mfa"),
    R("mfa_deactivate_totp",                 "GET",  "login 404 404 404 404"),
    R("mfa_view_recovery_codes",             "GET",  "login 404 404 404 404"),
    R("mfa_generate_recovery_codes",         "GET",  "login 302 302 302 302"),
    R("mfa_download_recovery_codes",         "GET",  "login 404 404 404 404"),
]
# fmt: on

# fmt: off
ROUTES += [
    # Catalog, cart and courses: issue 3
    R("courses:cart",                        "GET",  "login 200 200 200 200"),
    R("courses:cart_add",                    "POST", "login 302 302 302 302", obj="listed_course"),
    R("courses:cart_remove",                 "POST", "login 302 302= 302= 302=", obj="cart_item"),
    R("courses:checkout",                    "POST", "login 302 302 302 302"),
    R("courses:order",                       "GET",  "login 200 404 404 404", obj="order"),
    R("courses:item",                        "GET",  "login 200 200 200 200", obj="listed_program"),
    R("courses:course",                      "GET",  "login 200 200 200 200", obj="enrolled_course"),
    R("courses:lesson",                      "GET",  "login 200 302 302 302", obj="enrolled_lesson"),
    R("courses:lesson",                      "POST", "login 302 302= 302= 302=", obj="enrolled_lesson"),
    R("courses:quiz",                        "GET",  "login 200 302 302 302", obj="enrolled_course"),
    R("courses:quiz",                        "POST", "login 200 302= 302= 302=", obj="enrolled_course"),
]
# fmt: on
# fmt: off
ROUTES += [
    # The certification: issue 12
    R("reviews:certification",               "GET",  "login 403 403 200 200", obj="certification"),
    R("reviews:certification",               "POST", "login 403 403 302 302", obj="certification",
      data=(("reason", "Signed by someone else."),)),
    R("credentials:certificate",             "GET",  "login 200 404 404 404", obj="certified"),
    R("certificate_verify",                  "GET",  "200 200 200 200 200", obj="certificate_token"),
    # My Staff: library directors only (issue 14); nobody else has one, directors: see DIRECTOR_ROUTES below
    R("directors:staff",                     "GET",  "login 403 403 403 403"),
    R("directors:staff_csv",                 "GET",  "login 403 403 403 403"),
    R("directors:staff_member",              "GET",  "login 403 403 403 403", obj="learner_pk"),
]
# fmt: on
ROLES = ["anon", "learner", "other", "reviewer", "superuser"]


def _external_file(owner):
    return {"pk": _make_external_file(owner).pk}


def _make_external_file(owner):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from credentials.models import DocumentType, ExternalFile
    from tests.factories import CredentialFactory

    credential = CredentialFactory(user=owner)
    external = ExternalFile(
        owner=owner,
        credential=credential,
        document_type=DocumentType.objects.first(),
        description="Certificate",
        original_name="certificate.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_at=timezone.now(),
    )
    external.file.save("certificate.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return external


def _credit_request(owner):
    return {"pk": _make_credit_request(owner).pk}


def _make_credit_request(owner):
    import datetime as dt
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from credit_requests.models import CreditRequest
    from tests.factories import CredentialFactory

    credential = CredentialFactory(user=owner)
    request = CreditRequest(
        user=owner,
        credential=credential,
        activity_date=dt.date(2026, 1, 5),
        course="Library Law",
        description="Workshop",
        requested_credits=Decimal("2"),
        original_name="evidence.pdf",
        content_type="application/pdf",
        size=8,
        created_at=timezone.now(),
    )
    request.file.save("evidence.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return request


def _listed_course(owner):
    from courses.models import CatalogItem

    return {"slug": CatalogItem.objects.filter(kind="course", is_listed=True).first().slug}


def _listed_program(owner):
    from courses.models import CatalogItem

    return {"slug": CatalogItem.objects.filter(is_listed=True).exclude(kind="course").first().slug}


def _cart_item(owner):
    from django.utils import timezone

    from courses.models import CartItem, CatalogItem

    item = CatalogItem.objects.filter(kind="course", is_listed=True).first()
    CartItem.objects.create(user=owner, item=item, added_at=timezone.now())
    return {"item_id": item.pk}


def _order(owner):
    from django.utils import timezone

    from courses.models import Order

    return {"pk": Order.objects.create(user=owner, created_at=timezone.now()).pk}


def _enrolled(owner):
    from courses.models import CatalogItem
    from tests.factories import EnrollmentFactory

    course = CatalogItem.objects.filter(kind="course", quiz_questions__isnull=False).distinct().first()
    EnrollmentFactory(user=owner, course=course)
    return course


def _enrolled_course(owner):
    return {"slug": _enrolled(owner).slug}


def _enrolled_lesson(owner):
    course = _enrolled(owner)
    return {"slug": course.slug, "lesson": course.lessons.first().slug}


def _certification(owner):
    import datetime as dt

    from django.utils import timezone

    from credentials.models import Certificate, Certification, Program

    certification = Certification.objects.create(
        user=owner,
        program=Program.objects.get(code="part-time-renewal-credits"),
        status="valid",
        valid_from=dt.date(2024, 1, 2),
        valid_through=dt.date(2029, 1, 2),
        created_at=timezone.now(),
    )
    Certificate.objects.create(
        certification=certification,
        number=f"KDLA-2024-{certification.pk:06d}",
        valid_from=certification.valid_from,
        valid_through=certification.valid_through,
        issued_at=timezone.now(),
    )
    return {"pk": certification.pk}


def _certificate_token(pk):
    from credentials.models import Certificate

    return Certificate.objects.get(certification_id=pk).token


OBJECT_FACTORIES = {
    "certification": _certification,
    "certified": lambda owner: _certification(owner) and {},
    "certificate_token": lambda owner: {
        "token": _certificate_token(_certification(owner)["pk"]),
    },
    "person": lambda owner: {"pk": owner.pk},
    "learner_pk": lambda owner: {"pk": owner.pk},
    "external_file": _external_file,
    "credit_request": _credit_request,
    "listed_course": _listed_course,
    "listed_program": _listed_program,
    "cart_item": _cart_item,
    "order": _order,
    "enrolled_course": _enrolled_course,
    "enrolled_lesson": _enrolled_lesson,
}

# Tables whose contents a refused request must leave untouched (sessions and the login audit log
# change by design when a test signs in).
WATCHED_APPS = ["accounts", "courses", "credentials", "credit_requests", "reviews", "account", "mfa", "auth"]
UNWATCHED_MODELS = {"accounts.auditlog", "accounts.sentemail"}


def _data_digest():
    digest = hashlib.sha256()
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label_lower in UNWATCHED_MODELS:
                continue
            rows = list(model._default_manager.order_by("pk").values())
            digest.update(json.dumps([model._meta.label_lower, rows], default=str).encode())
    return digest.hexdigest()


def _named_routes():
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(
                    pattern.url_patterns,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                )
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_named_route_is_in_the_matrix():
    # The admin site's own routes are covered by test_admin_pages_need_a_superuser below.
    routes = {name for name in _named_routes() if not name.startswith("admin:")}
    missing = sorted(routes - {route.name for route in ROUTES})
    assert not missing, f"Add rows to ROUTES in {__file__} for: {missing}"
    assert not {route.name for route in ROUTES} - routes, "ROUTES names a route that no longer exists"


@pytest.fixture
def people(db, seeded):
    learner = UserFactory()
    return {
        "anon": None,
        "learner": learner,
        "other": UserFactory(),
        "reviewer": ReviewerFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }


def _check(response, expected):
    location = response.get("Location", "")
    login_url = reverse("account_login")
    if expected == "login":
        return response.status_code == 302 and location.startswith(login_url)
    if expected == "admin":
        return response.status_code == 302 and location.startswith(reverse("admin:login"))
    if expected == "mfa":
        return response.status_code == 302 and "reauthenticate" in location
    if expected == "302":
        return response.status_code == 302 and not location.startswith(login_url)
    return response.status_code == int(expected)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.id)
def test_access_matrix(client, people, route):
    kwargs = dict(route.kwargs)
    if route.obj:
        kwargs.update(OBJECT_FACTORIES[route.obj](people["learner"]))
    url = reverse(route.name, kwargs=kwargs or None)
    expected = dict(zip(ROLES, route.expect.split(), strict=True))
    failures = []
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        code = expected[role].rstrip("=")
        must_not_change = route.method == "POST" and (
            expected[role].endswith("=") or code not in ("200", "302")
        )
        before = _data_digest() if must_not_change else None
        response = client.generic(route.method, url, data=_encode(route.data), content_type=_FORM)
        if not _check(response, code):
            failures.append(
                f"{role}: expected {expected[role]}, got {response.status_code} {response.get('Location', '')}"
            )
        elif must_not_change and _data_digest() != before:
            failures.append(f"{role}: expected {expected[role]} with no data change, but data changed")
    assert not failures, f"{route.id} {url}\n" + "\n".join(failures)


_FORM = "application/x-www-form-urlencoded"


def _encode(data):
    from urllib.parse import urlencode

    return urlencode(list(data))


def _admin_model_urls():
    for model in admin.site._registry:
        opts = model._meta
        yield f"admin:{opts.app_label}_{opts.model_name}_changelist"


# What a KDLA reviewer may see in the admin (their group's view permissions); every other admin page is a 403.
REVIEWER_ADMIN_PAGES = {
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_library_changelist",
    "admin:credentials_credential_changelist",
    "admin:credentials_creditentry_changelist",
    "admin:credentials_externalfile_changelist",
    "admin:credit_requests_creditrequest_changelist",
    "admin:reviews_decision_changelist",
    "admin:courses_enrollment_changelist",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["admin:index", *sorted(_admin_model_urls())])
def test_admin_pages_need_a_superuser_or_staff(client, url_name, seeded):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    client.force_login(ReviewerFactory())
    response = client.get(url)
    # Reviewers: scoped by their view permissions (issue 13).
    assert response.status_code == (200 if url_name in REVIEWER_ADMIN_PAGES else 403)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_learner_posting_to_the_admin_changes_nothing(client, seeded):
    learner, target = UserFactory(), UserFactory()
    client.force_login(learner)
    before = _data_digest()
    for url, data in [
        (reverse("admin:accounts_user_change", args=[target.pk]), {"role_operator": "on", "first_name": "X"}),
        (
            reverse("admin:accounts_user_change", args=[learner.pk]),
            {"role_operator": "on", "first_name": "X"},
        ),
        (
            reverse("admin:accounts_user_changelist"),
            {"action": "deactivate", "_selected_action": [target.pk]},
        ),
        (reverse("admin:accounts_library_add"), {"name": "Sneaky Library"}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert _data_digest() == before


# --- Library directors (issue 14): the director of the learner's library system vs the director of another ---
# fmt: off
DIRECTOR_ROUTES = [
    #  name                         method  own-library director  other-library director
    R("directors:staff",            "GET",  "200 200"),
    R("directors:staff_csv",        "GET",  "200 200"),
    R("directors:staff_member",     "GET",  "200 404", obj="learner_pk"),
    R("credentials:file_download",  "GET",  "404 404", obj="external_file"),
    R("credentials:file_view",      "GET",  "404 404", obj="external_file"),
    R("credit_requests:file",       "GET",  "404 404", obj="credit_request"),
    R("reviews:queue",              "GET",  "403 403"),
    R("reviews:reports",            "GET",  "403 403"),
    R("reviews:file",               "POST", "403 403", obj="external_file", data=(("outcome", "approved"),)),
    R("reviews:credit",             "POST", "403 403", obj="credit_request",
      data=(("outcome", "approved"), ("approved_credits", "1"))),
]
# fmt: on


@pytest.mark.parametrize("route", DIRECTOR_ROUTES, ids=lambda route: route.id)
def test_director_access_matrix(client, people, route):
    """A director sees their own library systems' staff (read-only) and nothing of another's; no documents."""
    from django.utils import timezone

    from accounts.library_roles import library_role_grant
    from tests.factories import LibraryFactory

    learner = people["learner"]
    directors = [UserFactory(), UserFactory()]
    for director, library in zip(directors, [learner.library, LibraryFactory()], strict=True):
        library_role_grant(user=director, library=library, kind="director", actor=None, now=timezone.now())
    kwargs = OBJECT_FACTORIES[route.obj](learner) if route.obj else {}
    url = reverse(route.name, kwargs=kwargs or None)
    failures = []
    for director, expected in zip(directors, route.expect.split(), strict=True):
        client.force_login(director)
        before = _data_digest() if route.method == "POST" else None
        response = client.generic(route.method, url, data=_encode(route.data), content_type=_FORM)
        if not _check(response, expected):
            failures.append(f"{director}: expected {expected}, got {response.status_code}")
        elif before is not None and _data_digest() != before:
            failures.append(f"{director}: data changed")
    assert not failures, f"{route.id} {url}\n" + "\n".join(failures)
