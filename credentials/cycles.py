"""Which cycle an hour counts toward (issue 12: hours are never lost, never counted twice).

The rule itself is `credentials.rules.cycle_for_day` (pure dates); this applies it to a learner's cycles.
"""

import datetime as dt

from credentials import rules
from credentials.models import Credential, CredentialStatus, Program

# Course hours also count toward a cycle that is already COMPLETED (hours beyond the requirement are still
# the learner's, on the transcript); never toward an EXPIRED one.
COURSE_CREDIT_STATUSES = (CredentialStatus.ACTIVE, CredentialStatus.COMPLETED)


def counting_window(credential) -> tuple[dt.date, dt.date]:
    """The days whose hours count toward `credential` (from the day an early renewal opened it, if earlier)."""
    return rules.counting_start(
        credential.cycle_start, rules.local_date(credential.registered_at)
    ), credential.cycle_end


def cycles_counting_day(*, user_id, day, statuses=COURSE_CREDIT_STATUSES) -> list[Credential]:
    """For each renewal-credits program of the learner, the one cycle hours earned on `day` count toward
    (`rules.cycle_for_day`), when that cycle is in `statuses`. One query."""
    by_program: dict[int, list] = {}
    for cycle in Credential.objects.filter(user_id=user_id, program__kind=Program.Kind.RENEWAL_CREDITS):
        by_program.setdefault(cycle.program_id, []).append(
            (cycle, cycle.cycle_start, cycle.cycle_end, rules.local_date(cycle.registered_at))
        )
    chosen = [rules.cycle_for_day(day, cycles) for cycles in by_program.values()]
    return [cycle for cycle in chosen if cycle is not None and cycle.status in statuses]
