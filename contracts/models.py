"""Contracts: what a decision may approve instead of, or as well as, a grant (docs/adr/0058).

A contract is a workflow record: the decision's staff screen writes it through
decisions.services.contracts, and the decision's `ApprovedContract` (decisions/models/approvals.py)
says which decision approves it. Contracts sit below decisions, so the tables of decisions are
named only in the trigger's SQL, which Postgres resolves when it runs.
"""

import pgtrigger
from django.db import models
from django.db.models import F, Q

from alpha_hub.db import TimeStamped
from alpha_hub.history import AuditedHistory, no_truncate_trigger
from alpha_hub.money import MoneyField
from grants.models import Organisation

TITLE_MAX = 200
JUSTIFICATION_MAX = 2000
AWARDED_BY_MAX = 200

# A contract that a signed decision approves is fixed, as the decision is: a change is a new one.
FROZEN_WHEN_APPROVED = """
SELECT s.code || ' ' || d.number INTO signed_reference
FROM decisions_approvedcontract a
JOIN decisions_decision d ON d.id = a.decision_id
JOIN decisions_decisionseries s ON s.id = d.series_id
WHERE a.contract_id = OLD.id AND d.status IN ('signed', 'published')
LIMIT 1;
IF FOUND THEN
    RAISE EXCEPTION 'contract % was approved by signed decision %: it cannot be changed',
        OLD.id, signed_reference USING ERRCODE = 'integrity_constraint_violation';
END IF;
IF TG_OP = 'DELETE' THEN
    RETURN OLD;
END IF;
RETURN NEW;
"""


class ProcurementRoute(models.TextChoices):
    """How the supplier is chosen (the routes of the Procurement Act 2023, and below threshold)."""

    OPEN = "open", "Open procedure (tender)"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    FRAMEWORK = "framework", "Call-off from a framework"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market"
    QUOTATIONS = "quotations", "Quotations (below the threshold)"
    DIRECT_AWARD = "direct_award", "Direct award (with its justification)"


class Contract(TimeStamped):
    """A contract a decision approves: supplier, maximum value, period, route, who awards it."""

    Route = ProcurementRoute

    title = models.CharField("what is bought", max_length=TITLE_MAX)
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contracts")
    maximum_value = MoneyField(help_text="The most the contract may cost over its whole period.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    procurement_route = models.CharField(max_length=25, choices=Route.choices)
    route_justification = models.TextField(
        max_length=JUSTIFICATION_MAX, blank=True,
        help_text="Why a direct award: required for one, e.g. the ground under the Procurement "
        "Act 2023, Schedule 5.",
    )  # fmt: skip
    awarded_by = models.CharField(
        "who may award it", max_length=AWARDED_BY_MAX,
        help_text="The office, role or body that awards the contract once the decision is "
        "signed, e.g. “Chief Finance Officer” or “MOPAC Commercial Services”.",
    )  # fmt: skip

    history = AuditedHistory()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum_value__gt=0),
                name="contract_maximum_value_positive",
                violation_error_message="The maximum value must be more than £0.00.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="contract_dates_in_order",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(procurement_route__in=ProcurementRoute.values),
                name="contract_route_valid",
                violation_error_message="Choose a procurement route from the list.",
            ),
            models.CheckConstraint(
                condition=~Q(procurement_route=ProcurementRoute.DIRECT_AWARD)
                | ~Q(route_justification=""),
                name="contract_direct_award_justified",
                violation_error_message="Give the justification for a direct award.",
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(awarded_by=""),
                name="contract_title_and_awarder_not_empty",
                violation_error_message="Say what is bought and who may award the contract.",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="frozen_when_approved",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                declare=[("signed_reference", "TEXT")],
                func=FROZEN_WHEN_APPROVED,
            ),
            no_truncate_trigger(),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.supplier.name})"
