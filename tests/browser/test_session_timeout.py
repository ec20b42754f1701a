"""Typed work is never lost (issue 13, ADR 0067): every staff page warns before the session ends,
and "Stay signed in" renews it."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_staff_page_warns_before_the_session_ends_and_stay_signed_in_renews_it(
    site, sign_in, page: Page, settings
):
    # The warning comes two minutes before the end: with a 123-second session, after 3 seconds.
    settings.SESSION_COOKIE_AGE = 123
    sign_in("auditor")
    page.goto(site.url + "/staff/audit/")  # a page with no form of its own
    banner = page.get_by_role("alertdialog")
    expect(banner).to_contain_text("You will be signed out in 2 minutes", timeout=15_000)
    stay = banner.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    with page.expect_response(lambda response: response.url.endswith("/staff/session/")) as kept:
        stay.click()
    assert kept.value.status == 204
    expect(banner).to_be_hidden()


def test_public_pages_carry_no_timeout_warning(site, sign_in, page: Page):
    sign_in("auditor")
    page.goto(site.url + "/decisions/pcd-867/")
    assert page.locator("script[data-session-seconds]").count() == 0
    page.goto(site.url + "/staff/")
    assert page.locator("script[data-session-seconds]").count() == 1
