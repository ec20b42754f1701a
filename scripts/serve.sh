#!/bin/sh
# `make serve`: the production configuration (DEBUG off) on gunicorn at 127.0.0.1:$PORT, behind
# a TLS proxy named in TRUSTED_PROXIES. Needs SECRET_KEY, ALLOWED_HOSTS, and DATABASE_URL or
# EMBEDDED_DB=true. config/serve.py checks the set-up and collects the static files;
# config/gunicorn.py reads the rest (WEB_CONCURRENCY, GUNICORN_THREADS...). docs/deployment.md.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${SERVE_PYTHON:-.venv/bin/python}"
export DEBUG=false DJANGO_SETTINGS_MODULE=config.settings
# Its own line, so that a refusal stops here (set -e sees the status of an assignment).
exports=$("$PYTHON" -m config.serve)
eval "$exports"
exec "$PYTHON" -m gunicorn --config python:config.gunicorn
