"""The monthly digest to each library director: who lapses soon, who has an open upload window, who was
certified or renewed last month (the certificates KDLA issued that month; statuses from
`credentials.selectors_certification`, the one reader of the certification). Once per director per month (the email key carries the month), and not at
all when there is nothing to say. `now` is an argument: the beat runs it on the first Monday at 8 am Eastern,
and a second run the same month (retry, manual run) sends nothing more.
"""

import datetime as dt

from accounts.emails import email_send_once
from accounts.library_roles import libraries_seen_by
from accounts.models import User
from credentials import rules
from credentials.models import CertificateStatus, Credential, CredentialStatus, Program
from credentials.selectors_certification import (
    certificate_is_renewal,
    certificates_issued,
    lapsing_within,
    with_certification,
)

LAPSING_DAYS = 90


def _month_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, 1, tzinfo=rules.EASTERN)


def director_digest(*, director, now) -> dict:
    """What the digest of `director` says at `now`: three lists (empty lists: nothing to say)."""
    today = rules.local_date(now)
    staff = User.objects.filter(library_id__in=libraries_seen_by(director), is_active=True)
    lapsing = list(
        with_certification(staff)
        .filter(lapsing_within(LAPSING_DAYS, today=today))
        .order_by("cert_valid_through", "last_name", "first_name")
    )
    windows = list(
        Credential.objects.filter(
            user__in=staff,
            status=CredentialStatus.ACTIVE,
            program__kind=Program.Kind.APPLICATION,
            upload_deadline__gte=now,
        )
        .select_related("user", "program")
        .order_by("upload_deadline", "pk")
    )
    this_month = _month_start(today)
    last_month = _month_start(this_month.date() - dt.timedelta(days=1))
    approved = list(
        certificates_issued(start=last_month, end=this_month)
        .filter(certification__user__in=staff)
        .order_by("issued_at", "pk")
    )
    for certificate in approved:
        certificate.renewal = certificate_is_renewal(certificate)
        certificate.revoked = certificate.status == CertificateStatus.REVOKED
    return {"lapsing": lapsing, "windows": windows, "approved": approved, "last_month": last_month.date()}


def director_digests_send(*, now) -> dict:
    """Send this month's digest to every current director who has something to hear. Safe to run twice."""
    month = rules.local_date(now).strftime("%Y-%m")
    counts = {"directors": 0, "sent": 0, "nothing_to_say": 0, "already_sent": 0}
    for director in User.objects.filter(directs_libraries=True, is_active=True).order_by("pk"):
        counts["directors"] += 1
        digest = director_digest(director=director, now=now)
        if not (digest["lapsing"] or digest["windows"] or digest["approved"]):
            counts["nothing_to_say"] += 1
            continue
        sent = email_send_once(
            key=f"director-digest:{director.pk}:{month}",
            user=director,
            subject=f"Your staff's certification: {rules.local_date(now):%B %Y}",
            template="director_digest",
            context={**digest, "lapsing_days": LAPSING_DAYS},
        )
        counts["sent" if sent else "already_sent"] += 1
    return counts
