"""Alpha Hub settings: one file, driven by the environment (see .env.example)."""

from pathlib import Path
from urllib.parse import urlsplit

import csp.constants
import environ
from django.core.exceptions import ImproperlyConfigured

from alpha_hub import embedded_db, storage
from alpha_hub.secret_key import secret_key_from_environment, signing_files_check

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# HTTPS is on in production: redirects, secure cookies, HSTS. Local development serves plain HTTP.
# Empty (as in a copy of .env.example) is the default: env.bool("") would be false.
HTTPS = env.bool("HTTPS") if env("HTTPS", default="") else not DEBUG
# With DEBUG off, from the environment only: no key, no start (alpha_hub/secret_key.py).
SECRET_KEY = secret_key_from_environment(DATA_DIR, debug=DEBUG)
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
    # GovukFormRenderer finds Django's own widget templates (the admin's) here.
    "django.forms",
    "pgtrigger",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "alpha_hub",
    "grants",
    "contracts",
    "budget",
    "claims",
    "decisions",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "django_rq",  # TASKS_BACKEND=rq: its worker command (docs/adr/0055)
]

MIDDLEWARE = [
    # Outermost: every log record of the request carries its id (docs/deployment.md).
    "alpha_hub.request_id.RequestIdMiddleware",
    # Then /healthz answers before anything can read the session (and so the database).
    "config.health.HealthCheckMiddleware",
    # Outside the rest, to have the last word: no-store on staff pages and for anyone signed in.
    "alpha_hub.cache_headers.CacheControlMiddleware",
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
    # A staff form posted to an expired session is kept until its user signs in (ADR 0067).
    "alpha_hub.session_keeping.KeepExpiredPostMiddleware",
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
                "config.navigation.staff_navigation",
            ],
        },
    },
]

# Every form draws its fields with the GOV.UK templates in templates/govuk/forms/.
FORM_RENDERER = "alpha_hub.forms.GovukFormRenderer"

# Postgres only, as two roles (docs/adr/0051-database-roles.md). DATABASE_URL: the role the site
# connects as, which may read and write rows and owns nothing. DATABASE_OWNER_URL (by default
# DATABASE_URL): the tables' owner, for the commands that change the schema, which run with
# DATABASE_AS_OWNER=true. Without DATABASE_URL, the project's own cluster on a Unix socket
# (docs/adr/0003), only in development (DEBUG) or when asked for with EMBEDDED_DB=true.
_database_urls = embedded_db.urls_from_environment(env, debug=DEBUG)
DATABASE_AS_OWNER = env.bool("DATABASE_AS_OWNER", default=False)


def _database(url: str) -> dict:
    config = env.db_url_config(url)
    config["HOST"] = config["HOST"] or config.get("OPTIONS", {}).pop("host", "")
    # The development server opens a connection per request thread: keeping them would pile up.
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
    return config | {"ATOMIC_REQUESTS": True, "CONN_HEALTH_CHECKS": True}


DATABASES = {
    "default": _database(_database_urls.owner if DATABASE_AS_OWNER else _database_urls.application)
}
# The role `manage.py grant_application_role` creates and grants (its USER and PASSWORD).
APPLICATION_DATABASE = _database(_database_urls.application)
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
# Lockout (docs/adr/0012): AXES_FAILURE_LIMIT failures for a username from one address, or
# AXES_USERNAME_FAILURE_LIMIT (ours, read by alpha_hub/lockout.py) for it from every address
# together, lock it for AXES_COOLOFF_HOURS. The client address is alpha_hub/client_ip.py's.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "alpha_hub.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "alpha_hub.client_ip.client_ip"
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
# "1 April 2021" wherever a template prints a date without a format (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
# Where `collectstatic` (`make serve` runs it before gunicorn starts) puts what WhiteNoise serves.
# Empty counts as unset: env.path("") would be the current directory, the checkout itself.
STATIC_ROOT = Path(env("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files (docs/adr/0053-file-storage.md): issued PDFs, exports, kept imports, uploads. In the S3
# bucket AWS_STORAGE_BUCKET_NAME names when set (AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY ...), else under MEDIA_ROOT. Private either way:
# downloads stream through the views that check who may have them. A file whose transaction
# rolls back is deleted again.
STORAGES = {
    "default": storage.default_storage_config(env.ENVIRON),
    "staticfiles": {"BACKEND": "alpha_hub.static_storage.IncrementalCompressedStorage"},
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
# Not SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from anyone who can reach
# gunicorn. gunicorn reads it only from TRUSTED_PROXIES (config/gunicorn.py: forwarded_allow_ips)
# and sets the request's scheme from it; from anyone else it is ignored.
SECURE_PROXY_SSL_HEADER = None
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (django-csp 4): scripts and styles from our own files ('self'); nothing
# inline runs or styles without the request's nonce, which django-csp adds to the header only on
# a page whose template asks for it (`request.csp_nonce`, e.g. the budget grid's htmx). base.html
# asks for none, so a public page's policy is the same for everyone and a cached copy stays safe
# (decisions/views/cached_page.py). Permissions-Policy: alpha_hub/middleware.py.
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

# Redis, for what web hosts and workers must share (docs/adr/0055-task-workers-and-redis.md):
# the cache and, with TASKS_BACKEND=rq, the task queue. A URL such as redis://host:6379/0,
# rediss:// for TLS, or unix:///path/redis.sock.
REDIS_URL = env("REDIS_URL", default="")
# Rate limits on the pages a crawler could make expensive: register searches and /verify/,
# counted per client address in a cache every web worker shares: Redis when REDIS_URL is set
# (an atomic count), else the database (`manage.py createcachetable` makes its table); CACHE_URL
# names another. The client address: see TRUSTED_PROXIES.
if env("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs a page two seconds, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": env.cache_url_config("dbcache://alpha_hub_cache")}
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
RATELIMIT_CACHE = "default"
RATELIMIT_SEARCH_PER_MINUTE = env.int("RATELIMIT_SEARCH_PER_MINUTE", default=30)
RATELIMIT_VERIFY_PER_MINUTE = env.int("RATELIMIT_VERIFY_PER_MINUTE", default=10)
# The proxies in front of gunicorn (addresses or networks) whose X-Forwarded-For is believed,
# by the lockout and the rate limits alike (alpha_hub/client_ip.py). Empty: REMOTE_ADDR is the
# client, whatever a request's headers say.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Open data: 360Giving grant identifiers are 360G-<prefix>-<agreement reference>.
THREESIXTY_GIVING_PREFIX = env("THREESIXTY_GIVING_PREFIX", default="alphahub")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # the age above then counts from the last request
# Sessions stay in the database, which every web host shares already: a Redis restart or eviction
# must not sign everyone out (docs/adr/0055-task-workers-and-redis.md).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="alpha-hub@localhost")


def _site_url() -> str:
    configured = env("SITE_URL", default="").rstrip("/")
    if configured:
        parts = urlsplit(configured)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path:
            raise ImproperlyConfigured(f"SITE_URL must be like https://example.org: {configured}")
        return configured
    if DEBUG:
        return "http://127.0.0.1:8000"
    host = next((h for h in ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")), "")
    if not host:
        raise ImproperlyConfigured("Set SITE_URL to the site's address, e.g. https://example.org")
    return f"{'https' if HTTPS else 'http'}://{host}"


# The site's address, for the links in email: workers send it outside any request. Without it,
# http://127.0.0.1:8000 with DEBUG on, else the first of ALLOWED_HOSTS.
SITE_URL = _site_url()

# Signed decision documents (docs/adr/0030-signed-decision-documents.md). Production names the
# body's key and certificate, or the site refuses to start; a development CA and signing
# certificate are generated under PDF_PKI_DIR only with DEBUG on or PDF_DEV_CA=true.
PDF_SIGNING_KEY = env("PDF_SIGNING_KEY", default="")
PDF_SIGNING_CERT = env("PDF_SIGNING_CERT", default="")
PDF_TRUST_ROOT = env("PDF_TRUST_ROOT", default="")
PDF_DEV_CA = env.bool("PDF_DEV_CA") if env("PDF_DEV_CA", default="") else DEBUG  # empty: as DEBUG
signing_files_check(PDF_SIGNING_KEY, PDF_SIGNING_CERT, PDF_TRUST_ROOT, development_ca=PDF_DEV_CA)
PDF_PKI_DIR = env.path("PDF_PKI_DIR", default=DATA_DIR / "pki")
PDF_VERIFY_MAX_BYTES = env.int("PDF_VERIFY_MAX_BYTES", default=20 * 1024 * 1024)
# The body named on its signed documents, and its mark: a file under static/ (e.g.
# "images/logo.png"), printed above the name; none by default (docs/adr/0065).
ORGANISATION_NAME = env("ORGANISATION_NAME", default="Mayor's Office for Policing and Crime")
ORGANISATION_LOGO = env("ORGANISATION_LOGO", default="")
# load_demo issues the signed PDFs of PCD 545 and PCD 867 (tests turn it off: it takes seconds).
DEMO_ISSUE_DOCUMENTS = env.bool("DEMO_ISSUE_DOCUMENTS", default=True)

# Background work through the django_tasks API (docs/adr/0055-task-workers-and-redis.md):
# TASKS_BACKEND=immediate (the default) runs each task inline, in the request; `database` queues
# it in Postgres and `rq` in Redis (REDIS_URL), for `make worker` (manage.py task_worker) to run.
# A task that fails is tried TASKS_MAX_ATTEMPTS times in all, waiting TASKS_RETRY_DELAY seconds
# and then twice as long each time, and is then listed for administrators (/staff/tasks/failed/).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "alpha_hub.task_backends.RetryingDatabaseBackend",  # django-tasks-db, retrying
    "rq": "django_tasks_rq.RQBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", default="") or "immediate"  # empty, as in .env.example
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL, the Redis that holds the queue")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=3)
TASKS_RETRY_DELAY = env.int("TASKS_RETRY_DELAY", default=30)
if TASKS_MAX_ATTEMPTS < 1 or TASKS_RETRY_DELAY < 0:
    raise ImproperlyConfigured("TASKS_MAX_ATTEMPTS must be 1 or more, TASKS_RETRY_DELAY 0 or more")
# django-rq, under django-tasks-rq: one queue, whose class adds the retries (task_backends.py).
# A bulk export of every signed PDF may take a while: an hour before RQ stops a job.
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
RQ = {"QUEUE_CLASS": "alpha_hub.task_backends.RetryingQueue", "JOB_CLASS": "django_tasks_rq.Job"}
RQ_SHOW_ADMIN_LINK = False  # django-rq's dashboard can requeue and delete; ours only lists

# The demo users' password; without it `load_demo` generates one and prints it.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="")

# LOG_FORMAT=json (the default with DEBUG off): one JSON object a line with time, level, logger,
# message and request_id, for a log collector (alpha_hub/logging.py); plain (the default with
# DEBUG on): a line for a person, the request id in brackets.
LOG_FORMAT = env("LOG_FORMAT", default="") or ("plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "alpha_hub.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "alpha_hub.logging.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    # Libraries that narrate their progress at INFO: keep their warnings only.
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Claims and monitoring reports (issue 11, docs/adr/0059): reminder emails go this many days
# before a claim or report is due, and this many days after it when still outstanding.
CLAIM_REMINDER_DAYS_BEFORE = env.int("CLAIM_REMINDER_DAYS_BEFORE", default=14)
CLAIM_REMINDER_DAYS_AFTER = env.int("CLAIM_REMINDER_DAYS_AFTER", default=7)
# Evidence and report files larger than this are refused (the database allows up to 20 MB).
CLAIM_EVIDENCE_MAX_BYTES = env.int("CLAIM_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# A decision's appendices and background papers larger than this are refused (the database
# allows up to 50 MB; docs/adr/0064).
DECISION_PAPER_MAX_BYTES = env.int("DECISION_PAPER_MAX_BYTES", default=20 * 1024 * 1024)
