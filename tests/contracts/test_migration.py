"""Migration decisions 0016: existing decisions get a kind and a way their value is published.

Approving a grant agreement makes a decision a grant (PCD 867), any other is "other"; an imported
decision whose register withheld its value is "withheld"; signed records change in nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("decisions", "0015_forward_plan")]
SIGNED = datetime(2020, 6, 22, 11, tzinfo=UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _draft(apps, number: int, **fields):
    model = apps.get_model
    user = model("alpha_hub", "User").objects.create(username=f"signer{number}")
    return model("decisions", "Decision").objects.create(
        series=model("decisions", "DecisionSeries").objects.get_or_create(code="PCD")[0],
        category=model("decisions", "DecisionCategory").objects.get_or_create(
            code="grant_funding", defaults={"name": "Grant funding"}
        )[0],
        office=model("decisions", "Office").objects.get_or_create(
            code="dmpc",
            defaults={"title": "Deputy Mayor for Policing and Crime", "abbreviation": "DMPC"},
        )[0],
        number=number, title=f"Decision {number}", drafted_by=user, **fields,
    )  # fmt: skip


def _publish(apps, *decisions) -> None:
    """Published after its approvals: the database refuses them on a signed decision."""
    for decision in decisions:
        apps.get_model("decisions", "Decision").objects.filter(pk=decision.pk).update(
            status="published", signed_by=decision.drafted_by, signed_at=SIGNED,
            signed_by_name="Sophie Linden, DMPC", published_at=SIGNED,
        )  # fmt: skip


def test_existing_decisions_get_their_kind_and_publication():
    apps = _migrate(BEFORE)
    model = apps.get_model
    organisation = model("grants", "Organisation")
    funder = organisation.objects.create(name="Home Office", kind="government_department",
                                         org_identifier="GB-GOVUK-home-office")  # fmt: skip
    recipient = organisation.objects.create(name="MPS", kind="police_force",
                                            org_identifier="GB-GOVUK-mps")  # fmt: skip
    programme = model("grants", "Programme").objects.create(
        name="Alpha", slug="alpha", host=recipient
    )
    agreement = model("grants", "GrantAgreement").objects.create(
        reference="HO-1", title="Hub", programme=programme, funder=funder, recipient=recipient,
        direction="incoming", amount_awarded=1479306.16, starts_on="2020-04-01",
        ends_on="2021-03-31",
    )  # fmt: skip
    pcd_867 = _draft(apps, 867, financial_value=1479306.16)
    model("decisions", "ApprovedAgreement").objects.create(decision=pcd_867, agreement=agreement)
    governance = _draft(apps, 868, financial_value=0)
    withheld = _draft(apps, 402, financial_value=0, value_withheld=True)
    _publish(apps, pcd_867, governance, withheld)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from decisions.models import Decision

    rows = {d.number: (d.kind, d.value_publication) for d in Decision.objects.all()}
    assert rows == {
        867: ("grant", "exact"),
        868: ("other", "exact"),
        402: ("other", "withheld"),
    }
    assert Decision.objects.get(pk=withheld.pk).value_withheld
    assert Decision.objects.get(pk=pcd_867.pk).signed_by_name == "Sophie Linden, DMPC"
    with pytest.raises(Exception, match="is signed"):
        Decision.objects.filter(pk=governance.pk).update(kind="governance")
