"""The budget pages as people use them: with and without JavaScript, and who may see what."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alpha_hub.roles import Role
from budget import exports, permissions
from budget.models import Budget, BudgetLine, BudgetVariation
from grants.models import Programme
from tests.budget.conftest import lock
from tests.factories import BudgetLineFactory, variation_with_decision

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(budget):
    return reverse("budget:detail", args=[budget.pk])


def row_data(line, **changes):
    prefix = f"line-{line.pk}"
    data = {"category": line.category_id, "description": line.description, "fte": "",
            "unit_cost": "", "amount": str(line.amount), "notes": line.notes,
            "version": line.version}  # fmt: skip
    data.update(changes)
    return {f"{prefix}-{name}": value for name, value in data.items()}


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.FINANCE, 200), (Role.AUDITOR, 200), (Role.OFFICER, 403), (Role.ADMINISTRATOR, 403)],
)
def test_who_may_open_a_budget(client_for, budget, role, status):
    assert client_for(role).get(detail(budget)).status_code == status


def test_anonymous_people_are_sent_to_sign_in(client, budget):
    response = client.get(detail(budget))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_decision_worker_reads_through_the_registered_check(client_for, make_user, budget):
    clearer = make_user(Role.CLEARANCE)
    check = permissions.register_budget_reader_check(lambda user, _budget: user == clearer)
    try:
        assert client_for(user=clearer).get(detail(budget)).status_code == 200
        line = BudgetLineFactory(budget=budget)
        url = reverse("budget:line_update", args=[budget.pk, line.pk])
        assert client_for(user=clearer).post(url, row_data(line)).status_code == 403
    finally:
        permissions.unregister_budget_reader_check(check)


def test_auditors_cannot_change_anything(client_for, budget):
    line = BudgetLineFactory(budget=budget, amount=Decimal("5"))
    auditor = client_for(Role.AUDITOR)
    page = auditor.get(detail(budget)).content.decode()
    assert "<input" not in page.split('id="budget-grid"')[1]
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    assert auditor.post(url, row_data(line, amount="9")).status_code == 403
    assert BudgetLine.objects.get().amount == Decimal("5.00")


def test_the_page_shows_groups_subtotals_total_and_reconciliation(client_for, budget, categories):
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("60000"))
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("30000"))
    BudgetLineFactory(budget=budget, category=categories["equipment"], amount=Decimal("5000.5"))
    page = client_for(Role.FINANCE).get(detail(budget)).content.decode()
    assert "Pay subtotal" in page
    assert "£90,000.00" in page
    assert "£95,000.50" in page
    assert "Reconciliation: Under by £4,999.50" in page


def test_saving_a_row_without_javascript_redirects_back_to_the_row(client_for, budget):
    line = BudgetLineFactory(budget=budget, amount=Decimal("5"))
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    response = client_for(Role.FINANCE).post(url, row_data(line, amount="£1,250.00"))
    assert response.status_code == 302
    assert response["Location"] == f"{detail(budget)}#line-{line.pk}"
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("1250.00"), 2)


def test_saving_a_row_with_htmx_returns_the_grid_with_new_totals_and_an_announcement(
    client_for, budget
):
    line = BudgetLineFactory(budget=budget, amount=Decimal("5"))
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    response = client_for(Role.FINANCE).post(url, row_data(line, amount="99000"), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="budget-grid">') or 'id="budget-grid"' in page[:200]
    assert "Reconciliation: Under by £1,000.00" in page
    assert '<div id="budget-status" hx-swap-oob="innerHTML">Saved' in page
    assert "<html" not in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Enter the amount"),
        ("-5", "Amount cannot be negative"),
        ("ten", "Enter an amount in pounds and pence"),
        ("1.001", "no more than 2 decimal places"),
    ],
)
def test_a_bad_amount_is_shown_on_the_row_and_nothing_changes(client_for, budget, amount, message):
    line = BudgetLineFactory(budget=budget, amount=Decimal("5"))
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    for extra in ({}, HTMX):
        response = client_for(Role.FINANCE).post(url, row_data(line, amount=amount), **extra)
        page = response.content.decode()
        assert response.status_code == 200
        assert message in page
        assert "govuk-input--error" in page
        assert f'href="#line-{line.pk}-amount"' in page
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("5.00"), 1)


def test_fte_and_unit_cost_fill_in_or_check_the_amount(client_for, budget, categories):
    url = reverse("budget:line_create", args=[budget.pk])
    client = client_for(Role.FINANCE)
    new = {"new-category": categories["pay"].pk, "new-description": "DC x 6", "new-fte": "6",
           "new-unit_cost": "50,000", "new-amount": "300000.01"}  # fmt: skip
    assert "6 x £50,000.00 = £300,000.00" in client.post(url, new).content.decode()
    assert not BudgetLine.objects.exists()
    client.post(url, {**new, "new-amount": ""})
    assert BudgetLine.objects.get().amount == Decimal("300000.00")


def test_script_in_a_description_is_shown_as_text(client_for, budget, categories):
    url = reverse("budget:line_create", args=[budget.pk])
    client = client_for(Role.FINANCE)
    client.post(url, {"new-category": categories["pay"].pk, "new-amount": "1",
                      "new-description": "<script>alert(1)</script>"})  # fmt: skip
    page = client.get(detail(budget)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_over_long_description_is_refused_on_the_row(client_for, budget):
    line = BudgetLineFactory(budget=budget)
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    page = client_for(Role.FINANCE).post(url, row_data(line, description="x" * 201)).content
    assert "200 characters or fewer" in page.decode()
    assert BudgetLine.objects.get().version == 1


def test_a_stale_row_is_refused_showing_both_values(client_for, budget):
    line = BudgetLineFactory(budget=budget, amount=Decimal("5"))
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    first, second = client_for(Role.FINANCE), client_for(Role.FINANCE)
    first.post(url, row_data(line, amount="10"))
    page = second.post(url, row_data(line, amount="20"), **HTMX).content.decode()
    assert "Amount: theirs £10.00, yours £20.00" in page
    assert BudgetLine.objects.get().amount == Decimal("10.00")


def test_a_stale_row_without_javascript_shows_the_saved_line_and_both_values(client_for, budget):
    line = BudgetLineFactory(budget=budget, amount=Decimal("5"))
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    client_for(Role.FINANCE).post(url, row_data(line, amount="10"))
    response = client_for(Role.FINANCE).post(url, row_data(line, amount="20"))
    page = response.content.decode()
    assert "Amount: theirs £10.00, yours £20.00" in page
    assert 'value="10.00"' in page
    assert f'name="line-{line.pk}-version" value="2"' in page


def test_saving_or_removing_a_line_someone_else_removed(client_for, budget):
    line = BudgetLineFactory(budget=budget)
    data, pk = row_data(line), line.pk
    line.delete()
    client = client_for(Role.FINANCE)
    for url, form in [
        (reverse("budget:line_update", args=[budget.pk, pk]), data),
        (reverse("budget:line_delete", args=[budget.pk, pk]), {"version": "1"}),
    ]:
        page = client.post(url, form, follow=True).content.decode()
        assert "Someone else removed this line" in page


def test_removing_a_line(client_for, budget):
    line = BudgetLineFactory(budget=budget)
    url = reverse("budget:line_delete", args=[budget.pk, line.pk])
    response = client_for(Role.FINANCE).post(url, {"version": "1"})
    assert response.status_code == 302
    assert not BudgetLine.objects.exists()


def test_a_locked_budget_shows_no_inputs_and_refuses_posts(client_for, budget, categories):
    line = BudgetLineFactory(budget=budget)
    lock(budget)
    client = client_for(Role.FINANCE)
    page = client.get(detail(budget)).content.decode()
    assert "Record a variation" in page
    assert "<input" not in page.split('id="budget-grid"')[1]
    url = reverse("budget:line_update", args=[budget.pk, line.pk])
    assert "locked" in client.post(url, row_data(line, amount="7"), follow=True).content.decode()
    assert BudgetLine.objects.get().version == 1


def test_recording_a_variation_shows_original_and_varied_side_by_side(
    client_for, budget, categories
):
    BudgetLineFactory(budget=budget, category=categories["pay"], amount=Decimal("100000"))
    lock(budget)
    grant_variation = variation_with_decision(budget.agreement, amount_after="120000")
    client = client_for(Role.FINANCE)
    url = reverse("budget:variation", args=[budget.pk])
    form = {"grant_variation": grant_variation.pk, "reason": "", "changes-TOTAL_FORMS": "4",
            "changes-INITIAL_FORMS": "0", "changes-0-category": categories["pay"].pk,
            "changes-0-description": "Pay award", "changes-0-change": "20,000"}  # fmt: skip
    assert "Enter the reason for the variation" in client.post(url, form).content.decode()
    assert not BudgetVariation.objects.exists()
    response = client.post(url, {**form, "reason": "2.5% pay award"})
    assert response.status_code == 302
    page = client.get(detail(budget)).content.decode()
    assert "Original and varied budget" in page
    assert "+£20,000.00" in page
    assert "£120,000.00" in page
    assert "Reconciliation: Balanced" in page


def test_the_budget_page_query_count_does_not_grow_with_lines(
    client_for, budget, categories, django_assert_max_num_queries
):
    client = client_for(Role.FINANCE)
    BudgetLineFactory(budget=budget, category=categories["pay"])
    client.get(detail(budget))  # warm the session and role caches alike for both counts
    with django_assert_max_num_queries(17) as few:  # 1: the header's counts
        client.get(detail(budget))
    BudgetLineFactory.create_batch(60, budget=budget, category=categories["overtime"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(detail(budget))
    assert response.content.decode().count('class="govuk-table__row" id="line-') == 61


def test_import_upload_preview_and_apply(client_for, budget):
    client = client_for(Role.FINANCE)
    url = reverse("budget:import", args=[budget.pk])
    rows = [("2020/21", "pay", "Sergeant", "", "", "50000", ""),
            ("2020/21", "pay", "Sergeant", "", "", "50000", "")]  # fmt: skip
    upload = SimpleUploadedFile("bad.csv", exports.as_csv(exports.COLUMNS, rows))
    page = client.post(url, {"file": upload}).content.decode()
    assert "Duplicate of row 2" in page
    assert "Add 2 lines" not in page

    upload = SimpleUploadedFile("good.csv", exports.as_csv(exports.COLUMNS, rows[:1]))
    page = client.post(url, {"file": upload}).content.decode()
    assert "Add 1 lines to the budget" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("budget:import_apply", args=[budget.pk]), {"token": token})
    assert response.status_code == 302
    assert BudgetLine.objects.get().history.get().history_change_reason == "Imported from good.csv"
    again = client.post(reverse("budget:import_apply", args=[budget.pk]), {"token": token})
    assert again.status_code == 302
    assert BudgetLine.objects.count() == 1


def test_a_50_mb_upload_is_refused_before_it_is_read(client_for, budget):
    # Zero bytes are no spreadsheet: had the file been parsed, the error would say it is corrupt.
    upload = SimpleUploadedFile("huge.xlsx", b"\0" * (50 * 1024 * 1024))
    response = client_for(Role.FINANCE).post(
        reverse("budget:import", args=[budget.pk]), {"file": upload}
    )
    assert "The file must be smaller than 10 MB" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_templates_and_exports_download(client_for, budget):
    BudgetLineFactory(budget=budget, description="=1+1")
    client = client_for(Role.AUDITOR)
    csv_response = client.get(reverse("budget:export", args=[budget.pk, "csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "'=1+1" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(reverse("budget:export", args=[budget.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    template = client.get(reverse("budget:import_template", args=["csv"]))
    assert template.content.decode("utf-8-sig").startswith("Financial year,Category")
    assert client.get(reverse("budget:export", args=[budget.pk, "pdf"])).status_code == 404


def test_the_year_on_year_page_and_csv(client_for, demo):
    slug = "project-alpha-social-media-hub"
    client = client_for(Role.AUDITOR)
    page = client.get(reverse("budget_programmes:year_on_year", args=[slug])).content.decode()
    assert "<svg" in page
    assert "(+£92,583.16, +6.68%)" in page
    assert "+6.68%" in page
    csv_text = client.get(reverse("budget_programmes:year_on_year_csv", args=[slug])).content
    assert "2020/21,Total,1479306.16,92583.16,6.68" in csv_text.decode("utf-8-sig")
    officer = client_for(Role.OFFICER)
    assert officer.get(reverse("budget_programmes:year_on_year", args=[slug])).status_code == 403


def test_finance_starts_a_budget_for_a_year_of_the_grant(client_for, budget):
    client = client_for(Role.FINANCE)
    Budget.objects.all().delete()
    url = reverse("budget:create", args=[budget.agreement.pk])
    assert client.post(url, {"financial_year": "2020/21"}).status_code == 302
    assert Budget.objects.count() == 1
    page = client.post(url, {"financial_year": "2023/24"}, follow=True).content.decode()
    assert "outside the agreement" in page
    assert Budget.objects.count() == 1


def test_the_budget_list(client_for, demo):
    page = client_for(Role.FINANCE).get(reverse("budget:list")).content.decode()
    assert "HO-SVSF-ALPHA-2020" in page
    assert Programme.objects.exists()


def test_the_import_preview_shows_markup_in_a_file_as_text(client_for, budget):
    rows = [("2020/21", "<b>pay</b>", "<script>alert(1)</script>", "", "", "1", "")]
    upload = SimpleUploadedFile("x.csv", exports.as_csv(exports.COLUMNS, rows))
    page = (
        client_for(Role.FINANCE)
        .post(reverse("budget:import", args=[budget.pk]), {"file": upload})
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Unknown category &#x27;&lt;b&gt;pay&lt;/b&gt;&#x27;" in page


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.OFFICER, Role.DECISION_MAKER])
def test_only_finance_reaches_import_and_variation_pages(client_for, budget, role):
    client = client_for(role)
    for name in ("budget:import", "budget:variation"):
        assert client.get(reverse(name, args=[budget.pk])).status_code == 403


def test_an_unlocked_budget_has_no_variation_page(client_for, budget):
    response = client_for(Role.FINANCE).get(reverse("budget:variation", args=[budget.pk]))
    assert response.status_code == 302
    assert response["Location"] == detail(budget)


def test_a_corrupt_upload_gets_a_clear_error_on_the_form(client_for, budget):
    upload = SimpleUploadedFile("lines.xlsx", b"PK\x03\x04garbage")
    page = (
        client_for(Role.FINANCE)
        .post(reverse("budget:import", args=[budget.pk]), {"file": upload})
        .content.decode()
    )
    assert "could not be read as an Excel workbook" in page
    assert "govuk-error-summary" in page
