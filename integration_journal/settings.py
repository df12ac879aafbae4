"""Settings for Integration Journal.

One file, read from the environment. The defaults are safe for production; development opts in
to looseness with DEBUG=1 (the README's setup command does that for you).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "Integration Journal")
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the project's own overrides (FORM_RENDERER)
    # Full-text search fields and the unaccent extension on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "accounts",
    "intentions",
    "journal",
    "practices",
    "measures",
    "care",
    "reports",
    "outbox",
    "push",
    "notifications",
    "mydata",
]

# Widgets render through TEMPLATES, so templates/django/forms/ can override Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    # First, so every response (redirects, the 503 page) and every log line carries the id.
    "integration_journal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "integration_journal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language, or the cookie the language switch sets) before
    # sign-in; UserLanguageMiddleware below replaces it with the signed-in person's own choice.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "integration_journal.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "integration_journal.middleware.UserTimeZoneMiddleware",
    "integration_journal.middleware.UserLanguageMiddleware",
    "integration_journal.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
]

ROOT_URLCONF = "integration_journal.urls"
WSGI_APPLICATION = "integration_journal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integration_journal.context_processors.site",
                "integration_journal.context_processors.nav",
                "care.context_processors.menu",
            ],
            # One way to write dates and times, in every template without a {% load %}.
            "builtins": ["integration_journal.templatetags.dates"],
        },
    },
]

# Database: SQLite (embedded, nothing to install) unless DATABASE_URL names another, e.g.
# postgres://user:password@host:5432/name. SQLite runs in WAL mode with IMMEDIATE transactions
# and a busy timeout, so concurrent writers wait for each other instead of failing. On both, a
# worker keeps its connection between requests (CONN_MAX_AGE seconds, health-checked).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    # PostgreSQL's planner prices a read by index as four sequential ones (the default for
    # spinning disks), so for a few thousand shared entries it hashes every entry of everyone
    # instead of reading those few by key. On SSDs, or with the journal in memory, 1.1 is the
    # usual setting (docs/deploy.md). Empty leaves the server's own; a connection pooler that
    # refuses startup options (PgBouncer without `ignore_startup_parameters = options`) needs
    # it empty and the setting in postgresql.conf instead.
    RANDOM_PAGE_COST = os.environ.get("POSTGRES_RANDOM_PAGE_COST", "1.1")
    if RANDOM_PAGE_COST and DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"-c random_page_cost={float(RANDOM_PAGE_COST)}"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": envint("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every worker (rate limits must hold across processes).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_table",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

# Background tasks (PDF rendering, exports, purges). Development and tests run tasks at once;
# production sets TASKS_BACKEND=database and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND", "immediate") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email login, mandatory verification, MFA, user sessions.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# An address is confirmed by a code sent to it, typed on the page that asked (passkey sign-up
# needs this: the person has no password to come back with). Six digits, so a phone shows its
# number pad; fifteen minutes and five tries; a new code at most twice, a minute apart (the
# "confirm_email" rate limit). templates/account/confirm_email_verification_code.html says so.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS = 5
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT = {"length": 6, "numeric": True, "dashed": False}
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# None shows "Keep me signed in on this device" on the login page (see SESSION_TRUSTED_*).
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_FORMS = {
    "login": "accounts.signin.LoginForm",
    "confirm_email_verification_code": "accounts.signin.ConfirmEmailCodeForm",
}
# Sign-in by a code sent by email: no password to remember. The code works for ten minutes and
# three tries; the mail holds the code and nothing else (templates/account/email/login_code_*).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "10/h/ip",
    "reset_password": "10/h/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    # A new code replaces the one in the session, so a refused send is an error page (429), not
    # a silent skip: a minute is long enough to stop a flood and short enough to ask again.
    "confirm_email": "1/m/key",
    "reauthenticate": "10/m/user",
    "request_login_code": "20/m/ip,5/h/key",
}
# Passkeys (WebAuthn): sign in without a password, or use one as the second step after it.
# Sign-up by passkey: email address (plus the SignupDetailsForm fields), the emailed code, then
# the device makes a passkey; the account has no password until the person sets one.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = True
MFA_FORMS = {
    "add_webauthn": "accounts.signin.AddPasskeyForm",
    "signup_webauthn": "accounts.signin.SignupPasskeyForm",
}
# WebAuthn refuses plain-http origins other than localhost; development may run on one.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = SITE_NAME
# Recording "last seen" on every request would make every signed-in request a database write
# (on SQLite, a write lock). Sessions are still listed and can be ended; idle time is enforced by
# SessionLifetimeMiddleware.
USERSESSIONS_TRACK_ACTIVITY = False

# Sessions: end after IDLE minutes without a request, and in any case ABSOLUTE hours after
# sign-in. Both are enforced server-side by SessionLifetimeMiddleware.
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# "Keep me signed in on this device": a patient's session then ends after TRUSTED_IDLE days
# without a request and TRUSTED_ABSOLUTE days after sign-in. Clinic staff (flagged in the session
# at sign-in, see care/signals.py) keep the short limits above on every device.
SESSION_TRUSTED_IDLE_TIMEOUT = envint("SESSION_TRUSTED_IDLE_DAYS", 14) * 86400
SESSION_TRUSTED_ABSOLUTE_TIMEOUT = envint("SESSION_TRUSTED_ABSOLUTE_DAYS", 30) * 86400
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport and browser security. Production is strict by default.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
# Load balancers probe app servers over plain HTTP; the health check answers them there.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(not DEBUG))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a proxy the app trusts the headers the proxy sets: the scheme, the host and the request id
# (integration_journal/request_id.py). Without one, a client could set them itself.
BEHIND_PROXY = envbool("BEHIND_PROXY", "False")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# Content Security Policy: no inline script or style, no eval, nothing from other origins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # blob: so a voice note just recorded can be played back before it is uploaded.
    "media-src": [CSP.SELF, "blob:"],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Email: printed to the console in development; SMTP in production.
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "True"),
                "timeout": 20,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Integration Journal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# English and Spanish (docs/i18n.md, README "Languages"). A signed-in person's pages, emails,
# notifications and PDFs are in the language stored on their account (accounts.User.language);
# before sign-in, the browser's. Catalogues live in locale/ and are compiled by `make setup`
# (manage.py compile_catalogues, pure Python: no gettext needed to run the app).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Numbers are written without grouping in both languages: values such as years, counts and
# chart coordinates go into attributes and URLs, where "1,234" or "1.234" would be misread.
USE_THOUSAND_SEPARATOR = False
LANGUAGE_COOKIE_NAME = "ij_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Attachments (photos, voice notes) are health data: a storage of their own, never under
# MEDIA_URL or STATIC_ROOT, read only through the file view that asks care/access.py. On disk in
# ATTACHMENTS_ROOT by default (outside the web root; back it up with the database); S3-compatible
# object storage with ATTACHMENTS_STORAGE=s3 (docs/deploy.md, "Attachments").
ATTACHMENTS_ROOT = Path(
    os.environ.get("ATTACHMENTS_ROOT", str(BASE_DIR / "private" / "attachments"))
)
if os.environ.get("ATTACHMENTS_STORAGE", "files") == "s3":
    ATTACHMENTS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("ATTACHMENTS_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("ATTACHMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ATTACHMENTS_S3_REGION") or None,
            "access_key": os.environ.get("ATTACHMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("ATTACHMENTS_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("ATTACHMENTS_S3_PREFIX", "attachments"),
            # Private objects; the app streams them through its own view, never a bucket URL.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
else:
    ATTACHMENTS_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # base_url is never used: no page links to the storage, only to the file view.
        "OPTIONS": {
            "location": str(ATTACHMENTS_ROOT),
            "base_url": "/no-public-url/",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# Limits: files per entry, bytes per file (as uploaded) and bytes per account (as stored).
ATTACHMENTS_PER_ENTRY = envint("ATTACHMENTS_PER_ENTRY", 10)
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 15 * 1024 * 1024)
ATTACHMENTS_ACCOUNT_BYTES = envint("ATTACHMENTS_ACCOUNT_BYTES", 200 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": ATTACHMENTS_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", str(not DEBUG))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Every line names its request (X-Request-ID, see integration_journal/request_id.py), "-" outside
# one (the task worker, commands).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "integration_journal.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Web push (VAPID). Without both keys push is off, and the notifications settings page says so;
# `manage.py vapid_keys` prints a pair. With DEBUG on and no keys, a pair is made once and kept
# in VAPID_DEV_KEY_FILE (outside git). The server POSTs only to the browsers' push services.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get(
    "VAPID_SUBJECT", SITE_URL if SITE_URL.startswith("https://") else "mailto:noreply@localhost"
)
VAPID_DEV_KEY_FILE = BASE_DIR / ".vapid-dev-keys.json" if DEBUG else None
PUSH_SERVICE_HOSTS = envlist(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,android.googleapis.com,push.services.mozilla.com,"
    "web.push.apple.com,notify.windows.com",
)

# /healthz/ answers 503 "behind" when the oldest task that could run has waited longer.
HEALTHZ_MAX_TASK_AGE_SECONDS = envint("HEALTHZ_MAX_TASK_AGE_SECONDS", 900)
