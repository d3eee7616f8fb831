"""Audit log of authentication events (Django auth signals, which allauth's login and logout send too),
and the superuser-only admin pages for it and for django_admin_log (admin actions)."""

import ipaddress

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import AuditLog
from accounts.sessions import SESSION_LAST_SEEN, SESSION_LOGIN_AT


def client_ip(request):
    """The client's address, for the login rate limits (accounts.adapters) and the audit log.

    With TRUSTED_PROXY_COUNT = 0 (`make run`, nothing in front) it is REMOTE_ADDR and X-Forwarded-For is ignored.
    Behind n trusted proxies each appends the address it saw, so the client is the n-th address from the right;
    anything further left was written by the client itself and is never believed. A request with fewer hops
    than trusted proxies did not come through them: its REMOTE_ADDR counts.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if len(hops) >= count:
            address = hops[-count]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:  # not an address (a misconfigured proxy): count it as unknown rather than fail
        return None


def record(kind, *, request=None, user=None, identifier="", now=None):
    return AuditLog.objects.create(
        at=now or timezone.now(),
        kind=kind,
        user=user if user is not None and user.pk else None,
        identifier=(identifier or (user.email if user is not None else ""))[:254],
        ip_address=client_ip(request),
        user_agent=(request.headers.get("user-agent", "") if request is not None else "")[:300],
        request_id=getattr(request, "id", "") or "",
    )


@receiver(user_logged_in, dispatch_uid="accounts.audit.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    record(AuditLog.Kind.LOGIN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_LAST_SEEN] = now


@receiver(user_logged_out, dispatch_uid="accounts.audit.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditLog.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.audit.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    identifier = str(credentials.get("email") or credentials.get("username") or "")
    record(AuditLog.Kind.LOGIN_FAILED, request=request, identifier=identifier)


class SuperuserReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows are evidence: superusers may read them, nobody edits or deletes them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(SuperuserReadOnlyAdmin):
    list_display = ["at", "kind", "identifier", "user", "ip_address", "request_id"]
    list_filter = ["kind"]
    search_fields = ["identifier", "ip_address", "request_id"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    show_full_result_count = False


@admin.register(LogEntry)
class AdminActionLogAdmin(SuperuserReadOnlyAdmin):
    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change_message"]
    list_filter = ["action_flag", "content_type"]
    search_fields = ["object_repr", "change_message", "user__email"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]
    show_full_result_count = False
