"""Where SECRET_KEY comes from: the environment, or a key generated once per checkout."""

from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key


def secret_key_from_environment(env: environ.Env, data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated and kept in `.data/secret_key`."""
    configured = env("SECRET_KEY", default="")
    if configured:
        return configured
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()
