"""Issue 10, done when: an officer and finance, in a browser and without the admin, create the
agreement behind a new decision, vary an approved agreement through a new decision, and award an
onward grant funded by an incoming grant with match funding (one over the limit is refused).

The drafts' text is written through the services in setup: drafting in a browser is
test_workflow_journey.py's. Each screen is then used as its labels say.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from decisions.models import Decision, DecisionCategory, DecisionSeries, Office
from decisions.services.drafting import decision_create
from grants.models import GrantAgreement, Organisation, Programme

pytestmark = pytest.mark.django_db(transaction=True)

INCOMING = "HO-JOURNEY-2025"
ONWARD = "MOPAC-JOURNEY-2025-01"
VARIED = "HO-VRMF-2021"


def _draft(officer, title: str, value: str) -> Decision:
    return decision_create(
        user=officer,
        series=DecisionSeries.objects.get(code="PCD"),
        title=title,
        category=DecisionCategory.objects.get(name="Grant funding"),
        office=Office.objects.get(code="dmpc"),
        financial_value=Decimal(value),
        executive_summary="Written for the grants journey.",
        kind=Decision.Kind.GRANT,
    )


def _expect_success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert", name="Success")).to_contain_text(text)


def _summary_value(page: Page, key: str, within: Locator | None = None) -> Locator:
    """The value beside `key` in the page's summary list (or the one `within`)."""
    return (
        (within or page)
        .locator(".govuk-summary-list__row")
        .filter(has=page.locator(".govuk-summary-list__key", has_text=key))
        .locator(".govuk-summary-list__value")
    )


def _fill_terms(page: Page, **terms: str) -> None:
    page.get_by_label("Reference", exact=True).fill(terms["reference"])
    page.get_by_label("Title", exact=True).fill(terms["title"])
    page.get_by_label("Programme", exact=True).select_option(label=terms["programme"])
    page.get_by_label("Funder", exact=True).select_option(label=terms["funder"])
    page.get_by_label("Recipient", exact=True).select_option(label=terms["recipient"])
    page.get_by_label(terms["direction"]).check()
    page.get_by_label("Amount awarded", exact=True).fill(terms["amount"])
    page.get_by_label("Start date", exact=True).fill(terms["starts_on"])
    page.get_by_label("End date", exact=True).fill(terms["ends_on"])


def _officer_adds_incoming_grant(page: Page, site_url: str, decision: Decision) -> None:
    page.goto(f"{site_url}/staff/decisions/{decision.pk}/")
    expect(page.get_by_role("heading", name=decision.title, level=1)).to_be_visible()
    page.get_by_role("link", name="Add a grant agreement").click()
    expect(page.get_by_role("heading", name="Add a grant agreement", level=1)).to_be_visible()
    _fill_terms(
        page,
        reference=INCOMING,
        title="Youth violence mentoring 2025 to 2027",
        programme=str(Programme.objects.get(slug="violence-reduction-mentoring-fund")),
        funder=str(Organisation.objects.get(short_name="HO")),
        recipient=str(Organisation.objects.get(short_name="MOPAC")),
        direction="Incoming (we receive the grant)",
        amount="300,000.00",
        starts_on="2025-04-01",
        ends_on="2027-03-31",
    )
    # A two-year grant profiled unevenly, not by days, and MOPAC's match funding in year one.
    page.get_by_label("Year 1", exact=True).fill("2025/26")
    page.get_by_label("Amount for year 1", exact=True).fill("200,000.00")
    page.get_by_label("Year 2", exact=True).fill("2026/27")
    page.get_by_label("Amount for year 2", exact=True).fill("100,000.00")
    page.get_by_label("Match funding 1: source").select_option(
        label=str(Organisation.objects.get(short_name="MOPAC"))
    )
    page.get_by_label("Match funding 1: financial year").fill("2025/26")
    page.get_by_label("Match funding 1: amount").fill("50,000.00")
    page.get_by_label("Match funding 1: description").fill("MOPAC's own contribution")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers", level=1)).to_be_visible()
    expect(_summary_value(page, "Amount awarded")).to_have_text("£300,000.00")
    expect(_summary_value(page, "Funding profile")).to_have_text(
        "2025/26: £200,000.00; 2026/27: £100,000.00"
    )
    expect(_summary_value(page, "Match funding")).to_contain_text("2025/26: £50,000.00")
    page.get_by_role("button", name="Add agreement").click()

    _expect_success(page, f"{decision.reference} now approves {INCOMING}.")
    expect(_summary_value(page, "Grant agreements approved")).to_contain_text(
        f"{INCOMING}: Youth violence mentoring 2025 to 2027"
    )


def _officer_varies_approved_agreement(page: Page, site_url: str, decision: Decision) -> None:
    page.goto(f"{site_url}/staff/decisions/{decision.pk}/")
    page.get_by_role("link", name="Vary an approved agreement").click()
    expect(page.get_by_role("heading", name="Vary an approved agreement", level=1)).to_be_visible()
    agreement = GrantAgreement.objects.get(reference=VARIED)
    page.get_by_label("Agreement to vary").select_option(label=str(agreement))
    # PCD 910's Home Office grant: £800,000.00, £300,000.00 of it in 2022/23; now £50,000.00 more
    # in 2022/23, within its dates. (PCD 867's agreement, varied by PCD 905, is closed: the demo
    # claimed it to the end.)
    page.get_by_label("New amount").fill("850,000.00")
    page.get_by_label("Year 1", exact=True).fill("2021/22")
    page.get_by_label("Amount for year 1", exact=True).fill("500,000.00")
    page.get_by_label("Year 2", exact=True).fill("2022/23")
    page.get_by_label("Amount for year 2", exact=True).fill("350,000.00")
    page.get_by_label("What the variation does and why").fill("Uplift for a further analyst.")
    page.get_by_role("button", name="Propose the variation").click()

    _expect_success(page, f"{decision.reference} proposes a variation of {VARIED}")
    card = page.locator(".govuk-summary-card").filter(has_text=VARIED)
    expect(_summary_value(page, "Amount before", card)).to_have_text("£800,000.00")
    expect(_summary_value(page, "Change", card)).to_have_text("+£50,000.00")
    expect(_summary_value(page, "Amount after", card)).to_have_text("£850,000.00")
    per_year = page.get_by_role("table", name=f"Amount per financial year: {VARIED}")
    expect(per_year.get_by_role("row").filter(has_text="2022/23")).to_contain_text(
        "£300,000.00+£50,000.00£350,000.00"
    )


def _finance_awards_onward_grant(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/staff/agreements/new/")
    expect(page.get_by_role("heading", name="Enter a grant agreement", level=1)).to_be_visible()
    incoming = GrantAgreement.objects.get(reference=INCOMING)

    def enter(amount: str, *, fits: bool = True) -> None:
        _fill_terms(
            page,
            reference=ONWARD,
            title="Southwark mentoring 2025/26",
            programme=str(incoming.programme),
            funder=str(Organisation.objects.get(short_name="MOPAC")),
            recipient=str(Organisation.objects.get(short_name="LBS")),
            direction="Outgoing (we award the grant)",
            amount=amount,
            starts_on="2025-04-01",
            ends_on="2026-03-31",
        )
        page.get_by_label("Funded out of (parent agreement)").select_option(label=str(incoming))
        page.get_by_role("button", name="Continue").click()
        if fits:
            expect(page.get_by_role("heading", name="Check your answers", level=1)).to_be_visible()
            page.get_by_role("button", name="Enter agreement").click()

    # 2025/26 has £200,000.00 of grant and £50,000.00 of match: £260,000.00 is too much, and the
    # form says so before check your answers.
    enter("260,000.00", fits=False)
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text(
        f"Onward grants funded by {INCOMING} would come to £260,000.00 in 2025/26, "
        "£10,000.00 more than its amount and match funding for the year (£250,000.00)"
    )
    assert not GrantAgreement.objects.filter(reference=ONWARD).exists()

    enter("240,000.00")
    _expect_success(page, f"{ONWARD} entered")
    expect(_summary_value(page, "Funded out of")).to_have_text(INCOMING)


def _agreement_page_shows_amounts(page: Page, site_url: str) -> None:
    incoming = GrantAgreement.objects.get(reference=INCOMING)
    page.goto(f"{site_url}/staff/agreements/{incoming.pk}/")
    expect(page.get_by_role("heading", name=incoming.title, level=1)).to_be_visible()
    expect(_summary_value(page, "Amount awarded")).to_have_text("£300,000.00")
    expect(_summary_value(page, "Amount now")).to_have_text("£300,000.00")
    profile = page.get_by_role("table", name="Funding profile")
    expect(profile.get_by_role("row").filter(has_text="2025/26")).to_contain_text(
        "£200,000.00£50,000.00"
    )
    expect(profile.get_by_role("row").filter(has_text="Total")).to_contain_text(
        "£300,000.00£50,000.00"
    )
    onward = page.get_by_role("table", name="Onward grants")
    expect(onward.get_by_role("row").filter(has_text=ONWARD)).to_contain_text("£240,000.00")
    expect(onward.get_by_role("row").filter(has_text="Total")).to_contain_text("£240,000.00")

    varied = GrantAgreement.objects.get(reference=VARIED)
    page.goto(f"{site_url}/staff/agreements/{varied.pk}/")
    # Proposed until its decision is signed: the amount now is still PCD 910's.
    expect(_summary_value(page, "Amount now")).to_contain_text("£800,000.00")
    variations = page.get_by_role("table", name="Variations")
    uplift = variations.get_by_role("row").filter(has_text="Uplift for a further analyst")
    expect(uplift).to_contain_text("Proposed")
    expect(uplift).to_contain_text("£800,000.00£50,000.00£850,000.00")


def _decision_page_shows_funding_chain(page: Page, site_url: str, decision: Decision) -> None:
    page.goto(f"{site_url}/staff/decisions/{decision.pk}/")
    expect(page.get_by_role("heading", name=f"Funding from {INCOMING}", level=2)).to_be_visible()
    chain = page.get_by_role("table", name="Incoming grant, match funding and onward awards")
    expected = {
        f"Incoming grant {INCOMING}": "£300,000.00",
        "Match funding from": "£50,000.00",
        "Available": "£350,000.00",
        f"Onward grant {ONWARD}": "£240,000.00",
        "Onward grants in all": "£240,000.00",
        "Not yet awarded onward": "£110,000.00",
    }
    for what, amount in expected.items():
        expect(chain.get_by_role("row").filter(has_text=what)).to_contain_text(amount)


def test_officer_and_finance_enter_vary_and_award_onward_grants(site, page, sign_in):
    officer = site.users["officer"]
    approving = _draft(officer, "Youth violence mentoring: Home Office grant", "300000.00")
    varying = _draft(officer, "Violence Reduction Mentoring Fund: further uplift", "50000.00")

    sign_in("officer")
    _officer_adds_incoming_grant(page, site.url, approving)
    _officer_varies_approved_agreement(page, site.url, varying)

    sign_in("finance")  # the same browser, now finance's session
    _finance_awards_onward_grant(page, site.url)
    _agreement_page_shows_amounts(page, site.url)
    _decision_page_shows_funding_chain(page, site.url, approving)

    assert approving.approvals.get().agreement.reference == INCOMING
    assert varying.variation_approvals.get().variation.amount_after == Decimal("850000.00")
