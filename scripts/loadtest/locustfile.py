"""Locust scenarios for `make loadtest` (scripts/loadtest/run.py drives them).

User classes select a phase: `Learner Reviewer` (learners browse dashboard/catalog/transcript/files and
request credits with a PDF upload, reviewers work the queue), `LoginPageOnly` (anonymous GET of the login page) and `DashboardOnly`.
"""

import datetime as dt
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = "loadtest-password-2026"
STAFF = int(os.environ.get("LOADTEST_STAFF") or 10_000)  # as seeded (run.py passes it on)
REVIEWERS = 20
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT_PAGE = re.compile(r'href="(\?[^"]*after=[^"]+)" rel="next"')
REVIEW_LINK = re.compile(r'href="(/review/(?:files|credits)/\d+/)"')
CREDENTIAL_OPTION = re.compile(r'<option value="(\d+)"')
# A small but real PDF (the portal checks the %PDF- signature and the .pdf name agree).
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n" + b"% load test evidence\n" * 200
)


def log_in(user, email):
    page = user.client.get("/accounts/login/", name="login page (for sign-in)")
    token = CSRF.search(page.text)
    with user.client.post(
        "/accounts/login/",
        {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": user.host + "/accounts/login/"},
        name="sign in (POST)",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"login failed for {email}: {response.status_code}")


class Learner(HttpUser):
    weight = 9
    wait_time = between(0.5, 1.5)

    def on_start(self):
        log_in(self, f"loadtest-staff{random.randrange(STAFF)}@library.example")

    @task(4)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def catalog(self):
        self.client.get("/catalog/", name="catalog")

    @task(2)
    def transcript(self):
        self.client.get("/credentials/transcript/", name="transcript")

    @task(1)
    def files(self):
        self.client.get("/credentials/files/", name="external files")

    @task(1)
    def request_credit_with_pdf(self):
        """Open "Request new Credit", then send it with a small PDF (a multipart upload) against the cycle."""
        page = self.client.get("/credits/new/", name="request credit form")
        token, credential = CSRF.search(page.text), CREDENTIAL_OPTION.search(page.text)
        activity = (dt.date.today() - dt.timedelta(days=random.randint(1, 20))).strftime("%m/%d/%Y")
        with self.client.post(
            "/credits/new/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "activity_date": activity,
                "course": f"Load test workshop {random.randrange(10**9)}",  # never a duplicate request
                "description": "Regional library workshop",
                "credential": credential.group(1) if credential else "",
                "requested_credits": "1.5",
            },
            files={"file": ("certificate.pdf", EVIDENCE_PDF, "application/pdf")},
            headers={"Referer": self.host + "/credits/new/"},
            name="request credit with PDF (POST upload)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"upload refused: {response.status_code}")


class Reviewer(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        log_in(self, f"loadtest-reviewer{random.randrange(REVIEWERS)}@kdla.example")

    @task(3)
    def queue(self):
        self.client.get("/review/", name="review queue")

    @task(2)
    def queue_next_pages(self):
        """Page through the queue by its "Next page" links (keyset cursors), then open an item."""
        page = self.client.get("/review/", name="review queue")
        for _ in range(random.randint(1, 5)):
            link = NEXT_PAGE.search(page.text)
            if not link:
                break
            page = self.client.get(
                "/review/" + link.group(1).replace("&amp;", "&"), name="review queue: next page"
            )
        item = REVIEW_LINK.search(page.text)
        if item:
            self.client.get(item.group(1), name="review decision screen")


class LoginPageOnly(HttpUser):
    """Throughput baseline: the near-static login page, no wait between requests."""

    weight = 1

    @task
    def login_page(self):
        self.client.get("/accounts/login/", name="baseline: login page")


class DashboardOnly(HttpUser):
    """Signed-in dashboard, no wait between requests (compare with LoginPageOnly)."""

    weight = 1

    def on_start(self):
        log_in(self, f"loadtest-staff{random.randrange(STAFF)}@library.example")

    @task
    def dashboard(self):
        self.client.get("/", name="baseline: dashboard")
