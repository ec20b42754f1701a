"""The audit trail in words: records by name, diffs with labels, filters people can use."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alpha_hub.audit.names import record_names
from alpha_hub.audit.trail import audited_models
from alpha_hub.history import stamp
from alpha_hub.models import User
from alpha_hub.roles import Role
from budget import services as budget_services
from budget.models import BudgetLine
from budget.rules import LineValues
from decisions.documents import decision_documents_issue
from decisions.models import Decision, DecisionDocument
from tests.factories import BudgetFactory, BudgetLineFactory, CostCategoryFactory, UserFactory

ARROW = '<span aria-hidden="true">→</span><span class="govuk-visually-hidden">to</span>'


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _pcd_867() -> Decision:
    return Decision.objects.get(series__code="PCD", number=867)


def test_every_record_is_named_in_one_query_per_model(demo):
    keys = [
        (model, pk)
        for model in audited_models().values()
        for pk in model._base_manager.values_list("pk", flat=True)
    ]
    with CaptureQueriesContext(connection) as queries:
        names = record_names(keys)
    assert len(queries) <= len({model for model, _ in keys})
    assert set(names) == set(keys)
    decision = _pcd_867()
    line = BudgetLine.objects.filter(budget__agreement__approvals__decision=decision).first()
    section = decision.sections.get(position=1)
    assert names[(Decision, decision.pk)] == "PCD 867: Project Alpha Social Media Hub"
    assert names[(BudgetLine, line.pk)] == f"{line.description} (HO-SVSF-ALPHA-2020 2020/21)"
    assert names[(type(section), section.pk)] == ("PCD 867 section 1: Introduction and background")
    assert not any(name.startswith(("Decision ", "Budget line ")) for name in names.values())


def test_a_deleted_record_is_named_from_its_history(db):
    line = BudgetLineFactory(description="Social media analyst")
    pk, budget = line.pk, line.budget
    line.delete()
    names = record_names([(BudgetLine, pk)])
    assert names[(BudgetLine, pk)] == f"Social media analyst ({budget}) (deleted)"


def test_the_audit_log_names_records_and_holds_its_queries(
    client_for, demo, django_assert_max_num_queries
):
    client = client_for(Role.AUDITOR)
    with CaptureQueriesContext(connection) as first:
        page = client.get("/staff/audit/")
    assert page.status_code == 200
    first_count = len(first)  # before the next request resets the connection's query log
    assert "Decision 2<" not in page.text
    # The demo's claims (issue 11) are recorded after its decisions: PCD 867 is among the
    # latest entries of decisions.
    decisions = client.get("/staff/audit/?model=decisions.decision")
    assert "PCD 867: Project Alpha Social Media Hub" in decisions.text
    # Twice the rows of every kind cost no more queries.
    category = CostCategoryFactory(code="pay")
    for n in range(60):
        stamp(category, user=demo["finance"], reason=f"Renamed {n}")
        category.name = f"Pay {n}"
        category.save()
    with django_assert_max_num_queries(first_count + 2):
        page = client.get("/staff/audit/")
    assert "Pay 58" in page.text
    assert "Pay 57 → Pay 58" in page.text.replace(
        '<span aria-hidden="true">→</span><span class="govuk-visually-hidden">to</span>', "→"
    )


def test_diffs_show_labels_choices_money_names_booleans_and_dates(client_for, demo):
    decision = _pcd_867()
    history = Decision.history.filter(id=decision.pk).order_by("history_date", "history_id")
    page = client_for(Role.AUDITOR).get(f"/staff/audit/history/decisions.decision/{decision.pk}/")
    assert page.status_code == 200
    text = page.text
    assert "Signed by" in text
    assert "Sophie Linden" in text
    assert "Published" in text  # the status's label
    assert "£1,479,306.16" in text
    assert "22 June 2020 at midday" in text or history.last().signed_at is None
    assert "Data protection impact assessment" in text
    assert "Addressed to" in text
    assert "Deputy Mayor for Policing and Crime" in text


def test_a_foreign_key_change_shows_the_records_names(client_for, demo):
    decision = _pcd_867()
    user = User.objects.get(username="finance")
    line = BudgetLineFactory(description="Social media analyst", amount=Decimal("95000.00"))
    other = CostCategoryFactory(code="training")
    stamp(line, user=user, reason="Moved to training")
    line.category = other
    line.amount = Decimal("95500.00")
    line.version += 1
    line.save()
    page = client_for(Role.AUDITOR).get(f"/staff/audit/history/budget.budgetline/{line.pk}/")
    assert "Moved to training" in page.text
    assert "Training" in page.text
    assert "Pay" in page.text
    assert "£95,000.00" in page.text
    assert "£95,500.00" in page.text
    assert "95000.00" not in page.text
    assert decision  # the demo is loaded around it


def test_the_reference_filter_finds_a_decision_and_its_parts(client_for, demo):
    client = client_for(Role.AUDITOR)
    page = client.get("/staff/audit/", {"reference": "pcd 867"})
    assert page.status_code == 200
    labels = {entry.label for group in page.context["groups"] for entry in group.entries}
    assert "decisions.decision" in labels
    assert "decisions.section" in labels
    assert not any(
        entry.name.startswith("PCD 545")
        for group in page.context["groups"]
        for entry in group.entries
    )
    missing = client.get("/staff/audit/", {"reference": "PCD 99999"})
    assert "No record has the reference “PCD 99999”" in missing.text
    assert missing.context["groups"] == []


def test_the_user_filter_takes_part_of_a_name_in_any_case(client_for, demo):
    finance = User.objects.get(username="finance")
    category = CostCategoryFactory(code="pay")
    stamp(category, user=finance, reason="Tidied the name")
    category.name = "Pay and allowances"
    category.save()
    page = client_for(Role.AUDITOR).get("/staff/audit/", {"user": finance.display_name[:4].lower()})
    entries = [entry for group in page.context["groups"] for entry in group.entries]
    assert entries
    assert {entry.user_id for entry in entries} == {finance.pk}


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("31", "2", "2021", "From must be a real date"),
        ("", "4", "2021", "From must include a day"),
        ("1", "4", "21", "From: the year must include 4 numbers"),
        ("x", "4", "2021", "From must be a real date"),
    ],
)
def test_the_date_filters_are_govuk_date_inputs_with_clear_errors(
    client_for, db, day, month, year, error
):
    page = client_for(Role.AUDITOR).get(
        "/staff/audit/",
        {"date_from_day": day, "date_from_month": month, "date_from_year": year},
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert error in page.text
    assert 'href="#id_date_from"' in page.text
    assert 'class="govuk-date-input"' in page.text


def test_a_date_filter_narrows_the_log(client_for, demo):
    today = timezone.localdate()
    client = client_for(Role.AUDITOR)
    page = client.get(
        "/staff/audit/",
        {"date_from_day": today.day, "date_from_month": today.month, "date_from_year": today.year},
    )
    assert page.context["groups"]
    old = client.get(
        "/staff/audit/", {"date_to_day": "1", "date_to_month": "1", "date_to_year": "2000"}
    )
    assert old.context["groups"] == []
    assert date(2000, 1, 1) == old.context["form"].cleaned_data["date_to"]


def test_the_csv_has_a_row_per_field_change_with_before_and_after(client_for, demo):
    finance = User.objects.get(username="finance")
    line = BudgetLineFactory(description="Social media analyst", amount=Decimal("95000.00"))
    stamp(line, user=finance, reason='=HYPERLINK("http://evil.example","x")')
    line.amount = Decimal("96000.00")
    line.description = "-Senior social media analyst"
    line.version += 1
    line.save()
    rows = _csv(client_for(Role.AUDITOR).get("/staff/audit/audit-log.csv?model=budget.budgetline"))
    changed = [row for row in rows if row["history id"] and row["action"] == "Changed"]
    by_field = {row["field"]: row for row in changed if row["record id"] == str(line.pk)}
    assert by_field["Amount"]["before"] == "£95,000.00"
    assert by_field["Amount"]["after"] == "£96,000.00"
    assert by_field["Description"]["after"] == "'-Senior social media analyst"
    assert by_field["Amount"]["user"] == finance.display_name
    assert by_field["Amount"]["reason"] == '\'=HYPERLINK("http://evil.example","x")'
    assert by_field["Amount"]["record"].startswith("'-Senior social media analyst (")


def test_part2_words_stay_out_of_the_csv(client_for, demo):
    decision = _pcd_867()
    rows = _csv(
        client_for(Role.AUDITOR).get("/staff/audit/audit-log.csv?model=decisions.restrictedpart")
    )
    mine = [row for row in rows if row["record"] == "Part 2 of PCD 867"]
    assert mine
    body = decision.part2.body
    assert all(body[:40] not in (row["after"] or "") for row in mine)
    assert {row["after"] for row in mine if row["field"] == "Body"} == {
        "(withheld: restricted, see the record's history)"
    }


def test_one_import_is_one_entry(client_for, db):
    finance = UserFactory(roles=[Role.FINANCE], full_name="Grace Okafor")
    budget = BudgetFactory()
    category = CostCategoryFactory(code="pay")
    rows = [
        LineValues(category=category, description=f"Analyst {n}", amount=Decimal("1000.00"))
        for n in range(13)
    ]
    budget_services.budget_lines_import(
        budget=budget, rows=rows, user=finance, file_name="hub-2020.xlsx"
    )
    page = client_for(Role.AUDITOR).get("/staff/audit/", {"model": "budget.budgetline"})
    groups = page.context["groups"]
    assert len(groups) == 1
    assert groups[0].summary == "Created 13 budget lines"
    assert "Imported from hub-2020.xlsx" in page.text


def test_the_access_log_finds_a_user_by_part_of_their_name(client_for, demo):
    from alpha_hub.audit.models import AccessEvent, AccessKind

    finance = User.objects.get(username="finance")
    AccessEvent.objects.create(kind=AccessKind.LOGIN, user=finance, username="finance")
    AccessEvent.objects.create(kind=AccessKind.LOGIN_FAILED, username="mallory")
    page = client_for(Role.AUDITOR).get("/staff/audit/access/", {"username": "OKAF"})
    assert [event.username for event in page.context["events"]] == ["finance"]


def test_one_act_is_one_group_and_a_persons_edits_stay_apart():
    from datetime import timedelta

    from alpha_hub.audit.grouping import group_entries
    from alpha_hub.audit.trail import Entry

    now = timezone.now()

    def entry(seconds: float, history_id: int, reason="Line changed") -> Entry:
        at = now - timedelta(seconds=seconds)
        return Entry(at, "budget.budgetline", history_id, history_id, "~", 1, reason)

    entries = [entry(0, 9), entry(0.01, 8), entry(0.02, 7), entry(8, 6), entry(8, 5, "Other")]
    groups = group_entries(entries)
    assert [group.count for group in groups] == [3, 1, 1]
    assert groups[0].summary == "Changed 3 budget lines"
    assert groups[1].summary == "Changed budget line"


def test_a_documents_fingerprint_is_labelled_sha256(client_for, demo):
    decision_documents_issue(decision=_pcd_867(), user=demo["dmpc"])
    document = DecisionDocument.objects.filter(decision=_pcd_867()).first()
    url = f"/staff/audit/history/decisions.decisiondocument/{document.pk}/"
    text = client_for(Role.AUDITOR).get(url).text
    assert "SHA-256" in text
    assert "Sha256" not in text
