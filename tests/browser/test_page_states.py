"""axe-core finds no violation on any page state of tests/browser/page_states.py, at desktop and phone width.

With $SCREENSHOT_DIR set, each state is also saved as <state>-<width>.png (how the look is reviewed).
"""

import os
from pathlib import Path

import pytest

from tests.browser.page_states import STATES, people
from tests.conftest import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SCREENSHOT_DIR")
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def cast(seeded):
    return people()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_state_has_no_axe_violations(browser, live_server, cast, width):
    w, h = WIDTHS[width]
    failures = []
    for state in STATES:
        context = browser.new_context(base_url=live_server.url, viewport={"width": w, "height": h})
        try:
            if state.who:
                log_in(context, getattr(cast, state.who), live_server.url)
            page = context.new_page()
            page.set_default_timeout(10_000)
            response = page.goto(state.url(cast))
            assert response.status < 400, (state.name, response.status)
            if state.prepare:
                state.prepare(page)
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(SHOTS) / f"{state.name}-{w}.png"), full_page=True)
            try:
                assert_no_axe_violations(page)
            except AssertionError as error:
                failures.append(f"{state.name} at {w}px:\n{error}")
        finally:
            context.close()
    assert not failures, "\n\n".join(failures)
