"""The left-side panel, defined once as data and filtered by permission."""

from django.urls import reverse

# (label, url name, permission or None, icon)
NAVIGATION = [
    ("Dashboard", "dashboard", None),
    ("Register for Course", "courses:catalog", None),
    ("External Files", "credentials:files", None),
    ("Transcript", "credentials:transcript", None),
    ("Review", "reviews:queue", "reviews.review_submissions"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        url = reverse(url_name)
        current = path == url or (url != "/" and path.startswith(url))
        items.append({"label": label, "url": url, "current": current})
    return {"navigation": items}
