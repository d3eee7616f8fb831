"""Load-balancer probes. `/healthz`: the process answers (no database). `/readyz`: the database (a write,
rolled back), the Celery broker and the upload storage are reachable, else 503 with the failing check named;
the shared cache (CACHE_URL) is reported too, but an unreachable cache only makes the answer "degraded" (200):
every page works without it (portal.cache fails open), and as all replicas share it, failing readiness would take
the whole site down for a cache outage."""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database():
    """The database answers AND accepts a write: a probe row in JobRun, inside a transaction rolled back at
    once (a read-only replica or a full disk answers SELECT 1 but fails every decision)."""
    from portal.models import JobRun

    with transaction.atomic():
        JobRun.objects.create(name="readyz-probe", started_at=timezone.now())
        transaction.set_rollback(True)


def check_broker():
    redis_url = getattr(settings, "REDIS_URL", None)
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        return
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    folder = Path(options.get("data_folder_in") or settings.CELERY_DIR / "queue")
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):
        raise OSError(f"broker folder is not writable: {folder}")


def check_cache():
    # A round trip to CACHE_URL's Redis past the fail-open wrapper (whose reads answer a miss when it is down);
    # a no-op read for the per-process memory cache.
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    else:
        cache.get("readyz:probe")


def check_storage():
    default_storage.exists(settings.HEALTH_STORAGE_PROBE_KEY)


CHECKS = {"database": check_database, "broker": check_broker, "cache": check_cache, "storage": check_storage}
# Checks whose failure is reported ("unreachable") but leaves the instance ready: the portal works without them.
DEGRADED_ONLY = {"cache"}


@never_cache
@require_GET
def readyz(request):
    results = {}
    failing, degraded = [], []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # the reason goes to the log
            if name in DEGRADED_ONLY:
                logger.warning("readiness check degraded: %s: %r", name, exc, extra={"check": name})
                results[name] = "unreachable"
                degraded.append(name)
            else:
                logger.warning("readiness check failed: %s: %r", name, exc, extra={"check": name})
                results[name] = "error"
                failing.append(name)
        else:
            results[name] = "ok"
    status = "error" if failing else "degraded" if degraded else "ok"
    return JsonResponse(
        {"status": status, "checks": results, "failing": failing, "degraded": degraded},
        status=503 if failing else 200,
    )


def admin_login(request):
    """/admin/login/: anonymous visitors use the portal's login (allauth rate limits, MFA, audit log);
    a signed-in user gets the admin's own page (it forwards staff on, and tells others they lack access)."""
    if not request.user.is_authenticated:
        from django.urls import reverse
        from django.utils.http import url_has_allowed_host_and_scheme

        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect_to_login(target or reverse("admin:index"))
    return admin.site.login(request)
