"""Checks that keep the structure (issue 11): template tag libraries are loaded only from their own app or
from portal's shared ones (the import layers themselves are checked by import-linter in `make lint`)."""

import re
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "courses", "credentials", "credit_requests", "reviews", "directors", "portal"]
SHARED = "portal"
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _libraries():
    """Tag library name -> the project app that defines it (None for Django's and third parties')."""
    owners = {}
    for name, module in engines["django"].engine.libraries.items():
        app = module.split(".")[0]
        owners[name] = app if app in APPS else None
    return owners


def _loads(template: Path):
    for match in LOAD.finditer(template.read_text(encoding="utf-8")):
        words = match.group(1).split()
        if "from" in words:  # {% load tag other from library %}
            words = words[words.index("from") + 1 :]
        yield from words


def test_app_templates_load_tag_libraries_only_from_their_own_app_or_portal():
    owners = _libraries()
    wrong = []
    for app in APPS:
        for template in (ROOT / app).glob("templates/**/*.html"):
            for library in _loads(template):
                owner = owners.get(library)
                if owner not in (None, app, SHARED):
                    wrong.append(f"{template.relative_to(ROOT)} loads {library!r} from {owner}")
    assert wrong == []


def test_the_check_sees_the_catalog_loading_the_shared_page_actions():
    catalog = ROOT / "courses/templates/courses/catalog.html"
    assert "page_actions" in set(_loads(catalog))
    assert _libraries()["page_actions"] == SHARED


def test_the_review_permission_string_is_written_once():
    """Views, navigation and services name it through accounts.models.REVIEW_PERMISSION."""
    written = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for line in path.read_text(encoding="utf-8").splitlines()
        if "reviews.review_submissions" in line
    ]
    assert written == ["accounts/models.py"]


def test_templates_say_dates_and_hours_through_the_project_formats():
    """Dates are `|date` / `|date:"DATETIME_FORMAT"` (portal/formats) and hours `|hours`: a template that spells
    the format out again drifts when the format changes (36 such places came back with later branches)."""
    spelled = re.compile(r'\|date:"m/d/Y(?: g:i a)?"|\|floatformat:"-2"')
    templates = [
        *ROOT.glob("templates/**/*"),
        *(p for app in APPS for p in (ROOT / app).glob("templates/**/*")),
    ]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in templates
        if path.suffix in (".html", ".txt")
        for match in spelled.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
