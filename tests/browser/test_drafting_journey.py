"""Issue 13, point 4: an officer drafts from the task list, removes a part only after being
asked, and checks the answers before submitting."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Project Alpha Social Media Hub: third year"


def _task(page: Page, name: str):
    return page.locator(".govuk-task-list__item").filter(has_text=name)


def test_an_officer_drafts_from_the_task_list_and_reaches_check_your_answers(
    site, sign_in, page: Page
):
    sign_in("officer")
    page.goto(site.url + "/staff/decisions/new/")
    page.get_by_label("Series").select_option("PCD")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Category").select_option(label="Grant funding")
    page.get_by_label("Decision maker").select_option(label="Deputy Mayor for Policing and Crime")
    page.get_by_label("Financial value").fill("0")
    page.get_by_label("Executive summary").fill("The hub's third year.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    reference = page.locator(".govuk-caption-l").first.inner_text()

    # The task list: each standard section of the series, not yet started.
    expect(page.get_by_role("heading", name="Write the decision")).to_be_visible()
    expect(_task(page, "Legal comments")).to_contain_text("Not yet started")
    expect(_task(page, "Check your answers and submit")).to_contain_text("Cannot start yet")

    _task(page, "Legal comments").get_by_role("link", name="Legal comments").click()
    expect(page.get_by_label("Heading", exact=True)).to_have_value("legal")
    page.get_by_label("Body").fill("There are no legal reasons not to accept the grant.")
    page.get_by_role("button", name="Save").click()
    expect(_task(page, "Legal comments")).to_contain_text("Completed")
    expect(_task(page, "Financial comments")).to_contain_text("Not yet started")

    # A heading in use is not offered again.
    page.get_by_role("link", name="Add a section").click()
    options = page.get_by_label("Heading", exact=True).locator("option")
    expect(options.filter(has_text="Legal comments")).to_have_count(0)
    page.go_back()

    page.get_by_role("link", name="Recommendations", exact=True).click()
    page.get_by_label("Recommendation").fill("Approve the grant agreement.")
    page.get_by_role("button", name="Save").click()
    expect(_task(page, "Recommendations")).to_contain_text("Completed")

    # Removing asks first; Cancel would keep it.
    page.get_by_role("link", name="Remove recommendation 1").click()
    expect(
        page.get_by_role("heading", name="Are you sure you want to remove recommendation 1?")
    ).to_be_visible()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("recommendation 1 removed")
    expect(_task(page, "Recommendations")).to_contain_text("Not yet started")

    page.goto(page.url + "submit/")
    expect(
        page.get_by_role("heading", name=f"Check your answers before submitting {reference}")
    ).to_be_visible()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Add at least one recommendation.")
    expect(summary.get_by_role("link", name="Add at least one recommendation.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit for clearance")).to_have_count(0)
    expect(page.get_by_role("link", name="Change the title")).to_be_visible()
