"""Migrations 0010-0012: a register whose decisions were addressed to roles keeps its printed
addressee, and its signed, frozen records gain their office without any other change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("decisions", "0009_signed_links_approvals_series_code_fixed_no_truncate")]
SIGNED = datetime(2020, 6, 22, 11, tzinfo=UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _signed_decision(apps, role: str, number: int):
    user = apps.get_model("alpha_hub", "User").objects.create(username=f"signer{number}")
    Decision = apps.get_model("decisions", "Decision")
    decision = Decision.objects.create(
        series=apps.get_model("decisions", "DecisionSeries").objects.get_or_create(code="PCD")[0],
        category=apps.get_model("decisions", "DecisionCategory").objects.get_or_create(
            code="grant_funding", defaults={"name": "Grant funding"}
        )[0],
        number=number, title=f"Decision {number}", decision_maker_role=role, drafted_by=user,
        status="published", signed_by=user, signed_by_name="Sophie Linden, DMPC",
        signed_at=SIGNED, published_at=SIGNED,
    )  # fmt: skip
    apps.get_model("decisions", "HistoricalDecision").objects.create(
        id=decision.id, series_id=decision.series_id, category_id=decision.category_id,
        number=number, title=decision.title, decision_maker_role=role, drafted_by_id=user.id,
        status="published", financial_value=0, signed_at=SIGNED, published_at=SIGNED,
        created_at=SIGNED, updated_at=SIGNED, history_date=SIGNED, history_type="+",
    )  # fmt: skip
    apps.get_model("decisions", "Signature").objects.create(
        decision=decision, signed_by=user, signed_at=SIGNED, printed_name="Sophie Linden, DMPC",
        declaration="I confirm ...",
    )  # fmt: skip
    return decision.pk


def test_roles_become_offices_and_signed_records_keep_their_addressee():
    apps = _migrate(BEFORE)
    dmpc = _signed_decision(apps, "dmpc", 867)
    ceo = _signed_decision(apps, "chief_executive", 868)
    apps.get_model("decisions", "DelegationRule").objects.create(
        role="dmpc", series_id=apps.get_model("decisions", "DecisionSeries").objects.get().pk,
        scheme_paragraph="Paragraph 4.8",
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    from decisions.models import Decision, DelegationRule, Signature

    assert Decision.objects.get(pk=dmpc).addressee == "Deputy Mayor for Policing and Crime"
    assert Decision.objects.get(pk=dmpc).addressee_abbreviation == "DMPC"
    assert Decision.objects.get(pk=ceo).addressee == "Chief Executive"
    assert Decision.objects.get(pk=ceo).history.get().office.code == "chief_executive"
    signature = Signature.objects.get(decision_id=ceo)
    assert (signature.office.code, signature.office_title, signature.capacity) == (
        "chief_executive",
        "Chief Executive",
        "",
    )
    assert DelegationRule.objects.get().office.code == "dmpc"
    # Nothing else about the signed record changed, and it is frozen again.
    assert Decision.objects.get(pk=dmpc).signed_by_name == "Sophie Linden, DMPC"
    with pytest.raises(Exception, match="is signed"):
        Decision.objects.filter(pk=dmpc).update(title="Changed")
