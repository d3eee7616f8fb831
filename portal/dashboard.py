"""The dashboard's boxes (My Courses, Credentials, Request Credits): rendered once, then served from the cache.

The dashboard is the most requested signed-in page. Its boxes cost three queries and a few hundred template
nodes, so their HTML is cached per learner under

    dashboard-boxes:<user id>:<user.dashboard_version>:<Kentucky date>

`dashboard_version` is a column of the user row that authentication loads on every request anyway, so a hit
costs no query. Every write to what the boxes show bumps it, in the writing transaction
(`accounts.services.dashboard_changed`):

- saves and deletes of the models in `SOURCES`, through the receivers below. Signals on purpose (like
  accounts.audit's): they keep a cache honest whatever the write path (service, admin, shell, a future
  command), and they change no business state, send nothing and call no task;
- set-based writes (`QuerySet.update`, raw SQL), which send no signal, call `dashboard_changed` themselves
  (the certification lapse, the history import);
- except the one write the clock makes: the deadline sweeps' set-based expiry
  (`credentials.services.expiry.credentials_expire_many`). Boxes are cached only until the earliest moment a
  sweep would expire one of the learner's credentials (`credentials.sweeps.scheduled_expiry`), and not at all
  once that moment has passed, so no cached boxes can outlive a row the sweep expires: 5,000 expiries at once
  then write no user rows (issue 11's sweep figure, docs/DECISIONS.md).

The Kentucky date is part of the key because "N days left" changes at midnight while nothing is written.
Old versions are never read again and expire on their own. A cache that is down costs speed, never a page:
the boxes are rendered from the database as if nothing were cached.
"""

import datetime as dt
import logging
import time
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from accounts.services import dashboard_changed
from courses.models import CatalogItem, Enrollment, Lesson, LessonCompletion
from courses.selectors import dashboard_courses
from credentials import rules
from credentials.certification import dashboard_banner
from credentials.models import Certificate, Certification, Credential, CreditEntry, ExternalFile, Program
from credentials.selectors import dashboard_credentials
from credentials.sweeps import scheduled_expiry
from credit_requests.models import CreditRequest
from credit_requests.selectors import dashboard_credit_requests
from portal.first_steps import COURSES_STEP, first_steps

logger = logging.getLogger(__name__)

BOXES_TEMPLATE = "_dashboard_boxes.html"
UNDECIDED = (CreditRequest.Status.PENDING, CreditRequest.Status.SCANNING)
# A day at most: the key changes with the date anyway.
CACHE_SECONDS = 24 * 60 * 60

# Every model whose rows the boxes show, with the users whose dashboard a change to one row affects (a list
# of ids, or a queryset of user ids that becomes a subquery of the UPDATE).
SOURCES = {
    Credential: lambda row: [row.user_id],
    CreditEntry: lambda row: Credential.objects.filter(pk=row.credential_id).values("user_id"),
    ExternalFile: lambda row: [row.owner_id],
    Enrollment: lambda row: [row.user_id],
    LessonCompletion: lambda row: Enrollment.objects.filter(pk=row.enrollment_id).values("user_id"),
    CreditRequest: lambda row: [row.user_id],
    # Catalog rows the boxes name (course titles and hours, lesson counts, credential names and hours).
    CatalogItem: lambda row: Enrollment.objects.filter(course_id=row.pk).values("user_id"),
    Lesson: lambda row: Enrollment.objects.filter(course_id=row.course_id).values("user_id"),
    Program: lambda row: Credential.objects.filter(program_id=row.pk).values("user_id"),
    # issue 12: the certification banner
    Certification: lambda row: [row.user_id],
    Certificate: lambda row: Certification.objects.filter(pk=row.certification_id).values("user_id"),
}


def cache_key(*, user, now) -> str:
    return f"dashboard-boxes:{user.pk}:{user.dashboard_version}:{rules.local_date(now).isoformat()}"


def render_boxes(*, user, now) -> tuple[SafeString, dt.datetime | None]:
    """The banner's and boxes' HTML straight from the database (three queries, the banner riding on the
    Credentials box's; a fourth, the required courses, for learners who still see the first-steps checklist):
    a SafeString, autoescaped by the template engine (the cache pickles it as it is, so what comes back is the
    same SafeString: no mark_safe anywhere), and the moment it may be cached until: the earliest scheduled
    expiry of the learner's credentials, or None for no such moment."""
    credentials = dashboard_credentials(user=user, now=now)
    courses = list(dashboard_courses(user=user))
    credit_requests = list(dashboard_credit_requests(user=user))
    # "5 pending review" beside a credential's earned hours: requests not decided yet.
    pending: defaultdict[int, Decimal] = defaultdict(Decimal)
    for credit_request in credit_requests:
        if credit_request.status in UNDECIDED:
            pending[credit_request.credential_id] += credit_request.requested_credits
    for row in credentials:
        row.pending_hours = pending.get(row.pk)
    steps = first_steps(courses=courses, credentials=credentials)
    courses_done = steps is not None and steps[COURSES_STEP].done
    context = {
        "banner": dashboard_banner(credentials=credentials, now=now, courses_done=courses_done),
        "credentials": credentials,
        "courses": courses,
        "credit_requests": credit_requests,
        "first_steps": steps,
    }
    expiries = [moment for moment in map(scheduled_expiry, credentials) if moment is not None]
    return render_to_string(BOXES_TEMPLATE, context), min(expiries, default=None)


def cache_seconds(*, until, now) -> int:
    """How long boxes rendered at `now` may be cached: a day at most, and only until `until` (a scheduled
    expiry; 0, not cached, once it has passed and the sweep has yet to run). Whole seconds, rounded down."""
    if until is None:
        return CACHE_SECONDS
    return max(0, min(CACHE_SECONDS, int((until - now).total_seconds())))


def boxes_html(*, user, now) -> SafeString:
    """The boxes for `user` as of `now`: from the cache when this version was rendered today, else rendered."""
    started = time.monotonic()
    key = cache_key(user=user, now=now)
    try:
        html = cache.get(key)
    except Exception:  # an unreachable cache must not take the dashboard down: render from the database
        logger.warning("dashboard cache unreachable (read)", exc_info=True)
        return render_boxes(user=user, now=now)[0]
    if html is None:
        html, until = render_boxes(user=user, now=now)
        # Counted from when the entry is written, not from `now`: it must be gone by `until` however long the
        # rendering took.
        seconds = cache_seconds(until=until, now=now + dt.timedelta(seconds=time.monotonic() - started))
        try:
            if seconds:
                cache.set(key, html, seconds)
        except Exception:
            logger.warning("dashboard cache unreachable (write)", exc_info=True)
    return html


def _row_changed(sender, instance, **kwargs):
    dashboard_changed(user_ids=SOURCES[sender](instance))


def connect():
    """Called once by PortalConfig.ready()."""
    for model in SOURCES:
        uid = f"portal.dashboard.{model._meta.label_lower}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}.delete")
