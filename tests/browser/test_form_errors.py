"""A staff form with errors, in a browser: no axe violation, the error summary takes the reader to
each field, and the field says what is wrong to a screen reader (its accessible description)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_decision_with_errors_is_accessible_and_the_summary_leads_to_the_fields(
    site, sign_in, page: Page
):
    sign_in("officer")
    page.goto(site.url + "/staff/decisions/new/")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves the focus to it
    # Each problem says what to do about which field (issue 13), the series among them: none is
    # chosen for the drafter.
    expect(summary.get_by_role("link", name="Choose a series.")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter a title.")).to_be_visible()
    assert _axe_violations(page) == []

    summary.get_by_role("link", name="Enter a title.").click()
    title = page.get_by_label("Title", exact=True)
    expect(title).to_be_focused()
    expect(title).to_have_accessible_description("Error: Enter a title.")
    expect(page.get_by_label("Financial value")).to_have_accessible_description(
        "In pounds, e.g. 1,479,306.16. Use 0 if none."
    )


def test_the_audit_filters_with_a_bad_date_are_accessible(site, sign_in, page: Page):
    sign_in("auditor")
    # GOV.UK date inputs: a day, a month and a year box for each date.
    dates = "date_from_day=1&date_from_month=2&date_from_year=2020"
    dates += "&date_to_day=1&date_to_month=1&date_to_year=2020"
    page.goto(site.url + "/staff/audit/?" + dates)
    link = page.locator(".govuk-error-summary").get_by_role("link")
    expect(link).to_have_text("The end date must be the same as or after the start date")
    assert _axe_violations(page) == []
    link.click()
    expect(page.get_by_role("group", name="To").get_by_label("Day")).to_be_focused()
