"""The dashboard's "Your first steps" checklist: the guide's initial certification in four steps, each ticked
off from the learner's own data (nothing to tick by hand).

    1. Complete the required courses        every course marked is_required is completed
    2. Register for the initial application an application credential exists
    3. Upload the application file          that application has a file awaiting review or approved
    4. KDLA reviews your file               that application is COMPLETED

Shown until all four are done, and never to someone who already has renewal credits (they are past it).
"""

from dataclasses import dataclass

from django.urls import reverse

from courses.models import CatalogItem
from credentials.models import CredentialStatus

COURSES_STEP = 0  # the place of "Complete the required courses" in the list


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str = ""
    link_text: str = ""


def first_steps(*, courses, credentials) -> list[Step] | None:
    """The steps for the dashboard rows already loaded (`courses`: dashboard_courses, `credentials`:
    dashboard_credentials), or None when the checklist is not shown. One query (the required courses), and
    only for learners the checklist is shown to."""
    if any(row.is_renewal_credits for row in credentials):
        return None
    applications = [row for row in credentials if row.program.is_application]
    application = applications[0] if applications else None  # newest first
    required = set(CatalogItem.objects.filter(is_required=True).values_list("pk", flat=True))
    done_courses = {e.course_id for e in courses if e.completed_at and e.course_id in required}
    catalog = reverse("courses:catalog")
    steps = [
        Step(
            f"Complete the {len(required)} required courses ({len(done_courses)} of {len(required)} done)",
            bool(required) and len(done_courses) == len(required),
            catalog,
            "Register for Course",
        ),
        Step(
            "Register for “Part-time Certification- Initial Application”",
            application is not None,
            f"{catalog}?category=kdla-certifications",
            "KDLA Certifications",
        ),
        Step(
            "Upload your signed application file",
            application is not None
            and (application.has_file or application.status == CredentialStatus.COMPLETED),
            reverse("credentials:files"),
            "External Files",
        ),
        Step(
            "KDLA reviews your file",
            application is not None and application.status == CredentialStatus.COMPLETED,
        ),
    ]
    if all(step.done for step in steps):
        return None
    return steps
