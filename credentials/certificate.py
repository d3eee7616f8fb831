"""The certificate PDF: one landscape page per valid period, with a QR code of its public verification page.

fpdf2 (as the transcript) with the PDF core fonts; the QR code is drawn as vector squares from the
`qrcode` library's module matrix (no image library needed, sharp at any print size).
"""

import qrcode
from fpdf import FPDF

from credentials import rules
from credentials.certification import certification_label
from credentials.transcript import _latin1

KDLA = "Kentucky Department for Libraries and Archives"
NAVY = (18, 53, 91)


def _d(day) -> str:
    return day.strftime("%m/%d/%Y")


def _qr_code(pdf, data, *, x, y, size):
    """The QR code in a `size` square at (x, y), its quiet zone included: the standard 4 light modules on each
    side are part of the matrix, so nothing printed next to the square can touch the code."""
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                pdf.rect(x + col * module, y + row * module, module, module, style="F")


def certificate_pdf(*, certificate, verify_url) -> bytes:
    """One page, landscape (US Letter): name, library, title, valid from/through, number, issue date, KDLA,
    and the verification page's QR code and written address."""
    certification = certificate.certification
    user = certification.user
    program = certification.program
    title = program.certificate_title or certification_label(program)
    pdf = FPDF(orientation="L", unit="mm", format="Letter")
    pdf.set_title(f"{title} - {certificate.number}")
    pdf.set_author(KDLA)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    width = pdf.w - 2 * pdf.l_margin
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)

    def line(text, size, style="", height=None, color=(27, 31, 36)):
        pdf.set_text_color(*color)
        pdf.set_font("Helvetica", style, size)
        pdf.set_x(pdf.l_margin)
        pdf.cell(width, height or size * 0.55, _latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(24)
    line(KDLA, 16, "B", color=NAVY)
    pdf.ln(6)
    line(title, 26, "B", color=NAVY)
    pdf.ln(8)
    line("This certifies that", 13, "I")
    pdf.ln(3)
    line(user.display_name, 24, "B")
    pdf.ln(1)
    line(str(user.library or ""), 13)
    pdf.ln(5)
    line(
        "has met the requirements of the Kentucky part-time library staff certification and is certified", 12
    )
    line(f"from {_d(certificate.valid_from)} through {_d(certificate.valid_through)}.", 12, "B")
    pdf.ln(8)
    details_y = pdf.get_y()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_text_color(27, 31, 36)
    for label, value in (
        ("Certificate number", certificate.number),
        ("Issue date", _d(rules.local_date(certificate.issued_at))),
        ("Valid from", _d(certificate.valid_from)),
        ("Valid through", _d(certificate.valid_through)),
    ):
        pdf.set_x(40)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(42, 7, _latin1(f"{label}:"))
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(80, 7, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    size = 38
    _qr_code(pdf, verify_url, x=pdf.w - 40 - size, y=details_y - 2, size=size)
    pdf.set_y(details_y + size + 4)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_x(pdf.l_margin)
    pdf.cell(
        width, 5, _latin1(f"Check this certificate at {verify_url}"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_y(pdf.h - 24)
    line(KDLA + " - Continuing Education", 10, "I", color=NAVY)
    return bytes(pdf.output())
