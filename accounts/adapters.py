from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from accounts.audit import client_ip
from accounts.emails import outbox_record
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL

    def get_client_ip(self, request):
        """allauth's rate limits count per client: the address the trusted proxy saw (TRUSTED_PROXY_COUNT)."""
        return client_ip(request) or super().get_client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The per-account failed-login limit counts per account AND client address, so typing someone's email
        with wrong passwords locks that account for the typist's address only, never for its owner
        (docs/DECISIONS.md, issue 15). allauth uses this key both to count failures and to clear them after a
        password reset (tests/accounts/test_client_ip.py pins the behaviour against allauth upgrades)."""
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{get_current_site(request).domain}:{login}:{self.get_client_ip(request)}"

    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset, "account exists") go through the outbox like every
        other email: rendered now, delivered by the worker, so a mail server that is down never fails the sign-up
        or reset page (accounts.emails). The context is the one allauth's own send_mail builds."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        if message.content_subtype == "html":
            html = message.body
        user = ctx.get("user")
        outbox_record(
            to_email=email,
            subject=message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX),
            body_text=strip_tags(message.body) if message.content_subtype == "html" else message.body,
            body_html=html,
            template=f"allauth:{template_prefix}",
            user=user if isinstance(user, User) else None,
        )
