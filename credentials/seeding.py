"""Idempotent seeding of the catalog, the credential programs and the library list.

Re-running updates what changed in the seed data and creates nothing twice. Programs are data:
what is seeded here can be edited in the admin afterwards (a re-run restores the seeded values).
"""

from decimal import Decimal

from django.db import transaction

from accounts.models import Library, Region
from accounts.regions import REGION_COUNTIES, region_name_for
from courses import seed_data
from courses.models import CatalogItem, Category, Lesson, QuizQuestion
from credentials.models import DocumentType, Program

APPLICATION_FORM = "Application for Certification of Part-Time Library Staff"
KDLA_CERTIFICATIONS = "kdla-certifications"

PROGRAMS = [
    {
        "code": "part-time-renewal-credits",
        "name": "Part-time Certification - Renewal credits",
        "credential_name": "Part-time Certification - Renewal credits",
        "kind": Program.Kind.RENEWAL_CREDITS,
        "required_hours": Decimal("15"),
        "cycle_years": 5,
        "reminder_days": [180, 90, 30],
        "catalog": None,
    },
    {
        "code": "part-time-initial-application",
        "name": "Part-time Certification- Initial Application",
        "credential_name": "Initial Part Time Certification",
        "kind": Program.Kind.APPLICATION,
        "cycle_days": 60,
        "upload_window_days": 30,
        "reminder_days": [7, 1],
        "documents": [APPLICATION_FORM],
        "prerequisite_courses": "required",
        "enrolls_in": "part-time-renewal-credits",
        "catalog": "Apply for part-time library staff certification once the four required Learning Portal "
        "courses are complete. Upload your signed application within 30 days of registering.",
    },
    {
        "code": "part-time-renewal-application",
        "name": "Part-time Certification- Renewal Application",
        "credential_name": "Part Time Certification",
        "kind": Program.Kind.APPLICATION,
        "cycle_days": 60,
        "upload_window_days": 30,
        "reminder_days": [7, 1],
        "documents": [APPLICATION_FORM],
        "prerequisite_program": "part-time-renewal-credits",
        "enrolls_in": "part-time-renewal-credits",
        "catalog": "Renew your part-time certification once your renewal-credits credential is complete "
        "(15 contact hours in 5 years). Upload your signed application within 30 days of registering.",
    },
    {
        "code": "professional-i-renewal-credits",
        "name": "Professional I - Renewal credits",
        "credential_name": "Professional I - Renewal credits",
        "kind": Program.Kind.RENEWAL_CREDITS,
        "required_hours": Decimal("100"),
        "cycle_years": 5,
        "reminder_days": [180, 90, 30],
        "catalog": None,
    },
    {
        "code": "paraprofessional-i-renewal-credits",
        "name": "Paraprofessional I - Renewal credits",
        "credential_name": "Paraprofessional I- Renewal credits",
        "kind": Program.Kind.RENEWAL_CREDITS,
        "required_hours": Decimal("75"),
        "cycle_years": 5,
        "reminder_days": [180, 90, 30],
        "catalog": None,
    },
]


def _upsert(model, **lookup_and_defaults):
    """update_or_create that writes only what differs: a second seed of an unchanged catalog writes nothing
    (no needless saves, so no dashboard of every enrolled learner is invalidated at each deploy)."""
    defaults = lookup_and_defaults.pop("defaults", {})
    obj, created = model.objects.get_or_create(**lookup_and_defaults, defaults=defaults)
    if not created:
        changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, defaults[name])
            obj.save(update_fields=changed)
    return obj, created


@transaction.atomic
def seed_catalog() -> dict:
    counts = {"libraries": 0, "categories": 0, "courses": 0, "lessons": 0, "programs": 0}
    regions = {name: Region.objects.get_or_create(name=name)[0] for name in REGION_COUNTIES}
    for name in seed_data.LIBRARIES:
        library, created = Library.objects.get_or_create(name=name)
        counts["libraries"] += created
        region = regions.get(region_name_for(name))
        if library.region_id is None and region is not None:
            # Only while it has none: an operator's change of region in the admin survives a re-seed.
            library.region = region
            library.save(update_fields=["region"])
    categories = {}
    for row in seed_data.CATEGORIES:
        category, created = _upsert(
            Category, slug=row["slug"], defaults={"name": row["name"], "order": row["order"]}
        )
        categories[row["slug"]] = category
        counts["categories"] += created
    for order, row in enumerate(seed_data.COURSES):
        course, created = _upsert(
            CatalogItem,
            slug=row["slug"],
            defaults={
                "kind": CatalogItem.Kind.COURSE,
                "title": row["title"],
                "category": categories[row["category"]],
                "summary": row["summary"],
                "contact_hours": Decimal(row["contact_hours"]),
                "is_required": row.get("required", False),
                "order": order,
            },
        )
        counts["courses"] += created
        for lesson_order, lesson in enumerate(row["lessons"]):
            _, created = _upsert(
                Lesson,
                course=course,
                slug=lesson["slug"],
                defaults={"title": lesson["title"], "body": lesson["body"], "order": lesson_order},
            )
            counts["lessons"] += created
        for q_order, question in enumerate(row.get("quiz", [])):
            _upsert(
                QuizQuestion,
                course=course,
                order=q_order,
                defaults={
                    "question": question["question"],
                    "choices": question["choices"],
                    "answer": question["answer"],
                },
            )
    document_types = {}
    for name, blank in [
        (APPLICATION_FORM, "forms/application-for-certification-part-time-library-staff.pdf")
    ]:
        document_types[name], _ = _upsert(DocumentType, name=name, defaults={"blank_form": blank})
    programs = {}
    for order, row in enumerate(PROGRAMS):
        item = None
        if row["catalog"]:
            item, _ = _upsert(
                CatalogItem,
                slug=row["code"],
                defaults={
                    "kind": CatalogItem.Kind.PROGRAM,
                    "title": row["name"],
                    "category": categories[KDLA_CERTIFICATIONS],
                    "summary": row["catalog"],
                    "order": order,
                },
            )
        program, created = _upsert(
            Program,
            code=row["code"],
            defaults={
                "name": row["name"],
                "credential_name": row["credential_name"],
                "kind": row["kind"],
                "catalog_item": item,
                "required_hours": row.get("required_hours", Decimal("0")),
                "cycle_years": row.get("cycle_years"),
                "cycle_days": row.get("cycle_days"),
                "upload_window_days": row.get("upload_window_days", 30),
                "reminder_days": row["reminder_days"],
                "prerequisite_program": programs.get(row.get("prerequisite_program")),
                "enrolls_in": programs.get(row.get("enrolls_in")),
            },
        )
        programs[row["code"]] = program
        counts["programs"] += created
        program.document_types.set([document_types[name] for name in row.get("documents", [])])
        if row.get("prerequisite_courses") == "required":
            program.prerequisite_courses.set(CatalogItem.objects.filter(is_required=True))
    return counts
