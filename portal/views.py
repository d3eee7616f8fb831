"""Project-level pages: the dashboard (it shows every app's boxes) and the error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from courses.selectors import dashboard_courses
from credentials.selectors import dashboard_credentials
from credit_requests.selectors import dashboard_credit_requests


@login_required
def dashboard(request):
    # The boxes (Credentials, My Courses, Request Credits) are filled by each app's selectors.
    now = timezone.now()
    context = {
        "credentials": dashboard_credentials(user=request.user, now=now),
        "courses": list(dashboard_courses(user=request.user)),
        "credit_requests": dashboard_credit_requests(user=request.user),
    }
    return render(request, "dashboard.html", context)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request context: the error may come from the database or a context processor.
    return HttpResponseServerError(render_to_string("errors/500.html"))
