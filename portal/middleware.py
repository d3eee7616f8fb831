"""Cross-cutting request handling: request id + JSON request log, upload size cap, reviewer sessions and MFA.

Order in settings.MIDDLEWARE: RequestIdMiddleware first (every log line of the request carries its id),
UploadSizeLimitMiddleware before anything reads the body, the reviewer middlewares after authentication.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

from accounts.mfa import staff_mfa_missing
from accounts.sessions import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from portal.logging import request_id_var, user_id_var

request_logger = logging.getLogger("portal.request")

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Write the last-seen time at most once a minute (a session save on every request costs a query).
LAST_SEEN_RESOLUTION_SECONDS = 60


class RequestIdMiddleware:
    """Give every request an id (a proxy's X-Request-ID if it looks safe) and log one JSON line for it.

    The line has method, path (no query string: it may hold personal data), status, duration, user id
    and request id, never bodies or file contents.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("x-request-id", "")
        request.id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        id_token = request_id_var.set(request.id)
        user_token = user_id_var.set(None)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            user_id_var.set(user_id)
            # The message repeats the request line for the dev console's text format (runserver's own
            # django.server line is silenced); the JSON format carries the same facts as fields.
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user_id,
                    "request_id": request.id,
                },
            )
            return response
        finally:
            request_id_var.reset(id_token)
            user_id_var.reset(user_token)


class UploadSizeLimitMiddleware:
    """Refuse a POST whose declared body is over the upload cap, before any of the body is read.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not cover file parts, and FILE_UPLOAD_MAX_MEMORY_SIZE only
    decides memory vs temporary file; this check stops a 2 GB body at the door with a friendly 413 page.
    The per-file limit with a message next to the field stays in the upload forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH"):
            limit = settings.UPLOAD_MAX_BYTES + getattr(settings, "UPLOAD_REQUEST_SLACK_BYTES", 1024 * 1024)
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                length = 0
            if length > limit:
                html = render_to_string(
                    "errors/413.html", {"limit_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
                )
                # (No Connection header: WSGI forbids hop-by-hop headers. The reverse proxy's own body limit,
                # e.g. nginx client_max_body_size 12m, stops the upload at the edge; see docs/operations.md.)
                return HttpResponse(html, status=413)
        return self.get_response(request)


class ReviewerSessionTimeoutMiddleware:
    """Reviewer sessions end after 30 idle minutes and 12 hours in all (learners keep the default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_reviewer:
            now = time.time()
            session = request.session
            login_at = session.get(SESSION_LOGIN_AT)
            last_seen = session.get(SESSION_LAST_SEEN)
            if login_at is None:
                session[SESSION_LOGIN_AT] = login_at = now
            if last_seen is None:
                last_seen = now
            idle = now - last_seen > settings.REVIEWER_IDLE_TIMEOUT_SECONDS
            too_long = now - login_at > settings.REVIEWER_ABSOLUTE_TIMEOUT_SECONDS
            if idle or too_long:
                logout(request)
                messages.info(request, "Your session ended for security. Please log in again.")
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS or SESSION_LAST_SEEN not in session:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class ReviewerMFAMiddleware:
    """With REVIEWER_MFA_REQUIRED on, staff (reviewers, admin staff, superusers) without a TOTP authenticator
    are sent to set one up before any staff page (REVIEWER_MFA_PATH_PREFIXES: review pages and the admin) opens
    (`accounts.mfa`, whose rule the document selectors share)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixes = tuple(settings.REVIEWER_MFA_PATH_PREFIXES)
        if request.path.startswith(prefixes) and staff_mfa_missing(getattr(request, "user", None)):
            messages.warning(request, "Set up an authenticator app before you open staff pages.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)
