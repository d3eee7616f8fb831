"""Settings, read from the environment (12-factor).

PORTAL_ENV selects the profile: "development" (the default: `make run`, tests) or "production".
Production requires SECRET_KEY and ALLOWED_HOSTS and turns on every deploy-check setting.
Service switches: DATABASE_URL (default SQLite), REDIS_URL (default: kombu's filesystem broker),
AWS_STORAGE_BUCKET_NAME (default: local private storage), EMAIL_HOST (default: console email).
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PORTAL_ENV = env("PORTAL_ENV", "development")
PRODUCTION = PORTAL_ENV == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when PORTAL_ENV=production")
    SECRET_KEY = "development-only-insecure-key-never-used-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "courses",
    "credentials",
    "credit_requests",
    "reviews",
    "directors",
    "portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Celery worker and web server share the file: wait for locks instead of failing at once.
    # IMMEDIATE takes the write lock when a transaction begins, so two writers queue on the busy timeout instead
    # of the loser failing at once with "database is locked" when its read lock cannot be upgraded; WAL lets
    # readers go on while one writes. The test database is a file too, so threads in tests lock as in `make run`
    # (an in-memory shared-cache database answers a lock conflict at once, without waiting).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the user with their review permission in one query.
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- django-allauth -------------------------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.ProfileSignupForm"
# signup: no enumeration by timing either; login: "Forgot your password?" after the form, not inside it
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm", "login": "accounts.login.LoginForm"}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KDLA Portal] "
# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For: 0 for
# `make run` (the header is ignored), 1 behind docker-compose's load balancer. The login rate limits and the
# audit log count the address the nearest trusted proxy saw (accounts.audit.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# login_failed: 10 a minute per client address, and 5 in 5 minutes per account *from one address*
# (accounts.adapters: nobody locks a reviewer out by typing their email).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # issue 12: the public certificate verification page (credentials.views_certificate)
    "certificate_verify": "30/m/ip",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "KDLA Certification Portal"
# Reviewers must use TOTP whenever DEBUG is off (see accounts.middleware).
REVIEWER_MFA_REQUIRED = env_bool("REVIEWER_MFA_REQUIRED", default=not DEBUG)

# --- Internationalisation: Kentucky's Eastern time -------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# Dates read 02/08/2023 as in the guide: portal/formats/en/formats.py (a locale's own formats outrank
# DATE_FORMAT & co. here), so templates just write `|date` or `|date:"DATETIME_FORMAT"`.
FORMAT_MODULE_PATH = ["portal.formats"]

# --- Static and uploaded files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# There is deliberately no MEDIA_URL: uploads are only served by views that check permissions.

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME", "us-east-1"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300),
            "file_overwrite": False,
            "location": env("AWS_LOCATION", "uploads"),
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Per learner: credit requests waiting for review (pending or being scanned) and the total size of their files.
CREDIT_REQUESTS_MAX_OPEN = env_int("CREDIT_REQUESTS_MAX_OPEN", 20)
CREDIT_REQUESTS_MAX_OPEN_BYTES = env_int("CREDIT_REQUESTS_MAX_OPEN_BYTES", 100 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Email ---------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "KDLA Certification Portal <no-reply@kdla.ky.gov>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    # Seconds before a silent mail server fails the delivery (retried later); Django's default waits forever,
    # and a delivery stuck forever holds a worker process forever.
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Cache ------------------------------------------------------------------------------------------------
# CACHE_URL (e.g. redis://redis:6379/1, a database of its own: never the broker's) shares the cache between
# web replicas. Without it each process keeps its own: still correct, as what is cached carries a version
# read from the database (the dashboard's boxes: portal/dashboard.py), only hit less often.
CACHE_URL = env("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that fails open (portal/cache.py): an unreachable cache never fails a page.
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "portal",
            # A slow or lost cache costs at most a second before the page is rendered from the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Celery ----------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT = "portal.broker:Transport"  # kombu's, with each message written whole
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "store_processed": False,
        # kombu's default control folder is ./control in the working directory
        "control_folder": str(CELERY_DIR / "control"),
    }
    # kombu expects them to exist: created here, so a web server, command, worker or beat started any way (not
    # only by `make run`) can enqueue and consume, wherever PORTAL_VAR_DIR points.
    for _folder in ("queue", "processed", "control"):
        (CELERY_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DIR / "beat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Library directors' monthly digest: the first Monday of the month (Celery needs both day fields) at 8 am.
    "send-director-digests": {
        "task": "directors.tasks.send_director_digests",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon", day_of_month="1-7"),
    },
    "enforce-upload-windows": {
        "task": "credentials.tasks.enforce_upload_windows",
        "schedule": crontab(minute="*/15"),
    },
    "enforce-renewal-cycles": {
        "task": "credentials.tasks.enforce_renewal_cycles",
        "schedule": crontab(minute=5, hour="*"),
    },
    "ensure-renewal-enrollments": {
        "task": "credentials.tasks.ensure_renewal_enrollments",
        "schedule": crontab(minute=35, hour="*"),
    },
    # The outbox (accounts.emails): emails still unsent 10 minutes after they were recorded (a lost delivery
    # task, a mail server down for longer than the task's retries). A run still queued at the next is dropped.
    "deliver-owed-emails": {
        "task": "accounts.tasks.deliver_owed_emails",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 4 * 60},
    },
    # issue 12: certification reminders and the lapse (at 11:59 pm Eastern: the run at 12:01 am catches it)
    "enforce-certifications": {
        "task": "credentials.tasks.enforce_certifications",
        "schedule": crontab(minute=1, hour="*"),
    },
    # Uploads held for the virus scan (only while CLAMD_HOST is set): re-queue after 15 minutes, alert after
    # an hour. A run still queued when the next is due is dropped (expires), so an outage does not pile them up.
    "watch-stuck-scans": {
        "task": "credit_requests.tasks.watch_stuck_scans",
        "schedule": crontab(minute="7,22,37,52"),
        "options": {"expires": 14 * 60},
    },
}

# --- Sessions and security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
REVIEWER_IDLE_TIMEOUT_SECONDS = 30 * 60
REVIEWER_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# =====================================================================================================
# --- h7: production hardening (issue 7). Additive block: middleware, CSP, logging, health, timeouts. ---
# =====================================================================================================
# Request size: refuse an oversized POST from its Content-Length before Django reads the body
# (portal.middleware.UploadSizeLimitMiddleware), with one megabyte of slack for the form's other fields.
UPLOAD_REQUEST_SLACK_BYTES = 1024 * 1024
# The header middlewares wrap everything, so even the 413 and the timeout redirects carry the headers;
# the size check is a __call__ middleware, so it runs before any process_view (CSRF) reads the body.
MIDDLEWARE = [
    "portal.middleware.RequestIdMiddleware",
    "portal.csp.PathCSPMiddleware",
    *MIDDLEWARE,
    "portal.middleware.UploadSizeLimitMiddleware",
    "portal.middleware.ReviewerSessionTimeoutMiddleware",
    "portal.middleware.ReviewerMFAMiddleware",
]
# Staff pages (review and admin) that need a TOTP authenticator when REVIEWER_MFA_REQUIRED is on: reviewers,
# staff and superusers without one are sent to set it up (portal.middleware.ReviewerMFAMiddleware).
REVIEWER_MFA_PATH_PREFIXES = ["/review/", "/admin/"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Reviewers view an uploaded PDF or image inline in an iframe served by the portal itself.
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# Issue 16: Django's admin writes a few inline styles of its own (the change list's <style> when a model admin has
# no action bar; widgets' style attributes): allowed on /admin/ only (portal/csp.py). Scripts stay 'self'.
CONTENT_SECURITY_POLICY_PATH_UPDATES = {"/admin/": {"style-src": ["'unsafe-inline'"]}}
# Served file views set X-Frame-Options SAMEORIGIN themselves (xframe_options_sameorigin) so the
# reviewer's iframe can show them; every other page is DENY.

# Load balancers probe over plain HTTP inside the network: never redirect the probes to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sessions live in the database (django.contrib.sessions' default), so web replicas share nothing on disk.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Readiness probe key (storage.exists() on it; the object never needs to exist).
HEALTH_STORAGE_PROBE_KEY = "healthcheck/probe"

# Structured logs: one JSON line per request (portal.middleware) and per Celery task (portal.logging).
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logging.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request line is written by portal.request; django.server/request would repeat it.
        "django.server": {"level": "WARNING"},
        "portal.request": {"level": env("REQUEST_LOG_LEVEL", "INFO")},
    },
}
# --- end h7 ---------------------------------------------------------------------------------------------

# --- c3: optional ClamAV scan of uploads ----------------------------------------------------------------------
# With CLAMD_HOST set, new uploads are held as "scanning" until clamd (INSTREAM over TCP) says they are clean.
CLAMD_HOST = env("CLAMD_HOST", "")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 60)
# --- end c3 ---------------------------------------------------------------------------------------------------
