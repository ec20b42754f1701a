"""The budget grid fits the screen: a table at 1280 px with nothing cut off, a list of labelled
lines at 375 px with nothing off the side; axe finds no violation at either width."""

from datetime import date
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from alpha_hub.fiscal_year import FinancialYear
from budget.models import Budget, BudgetLine
from tests.factories import BudgetFactory, GrantAgreementFactory

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


def _demo_budget() -> Budget:
    """PCD 867's 2020/21 budget, as the demo has it (locked: the decision is signed)."""
    return Budget.objects.get(agreement__reference="HO-SVSF-ALPHA-2020", financial_year=2020)


def _draft_copy_of_the_demo_budget(ends_on=date(2021, 3, 31)) -> Budget:
    """A draft budget holding the demo budget's 14 lines, so the grid is editable."""
    demo = _demo_budget()
    agreement = GrantAgreementFactory(
        programme=demo.agreement.programme, amount_awarded=Decimal("1479306.16"),
        starts_on=date(2020, 4, 1), ends_on=ends_on,
    )  # fmt: skip
    draft = BudgetFactory(agreement=agreement, financial_year=FinancialYear(2020))
    for line in demo.lines.all():
        BudgetLine.objects.create(
            budget=draft, category=line.category, description=line.description, fte=line.fte,
            unit_cost=line.unit_cost, amount=line.amount, notes=line.notes,
        )  # fmt: skip
    return draft


def _open(page: Page, site, budget: Budget, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    page.goto(f"{site.url}/staff/budgets/{budget.pk}/")


def _page_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing runs off the side)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _unclipped(page: Page, selector: str) -> list[str]:
    """The elements matching `selector` that are outside the window or cut off by a scrolling
    ancestor, as "id: left-right" strings."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].flatMap((element) => {
            const box = element.getBoundingClientRect();
            let right = window.innerWidth;
            for (let parent = element.parentElement; parent; parent = parent.parentElement) {
                const style = getComputedStyle(parent);
                if (style.overflowX !== 'visible') {
                    right = Math.min(right, parent.getBoundingClientRect().right);
                }
            }
            return box.left >= 0 && box.right <= right + 0.5 && box.width > 0
                ? [] : [`${element.id}: ${box.left}-${box.right} (visible to ${right})`];
        })""",
        selector,
    )


def _axe_violations(page: Page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{violation['id']}: {violation['help']} ({violation['nodes'][0]['target']})"
        for violation in results.response["violations"]
    ]


def test_at_1280_px_every_save_button_and_unit_cost_is_on_screen(site, sign_in, page: Page):
    sign_in("finance")
    draft = _draft_copy_of_the_demo_budget()
    _open(page, site, draft, DESKTOP)
    assert page.locator("[id$='-save']").count() == 15  # 14 lines and the new line's button
    assert _page_overflow(page) <= 0
    assert _unclipped(page, "#budget-grid [id$='-save']") == []
    assert _unclipped(page, "#budget-grid input[name$='-unit_cost']") == []
    assert _unclipped(page, "#budget-grid input[name$='-amount']") == []
    assert _unclipped(page, "#budget-grid button.govuk-button--warning") == []
    assert _axe_violations(page) == []


def test_at_375_px_the_grid_is_a_list_of_labelled_lines(site, sign_in, page: Page):
    sign_in("finance")
    draft = _draft_copy_of_the_demo_budget()
    _open(page, site, draft, PHONE)
    assert _page_overflow(page) <= 0
    assert _unclipped(page, "#budget-grid input[name$='-amount']") == []
    assert _unclipped(page, "#budget-grid [id$='-save']") == []
    first = draft.lines.order_by("category__position", "id").first()
    label = page.locator(f"label[for='line-{first.pk}-amount']")
    assert label.is_visible()
    assert label.inner_text().startswith("Amount")  # then "in pounds of ...", for screen readers
    assert label.bounding_box()["width"] > 40  # shown above its field, as on a form
    assert _axe_violations(page) == []


def test_at_375_px_the_locked_demo_budget_shows_every_amount(site, sign_in, page: Page):
    sign_in("finance")
    budget = _demo_budget()
    _open(page, site, budget, PHONE)
    assert _page_overflow(page) <= 0
    amounts = page.locator("#budget-lines td[data-label='Amount']")
    assert amounts.count() == 14
    assert amounts.first.inner_text() == "£93,340.97"  # after its "Amount:" label (CSS)
    assert _unclipped(page, "#budget-lines td[data-label='Amount']") == []
    assert _axe_violations(page) == []


def test_at_1280_px_the_locked_demo_budget_is_a_table(site, sign_in, page: Page):
    sign_in("finance")
    _open(page, site, _demo_budget(), DESKTOP)
    assert _page_overflow(page) <= 0
    assert page.locator("#budget-lines thead").is_visible()
    assert _unclipped(page, "#budget-lines td[data-label='Amount']") == []
    assert _axe_violations(page) == []


def test_copying_a_year_forward_fits_both_widths(site, sign_in, page: Page):
    sign_in("finance")
    draft = _draft_copy_of_the_demo_budget(ends_on=date(2022, 3, 31))
    empty = BudgetFactory(agreement=draft.agreement, financial_year=FinancialYear(2021))
    for viewport in (DESKTOP, PHONE):
        _open(page, site, empty, viewport)
        page.get_by_role("link", name="Copy lines from 2020/21").click()
        assert page.locator("h1").inner_text() == ("Copy the 2020/21 lines into the 2021/22 budget")
        assert _page_overflow(page) <= 0
        assert _axe_violations(page) == []
    page.get_by_role("button", name="Copy 14 lines").click()
    assert "Copied 14 lines from the 2020/21 budget" in page.content()
    assert empty.lines.count() == 14
    assert _page_overflow(page) <= 0
