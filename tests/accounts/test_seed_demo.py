from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_a_verified_learner_and_reviewer_and_prints_them(seeded):
    output = seed_demo()

    learner = User.objects.get(email="learner@example.com")
    reviewer = User.objects.get(email="reviewer@example.com")
    assert not learner.is_reviewer and reviewer.is_reviewer
    assert learner.library is not None and learner.job_title
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 2
    assert "learner@example.com  password: kdla-demo-password" in output
    assert "reviewer@example.com  password: kdla-demo-password" in output


def test_seed_demo_is_idempotent_and_keeps_a_changed_password(seeded):
    seed_demo()
    learner = User.objects.get(email="learner@example.com")
    learner.set_password("the learner changed it")
    learner.save()

    output = seed_demo()

    assert User.objects.count() == 2
    assert EmailAddress.objects.count() == 2
    learner.refresh_from_db()
    assert learner.check_password("the learner changed it")
    assert "learner@example.com  password: (changed since it was created)" in output
    assert "reviewer@example.com  password: kdla-demo-password" in output


def test_seed_demo_refuses_to_run_in_production(seeded, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never in production"):
        seed_demo()
    assert not User.objects.exists()
