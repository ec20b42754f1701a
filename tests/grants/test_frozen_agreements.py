"""What a signed decision approved stays as signed: an agreement's terms change by variation."""

import pytest
from django.db import DatabaseError, connection, transaction

from decisions.models import Decision
from grants.models import GrantAgreement
from tests.decisions.test_workflow_support import decision_in, dmpc_rule, make_people
from tests.factories import DecisionFactory, GrantAgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    """The agreement that a decision, signed through the workflow, approves."""
    dmpc_rule()
    decision = decision_in(Decision.Status.SIGNED, make_people())
    return decision.approvals.get().agreement


def _terms(agreement) -> tuple:
    fresh = GrantAgreement.objects.get(pk=agreement.pk)
    return (
        fresh.amount_awarded,
        fresh.funder_id,
        fresh.recipient_id,
        fresh.starts_on,
        fresh.ends_on,
    )


def _run(sql: str, agreement_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [agreement_id])


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE grants_grantagreement SET amount_awarded = amount_awarded + 1 WHERE id = %s",
        "UPDATE grants_grantagreement SET funder_id = recipient_id, recipient_id = funder_id "
        "WHERE id = %s",
        "UPDATE grants_grantagreement SET recipient_id = (SELECT max(id) FROM grants_organisation) "
        "WHERE id = %s",
        "UPDATE grants_grantagreement SET starts_on = starts_on - 1 WHERE id = %s",
        "UPDATE grants_grantagreement SET ends_on = ends_on + 365, status = 'active' WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_the_terms_a_signed_decision_approved(approved, sql):
    OrganisationFactory()
    before = _terms(approved)
    with (
        pytest.raises(DatabaseError, match="change only through a variation"),
        transaction.atomic(),
    ):
        _run(sql, approved.pk)
    assert _terms(approved) == before


def test_the_database_refuses_to_delete_an_agreement_a_signed_decision_approved(approved):
    with pytest.raises(DatabaseError, match="it cannot be deleted"), transaction.atomic():
        _run("DELETE FROM grants_grantagreement WHERE id = %s", approved.pk)
    assert GrantAgreement.objects.filter(pk=approved.pk).exists()


def test_the_refusal_names_the_agreement_and_the_signed_decision(approved):
    decision = approved.approvals.get().decision
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        _run("UPDATE grants_grantagreement SET amount_awarded = 1 WHERE id = %s", approved.pk)
    assert f"grant agreement {approved.reference} was approved by signed decision " in str(
        refused.value
    )
    assert decision.reference in str(refused.value)


def test_its_status_and_description_still_change(approved):
    assert approved.status == GrantAgreement.Status.APPROVED  # set by the signing, after it
    _run(
        "UPDATE grants_grantagreement SET status = 'active', title = 'Renamed', "
        "conditions = 'Quarterly claims.', updated_at = now() WHERE id = %s",
        approved.pk,
    )
    _run(
        "UPDATE grants_grantagreement SET status = 'closed', amount_spent = 1, "
        "underspend_returned = 0, closed_on = ends_on WHERE id = %s",
        approved.pk,
    )
    fresh = GrantAgreement.objects.get(pk=approved.pk)
    assert (fresh.status, fresh.title) == (GrantAgreement.Status.CLOSED, "Renamed")


def test_an_agreement_only_a_draft_approves_can_still_change():
    agreement = GrantAgreementFactory()
    DecisionFactory().approvals.create(agreement=agreement)
    _run(
        "UPDATE grants_grantagreement SET amount_awarded = 5, ends_on = ends_on + 1 WHERE id = %s",
        agreement.pk,
    )
    assert GrantAgreement.objects.get(pk=agreement.pk).amount_awarded == 5
    lone = GrantAgreementFactory()
    _run("DELETE FROM grants_grantagreement WHERE id = %s", lone.pk)
    assert not GrantAgreement.objects.filter(pk=lone.pk).exists()
