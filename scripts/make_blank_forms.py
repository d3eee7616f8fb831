"""Generate the blank, fillable KDLA forms served from ``static/forms/``.

Writes, relative to the repository root:
    static/forms/application-for-certification-part-time-library-staff.pdf
    static/forms/annual-summation.pdf
    static/forms/learning-activity-report.pdf

Takes no arguments. Needs reportlab, which is not a dependency of the portal; run it from a scratch venv:
    python3 -m venv /tmp/formvenv && /tmp/formvenv/bin/pip install reportlab
    /tmp/formvenv/bin/python scripts/make_blank_forms.py

The output is deterministic (reportlab "invariant" mode), so regenerating unchanged forms changes no bytes.
"""

from pathlib import Path

from reportlab.lib.colors import Color, white
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "forms"

AGENCY = "Kentucky Department for Libraries and Archives"
AGENCY_ADDRESS = "300 Coffee Tree Road, Frankfort, Kentucky 40601  |  kdla.ky.gov"
PROGRAM = "Part-Time Library Staff Certification"

PAGE_W, PAGE_H = letter
MARGIN = 50
CONTENT_W = PAGE_W - 2 * MARGIN

NAVY = Color(0.09, 0.20, 0.38)
INK = Color(0.12, 0.12, 0.14)
GREY = Color(0.40, 0.42, 0.46)
RULE = Color(0.70, 0.73, 0.78)
FIELD_FILL = Color(0.93, 0.95, 0.99)
FIELD_BORDER = Color(0.55, 0.60, 0.68)
BAND = Color(0.88, 0.91, 0.96)

LABEL_SIZE = 7.5
FIELD_H = 17


class Form:
    """A letter-size page flow with a KDLA header, section bands, labelled fields and check boxes."""

    def __init__(self, path, title, subtitle=""):
        self.path = path
        self.title = title
        self.subtitle = subtitle
        self.canvas = Canvas(str(path), pagesize=letter, invariant=1, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(AGENCY)
        self.canvas.setSubject(PROGRAM)
        self.canvas.setCreator("scripts/make_blank_forms.py")
        self.form = self.canvas.acroForm
        self.page = 1
        self.y = 0
        self._header()

    # -- page furniture ------------------------------------------------------------------------------------
    def _header(self):
        c = self.canvas
        top = PAGE_H - MARGIN + 14
        c.setFillColor(NAVY)
        c.rect(MARGIN, top - 4, CONTENT_W, 4, stroke=0, fill=1)
        c.setFont("Helvetica-Bold", 13)
        c.drawString(MARGIN, top - 21, AGENCY)
        c.setFont("Helvetica", 8)
        c.setFillColor(GREY)
        c.drawString(MARGIN, top - 32, AGENCY_ADDRESS)
        c.setFont("Helvetica-Oblique", 8.5)
        c.drawRightString(MARGIN + CONTENT_W, top - 21, PROGRAM)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(MARGIN, top - 39, MARGIN + CONTENT_W, top - 39)
        y = top - 60
        if self.page == 1:
            c.setFillColor(INK)
            c.setFont("Helvetica-Bold", 15.5)
            c.drawString(MARGIN, y, self.title)
            y -= 6
            if self.subtitle:
                y = self.paragraph(self.subtitle, y=y - 8, size=8.5, color=GREY) + 8
        else:
            c.setFillColor(GREY)
            c.setFont("Helvetica-Bold", 9)
            c.drawString(MARGIN, y + 8, f"{self.title} (continued)")
        self.y = y - 6

    def _footer(self, total):
        if self.y < MARGIN + 4:
            raise RuntimeError(f"{self.path.name}: page {self.page} runs into the footer (y={self.y:.0f})")
        c = self.canvas
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(MARGIN, MARGIN - 8, MARGIN + CONTENT_W, MARGIN - 8)
        c.setFont("Helvetica", 7)
        c.setFillColor(GREY)
        c.drawString(MARGIN, MARGIN - 19, f"{AGENCY}  |  {self.title}")
        c.drawRightString(MARGIN + CONTENT_W, MARGIN - 19, f"Page {self.page} of {total}")

    def new_page(self, total):
        self._footer(total)
        self.canvas.showPage()
        self.page += 1
        self._header()

    def save(self, total):
        self._footer(total)
        self.canvas.save()

    # -- text ---------------------------------------------------------------------------------------------
    def paragraph(
        self, text, *, y=None, x=MARGIN, width=CONTENT_W, size=8.5, font="Helvetica", color=INK, leading=None
    ):
        """Draw wrapped text from baseline ``y`` (default: the flow position) and return the next baseline."""
        c = self.canvas
        leading = leading or size * 1.3
        y = self.y - size if y is None else y
        c.setFont(font, size)
        c.setFillColor(color)
        for raw_line in text.split("\n"):
            line = ""
            for word in raw_line.split(" "):
                trial = f"{line} {word}".strip()
                if stringWidth(trial, font, size) > width and line:
                    c.drawString(x, y, line)
                    y -= leading
                    line = word
                else:
                    line = trial
            c.drawString(x, y, line)
            y -= leading
        return y

    def text(self, text, *, size=8.5, font="Helvetica", color=INK, gap=7):
        next_baseline = self.paragraph(text, size=size, font=font, color=color)
        self.y = next_baseline + size * 1.3 - size * 0.3 - gap

    def bullet(self, text, *, size=8.5, gap=3):
        self.canvas.setFont("Helvetica", size)
        self.canvas.setFillColor(NAVY)
        self.canvas.drawString(MARGIN + 2, self.y - size, "\u2022")
        next_baseline = self.paragraph(text, x=MARGIN + 12, width=CONTENT_W - 12, size=size)
        self.y = next_baseline + size * 1.3 - size * 0.3 - gap

    def section(self, number, title):
        c = self.canvas
        self.y -= 10
        c.setFillColor(BAND)
        c.rect(MARGIN, self.y - 15, CONTENT_W, 15, stroke=0, fill=1)
        c.setFillColor(NAVY)
        c.rect(MARGIN, self.y - 15, 3, 15, stroke=0, fill=1)
        c.setFont("Helvetica-Bold", 9.5)
        label = f"Section {number}.  {title}" if number else title
        c.drawString(MARGIN + 9, self.y - 11, label)
        self.y -= 21

    # -- fields -------------------------------------------------------------------------------------------
    def _box(self, name, tooltip, x, y, w, h, *, multiline=False, maxlen=None, size=None):
        self.form.textfield(
            name=name,
            tooltip=tooltip,
            x=x,
            y=y,
            width=w,
            height=h,
            borderStyle="solid",
            borderWidth=0.6,
            borderColor=FIELD_BORDER,
            fillColor=FIELD_FILL,
            textColor=INK,
            forceBorder=True,
            fontName="Helvetica",
            fontSize=size or (9 if multiline else 10),
            fieldFlags="multiline" if multiline else "",
            maxlen=maxlen if maxlen is not None else (0 if multiline else 120),
        )

    def row(self, fields, *, height=FIELD_H, gap=10):
        """Lay out labelled fields across the content width.

        ``fields`` is a list of (name, label, relative width[, options]) tuples; options may hold
        ``multiline``, ``maxlen``, ``hint`` (grey text after the label) and ``tooltip``.
        """
        c = self.canvas
        total = sum(f[2] for f in fields)
        free = CONTENT_W - gap * (len(fields) - 1)
        x = MARGIN
        label_y = self.y - LABEL_SIZE
        box_top = label_y - 3
        for spec in fields:
            name, label, weight = spec[:3]
            opts = spec[3] if len(spec) > 3 else {}
            w = free * weight / total
            c.setFont("Helvetica-Bold", LABEL_SIZE)
            c.setFillColor(INK)
            c.drawString(x, label_y, label)
            if opts.get("hint"):
                lw = stringWidth(label, "Helvetica-Bold", LABEL_SIZE)
                c.setFont("Helvetica", LABEL_SIZE)
                c.setFillColor(GREY)
                c.drawString(x + lw + 4, label_y, opts["hint"])
            self._box(
                name,
                opts.get("tooltip", label),
                x,
                box_top - height,
                w,
                height,
                multiline=opts.get("multiline", False),
                maxlen=opts.get("maxlen"),
            )
            x += w + gap
        self.y = box_top - height - 8

    def checkbox(self, name, label, x, y, *, tooltip=None, size=10, font="Helvetica"):
        """A check box with its label to the right; returns the x just after the label."""
        self.form.checkbox(
            name=name,
            tooltip=tooltip or label,
            x=x,
            y=y,
            size=size,
            buttonStyle="check",
            borderWidth=0.6,
            borderColor=FIELD_BORDER,
            fillColor=FIELD_FILL,
            textColor=INK,
            forceBorder=True,
            fieldFlags="",
        )
        c = self.canvas
        c.setFont(font, 8.5)
        c.setFillColor(INK)
        c.drawString(x + size + 4, y + 2, label)
        return x + size + 4 + stringWidth(label, font, 8.5)

    def table(self, prefix, columns, rows, *, row_h=17, header_h=15, numbered=True):
        """A grid of text fields: ``columns`` is a list of (key, heading, relative width[, maxlen])."""
        c = self.canvas
        num_w = 18 if numbered else 0
        total = sum(col[2] for col in columns)
        widths = [(CONTENT_W - num_w) * col[2] / total for col in columns]
        top = self.y
        c.setFillColor(NAVY)
        c.rect(MARGIN, top - header_h, CONTENT_W, header_h, stroke=0, fill=1)
        c.setFillColor(white)
        c.setFont("Helvetica-Bold", 8)
        x = MARGIN + num_w
        if numbered:
            c.drawCentredString(MARGIN + num_w / 2, top - header_h + 4.5, "#")
        for col, w in zip(columns, widths, strict=True):
            c.drawString(x + 4, top - header_h + 4.5, col[1])
            x += w
        y = top - header_h
        for i in range(1, rows + 1):
            y -= row_h
            if numbered:
                c.setFillColor(GREY)
                c.setFont("Helvetica", 8)
                c.drawCentredString(MARGIN + num_w / 2, y + row_h / 2 - 3, str(i))
            x = MARGIN + num_w
            for col, w in zip(columns, widths, strict=True):
                self._box(
                    f"{prefix}_{i}_{col[0]}",
                    f"{col[1]}, row {i}",
                    x + 1,
                    y + 1,
                    w - 2,
                    row_h - 2,
                    maxlen=col[3] if len(col) > 3 else 120,
                    size=9,
                )
                x += w
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.rect(MARGIN, y, CONTENT_W, top - y, stroke=1, fill=0)
        self.y = y - 8
        return widths

    def signature_row(self, prefix, who, *, date_label="Date", name_field=False):
        fields = []
        if name_field:
            fields.append((f"{prefix}_printed_name", f"{who}: printed name", 5))
        fields.append(
            (
                f"{prefix}_signature",
                f"{who}: signature",
                6,
                {"hint": "(sign after printing, or type your full name)"},
            )
        )
        fields.append((f"{prefix}_date", date_label, 2.4, {"hint": "MM/DD/YYYY", "maxlen": 10}))
        self.row(fields, height=20)


def make_application(path):
    f = Form(
        path,
        "Application for Certification of Part-Time Library Staff",
        "Use this form to apply for initial Part-time Certification or to renew it. Complete every section, "
        "have your library director sign Section 4, and upload the completed form in the KDLA Learning "
        'Portal: in your Dashboard, click "Upload Missing Files" next to your certification application. '
        "The form must be uploaded within 30 days of registering for the application.",
    )
    c = f.canvas

    f.section(1, "Applicant information")
    f.y -= 2
    c.setFont("Helvetica-Bold", LABEL_SIZE)
    c.setFillColor(INK)
    c.drawString(MARGIN, f.y - 8, "This application is for:")
    x = f.checkbox("type_initial", "Initial certification", MARGIN + 100, f.y - 10)
    f.checkbox("type_renewal", "Renewal of certification", x + 22, f.y - 10)
    f.y -= 20
    f.row(
        [
            ("first_name", "First name", 4),
            ("middle_initial", "M.I.", 0.8, {"maxlen": 3}),
            ("last_name", "Last name", 4.5),
        ]
    )
    f.row([("mailing_address", "Mailing address", 1, {"hint": "(street or P.O. box)"})])
    f.row(
        [
            ("city", "City", 5),
            ("state", "State", 1.2, {"maxlen": 2}),
            ("zip", "ZIP code", 1.8, {"maxlen": 10}),
        ]
    )
    f.row([("email", "Email address", 5), ("phone", "Phone", 3, {"maxlen": 20})])
    f.row(
        [
            ("library_system", "Library system", 5, {"hint": "(public library where you work)"}),
            ("job_title", "Job title", 3),
        ]
    )
    f.row(
        [
            (
                "hours_per_month",
                "Hours worked per month",
                2.8,
                {"hint": "(must be under 100)", "maxlen": 6},
            ),
            ("date_of_hire", "Date of hire", 2, {"hint": "MM/DD/YYYY", "maxlen": 10}),
            (
                "current_cert_expires",
                "Renewals only: certification expires",
                3.4,
                {"hint": "MM/DD/YYYY", "maxlen": 10},
            ),
        ]
    )

    f.section(2, "Required courses")
    f.text(
        "Initial certification requires all four courses below, completed in the KDLA Learning Portal. "
        "Check each course and enter the date you completed it (as shown on your transcript).",
        size=8,
        color=GREY,
    )
    courses = [
        ("customer_service", "Customer Service Basics"),
        ("reference", "Reference Basics"),
        ("difficult_situations", "Solving Difficult Situations in the Library"),
        ("readers_advisory", "Readers' Advisory Basics"),
    ]
    header_h, row_h = 15, 18
    top = f.y
    course_w, done_w = 300, 70
    c.setFillColor(NAVY)
    c.rect(MARGIN, top - header_h, CONTENT_W, header_h, stroke=0, fill=1)
    c.setFillColor(white)
    c.setFont("Helvetica-Bold", 8)
    c.drawString(MARGIN + 6, top - header_h + 4.5, "Course")
    c.drawCentredString(MARGIN + course_w + done_w / 2, top - header_h + 4.5, "Completed")
    c.drawString(MARGIN + course_w + done_w + 6, top - header_h + 4.5, "Completion date (MM/DD/YYYY)")
    y = top - header_h
    for key, title in courses:
        y -= row_h
        c.setFillColor(INK)
        c.setFont("Helvetica", 9)
        c.drawString(MARGIN + 6, y + 5.5, title)
        f.checkbox(
            f"course_{key}_completed",
            "",
            MARGIN + course_w + done_w / 2 - 5,
            y + 4,
            tooltip=f"{title}: completed",
        )
        f._box(
            f"course_{key}_date",
            f"{title}: completion date",
            MARGIN + course_w + done_w + 4,
            y + 2,
            CONTENT_W - course_w - done_w - 8,
            row_h - 4,
            maxlen=10,
            size=9,
        )
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(MARGIN, y, MARGIN + CONTENT_W, y)
    c.setLineWidth(0.6)
    c.rect(MARGIN, y, CONTENT_W, top - y, stroke=1, fill=0)
    f.y = y - 4
    f.new_page(total=2)

    f.section(3, "Statement of agreement")
    f.text(
        "I am applying for certification as part-time library staff in Kentucky. I certify that I am "
        "employed by the public library named in Section 1 and work fewer than 100 hours per month; that I "
        "have completed the required courses listed in Section 2; if this is a renewal, that I have earned "
        "at least 15 contact hours of continuing education during my current certification period; and that "
        "the information on this application is true and complete. I understand that certification is valid "
        "for five years, and that to renew it I must earn 15 contact hours of continuing education during "
        "the five-year certification period (one hour of training equals one contact hour) and submit a "
        "renewal application. I agree that KDLA may verify the information on this application with my "
        "library.",
        size=8.5,
    )
    f.checkbox(
        "agree_statement",
        "I have read and agree to the statement above.",
        MARGIN,
        f.y - 10,
        font="Helvetica-Bold",
    )
    f.y -= 20
    f.signature_row("applicant", "Applicant")

    f.section(4, "Library director verification")
    f.text(
        "I verify that the applicant is employed by this library, works fewer than 100 hours per month, and "
        "that the information in this application is correct to the best of my knowledge.",
        size=8.5,
    )
    f.row([("director_name", "Library director: printed name", 5), ("director_email", "Director email", 4)])
    f.signature_row("director", "Library director")

    f.section(None, "Before you upload")
    for item in [
        "Sections 1 to 3 are complete, and your library director has completed Section 4.",
        "The form is saved as a PDF, or scanned or photographed clearly (PDF, Word, .jpg or .png).",
        'In the Learning Portal, click "Upload Missing Files" next to your certification application, then '
        '"Add new file", and choose the document type "Application for Certification of Part-Time Library '
        'Staff".',
        "Upload within 30 days of registering. KDLA will email you if more information is needed.",
    ]:
        f.bullet(item)

    f.section(None, "For KDLA use only")
    f.row(
        [
            ("kdla_date_received", "Date received", 2, {"maxlen": 10}),
            ("kdla_decision", "Decision", 2.2, {"hint": "(approved / returned)"}),
            ("kdla_cycle_start", "Cycle start", 2, {"maxlen": 10}),
            ("kdla_cycle_end", "Cycle end", 2, {"maxlen": 10}),
            ("kdla_reviewer", "Reviewer initials", 1.6, {"maxlen": 5}),
        ],
        height=16,
    )
    f.save(total=2)


def make_annual_summation(path):
    f = Form(
        path,
        "Annual Summation of Continuing Education Activities",
        "List the continuing education activities you completed during the year, one per line, with the "
        "contact hours earned (one hour of training equals one contact hour). Attach a Learning Activity "
        "Report (LAR), certificate or other documentation for each activity, and submit everything as one "
        'file in the KDLA Learning Portal with "Request new Credit" (Course: "Annual Summation"; '
        'Description: "CE Activities"). Courses taken in the Learning Portal count automatically; do not '
        "list them here.",
    )
    f.section(1, "Staff member")
    f.row([("name", "Name", 5), ("library_system", "Library system", 5)])
    f.row(
        [
            ("certification", "Certification", 5, {"hint": "(e.g. Part-time Certification)"}),
            ("cycle_end", "Current cycle ends", 2.6, {"hint": "MM/DD/YYYY", "maxlen": 10}),
            ("year", "Year reported", 1.6, {"maxlen": 4}),
        ]
    )

    f.section(2, "Continuing education activities")
    f.y -= 2
    widths = f.table(
        "activity",
        [
            ("date", "Date (MM/DD/YYYY)", 1.45, 10),
            ("title", "Activity (title and format)", 3.45),
            ("provider", "Provider / sponsor", 2.55),
            ("hours", "Contact hours", 1.25, 6),
        ],
        rows=10,
        row_h=20,
    )
    c = f.canvas
    hours_w = widths[-1]
    hours_x = MARGIN + CONTENT_W - hours_w
    c.setFont("Helvetica-Bold", 9)
    c.setFillColor(INK)
    c.drawRightString(hours_x - 8, f.y - 13, "Total contact hours")
    f._box("total_hours", "Total contact hours", hours_x + 1, f.y - 18, hours_w - 2, 18, maxlen=7, size=10)
    f.y -= 26

    f.section(3, "Certification")
    f.text(
        "I certify that I completed the activities listed above on the dates shown, that the contact hours "
        "are accurate, and that documentation for each activity is attached.",
        size=8.5,
    )
    f.signature_row("staff", "Staff member")
    f.save(total=1)


def make_learning_activity_report(path):
    f = Form(
        path,
        "Learning Activity Report (LAR)",
        "Complete one report for each continuing education activity that was not taken in the KDLA Learning "
        "Portal (workshops, webinars, conferences, online courses from other providers). Keep it with your "
        "certificate or agenda, and include it with your Annual Summation when you request credit. One hour "
        "of training equals one contact hour.",
    )
    f.section(1, "Staff member")
    f.row([("name", "Name", 5), ("library_system", "Library system", 5)])
    f.row([("job_title", "Job title", 5), ("email", "Email address", 5)])

    f.section(2, "Learning activity")
    f.row([("activity_title", "Title of activity", 1)])
    f.row(
        [
            ("provider", "Provider / sponsor", 5),
            ("dates", "Date(s) attended", 3, {"hint": "MM/DD/YYYY"}),
            ("contact_hours", "Contact hours", 1.6, {"maxlen": 6}),
        ]
    )
    c = f.canvas
    c.setFont("Helvetica-Bold", LABEL_SIZE)
    c.setFillColor(INK)
    c.drawString(MARGIN, f.y - LABEL_SIZE, "Format")
    y = f.y - 24
    x = MARGIN
    for key, label in [
        ("in_person", "In-person workshop"),
        ("webinar", "Live webinar"),
        ("online_course", "Online course"),
        ("conference", "Conference"),
    ]:
        x = f.checkbox(f"format_{key}", label, x, y) + 16
    x = f.checkbox("format_other", "Other:", x, y)
    f._box("format_other_text", "Other format", x + 6, y - 3, MARGIN + CONTENT_W - x - 6, 16, size=9)
    f.y = y - 12

    f.section(3, "What I learned")
    f.row(
        [
            (
                "description",
                "Describe the activity and the main things you learned",
                1,
                {"multiline": True},
            )
        ],
        height=92,
    )
    f.row(
        [
            (
                "application",
                "How will you apply what you learned in your library work?",
                1,
                {"multiline": True},
            )
        ],
        height=70,
    )
    c.setFont("Helvetica-Bold", LABEL_SIZE)
    c.setFillColor(INK)
    c.drawString(MARGIN, f.y - LABEL_SIZE, "Documentation attached")
    y = f.y - 24
    x = f.checkbox("doc_certificate", "Certificate of completion", MARGIN, y) + 16
    x = f.checkbox("doc_agenda", "Agenda or program", x, y) + 16
    x = f.checkbox("doc_other", "Other:", x, y)
    f._box("doc_other_text", "Other documentation", x + 6, y - 3, MARGIN + CONTENT_W - x - 6, 16, size=9)
    f.y = y - 12

    f.section(4, "Certification")
    f.text(
        "I certify that I attended or completed this activity and that the information in this report is "
        "accurate.",
        size=8.5,
    )
    f.signature_row("staff", "Staff member")
    f.save(total=1)


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for filename, build in [
        ("application-for-certification-part-time-library-staff.pdf", make_application),
        ("annual-summation.pdf", make_annual_summation),
        ("learning-activity-report.pdf", make_learning_activity_report),
    ]:
        path = OUT_DIR / filename
        build(path)
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
