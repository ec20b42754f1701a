"""Alpha Hub settings: one file, driven by the environment (see .env.example)."""

from pathlib import Path

import csp.constants
import environ

from alpha_hub import embedded_db
from alpha_hub.secret_key import secret_key_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# HTTPS is on in production: redirects, secure cookies, HSTS. Local development serves plain HTTP.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECRET_KEY = secret_key_from_environment(env, DATA_DIR)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "pgtrigger",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "alpha_hub",
    "grants",
    "budget",
    "decisions",
    "demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "alpha_hub.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "alpha_hub.middleware.RateLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Postgres only. Without DATABASE_URL the project runs its own cluster on a Unix socket.
DATABASES = {
    "default": env.db_url_config(env("DATABASE_URL", default="") or embedded_db.ensure_running())
}
DATABASES["default"]["HOST"] = DATABASES["default"]["HOST"] or DATABASES["default"].get(
    "OPTIONS", {}
).pop("host", "")
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "alpha_hub.User"
# django-axes first: it refuses sign-ins after repeated failures (docs/adr/0012).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
OTP_TOTP_ISSUER = "Alpha Hub"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/decisions/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
MEDIA_URL = "media/"

# Security headers. With HTTPS on, `manage.py check --deploy` passes without warnings.
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (django-csp 4): nothing inline runs or styles without the request's
# nonce (base.html puts it on its scripts). Permissions-Policy: alpha_hub/middleware.py.
# See docs/adr/0041-public-security-headers-and-rate-limits.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF, csp.constants.NONCE],
        "style-src": [csp.constants.SELF, csp.constants.NONCE],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF],
        "connect-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.SELF],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    }
}

# Rate limits on the pages a crawler could make expensive: register searches and /verify/,
# counted per client address in a cache every web worker shares (the database by default;
# `manage.py createcachetable` makes its table). RATELIMIT_TRUSTED_PROXIES: how many proxies
# in front of gunicorn append to X-Forwarded-For (0: use the connection's address).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://alpha_hub_cache")}
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
RATELIMIT_CACHE = "default"
RATELIMIT_SEARCH_PER_MINUTE = env.int("RATELIMIT_SEARCH_PER_MINUTE", default=30)
RATELIMIT_VERIFY_PER_MINUTE = env.int("RATELIMIT_VERIFY_PER_MINUTE", default=10)
RATELIMIT_TRUSTED_PROXIES = env.int("RATELIMIT_TRUSTED_PROXIES", default=0)

# Open data: 360Giving grant identifiers are 360G-<prefix>-<agreement reference>.
THREESIXTY_GIVING_PREFIX = env("THREESIXTY_GIVING_PREFIX", default="alphahub")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the age above then counts from the last request

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="alpha-hub@localhost")

# Signed decision documents (docs/adr/0030-signed-decision-documents.md). Without a key and
# certificate, a development CA and signing certificate are generated under PDF_PKI_DIR.
PDF_SIGNING_KEY = env("PDF_SIGNING_KEY", default="")
PDF_SIGNING_CERT = env("PDF_SIGNING_CERT", default="")
PDF_TRUST_ROOT = env("PDF_TRUST_ROOT", default="")
PDF_PKI_DIR = env.path("PDF_PKI_DIR", default=DATA_DIR / "pki")
PDF_VERIFY_MAX_BYTES = env.int("PDF_VERIFY_MAX_BYTES", default=20 * 1024 * 1024)
# load_demo issues the signed PDFs of PCD 545 and PCD 867 (tests turn it off: it takes seconds).
DEMO_ISSUE_DOCUMENTS = env.bool("DEMO_ISSUE_DOCUMENTS", default=True)

# Background work through the django_tasks API: inline by default; TASKS_BACKEND=database
# queues in Postgres for `manage.py db_worker` (docs/adr/0033-bulk-export.md).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.backend.DatabaseBackend",
        }[env("TASKS_BACKEND", default="immediate")]
    }
}

# The demo users' password; without it `load_demo` generates one and prints it.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    # Libraries that narrate their progress at INFO: keep their warnings only.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
