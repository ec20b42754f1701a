"""After signing, nothing is added to a decision's text, and its records are never rewritten."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from decisions.models import Decision, Recommendation
from tests.decisions.test_workflow_support import S, decision_in, dmpc_rule, make_people

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list) -> None:
    refused = pytest.raises((IntegrityError, DatabaseError))
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_no_recommendation_can_be_added_to_a_signed_decision(demo):
    decision = Decision.objects.get(number=867)
    with pytest.raises(IntegrityError, match="signed decision"), transaction.atomic():
        Recommendation.objects.create(decision=decision, position=3, text="An afterthought")
    assert decision.recommendations.count() == 2


@pytest.fixture
def signed_through_the_workflow(django_capture_on_commit_callbacks):
    """Cleared, signed and issued through the services: a clearance, a signature, documents."""
    dmpc_rule()
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_in(S.SIGNED, make_people())
    assert decision.clearances.exists()
    assert decision.documents.count() == 2
    return decision


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("decisions_signature", "printed_name"),
        ("decisions_clearance", "comment"),
        ("decisions_decisiondocument", "sha256"),
    ],
)
def test_records_of_what_happened_are_never_rewritten(signed_through_the_workflow, table, column):
    decision = signed_through_the_workflow
    where = f"WHERE decision_id = {decision.pk}"
    _refused(f"UPDATE {table} SET {column} = %s {where}", ["0" * 64])
    _refused(f"DELETE FROM {table} {where}", [])


def test_the_demo_signature_is_the_one_printed_on_the_page(demo):
    decision = Decision.objects.get(number=867)
    assert decision.signature.printed_name == decision.signed_by_name
