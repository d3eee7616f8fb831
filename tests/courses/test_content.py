"""The catalog's seed data lives in courses/content/ (Markdown with front matter): the seed reads it with the
same lesson reader the lesson page uses (courses.markup)."""

from decimal import Decimal

import pytest

from accounts.models import Library
from courses import content_files, markup
from courses.models import CatalogItem, Category, Lesson

# The catalog as courses/seed_data.py seeded it before the content moved to data files (computed from that
# file before it was deleted): slug, title, category, contact hours, required, lessons, quiz questions.
CATALOG_BEFORE_THE_MOVE = [
    ("customer-service-basics", "Customer Service Basics", "required-courses", "2.00", True, 4, 3),
    ("reference-basics", "Reference Basics", "required-courses", "2.00", True, 4, 3),
    (
        "solving-difficult-situations",
        "Solving Difficult Situations in the Library",
        "required-courses",
        "2.00",
        True,
        4,
        3,
    ),
    ("readers-advisory-basics", "Readers' Advisory Basics", "required-courses", "1.50", True, 4, 2),
    (
        "collection-development-basics",
        "Collection Development Basics",
        "continuing-education",
        "2.00",
        False,
        3,
        0,
    ),
    (
        "library-programming-for-adults",
        "Library Programming for Adults",
        "continuing-education",
        "1.50",
        False,
        3,
        0,
    ),
    (
        "technology-help-at-the-public-desk",
        "Technology Help at the Public Desk",
        "continuing-education",
        "1.00",
        False,
        3,
        0,
    ),
    (
        "intellectual-freedom-and-challenged-materials",
        "Intellectual Freedom and Challenged Materials",
        "continuing-education",
        "1.50",
        False,
        3,
        2,
    ),
    (
        "serving-patrons-with-disabilities",
        "Serving Patrons with Disabilities",
        "continuing-education",
        "1.50",
        False,
        3,
        0,
    ),
    (
        "early-literacy-and-storytime-basics",
        "Early Literacy and Storytime Basics",
        "continuing-education",
        "2.00",
        False,
        3,
        0,
    ),
    (
        "kentucky-public-libraries-governance",
        "Kentucky Public Libraries: Boards, Funding and KDLA",
        "continuing-education",
        "1.00",
        False,
        3,
        0,
    ),
]
LESSON_TEXT_CHARACTERS_BEFORE_THE_MOVE = 29847


def test_the_seed_from_the_content_files_is_the_catalog_seeded_before(seeded):
    courses = CatalogItem.objects.filter(kind=CatalogItem.Kind.COURSE).order_by("order")
    assert [
        (
            c.slug,
            c.title,
            c.category.slug,
            c.contact_hours,
            c.is_required,
            c.lessons.count(),
            c.quiz_questions.count(),
        )
        for c in courses
    ] == [
        (slug, title, category, Decimal(hours), required, lessons, quiz)
        for slug, title, category, hours, required, lessons, quiz in CATALOG_BEFORE_THE_MOVE
    ]
    assert [c.order for c in courses] == list(range(len(CATALOG_BEFORE_THE_MOVE)))
    assert list(Category.objects.order_by("order").values_list("slug", "name")) == [
        ("kdla-certifications", "KDLA Certifications"),
        ("required-courses", "Part-time Certification Courses"),
        ("continuing-education", "Continuing Education"),
    ]
    assert Library.objects.count() == 120
    assert sum(len(body) for body in Lesson.objects.values_list("body", flat=True)) == (
        LESSON_TEXT_CHARACTERS_BEFORE_THE_MOVE
    )


def test_lesson_text_is_stored_one_paragraph_a_line_whatever_the_wrapping_of_the_file(seeded):
    lesson = Lesson.objects.get(course__slug="customer-service-basics", slug="what-good-service-looks-like")
    assert lesson.title == "What Good Library Service Looks Like"
    paragraphs = lesson.body.split("\n\n")
    assert paragraphs[0] == (
        "Every person who walks through the door, calls, or sends an email is a patron, and every staff member "
        "is part of their experience. The person shelving books in the children's room represents the library "
        "just as much as the director does."
    )
    assert paragraphs[-1].splitlines() == [
        "- Be approachable: look up, smile, make eye contact.",
        "- Be accurate: check before you answer, and say so when you are not sure.",
        "- Be consistent: follow the library's policies the same way for everyone.",
        "- Be complete: make sure the patron knows what to do next.",
    ]


def test_a_wrapped_bullet_item_stays_one_item_on_the_page_and_in_the_database():
    text = "Intro line\nwrapped.\n\n- First item\n  continued here.\n- Second <b>item</b>"
    assert (
        markup.normalized(text) == "Intro line wrapped.\n\n- First item continued here.\n- Second <b>item</b>"
    )
    assert markup.to_html(text) == (
        "<p>Intro line wrapped.</p>\n"
        "<ul><li>First item continued here.</li><li>Second &lt;b&gt;item&lt;/b&gt;</li></ul>"
    )


def _course_file(tmp_path, text):
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "a-course.md").write_text(text)
    return tmp_path


def test_a_course_file_without_contact_hours_stops_the_seed_naming_the_file(tmp_path):
    directory = _course_file(
        tmp_path, "---\ntitle: A\ncategory: x\norder: 0\nsummary: S\n---\n\n## One {#one}\n\nText.\n"
    )
    with pytest.raises(content_files.ContentError, match=r"a-course.md: .*contact_hours"):
        content_files.courses(directory)


def test_a_lesson_heading_without_its_slug_stops_the_seed(tmp_path):
    directory = _course_file(
        tmp_path,
        "---\ntitle: A\ncategory: x\ncontact_hours: 1\norder: 0\nsummary: S\n---\n\n## One\n\nText.\n",
    )
    with pytest.raises(content_files.ContentError, match=r"\{#lesson-slug\}"):
        content_files.courses(directory)


def test_a_quiz_answer_outside_the_choices_stops_the_seed(tmp_path):
    directory = _course_file(
        tmp_path,
        "---\ntitle: A\ncategory: x\ncontact_hours: 1\norder: 0\nsummary: S\n"
        "quiz:\n  - question: Q?\n    choices: [a, b]\n    answer: 2\n---\n\n## One {#one}\n\nText.\n",
    )
    with pytest.raises(content_files.ContentError, match="quiz question 1"):
        content_files.courses(directory)
