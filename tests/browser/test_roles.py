"""Every role finds its work (issue 13, Done when): each demo user signs in through the real sign-in
form, lands on their own page, sees only the header items their roles may use and opens each of
them, with axe finding no WCAG 2.2 A/AA violation and no page wider than a phone, at 1280 px and at
375 px; the administrator reaches Django's admin, which passes axe too.

One browser context per role, both widths in it, so the demo data is loaded once a role.
SCREENSHOTS=docs/screenshots (a folder) keeps the main pages at 1280 px as PNGs there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from demo.data import demo_password
from grants.models import Organisation
from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 375]
STAFF = ["Your work", "Decisions", "Agreements", "Contracts"]
# username: (the header's items after "Published decisions", the pages beyond them)
ROLES = {
    "officer": (STAFF, []),
    "clearance": (STAFF, []),
    "dmpc": (STAFF, []),
    "finance": ([*STAFF, "Budgets", "Claims"], []),
    "auditor": (
        [*STAFF, "Budgets", "Claims", "Audit"],
        ["/staff/programmes/project-alpha-social-media-hub/budgets/"],
    ),
    "admin": (
        ["Your work", "Admin"],
        ["/admin/grants/organisation/", "{organisation}", "/admin/alpha_hub/user/", "{user}"],
    ),
}
# (username, path) -> file name in SCREENSHOTS
SCREENSHOTS = {
    ("officer", "/staff/"): "dashboard-officer.png",
    ("officer", "/staff/decisions/"): "staff-decision-list.png",
    ("finance", "/staff/claims/"): "finance-claims-list.png",
}


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _header_items(page: Page) -> list[str]:
    items = page.locator(".govuk-service-navigation__list .govuk-service-navigation__link")
    # "Decisions (3 awaiting you)": the item's name, without its count.
    return [re.sub(r"\s*\(.*", "", text).strip() for text in items.all_inner_texts()]


def _overflow(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _check(page: Page, path: str, width: int) -> list[str]:
    problems = [f"{width}px {path}: {violation}" for violation in _axe_violations(page)]
    if width < 400 and (wider := _overflow(page)) > 0:
        problems.append(f"{width}px {path}: the page is {wider}px wider than the screen")
    return problems


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_finds_its_work_at_both_widths(site, browser: Browser, username):
    items, extra = ROLES[username]
    organisation = Organisation.objects.order_by("pk").first()
    officer = site.users["officer"]
    extra = [
        p.format(
            organisation=f"/admin/grants/organisation/{organisation.pk}/change/",
            user=f"/admin/alpha_hub/user/{officer.pk}/change/",
        )
        for p in extra
    ]
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    shots = os.environ.get("SCREENSHOTS")
    problems: list[str] = []
    try:
        _sign_in(page, site.url, username)
        assert page.url == site.url + "/staff/", "everyone with a role lands on their work"
        assert _header_items(page) == ["Published decisions", *items, "Sign out"]
        links = page.locator(".govuk-service-navigation__list a.govuk-service-navigation__link")
        paths = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        paths = [path for path in paths if path != "/decisions/"] + extra
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                response = page.goto(site.url + path)
                assert response.status == 200, f"{path} answered {response.status}"
                problems += _check(page, path, width)
                name = SCREENSHOTS.get((username, path))
                if shots and name and width == WIDTHS[0]:
                    page.screenshot(path=str(Path(shots) / name), full_page=False)
    finally:
        context.close()
    assert problems == []
