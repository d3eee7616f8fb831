import contextlib
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from credentials import rules
from credentials.management.commands.enforce_deadlines import parse_now
from credentials.models import Credential, CredentialStatus
from credentials.selectors import with_earned
from credentials.selectors_certification import certification_columns, certification_status_label
from portal import csvfiles
from reviews.reports import REPORTS, ReportFilters, report_csv_rows

HEADER = [
    "Staff",
    "Email",
    "Library",
    "Credential",
    "Current Cycle Start",
    "Current Cycle End",
    "Required Credits",
    "Earned Credits",
    "Status",
    "Compliance",
    "Certified Through",
    "Certification",
]


def _hours(value):
    return rules.format_hours(value) if value is not None else "0"


def report_queryset(*, library=None, program=None, status=None, ending_within=None, now):
    """One query, streamed: earned credits are a correlated subquery, names come from select_related."""
    qs = with_earned(Credential.objects.select_related("user__library", "program"))
    # The learner's certification as every list reads it, in the same query (a correlated subquery per column)
    qs = qs.annotate(**certification_columns("user_id")).order_by(
        "user__last_name", "user__first_name", "user__email", "program__name", "cycle_start", "pk"
    )
    if library:
        match = Q(user__library__name__iexact=library)
        if library.isdigit():
            match |= Q(user__library__pk=int(library))
        qs = qs.filter(match)
    if program:
        qs = qs.filter(
            Q(program__code__iexact=program)
            | Q(program__name__iexact=program)
            | Q(program__credential_name__iexact=program)
        )
    if status:
        qs = qs.filter(status=status)
    if ending_within is not None:
        today = rules.local_date(now)
        qs = qs.filter(cycle_end__gte=today, cycle_end__lte=today + dt.timedelta(days=ending_within))
    return qs


def _report_filters(*, library, region, program, start, end, now):
    """The Reports page's filters from the command's options (names, codes or ids)."""
    from accounts.models import Library, Region
    from credentials.models import Program

    def pick(model, value, *fields):
        if not value:
            return None
        match = Q(pk=int(value)) if value.isdigit() else Q()
        for name in fields:
            match |= Q(**{f"{name}__iexact": value})
        found = model.objects.filter(match).first()
        if found is None:
            raise CommandError(f"No {model._meta.verbose_name} {value!r}.")
        return found.pk

    params = {
        "library": pick(Library, library, "name", "slug"),
        "region": pick(Region, region, "name"),
        "program": pick(Program, program, "code", "name", "credential_name"),
        "start": start,
        "end": end,
    }
    filters = ReportFilters.from_params(params, today=rules.local_date(now))
    if filters.errors:
        raise CommandError(
            " ".join(f"--{'from' if k == 'start' else 'to'}: {v}" for k, v in filters.errors.items())
        )
    return filters


class Command(BaseCommand):
    help = (
        "CSV of every credential: staff, email, library, credential, cycle start/end, required and earned "
        "credits, status, compliance, and the learner's certification (certified through, status). With --report "
        "NAME: one table of the KDLA Reports page instead (the same numbers as the page and its CSV). Read-only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write the CSV to this file (default: standard output).")
        parser.add_argument("--library", help="Library name (or id).")
        parser.add_argument("--program", help="Program code, catalog name or credential name.")
        parser.add_argument(
            "--status", choices=[s.value for s in CredentialStatus], type=str.lower, help="Credential status."
        )
        parser.add_argument(
            "--ending-within", type=int, metavar="N", help="Only cycles ending within the next N days."
        )
        parser.add_argument(
            "--now", help="Today's date for --ending-within and --report (ISO). Default: now."
        )
        parser.add_argument(
            "--report", choices=list(REPORTS), help="Write this table of the KDLA Reports page instead."
        )
        parser.add_argument("--region", help="--report: KDLA region name (or id).")
        parser.add_argument(
            "--from", dest="start", help="--report: first day of the date range (MM/DD/YYYY)."
        )
        parser.add_argument("--to", dest="end", help="--report: last day of the date range (MM/DD/YYYY).")

    def handle(
        self,
        *args,
        output=None,
        library=None,
        program=None,
        status=None,
        ending_within=None,
        now=None,
        report=None,
        region=None,
        start=None,
        end=None,
        **opts,
    ):
        if ending_within is not None and ending_within < 0:
            raise CommandError("--ending-within must be 0 or more days.")
        moment = parse_now(now) if now else timezone.now()
        if report:
            filters = _report_filters(
                library=library, region=region, program=program, start=start, end=end, now=moment
            )
            table = REPORTS[report](filters, moment)
            with (
                open(output, "w", newline="", encoding="utf-8")
                if output
                else contextlib.nullcontext(_Passthrough(self.stdout))
            ) as handle:
                writer = csvfiles.writer(handle)
                writer.writerow(table.header)
                writer.writerows(report_csv_rows(table))
            return
        qs = report_queryset(
            library=library, program=program, status=status, ending_within=ending_within, now=moment
        )
        if output:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                rows = self._write(handle, qs)
            self.stderr.write(f"Wrote {rows} credential(s) to {output}.")
        else:
            self._write(self.stdout, qs)

    def _write(self, handle, qs):
        writer = csvfiles.writer(handle if handle is not self.stdout else _Passthrough(self.stdout))
        writer.writerow(HEADER)
        rows = 0
        for credential in qs.iterator(chunk_size=2000):
            user = credential.user
            writer.writerow(
                [
                    user.get_full_name(),
                    user.email,
                    user.library.name if user.library else "",
                    credential.program.credential_name,
                    credential.cycle_start.strftime("%m/%d/%Y"),
                    credential.cycle_end.strftime("%m/%d/%Y"),
                    _hours(credential.program.required_hours),
                    _hours(credential.earned),
                    credential.get_status_display(),
                    credential.get_compliance_display(),
                    credential.cert_valid_through.strftime("%m/%d/%Y")
                    if credential.cert_valid_through
                    else "",
                    certification_status_label(credential.cert_status),
                ]
            )
            rows += 1
        return rows


class _Passthrough:
    """csv.writer target over a management command's OutputWrapper (which would add its own newlines)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
