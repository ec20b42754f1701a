"""Issue 3, done when: an officer, a clearer and the DMPC take a new decision from draft to
published in a browser, and the public register shows it.

Each person signs in with the sign-in form in a browser of their own, as they would at their desk;
the public reader uses a fresh browser with no session at all.
"""

import re

import pytest
from django.utils.formats import date_format
from django.utils.timezone import localtime
from playwright.sync_api import Browser, BrowserContext, Page, expect

from decisions.models import ClearanceCapacity, Decision, SectionKind

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "journey-pass-5731"
TITLE = "Project Alpha Social Media Hub: second year"
RECOMMENDATION = (
    "Approve entering into a grant agreement with the Home Office of up to £1,479,306.16 "
    "to fund the Project Alpha Social Media Hub for 2020/21."
)
AGREEMENT = "HO-SVSF-ALPHA-2020: Project Alpha Social Media Hub 2020/21"
SECTION_BODY = "The hub continues for a second year.\n\n• Quarterly claims in arrears."
STANDARD_SECTIONS = [kind.label for kind in SectionKind if kind != SectionKind.CUSTOM]


@pytest.fixture(autouse=True)
def _known_demo_password(settings):
    """The demo users get a password this test knows (load_demo reads DEMO_PASSWORD), set
    before the `site` fixture loads them."""
    settings.DEMO_PASSWORD = PASSWORD


@pytest.fixture
def person(site, browser: Browser):
    """person("officer") -> a page in a browser of that person's own, signed in through the
    sign-in form; person() -> a member of the public's browser, with no session."""
    contexts: list[BrowserContext] = []

    def open_browser(username: str | None = None) -> Page:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        if username is None:
            return page
        page.goto(site.url + "/staff/")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
        return page

    yield open_browser
    for context in contexts:
        context.close()


def _expect_success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert", name="Success")).to_contain_text(text)


def _expect_status(page: Page, status: str) -> None:
    # A GOV.UK tag has no role of its own: it is the status text under the heading.
    expect(page.locator(".app-status")).to_have_text(status)


def _officer_drafts(page: Page) -> str:
    page.get_by_role("link", name="Draft a new decision").click()
    expect(page.get_by_role("heading", name="New decision", level=1)).to_be_visible()
    page.get_by_label("Series").select_option("PCD")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Category").select_option(label="Grant funding")
    page.get_by_label("Decision maker").select_option(label="Deputy Mayor for Policing and Crime")
    page.get_by_label("Financial value").fill("1,479,306.16")
    page.get_by_label("Executive summary").fill(
        "The hub tackles gang related serious violence online.\n\n"
        "This decision approves its second year."
    )
    page.get_by_label("Data protection impact assessment").select_option(label="Completed")
    page.get_by_label("Equality impact assessment").select_option(label="Completed")
    page.get_by_role("group", name="Grant agreements this decision approves").get_by_label(
        AGREEMENT
    ).check()
    page.get_by_role("button", name="Save").click()

    _expect_success(page, "created as a draft")
    heading = page.get_by_role("heading", name=TITLE, level=1)
    expect(heading).to_be_visible()
    _expect_status(page, "Draft")
    reference = page.locator(".govuk-caption-l").inner_text()
    assert re.fullmatch(r"PCD \d+", reference)
    expect(page.get_by_text("Before you can submit:")).to_be_visible()

    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Recommendation").fill(RECOMMENDATION)
    page.get_by_role("button", name="Save").click()
    _expect_success(page, f"{reference}: New recommendation saved.")

    for heading_label in STANDARD_SECTIONS:
        page.get_by_role("link", name="Add a section").click()
        page.get_by_label("Heading", exact=True).select_option(label=heading_label)
        page.get_by_label("Body").fill(f"{heading_label}.\n\n{SECTION_BODY}")
        page.get_by_role("button", name="Save").click()
        _expect_success(page, f"{reference}: New section saved.")
        expect(page.get_by_role("heading", name=heading_label, level=3)).to_be_visible()

    # Nothing is missing now, so the page no longer warns before submission.
    expect(page.get_by_text("Before you can submit:")).to_have_count(0)
    page.get_by_role("link", name="Submit for clearance").click()
    # Check your answers before the move is made.
    expect(
        page.get_by_role("heading", name=f"Check your answers before submitting {reference}")
    ).to_be_visible()
    page.get_by_role("button", name="Submit for clearance").click()
    _expect_success(page, f"{reference} submitted for clearance.")
    _expect_status(page, "Submitted for clearance")
    expect(page.get_by_role("link", name="Submit for clearance")).to_have_count(0)
    return reference


def _clearer_clears(page: Page, reference: str, capacity: ClearanceCapacity) -> None:
    """One clearer clears in one capacity; each capacity is a different person's (ADR 0063)."""
    expect(page.get_by_role("heading", name="Awaiting my clearance (1)")).to_be_visible()
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    _expect_status(page, "Submitted for clearance")

    page.get_by_role("link", name="Clear", exact=True).click()
    expect(page.get_by_role("heading", name="Clear decision", level=1)).to_be_visible()
    choices = page.get_by_role("group", name="Clear in this capacity")
    choices.get_by_label(capacity.label, exact=True).check()
    page.get_by_label("Comment").fill(f"Cleared for {capacity.label.lower()}.")
    page.get_by_role("button", name="Clear decision").click()

    _expect_success(page, f"{reference}: clearance recorded.")
    clearances = page.get_by_role("table").filter(has_text="Cleared by")
    expect(clearances.get_by_role("cell", name=capacity.label, exact=True)).to_be_visible()
    # Cleared in one capacity, they clear in no other this round.
    expect(page.get_by_role("link", name="Clear", exact=True)).to_have_count(0)


def _first_clearer_comments(page: Page, reference: str) -> None:
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Comment on section 3").click()
    page.get_by_label("Your comment").fill("Say which year the funding covers.")
    page.get_by_role("button", name="Add comment").click()
    _expect_success(page, "Comment on section 3: financial comments added.")
    expect(page.locator(".app-comment").filter(has_text="Say which year")).to_contain_text("Open")
    page.goto(page.url.split("/staff/")[0] + "/staff/")


def _dmpc_signs_and_publishes(page: Page, reference: str) -> None:
    expect(page.get_by_role("heading", name="Awaiting my signature (1)")).to_be_visible()
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    _expect_status(page, "Cleared, awaiting signature")

    page.get_by_role("link", name="Sign", exact=True).click()
    expect(page.get_by_role("heading", name="Sign decision", level=1)).to_be_visible()
    expect(page.get_by_text("You cannot sign this decision yet")).to_have_count(0)
    page.get_by_label(re.compile(r"^I confirm I have considered whether")).check()
    page.get_by_label("No, I have no interest to declare").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign decision").click()

    _expect_success(page, f"{reference} signed.")
    _expect_status(page, "Signed")
    # The holder of the office today (the demo's Deputy Mayor since 2024) and its title.
    expect(page.get_by_text("Jordan Ellis, Deputy Mayor for Policing and Crime")).to_be_visible()

    page.get_by_role("link", name="Publish", exact=True).click()
    expect(page.get_by_text("it cannot be taken off the register again")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    _expect_success(page, f"{reference} published.")
    _expect_status(page, "Published")
    expect(page.get_by_role("link", name="View on the public register")).to_be_visible()


def _public_reads(page: Page, site_url: str, reference: str, signed_on: str) -> None:
    page.goto(site_url + "/decisions/")
    page.get_by_role("searchbox", name="Search decisions").fill(TITLE)
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.get_by_role("list", name=re.compile(r"^Showing"))
    results.get_by_role("link", name=TITLE, exact=True).click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(_key_information(page, "Reference code")).to_have_text(reference)
    expect(_key_information(page, "Date signed")).to_have_text(signed_on)
    expect(page.get_by_role("heading", name="Recommendation", level=2)).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=RECOMMENDATION)).to_be_visible()
    expect(page.get_by_role("heading", name="1. Introduction and background")).to_be_visible()
    expect(page.get_by_text("Not yet signed")).to_have_count(0)

    # The signed decision document was issued when the DMPC signed, and anyone may fetch it.
    document = page.get_by_role("link", name=f"{reference} signed decision document (PDF)")
    response = page.request.get(site_url + document.get_attribute("href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")


def _key_information(page: Page, key: str):
    """The value beside `key` in the page's Key information list."""
    return (
        page.locator("dl > div")
        .filter(has=page.get_by_role("term").filter(has_text=key))
        .get_by_role("definition")
    )


def test_officer_clearer_and_dmpc_take_a_new_decision_to_the_public_register(site, person):
    reference = _officer_drafts(person("officer"))

    # Until it is published, the public cannot find it.
    public = person()
    public.goto(site.url + "/decisions/?q=" + TITLE.replace(" ", "+"))
    expect(
        public.get_by_role("heading", name=re.compile(r"^Showing|^No decisions"))
    ).to_be_visible()
    expect(public.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)

    head_of_unit = person("clearance")
    _first_clearer_comments(head_of_unit, reference)
    _clearer_clears(head_of_unit, reference, ClearanceCapacity.HEAD_OF_UNIT)
    _clearer_clears(person("clearance.finance"), reference, ClearanceCapacity.FINANCE)
    legal = person("clearance.legal")
    _clearer_clears(legal, reference, ClearanceCapacity.LEGAL)
    _expect_status(legal, "Cleared, awaiting signature")
    _dmpc_signs_and_publishes(person("dmpc"), reference)
    decision = Decision.objects.get(title=TITLE)
    _public_reads(public, site.url, reference, date_format(localtime(decision.signed_at), "j F Y"))

    assert decision.status == Decision.Status.PUBLISHED
    assert decision.signature.signed_by.username == "dmpc"
    assert decision.drafted_by.username == "officer"
