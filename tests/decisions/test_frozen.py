"""A signed decision is frozen: the services refuse, and the database refuses raw SQL too."""

import pytest
from django.db import DatabaseError, connection, transaction

from decisions import services
from decisions.models import Decision, DecisionSeries
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import decision_in, dmpc_rule, make_people
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db
S = Decision.Status


@pytest.fixture
def signed():
    dmpc_rule()
    people = make_people()
    decision = decision_in(S.SIGNED, people, part2="Confidential costs.")
    return decision, people


def _refused_by_database(sql: str, params: list) -> None:
    refused = pytest.raises(DatabaseError, match=r"is signed|of signed decision")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_decision SET title = 'Changed' WHERE id = %s",
        "UPDATE decisions_decision SET financial_value = 1 WHERE id = %s",
        "UPDATE decisions_decision SET status = 'draft' WHERE id = %s",
        "UPDATE decisions_decision SET published_at = now(), title = 'x', status = 'published' "
        "WHERE id = %s",
        "DELETE FROM decisions_decision WHERE id = %s",
        "UPDATE decisions_recommendation SET text = 'Changed' WHERE decision_id = %s",
        "DELETE FROM decisions_recommendation WHERE decision_id = %s",
        "UPDATE decisions_section SET body = 'Changed' WHERE decision_id = %s",
        "UPDATE decisions_section SET position = position + 100 WHERE decision_id = %s",
        "DELETE FROM decisions_section WHERE decision_id = %s",
        "UPDATE decisions_restrictedpart SET body = 'Leaked' WHERE decision_id = %s",
        "DELETE FROM decisions_restrictedpart WHERE decision_id = %s",
    ],
)
def test_the_database_refuses_changes_to_a_signed_decision(signed, sql):
    decision, _people = signed
    _refused_by_database(sql, [decision.pk])
    fresh = Decision.objects.get(pk=decision.pk)
    assert fresh.title == "Project Alpha Social Media Hub"
    assert fresh.status == S.SIGNED
    assert fresh.recommendations.get().text == "Approve the grant."


def test_the_database_allows_only_the_move_to_published(signed):
    decision, _people = signed
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision SET status = 'published', published_at = clock_timestamp(), "
            "updated_at = clock_timestamp() WHERE id = %s",
            [decision.pk],
        )
    assert Decision.objects.get(pk=decision.pk).status == S.PUBLISHED
    _refused_by_database(
        "UPDATE decisions_decision SET published_at = clock_timestamp() WHERE id = %s",
        [decision.pk],
    )


def test_a_draft_can_still_be_changed_in_sql():
    people = make_people()
    decision = decision_in(S.DRAFT, people)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_recommendation SET text = 'Edited' WHERE decision_id = %s",
            [decision.pk],
        )
    assert decision.recommendations.get().text == "Edited"


def test_the_services_refuse_to_change_a_signed_decision(signed):
    decision, people = signed
    attempts = [
        lambda: services.decision_update(decision=decision, user=people.drafter, title="New"),
        lambda: services.recommendation_add(decision=decision, user=people.drafter, text="More"),
        lambda: services.recommendation_remove(
            recommendation=decision.recommendations.get(), user=people.drafter
        ),
        lambda: services.section_move(
            section=decision.sections.first(), user=people.drafter, up=False
        ),
        lambda: services.decision_part2_set(
            decision=decision, user=people.drafter, has_part2=False
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DecisionRefusedError, match="signed and cannot be changed"):
            attempt()
    assert Decision.objects.get(pk=decision.pk).title == "Project Alpha Social Media Hub"


def test_a_correction_is_a_new_decision_linked_both_ways(signed, client):
    decision, people = signed
    correction = services.decision_create(
        user=people.drafter,
        series=decision.series,
        title="Project Alpha: corrected",
        category=decision.category,
        office=decision.office,
        financial_value=decision.financial_value,
        links=[("supersedes", decision)],
    )
    assert correction.number == decision.number + 1
    client.force_login(people.drafter)
    new_page = client.get(f"/staff/decisions/{correction.pk}/").content.decode()
    old_page = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert f'Supersedes <a class="govuk-link" href="/staff/decisions/{decision.pk}/">' in new_page
    assert (
        f'Superseded by <a class="govuk-link" href="/staff/decisions/{correction.pk}/">' in old_page
    )


def _series_code_change(series_id: int, code: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decisionseries SET code = %s WHERE id = %s", [code, series_id]
        )


def test_a_series_code_in_use_cannot_be_renamed_even_in_sql():
    series = DecisionFactory().series
    with pytest.raises(DatabaseError, match="its code cannot change"), transaction.atomic():
        _series_code_change(series.pk, "XPCD")
    series.refresh_from_db()
    assert series.code == "PCD"
    series.name = "Renamed series"
    series.save()
    unused = DecisionSeries.objects.create(code="NEW", name="Not used yet")
    _series_code_change(unused.pk, "NEWER")
    unused.refresh_from_db()
    assert unused.code == "NEWER"


# Tables whose rows are frozen or append-only; TRUNCATE would empty them past their row triggers.
FROZEN_TABLES = [
    "decisions_decision",
    "decisions_recommendation",
    "decisions_section",
    "decisions_restrictedpart",
    "decisions_decisionlink",
    "decisions_approvedagreement",
    "decisions_approvedvariation",
    "decisions_clearance",
    "decisions_signature",
    "decisions_decisiondocument",
    "decisions_decisionseries",
    "alpha_hub_accessevent",
    "grants_grantagreement",
    "budget_budget",
    "budget_budgetline",
]


@pytest.mark.parametrize("table", FROZEN_TABLES)
def test_the_database_refuses_to_truncate_a_frozen_table(signed, table):
    before = Decision.objects.count()
    with connection.cursor() as cursor:
        # Deferred checks still pending would stop TRUNCATE before any trigger runs.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with (
        pytest.raises(DatabaseError, match="is a permanent record: it cannot be truncated"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert Decision.objects.count() == before


def test_every_table_with_frozen_rows_refuses_truncate():
    from pgtrigger import registered

    by_table: dict[str, set[str]] = {}
    for model, trigger in registered():
        by_table.setdefault(model._meta.db_table, set()).add(trigger.name)
    row_guards = {
        "frozen_when_signed",
        "record_only",
        "append_only",
        "terms_fixed_when_approved",
        "code_fixed_when_used",
        "line_budget_not_locked",
        "budget_year_in_agreement_period",
    }
    frozen = {table for table, names in by_table.items() if names & row_guards}
    assert set(FROZEN_TABLES) <= frozen
    assert {table for table in frozen if "no_truncate" not in by_table[table]} == set()
