"""Settings for bench/register_bench.py: the real settings plus a bare view to compare with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.register_urls"
# Measure the pages, not the limiter (it would answer 429 after a few searches).
RATELIMIT_ENABLED = False
# No collectstatic in a benchmark run: {% static %} without a manifest.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
