"""Test settings: the real settings, with fast hashing and mail kept in memory."""

import os
import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key

# The settings refuse to start with DEBUG off and no SECRET_KEY or signing certificate (as in
# production); tests run with DEBUG off, a throwaway key and the development CA below.
os.environ.setdefault("SECRET_KEY", get_random_secret_key())
os.environ["PDF_DEV_CA"] = "true"
# The embedded database whatever DEBUG says, and the owner's role: pytest-django creates, migrates
# and flushes the test databases, which the site's role may not (docs/adr/0051-database-roles.md).
os.environ.setdefault("EMBEDDED_DB", "true")
os.environ.setdefault("DATABASE_AS_OWNER", "true")

from config.settings import *  # noqa: F403

HTTPS = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Rate-limit counters in memory: the test database has no cache table.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendering and signing PDFs takes seconds: tests that need documents issue them themselves.
DEMO_ISSUE_DOCUMENTS = False
# Tests sign with a development CA of their own, outside the checkout's .data/ (made once, shared
# by the test processes: the generation takes a file lock).
PDF_SIGNING_KEY = PDF_SIGNING_CERT = PDF_TRUST_ROOT = ""
PDF_DEV_CA = True
PDF_PKI_DIR = Path(tempfile.gettempdir()) / f"alpha-hub-test-pki-{os.getuid()}"
