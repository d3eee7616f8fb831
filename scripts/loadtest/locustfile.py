"""Locust scenarios for `make loadtest` (scripts/loadtest/run.py drives them).

User classes select a phase: `Learner Reviewer` (learners browse dashboard/catalog/transcript/files,
reviewers work the queue), `LoginPageOnly` (anonymous GET of the login page) and `DashboardOnly`.
"""

import random
import re

from locust import HttpUser, between, task

PASSWORD = "loadtest-password-2026"
STAFF = 10_000
REVIEWERS = 20
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(user, email):
    page = user.client.get("/accounts/login/", name="login page (for sign-in)")
    token = CSRF.search(page.text)
    response = user.client.post(
        "/accounts/login/",
        {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": user.host + "/accounts/login/"},
        name="sign in (POST)",
        allow_redirects=False,
    )
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


class Reviewer(HttpUser):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        log_in(self, f"loadtest-reviewer{random.randrange(REVIEWERS)}@kdla.example")

    @task
    def queue(self):
        self.client.get("/review/", name="review queue")


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
