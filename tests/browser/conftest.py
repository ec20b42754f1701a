"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

No browser is ever downloaded: the tests use /usr/bin/chromium (the Makefile's system-deps step
installs it where it can) and are skipped, saying why, where it is missing.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore

from alpha_hub.roles import Role
from demo.data import load_demo

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: install Debian's chromium (make system-deps) "
        "or set CHROMIUM_PATH; browser tests never download a browser"
    )
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test thread for the session;
    the ORM calls made beside it (fixtures, the database flush, assertions) are still synchronous,
    so Django's async-safety check is relaxed once browser tests start."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the demo data loaded."""
    # Transactional tests empty every table afterwards, the roles' groups (a data migration) too.
    for role in Role:
        Group.objects.get_or_create(name=role)
    users, _password = load_demo()
    live_server.users = users
    return live_server


@pytest.fixture
def sign_in(site, context):
    """sign_in("auditor"): the browser context gets a session for that demo user."""

    def signed_in(username: str) -> None:
        user = site.users[username]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": site.url}]
        )

    return signed_in
