"""Trivsel's settings: one file, every value from the environment.

Out of the box (``TRIVSEL_DEMO=true``, the default) it runs the embedded demo on SQLite.
Production sets ``TRIVSEL_DEMO=false`` and must then give ``SECRET_KEY``, ``DATABASE_URL``,
``ALLOWED_HOSTS`` and ``TRIVSEL_CPR_KEY``; see README.md, "Configuration".
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from trivsel.lib.env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent
VAR_DIR = Path(env_str("TRIVSEL_VAR_DIR", str(BASE_DIR / "var")))

DEMO = env_bool("TRIVSEL_DEMO", True)
DEBUG = env_bool("DEBUG", False)


def _demo_secret(name: str) -> str:
    """The demo keeps generated secrets in var/ so restarts keep sessions and CPR readable."""
    from cryptography.fernet import Fernet

    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode(), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = env_str("SECRET_KEY") or (_demo_secret("secret_key") if DEMO else "")
# Fernet key(s) for CPR numbers, comma-separated: the first encrypts, all decrypt (rotation).
CPR_KEYS = env_list("TRIVSEL_CPR_KEY", [_demo_secret("cpr_key")] if DEMO else [])
if not SECRET_KEY or not CPR_KEYS:
    raise ImproperlyConfigured("Production needs SECRET_KEY and TRIVSEL_CPR_KEY (or TRIVSEL_DEMO=true).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEMO else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "trivsel.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",  # serves the API docs page's Swagger UI from the installed package, not a CDN
    "trivsel.organisation",
    "trivsel.children",
    "trivsel.consent",
    "trivsel.concerns",
    "trivsel.notifications",
    "trivsel.screening",
    "trivsel.meetings",
    "trivsel.plans",
    "trivsel.questionnaires",
    "trivsel.attendance",
    "trivsel.effect",
    "trivsel.reviews",
    "trivsel.transitions",
    "trivsel.guide",
    "trivsel.officehours",
    "trivsel.reminders",
    "django_tasks",
    "django_tasks_db",
    "trivsel.audit",
    "trivsel.portal",
    "trivsel.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trivsel.lib.i18n.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trivsel.audit.context.AuditContextMiddleware",
    "trivsel.accounts.middleware.SessionTimeoutMiddleware",
    # Django's LoginRequiredMiddleware, but the API answers 401 JSON instead of redirecting.
    "trivsel.accounts.middleware.LoginRequiredMiddleware",
    "trivsel.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trivsel.urls"
WSGI_APPLICATION = "trivsel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "trivsel" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "trivsel.accounts.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite for the embedded demo, PostgreSQL in production (DATABASE_URL).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trivsel.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Index look-ups cost little more than sequential reads on SSDs; with PostgreSQL's default (4)
    # the planner scans all children instead of the few hundred a user may see (docs/benchmarks.md).
    # Empty to leave it to the server's configuration (e.g. behind pgbouncer in transaction mode).
    random_page_cost = env_str("TRIVSEL_PG_RANDOM_PAGE_COST", "1.1")
    if random_page_cost:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={random_page_cost}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (``include=``) are a PostgreSQL feature; SQLite simply builds the plain index.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor: staff confirm a TOTP code after the password. Only the demo may switch it off.
REQUIRE_2FA = env_bool("TRIVSEL_REQUIRE_2FA", not DEMO)
if not REQUIRE_2FA and not DEMO:
    raise ImproperlyConfigured("TRIVSEL_REQUIRE_2FA=false is refused outside the demo.")
OTP_TOTP_ISSUER = env_str("TRIVSEL_MUNICIPALITY_NAME", "Trivsel")

# Behind a reverse proxy (production), the client's address is the proxy's last X-Forwarded-For entry.
BEHIND_PROXY = not DEMO and env_bool("TRIVSEL_BEHIND_PROXY", True)

# Lockout after repeated failed logins (django-axes). A username is locked per client address, so
# a stranger guessing passwords cannot lock the real user out from everywhere.
AXES_FAILURE_LIMIT = env_int("TRIVSEL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TRIVSEL_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
# Renders accounts/locked_out.html with the time the user may try again, and a Retry-After header.
AXES_LOCKOUT_CALLABLE = "trivsel.accounts.views.locked_out_view"
AXES_CLIENT_IP_CALLABLE = "trivsel.accounts.middleware.client_ip"

# Sessions: idle and absolute timeouts (minutes), enforced by SessionTimeoutMiddleware.
SESSION_IDLE_TIMEOUT = env_int("TRIVSEL_SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("TRIVSEL_SESSION_ABSOLUTE_MINUTES", 10 * 60) * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx gets the token from the page (hx-headers on <body>), never the cookie
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEMO:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive only takes effect once the registrable domain is submitted to the
    # browsers' list; a public-sector service should be HTTPS-only for good (ADR 0003).
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # __Host- cookies are bound to this exact host, HTTPS and path "/" (no sibling subdomain can set them).
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy with nonces: no inline scripts or styles, nothing from other origins.
# NONCE must be django-csp's constant (not the string "'nonce'"): the middleware swaps it for the
# per-response nonce that base.html puts on every <script>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
        "upgrade-insecure-requests": not DEMO,
    }
}

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "trivsel" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end packages are served straight from node_modules (installed by npm, never vendored).
STATICFILES_DIRS = [
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    SRC_DIR / "trivsel" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production serves hashed, compressed copies made by collectstatic; the demo and the tests
        # serve straight from the finders (WHITENOISE_USE_FINDERS), so they need no collectstatic.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEMO
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEMO

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trivsel@localhost")

# Access log retention (Datatilsynet: configurable; purge_access_log deletes older rows).
ACCESS_LOG_RETENTION_DAYS = env_int("TRIVSEL_ACCESS_LOG_RETENTION_DAYS", 5 * 365)
# Days the municipality's offices are closed besides weekends and public holidays (MM-DD),
# which deadlines in working days skip (domain.md §5: Grundlovsdag, juleaften, nytårsaften).
EXTRA_CLOSED_DAYS = frozenset(env_list("TRIVSEL_EXTRA_CLOSED_DAYS", ["06-05", "12-24", "12-31"]))
# How long Børn og Familie's case workers may see a notified child: long enough for the 24-hour
# assessment, the acknowledgement and the 4-month investigation (Barnets Lov § 20 stk. 3), with slack.
NOTIFICATION_GRANT_DAYS = env_int("TRIVSEL_NOTIFICATION_GRANT_DAYS", 183)
# The longest access a leader may give one professional to one child by hand (days).
MANUAL_GRANT_MAX_DAYS = env_int("TRIVSEL_MANUAL_GRANT_MAX_DAYS", 180)
# Background jobs (django-tasks, database backend): ``manage.py db_worker`` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Reminders: how often the job looks for what is due, and when things count as due.
REMINDER_INTERVAL_MINUTES = env_int("TRIVSEL_REMINDER_INTERVAL_MINUTES", 60)
SCREENING_REMINDER_DAYS = env_int("TRIVSEL_SCREENING_REMINDER_DAYS", 3)  # before a round's deadline
CONCERN_REMINDER_DAYS = env_int("TRIVSEL_CONCERN_REMINDER_DAYS", 14)  # a concern with no step done
INVESTIGATION_REMINDER_DAYS = env_int("TRIVSEL_INVESTIGATION_REMINDER_DAYS", 14)  # before § 20's 4 months
AGREEMENT_REMINDER_DAYS = env_int("TRIVSEL_AGREEMENT_REMINDER_DAYS", 2)  # before an agreement is due
EVALUATION_REMINDER_DAYS = env_int("TRIVSEL_EVALUATION_REMINDER_DAYS", 7)  # before an intervention's evaluation
INDICATOR_INTERVAL_MINUTES = env_int("TRIVSEL_INDICATOR_INTERVAL_MINUTES", 60)  # the effect dashboard's count
QUESTIONNAIRE_REMINDER_DAYS = env_int("TRIVSEL_QUESTIONNAIRE_REMINDER_DAYS", 3)  # before a questionnaire's deadline
# The address staff reach Trivsel at, for links in e-mails.
SITE_URL = env_str("TRIVSEL_SITE_URL", "http://127.0.0.1:8000" if DEMO else "")
if not SITE_URL:
    raise ImproperlyConfigured(
        "Production needs TRIVSEL_SITE_URL (e.g. https://trivsel.kommune.dk) for links in e-mails."
    )
# How long after a meeting its participants may still open its items (days).
MEETING_ITEM_ACCESS_DAYS = env_int("TRIVSEL_MEETING_ITEM_ACCESS_DAYS", 30)
# Transitions: the sending staff keep access this many days after the child has moved, and
# upcoming transitions are suggested this far ahead (the rules are in transitions/rules.py).
TRANSITION_SENDER_ACCESS_DAYS = env_int("TRIVSEL_TRANSITION_SENDER_ACCESS_DAYS", 30)
TRANSITION_HORIZON_DAYS = env_int("TRIVSEL_TRANSITION_HORIZON_DAYS", 270)
KINDERGARTEN_START_MONTHS = env_int("TRIVSEL_KINDERGARTEN_START_MONTHS", 34)  # 2 years 10 months
CLUB_START_AGE = env_int("TRIVSEL_CLUB_START_AGE", 10)  # the year the child turns 10: 4th grade
# How long a questionnaire link works after the request's deadline (days).
QUESTIONNAIRE_LINK_GRACE_DAYS = env_int("TRIVSEL_QUESTIONNAIRE_LINK_GRACE_DAYS", 7)
# How many rows a list page shows.
PAGE_SIZE = env_int("TRIVSEL_PAGE_SIZE", 50)

NINJA_PAGINATION_PER_PAGE = PAGE_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
