"""Library directors and KDLA reports in a real browser: scoping, the CSV, axe-core on the pages with charts."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import assert_no_axe_violations
from tests.directors.builders import applying, certified, credit_request_decided, director_of, library
from tests.factories import ReviewerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_libraries(seeded):
    today = timezone.localdate()
    adair, allen = library("adair-county-public-library"), library("allen-county-public-library")
    director = director_of(adair, now=timezone.now(), first_name="Dana", last_name="Director")
    mine = UserFactory(library=adair, first_name="Vera", last_name="Valid")
    certified(mine, approved_on=today - dt.timedelta(days=400))
    credit_request_decided(mine, course="Library Law")
    applying(UserFactory(library=adair, first_name="Nina", last_name="Newcomer"), registered_on=today)
    theirs = UserFactory(library=allen, first_name="Olga", last_name="Otherlibrary")
    certified(theirs, approved_on=today - dt.timedelta(days=100))
    return {"director": director, "mine": mine, "theirs": theirs}


def test_director_sees_their_staff_and_not_another_librarys_and_the_page_is_accessible(
    login_page, two_libraries
):
    page = login_page(two_libraries["director"])
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My Staff").click()
    table = page.locator("#my-staff")
    assert table.get_by_role("link", name="Vera Valid").is_visible()
    assert table.get_by_text("Nina Newcomer").is_visible()
    assert page.get_by_text("Olga Otherlibrary").count() == 0
    assert_no_axe_violations(page)

    page.get_by_label("Certification").select_option("valid")
    page.get_by_role("button", name="Filter").click()
    assert table.get_by_text("Nina Newcomer").count() == 0
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "Vera Valid" in csv_text and "Nina Newcomer" not in csv_text and "Olga" not in csv_text

    page.get_by_role("link", name="Vera Valid").click()
    assert page.get_by_role("heading", name="Vera Valid", level=1).is_visible()
    assert page.get_by_text("Credit request: Library Law").is_visible()
    assert_no_axe_violations(page)

    response = page.goto(f"/my-staff/{two_libraries['theirs'].pk}/")
    assert response.status == 404


def test_my_staff_at_phone_width_never_scrolls_sideways(login_page, two_libraries):
    page = login_page(two_libraries["director"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/my-staff/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Each staff member is a card: the name, then the certification status, every value under its column's
    # name, all inside the screen (the table scrolled them out of sight, beyond the name and email).
    row = page.locator("#my-staff tr").filter(has=page.get_by_role("link", name="Vera Valid"))
    status = row.locator("td[data-label=Certification]")
    expect(status).to_have_text("VALID")
    for cell in (status, row.locator("td[data-label='Valid through']"), row.locator("td").last):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert_no_axe_violations(page)


def test_my_staff_fits_a_1280_screen_without_sideways_scrolling(login_page, two_libraries):
    # Eleven columns (the CSV's) scrolled the last three out of sight; the page pairs values instead.
    page = login_page(two_libraries["director"])
    page.goto("/my-staff/")
    wrap = page.get_by_role("region", name="Staff list")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
    row = page.locator("#my-staff tr").filter(has=page.get_by_role("link", name="Vera Valid"))
    expect(row.get_by_role("rowheader")).to_contain_text(two_libraries["mine"].email)
    expect(row.locator("td[data-label=Hours]")).to_have_text("0 of 15")
    assert row.locator("td[data-label='Pending review']").inner_text() == "0 files\n0 credit requests"
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= 1280, box


def test_reports_page_with_its_charts_is_accessible_and_each_chart_has_its_table(login_page, two_libraries):
    page = login_page(ReviewerFactory())
    page.goto("/review/")
    page.get_by_role("link", name="KDLA reports").click()
    for name in (
        "Share of staff certified, per KDLA region",
        "Review backlog by age",
        "Contact hours approved per month",
    ):
        assert page.get_by_role("img", name=name).is_visible()
    assert page.get_by_role("table", name="Certified staff per library system").is_visible()
    # On a 1280-wide screen every table shows all its columns: none is squeezed beside its chart (the share
    # column was scrolled out of sight) and the library table, which has no chart, takes the whole width.
    clipped = page.locator(".report .table-wrap").evaluate_all(
        "wraps => wraps.filter(w => w.scrollWidth > w.clientWidth).map(w => w.getAttribute('aria-label'))"
    )
    assert clipped == [], clipped
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)


def test_report_charts_stay_legible_on_a_phone_with_the_tables_numbers(login_page, two_libraries):
    # Scaled down to a phone's width, the charts' text was about 6 pixels high. They are now drawn at their
    # size: each label with its number on one line, the bar below, the whole chart inside the screen.
    page = login_page(ReviewerFactory())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/review/reports/")
    for chart in page.locator(".chart svg").all():
        box = chart.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        heights = chart.locator("text").evaluate_all(
            "texts => texts.map(t => t.getBoundingClientRect().height)"
        )
        assert min(heights) >= 14, heights
    chart = page.get_by_role("img", name="Share of staff certified, per KDLA region")
    texts = chart.locator("text").evaluate_all("texts => texts.map(t => t.textContent.replace('%', ''))")
    table = page.get_by_role("table", name="Certified staff per KDLA region")
    rows = [row.locator("th, td").all_inner_texts() for row in table.locator("tbody tr").all()]
    shares = {row[0]: row[3] for row in rows if row[0] != "All regions"}
    assert dict(zip(texts[::2], texts[1::2], strict=True)) == shares
