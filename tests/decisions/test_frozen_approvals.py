"""A signed decision's links and approvals stay as signed: the database refuses raw SQL too."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from decisions import services
from decisions.models import ApprovedAgreement, ApprovedVariation, DecisionLink
from grants.models import GrantVariation
from tests.factories import DecisionFactory, GrantAgreementFactory, mark_signed

pytestmark = pytest.mark.django_db


def _variation(agreement) -> GrantVariation:
    return GrantVariation.objects.create(
        agreement=agreement,
        amount_before=agreement.amount_awarded,
        amount_after=agreement.amount_awarded + Decimal("5000.00"),
        reason="Two more officers.",
    )


@pytest.fixture
def signed():
    """A signed decision that continues an earlier one and approves an agreement and a variation.

    A second agreement and variation, created last, are what the SQL below tries to add.
    """
    earlier = mark_signed(DecisionFactory(), published=True)
    decision = DecisionFactory()
    agreement = GrantAgreementFactory()
    ApprovedAgreement.objects.create(decision=decision, agreement=agreement)
    ApprovedVariation.objects.create(decision=decision, variation=_variation(agreement))
    DecisionLink.objects.create(source=decision, target=earlier, kind="continues")
    mark_signed(decision)
    _variation(GrantAgreementFactory())
    return decision


def _what_it_owns(decision) -> tuple:
    return (
        list(decision.links_out.values_list("target_id", "kind")),
        list(decision.approvals.values_list("agreement_id", flat=True)),
        list(decision.variation_approvals.values_list("variation_id", flat=True)),
    )


def _run(sql: str, decision_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [decision_id] * sql.count("%s"))


LAST_AGREEMENT = "(SELECT max(id) FROM grants_grantagreement)"
LAST_VARIATION = "(SELECT max(id) FROM grants_grantvariation)"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_decisionlink SET kind = 'supersedes' WHERE source_id = %s",
        "DELETE FROM decisions_decisionlink WHERE source_id = %s",
        "INSERT INTO decisions_decisionlink (created_at, updated_at, source_id, target_id, kind) "
        "SELECT now(), now(), source_id, target_id, 'refers_to' FROM decisions_decisionlink "
        "WHERE source_id = %s",
        f"UPDATE decisions_approvedagreement SET agreement_id = {LAST_AGREEMENT} "
        "WHERE decision_id = %s",
        "DELETE FROM decisions_approvedagreement WHERE decision_id = %s",
        "INSERT INTO decisions_approvedagreement (created_at, updated_at, decision_id, "
        f"agreement_id) VALUES (now(), now(), %s, {LAST_AGREEMENT})",
        f"UPDATE decisions_approvedvariation SET variation_id = {LAST_VARIATION} "
        "WHERE decision_id = %s",
        "DELETE FROM decisions_approvedvariation WHERE decision_id = %s",
        "INSERT INTO decisions_approvedvariation (created_at, updated_at, decision_id, "
        f"variation_id) VALUES (now(), now(), %s, {LAST_VARIATION})",
    ],
)
def test_the_database_refuses_to_change_what_a_signed_decision_links_to_or_approves(signed, sql):
    before = _what_it_owns(signed)
    with (
        pytest.raises(DatabaseError, match=f"signed decision {signed.pk} (approves )?cannot be"),
        transaction.atomic(),
    ):
        _run(sql, signed.pk)
    assert _what_it_owns(signed) == before


def test_a_draft_link_or_approval_cannot_be_moved_onto_a_signed_decision(signed):
    draft = DecisionFactory()
    ApprovedAgreement.objects.create(decision=draft, agreement=GrantAgreementFactory())
    DecisionLink.objects.create(source=draft, target=mark_signed(DecisionFactory()), kind="varies")
    for sql in [
        f"UPDATE decisions_decisionlink SET source_id = %s WHERE source_id = {draft.pk}",
        f"UPDATE decisions_approvedagreement SET decision_id = %s WHERE decision_id = {draft.pk}",
    ]:
        with pytest.raises(DatabaseError, match="signed decision"), transaction.atomic():
            _run(sql, signed.pk)
    assert draft.links_out.count() == draft.approvals.count() == 1


def test_a_new_decision_may_still_link_to_a_signed_one_and_unlink_again(signed):
    draft = DecisionFactory()
    link = services.decision_link_add(
        decision=draft, user=draft.drafted_by, target=signed, kind="supersedes"
    )
    _run(
        "INSERT INTO decisions_decisionlink (created_at, updated_at, source_id, target_id, kind) "
        f"VALUES (now(), now(), {draft.pk}, %s, 'refers_to')",
        signed.pk,
    )
    assert set(signed.links_in.values_list("kind", flat=True)) == {"supersedes", "refers_to"}
    services.decision_link_remove(link=link, user=draft.drafted_by)
    _run("DELETE FROM decisions_decisionlink WHERE target_id = %s", signed.pk)
    assert not signed.links_in.exists()


def test_a_drafts_links_and_approvals_can_still_change_in_sql(signed):
    draft = DecisionFactory()
    DecisionLink.objects.create(source=draft, target=signed, kind="refers_to")
    agreement = GrantAgreementFactory()
    ApprovedAgreement.objects.create(decision=draft, agreement=GrantAgreementFactory())
    ApprovedVariation.objects.create(decision=draft, variation=_variation(agreement))
    _run("UPDATE decisions_decisionlink SET kind = 'varies' WHERE source_id = %s", draft.pk)
    _run(
        f"UPDATE decisions_approvedagreement SET agreement_id = {agreement.pk} "
        "WHERE decision_id = %s",
        draft.pk,
    )
    assert draft.links_out.get().kind == "varies"
    assert draft.approvals.get().agreement == agreement
    for table in ["decisionlink", "approvedagreement", "approvedvariation"]:
        column = "source_id" if table == "decisionlink" else "decision_id"
        _run(f"DELETE FROM decisions_{table} WHERE {column} = %s", draft.pk)
    assert _what_it_owns(draft) == ([], [], [])
