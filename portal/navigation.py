"""The left-side panel, defined once as data and filtered by permission."""

from typing import TypedDict

from django.urls import reverse

from accounts.models import REVIEW_PERMISSION


def _directs_libraries(user):
    return user.is_active and user.directs_libraries


# (label, url name, who sees it: None for everyone, a permission string, or a predicate on the user)
NAVIGATION = [
    ("Dashboard", "dashboard", None),
    ("Register for Course", "courses:catalog", None),
    ("External Files", "credentials:files", None),
    ("Transcript", "credentials:transcript", None),
    ("My Staff", "directors:staff", _directs_libraries),
    ("Review", "reviews:queue", REVIEW_PERMISSION),
    ("Job history", "reviews:jobs", REVIEW_PERMISSION),
]


class NavigationItem(TypedDict):
    label: str
    url: str
    current: bool  # the page shown is this link's (aria-current)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items: list[NavigationItem] = [
        {"label": label, "url": reverse(url_name), "current": False}
        for label, url_name, permission in NAVIGATION
        if not permission or (permission(user) if callable(permission) else user.has_perm(permission))
    ]
    # The current page is the link whose address is the longest prefix of the path (/review/jobs/ is
    # "Job history", not "Review").
    matches = [
        item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return {"navigation": items}
