"""Audit log of authentication events (Django auth signals, which allauth's login and logout send too),
and the superuser-only admin pages for it and for django_admin_log (admin actions)."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import AuditLog


def _client_ip(request):
    # REMOTE_ADDR is the proxy's address behind a load balancer; the operator documents the real-IP setup.
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(kind, *, request=None, user=None, identifier="", now=None):
    return AuditLog.objects.create(
        at=now or timezone.now(),
        kind=kind,
        user=user if user is not None and user.pk else None,
        identifier=(identifier or (user.email if user is not None else ""))[:254],
        ip_address=_client_ip(request),
        user_agent=(request.headers.get("user-agent", "") if request is not None else "")[:300],
        request_id=getattr(request, "id", "") or "",
    )


@receiver(user_logged_in, dispatch_uid="accounts.audit.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    from portal.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT

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
