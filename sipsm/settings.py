"""Django settings for sipsm, driven only by environment variables (see README)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sipsm.core.env import (
    development_secrets,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("SIPSM_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# Demo mode: `sipsm seed_demo` may run and its MFA-exempt demo accounts sign in without a second
# factor. On by default only where DEBUG is; a production deployment never honours the exemption.
SIPSM_DEMO = env_bool("SIPSM_DEMO", DEBUG)
TESTING = env_bool("SIPSM_TESTING", False)

_dev = development_secrets(VAR_DIR) if DEBUG else {}


def _secret(name: str) -> str:
    value = env_secret(name) or _dev.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is false")
    return value


SECRET_KEY = _secret("SECRET_KEY")
SIPSM_FIELD_KEYS = _secret("SIPSM_FIELD_KEYS")
SIPSM_BLIND_INDEX_KEY = _secret("SIPSM_BLIND_INDEX_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SIPSM_BASE_URL = env_str("SIPSM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "ninja",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "sipsm.core",
    "sipsm.regions",
    "sipsm.identity",
    "sipsm.accounts",
    "sipsm.registry",
    "sipsm.notifications",
    "sipsm.incidents",
    "sipsm.relief",
    "sipsm.people",
    "sipsm.cases",
    "sipsm.coordination",
    "sipsm.training",
    "sipsm.aid",
    "sipsm.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sipsm.core.middleware.RequestContextMiddleware",
    "sipsm.core.middleware.ApiNoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sipsm.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "sipsm.accounts.middleware.RequireMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "sipsm.urls"
WSGI_APPLICATION = "sipsm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sipsm.core.context_processors.site",
                "sipsm.notifications.context_processors.inbox",
                "sipsm.coordination.context_processors.announcements",
            ],
        },
    }
]

env = environ.Env()
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{(VAR_DIR / 'sipsm.sqlite3').as_posix()}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MiB page cache and memory-mapped reads: reports read tens of thousands of
        # scattered rows of large tables, which the default 2 MiB cache reads again and again.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("DATABASE_CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://sipsm")}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sipsm <noreply@sipsm.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_tasks_backend = env_str("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS.get(_tasks_backend, _tasks_backend),
        "QUEUES": ["default", "notifications", "imports"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sipsm.accounts.passwords.ContextWordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: username or email login, no public sign-up (accounts are created by
# coordinators), throttled logins, TOTP MFA with recovery codes.
ACCOUNT_ADAPTER = "sipsm.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "login": "60/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "sipsm"
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Sessions: coordinators idle 30 min, absolute 12 h (ASVS); see accounts.middleware.
SESSION_COOKIE_AGE = 12 * 60 * 60
SIPSM_SESSION_IDLE_SECONDS = env_int("SIPSM_SESSION_IDLE_SECONDS", 30 * 60)
SIPSM_SESSION_IDLE_SECONDS_PSM = env_int("SIPSM_SESSION_IDLE_SECONDS_PSM", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Leaflet's files come with the django-leaflet package; only its static folder is used (its
# Django app would pull in GeoDjango and GDAL, which sipsm does not need).
_leaflet = importlib.util.find_spec("leaflet")
STATICFILES_DIRS = [BASE_DIR / "static"] + (
    [Path(next(iter(_leaflet.submodule_search_locations or []))) / "static"]
    if _leaflet is not None
    else []
)

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
SIPSM_IMPORT_MAX_BYTES = env_int("SIPSM_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
if env_str("SIPSM_AID_IMPORT_CHUNK"):
    SIPSM_AID_IMPORT_CHUNK = env_int("SIPSM_AID_IMPORT_CHUNK", 2000)
if env_str("SIPSM_AID_IMPORT_COMMIT_ROWS"):
    SIPSM_AID_IMPORT_COMMIT_ROWS = env_int("SIPSM_AID_IMPORT_COMMIT_ROWS", 20000)

# Security headers. With DEBUG=false, `sipsm check --deploy` reports nothing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if env_bool("SIPSM_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # allauth's login throttle must count the client, not the proxy (one trusted hop, the
        # same rule as sipsm.core.middleware.client_ip).
        ALLAUTH_TRUSTED_PROXY_COUNT = 1

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            "https://tile.openstreetmap.org",
            "https://*.tile.openstreetmap.org",
        ],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "sipsm.core.logging.RedactPersonalNumbers"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own loggers have handlers of their own (DEFAULT_LOGGING) that would print request
    # paths unredacted: route them through the redacting handler instead.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
# The OpenAPI schema and docs page at /api/v1/openapi.json and /api/v1/docs: public where
# DEBUG is on, for signed-in users only otherwise.
SIPSM_PUBLIC_API_DOCS = env_bool("SIPSM_PUBLIC_API_DOCS", DEBUG)
# BMKG feeds polled by `sipsm ingest_bmkg --start-polling` (see sipsm/incidents/bmkg/).
SIPSM_BMKG_POLL_INTERVAL_SECONDS = env_int("SIPSM_BMKG_POLL_INTERVAL_SECONDS", 60)
if env_str("SIPSM_BMKG_FEEDS"):
    SIPSM_BMKG_FEEDS = env_list("SIPSM_BMKG_FEEDS", [])
# Casework: supervisor approval for high-risk cases and for closure; overdue-task escalation.
SIPSM_CASE_APPROVALS = {
    "high_risk": env_bool("SIPSM_CASE_APPROVE_HIGH_RISK", True),
    "closure": env_bool("SIPSM_CASE_APPROVE_CLOSURE", True),
}
SIPSM_CASE_ESCALATION_INTERVAL_SECONDS = env_int("SIPSM_CASE_ESCALATION_INTERVAL_SECONDS", 3600)
SIPSM_MAP_TILES = env_str("SIPSM_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
SIPSM_MAP_ATTRIBUTION = env_str("SIPSM_MAP_ATTRIBUTION", "&copy; OpenStreetMap contributors")
# /healthz reports the task queue as stalled when a due task has waited longer than this.
SIPSM_TASKS_STALE_SECONDS = env_int("SIPSM_TASKS_STALE_SECONDS", 300)
SIPSM_NIK_REVEALS_PER_DAY = env_int("SIPSM_NIK_REVEALS_PER_DAY", 50)
SIPSM_API_TOKEN_MAX_DAYS = 30

# Notifications: channels, outbox delivery and messaging providers (see sipsm/notifications).
SIPSM_NOTIFY_CHANNELS = env_list("SIPSM_NOTIFY_CHANNELS", ["in_app", "email", "sms"])
SIPSM_OUTBOX_MAX_ATTEMPTS = env_int("SIPSM_OUTBOX_MAX_ATTEMPTS", 6)
SIPSM_OUTBOX_BACKOFF_SECONDS = env_int("SIPSM_OUTBOX_BACKOFF_SECONDS", 30)
SIPSM_OUTBOX_LEASE_SECONDS = env_int("SIPSM_OUTBOX_LEASE_SECONDS", 300)
SIPSM_OUTBOX_BATCH = env_int("SIPSM_OUTBOX_BATCH", 50)
SIPSM_OUTBOX_CONCURRENCY = env_int("SIPSM_OUTBOX_CONCURRENCY", 4)
SIPSM_HTTP_TIMEOUT_SECONDS = env_int("SIPSM_HTTP_TIMEOUT_SECONDS", 10)
SIPSM_INBOUND_PER_SENDER = (env_int("SIPSM_INBOUND_PER_SENDER_PER_HOUR", 20), 3600)
# Generic HTTP SMS gateway (used as soon as SIPSM_SMS_URL is set; console otherwise)
SIPSM_SMS_URL = env_str("SIPSM_SMS_URL", "")
SIPSM_SMS_FORMAT = env_str("SIPSM_SMS_FORMAT", "json")  # json | form
SIPSM_SMS_AUTH_HEADER = env_str("SIPSM_SMS_AUTH_HEADER", "Authorization")
SIPSM_SMS_AUTH_VALUE = env_secret("SIPSM_SMS_AUTH_VALUE")  # e.g. "Bearer ..."
SIPSM_SMS_TO_FIELD = env_str("SIPSM_SMS_TO_FIELD", "to")
SIPSM_SMS_TEXT_FIELD = env_str("SIPSM_SMS_TEXT_FIELD", "text")
SIPSM_SMS_SENDER_FIELD = env_str("SIPSM_SMS_SENDER_FIELD", "from")
SIPSM_SMS_SENDER = env_str("SIPSM_SMS_SENDER", "")
SIPSM_SMS_NUMBER_FORMAT = env_str("SIPSM_SMS_NUMBER_FORMAT", "e164")  # e164 | digits | national
SIPSM_SMS_EXTRA_FIELDS = env_str("SIPSM_SMS_EXTRA_FIELDS", "{}")  # JSON object
SIPSM_SMS_ID_PATH = env_str("SIPSM_SMS_ID_PATH", "id")  # dotted path, e.g. data.message_id
SIPSM_SMS_WEBHOOK_SECRET = env_secret("SIPSM_SMS_WEBHOOK_SECRET")
SIPSM_SMS_SIGNATURE_HEADER = env_str("SIPSM_SMS_SIGNATURE_HEADER", "X-Signature")
SIPSM_SMS_INBOUND_FROM_FIELD = env_str("SIPSM_SMS_INBOUND_FROM_FIELD", "from")
SIPSM_SMS_INBOUND_TEXT_FIELD = env_str("SIPSM_SMS_INBOUND_TEXT_FIELD", "text")
SIPSM_SMS_INBOUND_ID_FIELD = env_str("SIPSM_SMS_INBOUND_ID_FIELD", "id")
SIPSM_SMS_STATUS_ID_FIELD = env_str("SIPSM_SMS_STATUS_ID_FIELD", "id")
SIPSM_SMS_STATUS_FIELD = env_str("SIPSM_SMS_STATUS_FIELD", "status")
# WhatsApp Business Cloud API
SIPSM_WHATSAPP_API_URL = env_str("SIPSM_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
SIPSM_WHATSAPP_PHONE_NUMBER_ID = env_str("SIPSM_WHATSAPP_PHONE_NUMBER_ID", "")
SIPSM_WHATSAPP_TOKEN = env_secret("SIPSM_WHATSAPP_TOKEN")
SIPSM_WHATSAPP_APP_SECRET = env_secret("SIPSM_WHATSAPP_APP_SECRET")
SIPSM_WHATSAPP_VERIFY_TOKEN = env_secret("SIPSM_WHATSAPP_VERIFY_TOKEN")
SIPSM_WHATSAPP_TEMPLATE = env_str("SIPSM_WHATSAPP_TEMPLATE", "")
SIPSM_WHATSAPP_TEMPLATE_LANGUAGE = env_str("SIPSM_WHATSAPP_TEMPLATE_LANGUAGE", "id")
# Telegram Bot API (register the webhook with `sipsm telegram_webhook`)
SIPSM_TELEGRAM_API_URL = env_str("SIPSM_TELEGRAM_API_URL", "https://api.telegram.org")
SIPSM_TELEGRAM_BOT_TOKEN = env_secret("SIPSM_TELEGRAM_BOT_TOKEN")
SIPSM_TELEGRAM_WEBHOOK_SECRET = env_secret("SIPSM_TELEGRAM_WEBHOOK_SECRET")
