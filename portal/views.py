"""Project-level pages: the dashboard (it shows every app's boxes) and the error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from portal.dashboard import boxes_html


@login_required
def dashboard(request):
    # The boxes (My Courses, Credentials, Request Credits) come from each app's selectors, cached per learner
    # and version (portal/dashboard.py).
    boxes = boxes_html(user=request.user, now=timezone.now())
    return render(request, "dashboard.html", {"boxes": boxes})


@require_GET
def accessibility(request):
    """The accessibility statement: public, signed in or not."""
    return render(request, "pages/accessibility.html")


@require_GET
def privacy(request):
    """The privacy page: public, signed in or not."""
    return render(request, "pages/privacy.html")


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request context: the error may come from the database or a context processor.
    return HttpResponseServerError(render_to_string("errors/500.html"))
