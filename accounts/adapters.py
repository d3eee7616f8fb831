from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from accounts.audit import client_ip


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
