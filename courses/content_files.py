"""Reads the catalog's seed data from courses/content/: data files, not Python.

    categories.yaml        the catalog's categories (slug, name, order)
    libraries.txt          the Kentucky public library systems, one a line
    courses/<slug>.md      one course a file: YAML front matter (title, category, contact_hours, required, order,
                           summary, quiz) and its lessons as Markdown, each under a "## Title {#slug}" heading

Lesson text is read by courses.markup, the same reader the lesson page uses. A file that does not follow this
shape stops the seed with its name and what is wrong (ContentError), never a half-read catalog.
"""

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import yaml

from courses import markup

CONTENT_DIR = Path(__file__).resolve().parent / "content"

COURSE_FIELDS = {"title", "category", "contact_hours", "required", "order", "summary", "quiz"}
REQUIRED_COURSE_FIELDS = {"title", "category", "contact_hours", "order", "summary"}
LESSON_HEADING = re.compile(r"^## (?P<title>.+?) \{#(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")


class ContentError(ValueError):
    """A content file that cannot be read as seed data."""


def categories(directory: Path = CONTENT_DIR) -> list[dict]:
    rows = yaml.safe_load((directory / "categories.yaml").read_text(encoding="utf-8"))
    for row in rows:
        if set(row) != {"slug", "name", "order"}:
            raise ContentError(f"categories.yaml: {row!r} needs exactly slug, name and order")
    return rows


def libraries(directory: Path = CONTENT_DIR) -> list[str]:
    lines = (directory / "libraries.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def courses(directory: Path = CONTENT_DIR) -> list[dict]:
    """Every course file, in catalog order: dicts with slug, title, category, summary, contact_hours (Decimal),
    required, order, lessons (slug, title, body as stored) and quiz (question, choices, answer: index)."""
    rows = [read_course(path) for path in sorted((directory / "courses").glob("*.md"))]
    orders = [row["order"] for row in rows]
    if len(set(orders)) != len(orders):
        raise ContentError(f"courses/: two courses share an order ({sorted(orders)})")
    return sorted(rows, key=lambda row: row["order"])


def read_course(path: Path) -> dict:
    def fail(message: str) -> NoReturn:
        raise ContentError(f"{path.name}: {message}")

    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        fail('must start with front matter between two "---" lines')
    front_matter, separator, body = text[4:].partition("\n---\n")
    if not separator:
        fail('the front matter has no closing "---" line')
    meta = yaml.safe_load(front_matter) or {}
    if unknown := set(meta) - COURSE_FIELDS:
        fail(f"unknown front matter {sorted(unknown)} (known: {sorted(COURSE_FIELDS)})")
    if missing := REQUIRED_COURSE_FIELDS - set(meta):
        fail(f"front matter is missing {sorted(missing)}")
    if not isinstance(meta["contact_hours"], int | float) or meta["contact_hours"] <= 0:
        fail("contact_hours must be a positive number")
    quiz = meta.get("quiz") or []
    for number, question in enumerate(quiz, start=1):
        if set(question) != {"question", "choices", "answer"}:
            fail(f"quiz question {number} needs exactly question, choices and answer")
        if not (isinstance(question["answer"], int) and 0 <= question["answer"] < len(question["choices"])):
            fail(f"quiz question {number}: answer is the index of the right choice (0 = the first)")
    return {
        "slug": path.stem,
        "title": meta["title"],
        "category": meta["category"],
        "summary": meta["summary"],
        "contact_hours": Decimal(str(meta["contact_hours"])).quantize(Decimal("0.01")),
        "required": bool(meta.get("required", False)),
        "order": meta["order"],
        "lessons": _lessons(body, fail),
        "quiz": quiz,
    }


def _lessons(body: str, fail: Callable[[str], NoReturn]) -> list[dict]:
    lessons: list[dict] = []
    for line in body.split("\n"):
        if line.startswith("#"):
            heading = LESSON_HEADING.match(line)
            if not heading:
                fail(f'{line!r}: a lesson starts with "## Lesson title {{#lesson-slug}}"')
            lessons.append({"slug": heading["slug"], "title": heading["title"], "lines": []})
        elif lessons:
            lessons[-1]["lines"].append(line)
        elif line.strip():
            fail("text before the first lesson heading")
    if not lessons:
        fail("has no lessons")
    slugs = [lesson["slug"] for lesson in lessons]
    if len(set(slugs)) != len(slugs):
        fail("two lessons share a slug")
    for lesson in lessons:
        lesson["body"] = markup.normalized("\n".join(lesson.pop("lines")))
        if not lesson["body"]:
            fail(f"lesson {lesson['slug']!r} is empty")
    return lessons
