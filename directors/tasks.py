"""Celery task of the directors' monthly digest (schedule: CELERY_BEAT_SCHEDULE, first Monday 8 am Eastern)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from credentials.tasks import TASK_OPTIONS
from directors.digest import director_digests_send


@shared_task(name="directors.tasks.send_director_digests", **TASK_OPTIONS)
def send_director_digests(self, now=None):
    """`now`: an ISO datetime (tests, a manual catch-up run); default the moment the task runs."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    return director_digests_send(now=moment)
