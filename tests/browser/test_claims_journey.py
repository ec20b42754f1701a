"""Issue 11, done when: finance, in a browser, prepares a claim with evidence, a second finance
user checks it, a third approves it, a payment is recorded, and the agreement's finance tab shows
it; the preparer is refused checking their own claim. axe finds no violation on the claim pages.

The agreement is the demo's onward grant MOPAC-VRMF-2021-01 (PCD 910): its first quarter's claim
awaits checking (demo/data.py), so the journey claims its second quarter.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from claims.models import Claim, ClaimStatus
from grants.models import GrantAgreement
from tests.browser.test_accessibility import _axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

ONWARD = "MOPAC-VRMF-2021-01"
# A one-page PDF, as a finance user would upload: its type is read from the content.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _expect_success(page: Page, text: str) -> None:
    expect(page.get_by_role("alert", name="Success")).to_contain_text(text)


def _expect_no_axe_violations(page: Page) -> None:
    assert _axe_violations(page) == [], page.url


def _status(page: Page):
    return (
        page.locator(".govuk-summary-list__row")
        .filter(has=page.locator(".govuk-summary-list__key", has_text="Status"))
        .locator(".govuk-summary-list__value")
    )


def _preparer_claims_the_second_quarter(page: Page, url: str, agreement: GrantAgreement) -> str:
    page.goto(f"{url}/staff/claims/")
    expect(page.get_by_role("heading", name="Claims", level=1)).to_be_visible()
    _expect_no_axe_violations(page)  # the claims list
    page.get_by_role("link", name=f"{ONWARD}: {agreement.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{ONWARD}")
    _expect_no_axe_violations(page)  # the finance tab, with the demo's claim awaiting checking
    page.get_by_role("button", name="Start the claim for period 2").click()
    _expect_success(page, "Claim started")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claim for period 2")
    _expect_no_axe_violations(page)  # the claim form: spend, evidence, what happens next

    page.get_by_label("Category", exact=True).select_option(label="Pay")
    page.get_by_label("Description", exact=True).fill("Mentors, July to September 2021")
    page.get_by_label("Actual spend in the period").fill("57,750.00")
    page.get_by_role("button", name="Add spend").click()
    _expect_success(page, "Added Pay spend")
    page.get_by_label("Category", exact=True).select_option(label="Support costs")
    page.get_by_label("Actual spend in the period").fill("21,000.00")
    page.get_by_role("button", name="Add spend").click()
    _expect_success(page, "Added Support costs spend")
    expect(page.locator("#claim-total")).to_have_text("£78,750.00")

    page.get_by_label("Evidence file").set_input_files(
        {"name": "southwark-q2-ledger.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE_PDF}
    )
    page.get_by_role("button", name="Attach the file").click()
    _expect_success(page, "Attached southwark-q2-ledger.pdf")
    expect(page.get_by_role("link", name="southwark-q2-ledger.pdf")).to_be_visible()

    page.get_by_role("button", name="Submit for checking").click()
    _expect_success(page, "submit for checking done")
    expect(_status(page)).to_contain_text("Submitted")
    _expect_no_axe_violations(page)  # the claim detail, submitted
    return page.url


def _preparer_is_refused_checking(page: Page, claim_url: str) -> None:
    """The page offers the preparer no check; posting one anyway (a stale tab, a crafted
    request) is refused by the service, and the page says why."""
    page.goto(claim_url)
    expect(page.get_by_role("button", name="Check", exact=True)).to_have_count(0)
    page.evaluate(
        """(action) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const token = document.querySelector("input[name=csrfmiddlewaretoken]");
            form.appendChild(token.cloneNode());
            document.body.appendChild(form);
            form.submit();
        }""",
        claim_url + "moves/check/",
    )
    expect(
        page.get_by_text("You prepared this claim, so someone else in finance must check it")
    ).to_be_visible()
    expect(_status(page)).to_contain_text("Submitted")


def test_a_claim_is_prepared_checked_approved_and_paid_by_three_finance_users(
    page: Page, site, sign_in
):
    agreement = GrantAgreement.objects.get(reference=ONWARD)
    sign_in("finance")
    claim_url = _preparer_claims_the_second_quarter(page, site.url, agreement)
    _preparer_is_refused_checking(page, claim_url)

    sign_in("finance.checker")
    page.goto(claim_url)
    page.get_by_role("button", name="Check", exact=True).click()
    _expect_success(page, "check done")
    expect(_status(page)).to_contain_text("Checked")

    sign_in("finance.approver")
    page.goto(claim_url)
    page.get_by_role("button", name="Approve", exact=True).click()
    _expect_success(page, "approve done")
    expect(_status(page)).to_contain_text("Approved")
    _expect_no_axe_violations(page)  # the payment form

    page.get_by_label("Amount").fill("78,750.00")
    page.get_by_label("Date paid").fill(timezone.localdate().isoformat())
    page.get_by_label("Reference").fill("MOPAC-PAY-2021-Q2-0042")
    page.get_by_role("button", name="Record the payment").click()
    _expect_success(page, "Payment MOPAC-PAY-2021-Q2-0042 recorded")
    expect(_status(page)).to_contain_text("Paid")
    expect(page.locator("#claim-paid")).to_have_text("£78,750.00")

    claim = Claim.objects.get(agreement=agreement, period__number=2)
    assert claim.status == ClaimStatus.PAID
    assert len({claim.prepared_by, claim.checked_by, claim.approved_by}) == 3

    # The agreement's finance tab: £350,000.00; the demo's first quarter (£83,465.35) is claimed
    # but not yet checked; this one is claimed, approved and paid.
    page.get_by_role("link", name=ONWARD).click()
    expect(page.locator("#agreement-amount")).to_have_text("£350,000.00")
    expect(page.locator("#agreement-paid")).to_have_text("£78,750.00")
    expect(page.locator("#agreement-remaining")).to_have_text("£271,250.00")
    total = page.locator("#finance-table tr").filter(has_text="All years")
    expect(total).to_contain_text("£162,215.35")  # claimed
    expect(total.locator("td").nth(3)).to_have_text("£78,750.00")  # approved
    expect(total.locator("td").nth(4)).to_have_text("£78,750.00")  # paid
    _expect_no_axe_violations(page)  # the finance tab with a paid claim

    # The public programme page: the payment counts in 2021/22, the year its period ends in.
    page.goto(f"{site.url}/programmes/{agreement.programme.slug}/")
    paid = page.get_by_role("table", name="Onward grants: approved and paid")
    expect(paid.get_by_role("row").filter(has_text="2021/22")).to_contain_text("£78,750.00")
    _expect_no_axe_violations(page)

    # 360Giving: the onward grant's disbursement, with the payment as its transaction.
    grants = page.request.get(f"{site.url}/data/360giving.json").json()["grants"]
    onward = next(grant for grant in grants if grant["id"].endswith(ONWARD))
    assert onward["amountDisbursed"] == 78750
    [transaction] = onward["disbursementTransaction"]
    assert transaction["value"] == 78750
