"""Settings for bench/register_bench.py: the real settings plus a bare view to compare with."""

import os

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
# BENCH_PAGE_CACHE=false: every public page rendered from the database, to measure the pages
# themselves; the data they share stays cached (decisions/views/cached_page.py).
PUBLIC_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "true") == "true"
