"""Secrets the settings need: SECRET_KEY and the PDF signing key and certificate.

In production (DEBUG off) they come from the environment, and the site refuses to start without
them rather than inventing its own. In development a SECRET_KEY is generated once into `.data/`
and the PDFs are signed by a development CA (alpha_hub/pdf/pki.py).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key


def secret_key_from_environment(data_dir: Path, *, debug: bool) -> str:
    """SECRET_KEY from the environment; with DEBUG on, else one kept in `.data/secret_key`."""
    # Read as it is: django-environ takes a value starting with "$" for the name of another
    # variable, and a random key starts with "$" one time in 50.
    configured = os.environ.get("SECRET_KEY", "")
    if configured:
        return configured
    if not debug:
        # A key generated on the server would change with each fresh disk and, unnoticed, sign
        # sessions and password-reset links with a key nobody manages.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs SECRET_KEY from the "
            "environment (a long random string, e.g. from `python -c 'from "
            "django.core.management.utils import get_random_secret_key as k; print(k())'`). "
            "For local development set DEBUG=true instead."
        )
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def signing_files_check(key: str, cert: str, trust_root: str, *, development_ca: bool) -> None:
    """Refuse to start without the PDF signing key and certificate, unless the dev CA is allowed."""
    if not (key or cert) and development_ca:
        return
    for name, value in (("PDF_SIGNING_KEY", key), ("PDF_SIGNING_CERT", cert)):
        if not value:
            raise ImproperlyConfigured(
                f"{name} is not set. With DEBUG off decision documents are signed only with the "
                "body's own key and certificate: set PDF_SIGNING_KEY and PDF_SIGNING_CERT to "
                "their PEM files (and PDF_TRUST_ROOT to the root they chain to). "
                "PDF_DEV_CA=true signs with a generated development CA instead, never in "
                "production."
            )
    for name, value in (
        ("PDF_SIGNING_KEY", key),
        ("PDF_SIGNING_CERT", cert),
        ("PDF_TRUST_ROOT", trust_root),
    ):
        if value and not (Path(value).is_file() and os.access(value, os.R_OK)):
            raise ImproperlyConfigured(f"{name} names {value}, which is not a readable file.")
