"""Session keys of a signed-in user's session limits: set at login (`accounts.audit`), checked on every request
(`portal.middleware.SessionLimitsMiddleware`)."""

SESSION_LOGIN_AT = "portal_login_at"
SESSION_LAST_SEEN = "portal_last_seen"
