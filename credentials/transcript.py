"""The learner's transcript: completed courses, the credit ledger per credential cycle, credentials.

Earned credits come from the one ledger (CreditEntry), summed by its one owner, `credentials.selectors.with_earned`:
a cycle's total on the transcript is the sum of the lines shown under it. Three queries
whatever the size of the record.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from fpdf import FPDF

from accounts.models import User
from courses.models import CatalogItem, Enrollment
from credentials import rules
from credentials.certification import certification_annotation, certification_valid
from credentials.models import Credential, CreditEntry, Program
from credentials.selectors import with_earned


@dataclass
class CourseLine:
    course: CatalogItem
    completed_on: dt.date  # Kentucky date of the completion


@dataclass
class CredentialLine:
    credential: Credential
    entries: list[CreditEntry] = field(default_factory=list)

    @property
    def is_renewal_credits(self):
        return self.credential.program.kind == Program.Kind.RENEWAL_CREDITS

    @property
    def earned(self) -> Decimal:
        return self.credential.earned  # annotated by `with_earned`

    @property
    def required(self) -> Decimal:
        return self.credential.program.required_hours


@dataclass
class Transcript:
    user: User
    courses: list[CourseLine]
    credentials: list[CredentialLine]  # every credential, oldest cycle first
    certified: bool = False  # a valid certification: the page offers "Download certificate"

    @property
    def cycles(self):
        """Renewal-credits cycles (where hours are earned), oldest first."""
        return [line for line in self.credentials if line.is_renewal_credits]


def transcript_for(*, user) -> Transcript:
    credentials = list(
        with_earned(Credential.objects.filter(user=user))
        .select_related("program")
        .annotate(**certification_annotation())  # issue 12: "Download certificate" with no query of its own
        .order_by("cycle_start", "id")
    )
    by_credential = defaultdict(list)
    for entry in CreditEntry.objects.filter(credential__user=user).order_by("activity_date", "id"):
        by_credential[entry.credential_id].append(entry)
    courses = [
        CourseLine(course=enrollment.course, completed_on=rules.local_date(completed_at))
        for enrollment in Enrollment.objects.filter(user=user, completed_at__isnull=False)
        .select_related("course")
        .order_by("completed_at", "id")
        if (completed_at := enrollment.completed_at) is not None  # the filter's own condition, for the types
    ]
    return Transcript(
        user=user,
        certified=certification_valid(credentials),
        courses=courses,
        credentials=[CredentialLine(credential=c, entries=by_credential[c.pk]) for c in credentials],
    )


# --- PDF ---------------------------------------------------------------------------------------------------


def _latin1(value) -> str:
    """The PDF core fonts speak Latin-1: anything else becomes '?' rather than failing."""
    text = str(value).replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return text.encode("latin-1", "replace").decode("latin-1")


def _d(day) -> str:
    return day.strftime("%m/%d/%Y")


def transcript_pdf(*, transcript: Transcript, now) -> bytes:
    user = transcript.user
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_title("Transcript")
    pdf.set_author("Kentucky Department for Libraries and Archives")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 8, "KDLA Certification Portal - Transcript", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    lines = [
        f"Name: {user.display_name}",
        f"Email: {user.email}",
        f"Library: {user.library or '-'}",
        f"Generated: {_d(rules.local_date(now))}",
    ]
    for line in lines:
        pdf.cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")

    def heading(text):
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)

    def table(header, rows, widths, footer=None):
        with pdf.table(col_widths=widths, text_align="LEFT", line_height=5, first_row_as_headings=True) as t:
            row = t.row()
            for cell in header:
                row.cell(_latin1(cell))
            for values in rows:
                row = t.row()
                for cell in values:
                    row.cell(_latin1(cell))
            if footer:
                pdf.set_font("Helvetica", "B", 9)
                row = t.row()
                for cell in footer:
                    row.cell(_latin1(cell))
        pdf.set_font("Helvetica", "", 9)

    heading("Credentials")
    if transcript.credentials:
        table(
            ["Credential", "Cycle Start", "Cycle End", "Required", "Earned", "Status", "Compliance"],
            [
                [
                    line.credential.program.credential_name,
                    _d(line.credential.cycle_start),
                    _d(line.credential.cycle_end),
                    rules.format_hours(line.required) if line.is_renewal_credits else "-",
                    rules.format_hours(line.earned) if line.is_renewal_credits else "-",
                    line.credential.get_status_display(),
                    line.credential.get_compliance_display(),
                ]
                for line in transcript.credentials
            ],
            (52, 20, 20, 18, 18, 22, 26),
        )
    else:
        pdf.cell(0, 5, "No credentials yet.", new_x="LMARGIN", new_y="NEXT")

    heading("Completed courses")
    if transcript.courses:
        table(
            ["Date", "Course", "Contact Hours"],
            [
                [_d(e.completed_on), e.course.title, rules.format_hours(e.course.contact_hours)]
                for e in transcript.courses
            ],
            (25, 125, 26),
        )
    else:
        pdf.cell(0, 5, "No completed courses yet.", new_x="LMARGIN", new_y="NEXT")

    heading("Earned credits by credential cycle")
    if not transcript.cycles:
        pdf.cell(0, 5, "No renewal-credits cycle yet.", new_x="LMARGIN", new_y="NEXT")
    for line in transcript.cycles:
        c = line.credential
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(
            0,
            6,
            _latin1(f"{c.program.credential_name}: {_d(c.cycle_start)} to {_d(c.cycle_end)}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("Helvetica", "", 9)
        table(
            ["Activity Date", "Course", "Description", "Source", "Credits"],
            [
                [
                    _d(e.activity_date),
                    e.title,
                    e.description,
                    e.get_source_display(),
                    rules.format_hours(e.hours),
                ]
                for e in line.entries
            ]
            or [["-", "No credits yet", "", "", "0"]],
            (24, 50, 54, 28, 20),
            footer=[
                "Total",
                "",
                "",
                f"of {rules.format_hours(line.required)} required",
                rules.format_hours(line.earned),
            ],
        )
        pdf.ln(2)
    return bytes(pdf.output())
