"""Idempotent seeding of the catalog, the credential programs and the library list.

By default a run creates only what is missing: content KDLA edited in the admin (programs, courses, lessons,
quizzes) is kept at every deploy. `update=True` (`seed_catalog --update`) also changes existing rows to the
seed data, and `dry_run=True` lists each field it would change (or each row it would create) and rolls back.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import Library, Region, library_slug
from accounts.regions import REGION_COUNTIES, region_name_for
from courses import content_files
from courses.models import CatalogItem, Category, Lesson, QuizQuestion
from credentials.models import DocumentType, Program

APPLICATION_FORM = "Application for Certification of Part-Time Library Staff"
KDLA_CERTIFICATIONS = "kdla-certifications"

PROGRAMS: list[dict[str, Any]] = [
    {
        "code": "part-time-renewal-credits",
        "name": "Part-time Certification - Renewal credits",
        "credential_name": "Part-time Certification - Renewal credits",
        "kind": Program.Kind.RENEWAL_CREDITS,
        "required_hours": Decimal("15"),
        "cycle_years": 5,
        "reminder_days": [180, 90, 30],
        "catalog": None,
        "certification_name": "Part-time Certification",
        "certificate_title": "Part-time Library Staff Certification",
        "certification_reminder_days": [90, 30, 7],
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
        "courses are complete. Upload your signed application within {upload_window_days} days of registering.",
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
        "({prerequisite_hours} contact hours in {prerequisite_years} years). Upload your signed application "
        "within {upload_window_days} days of registering.",
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


@dataclass
class SeedResult:
    counts: dict
    # (what, field, current value, seed value) for each field --update changed (or would change)
    changes: list = field(default_factory=list)
    created: list = field(default_factory=list)  # what was (or would be) created


class _Seeder:
    def __init__(self, *, update):
        self.update = update
        self.changes, self.created = [], []

    def upsert(self, model, **lookup_and_defaults):
        """get_or_create; with `update`, also write the seed values that differ (only those: a second seed of
        an unchanged catalog writes nothing, so no learner's dashboard is invalidated at each deploy)."""
        defaults = lookup_and_defaults.pop("defaults", {})
        obj, created = model.objects.get_or_create(**lookup_and_defaults, defaults=defaults)
        label = f"{model._meta.verbose_name} {self._name(lookup_and_defaults)}"
        if created:
            self.created.append(label)
        elif self.update:
            changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
            for name in changed:
                self.changes.append((label, name, getattr(obj, name), defaults[name]))
                setattr(obj, name, defaults[name])
            if changed:
                obj.save(update_fields=changed)
        return obj, created

    def set_many(self, obj, created, name, values):
        """A many-to-many field: set on creation, and with `update` when it differs from the seed."""
        manager = getattr(obj, name)
        values = list(values)
        if created:
            manager.set(values)
            return
        if not self.update:
            return
        if set(manager.values_list("pk", flat=True)) != {value.pk for value in values}:
            self.changes.append(
                (
                    f"{obj._meta.verbose_name} {obj}",
                    name,
                    sorted(map(str, manager.all())),
                    sorted(map(str, values)),
                )
            )
            manager.set(values)

    @staticmethod
    def _name(lookup):
        return " / ".join(str(value) for value in lookup.values())


def _catalog_summary(row):
    """The catalog text of a program, its numbers taken from the program's own fields above (never typed twice)."""
    prerequisite = next((p for p in PROGRAMS if p["code"] == row.get("prerequisite_program")), {})
    return row["catalog"].format(
        upload_window_days=row.get("upload_window_days"),
        prerequisite_hours=prerequisite.get("required_hours"),
        prerequisite_years=prerequisite.get("cycle_years"),
    )


def seed_catalog(*, update=False, dry_run=False) -> SeedResult:
    """Create what is missing (and with `update`, change existing rows to the seed data); all or nothing."""
    with transaction.atomic():
        result = _seed(_Seeder(update=update))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _region_of(library_name, regions):
    name = region_name_for(library_name)
    return regions.get(name) if name else None


def _seed_libraries(seeder) -> int:
    """The KDLA regions and the library systems, each library in its region: a few queries whatever the
    length of the list (one get_or_create per library was most of a seed's queries). Library rows have no seeded
    fields to update; a library's region is set only while it has none, so an operator's change of region in
    the admin survives a re-seed. Returns how many libraries were created."""
    regions = {region.name: region for region in Region.objects.filter(name__in=REGION_COUNTIES)}
    new_regions = [Region(name=name) for name in REGION_COUNTIES if name not in regions]
    if new_regions:
        Region.objects.bulk_create(new_regions)
        seeder.created += [f"region {region.name}" for region in new_regions]
        regions = {region.name: region for region in Region.objects.filter(name__in=REGION_COUNTIES)}
    names = content_files.libraries()
    existing = {library.name: library for library in Library.objects.filter(name__in=names)}
    new_libraries = [
        Library(name=name, slug=library_slug(name), region=_region_of(name, regions))
        for name in names
        if name not in existing
    ]
    Library.objects.bulk_create(new_libraries)
    seeder.created += [f"library {library.name}" for library in new_libraries]
    regionless = []
    for library in existing.values():
        region = _region_of(library.name, regions)
        if library.region_id is None and region is not None:
            library.region = region
            regionless.append(library)
    Library.objects.bulk_update(regionless, ["region"])
    return len(new_libraries)


def _seed(seeder) -> SeedResult:
    counts = {"libraries": 0, "categories": 0, "courses": 0, "lessons": 0, "programs": 0}
    counts["libraries"] = _seed_libraries(seeder)
    categories = {}
    for row in content_files.categories():
        category, created = seeder.upsert(
            Category, slug=row["slug"], defaults={"name": row["name"], "order": row["order"]}
        )
        categories[row["slug"]] = category
        counts["categories"] += created
    for row in content_files.courses():
        course, created = seeder.upsert(
            CatalogItem,
            slug=row["slug"],
            defaults={
                "kind": CatalogItem.Kind.COURSE,
                "title": row["title"],
                "category": categories[row["category"]],
                "summary": row["summary"],
                "contact_hours": row["contact_hours"],
                "is_required": row["required"],
                "order": row["order"],
            },
        )
        counts["courses"] += created
        for lesson_order, lesson in enumerate(row["lessons"]):
            _, created = seeder.upsert(
                Lesson,
                course=course,
                slug=lesson["slug"],
                defaults={"title": lesson["title"], "body": lesson["body"], "order": lesson_order},
            )
            counts["lessons"] += created
        for q_order, question in enumerate(row["quiz"]):
            seeder.upsert(
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
        document_types[name], _ = seeder.upsert(DocumentType, name=name, defaults={"blank_form": blank})
    programs: dict[str, Program] = {}
    for order, row in enumerate(PROGRAMS):
        item = None
        if row["catalog"]:
            item, _ = seeder.upsert(
                CatalogItem,
                slug=row["code"],
                defaults={
                    "kind": CatalogItem.Kind.PROGRAM,
                    "title": row["name"],
                    "category": categories[KDLA_CERTIFICATIONS],
                    "summary": _catalog_summary(row),
                    "order": order,
                },
            )
        program, created = seeder.upsert(
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
                "prerequisite_program": programs.get(row.get("prerequisite_program", "")),
                "enrolls_in": programs.get(row.get("enrolls_in", "")),
                "certification_name": row.get("certification_name", ""),
                "certificate_title": row.get("certificate_title", ""),
                "certification_reminder_days": row.get("certification_reminder_days", []),
            },
        )
        programs[row["code"]] = program
        counts["programs"] += created
        seeder.set_many(
            program, created, "document_types", [document_types[name] for name in row.get("documents", [])]
        )
        if row.get("prerequisite_courses") == "required":
            seeder.set_many(
                program, created, "prerequisite_courses", CatalogItem.objects.filter(is_required=True)
            )
    return SeedResult(counts=counts, changes=seeder.changes, created=seeder.created)
