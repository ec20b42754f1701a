"""Open data: the decisions dataset (360Giving grants are decisions/threesixty.py).

Pure functions from records to plain data; the views serialise them. Part 2 is never read here.
See docs/adr/0042-open-data.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.utils import timezone

from decisions.models import Decision
from decisions.selectors.public import DecisionParts
from grants.models import GrantAgreement

DECISIONS_SCHEMA_PATH = "/static/data/decisions.schema.json"


def _day(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return moment.isoformat()


def decision_record(
    decision: Decision,
    parts: DecisionParts,
    *,
    absolute: Callable[[str], str],
    url_of: Callable[[Decision], str],
) -> dict:
    """One published decision, Part 1 only, as the decisions dataset lists it.

    `parts` from selectors.public.decision_open_data_parts(); `url_of` gives a decision's
    public path (views.public.detail_url_maker(): one reverse() for the page, not one a row).
    """
    return {
        "reference": decision.reference,
        "series": decision.series.code,
        "number": decision.number,
        "title": decision.title,
        "url": absolute(url_of(decision)),
        "executive_summary": decision.executive_summary,
        "decision_by": decision.signed_by_name,
        "decision_maker_role": decision.addressee,
        "date_signed": _day(decision.signed_at),
        "date_published": _day(decision.published_at),
        "kind": decision.kind,
        # A withheld value is never published, here or anywhere (docs/adr/0058).
        "financial_value": None if decision.value_withheld else str(decision.financial_value),
        "value_publication": decision.value_publication,
        "has_part2": decision.has_part2,
        "recommendations": parts.recommendations,
        "sections": [
            {"number": number, "heading": heading, "body": body}
            for number, (heading, body) in enumerate(parts.sections, start=1)
        ],
        "related_decisions": [
            {
                "relation": link.get_kind_display().lower(),
                "reference": link.target.reference,
                "url": absolute(url_of(link.target)),
            }
            for link in parts.links
        ],
        "grant_agreements": [
            _agreement_record(
                approval.agreement,
                withheld=decision.value_withheld,
                match=parts.match_funding.get(approval.agreement_id, []),
            )
            for approval in parts.approvals
        ],
        "grant_variations": [
            _variation_record(variation, withheld=decision.value_withheld)
            for variation in parts.variations
        ],
        "contracts": [
            _contract_record(contract, withheld=decision.value_withheld)
            for contract in parts.contracts
        ],
    }


def _money(amount, *, withheld: bool) -> str | None:
    """An amount as the dataset gives it: "1479306.16", or None when the value is withheld."""
    return None if withheld else str(amount)


def _agreement_record(agreement: GrantAgreement, *, withheld: bool, match: list) -> dict:
    """An agreement the decision approves, with its match funding (none of it if withheld)."""
    return {
        "reference": agreement.reference,
        "title": agreement.title,
        "direction": agreement.direction,
        "funder": {"id": agreement.funder.org_identifier, "name": agreement.funder.name},
        "recipient": {"id": agreement.recipient.org_identifier, "name": agreement.recipient.name},
        "amount": _money(agreement.amount_awarded, withheld=withheld),
        "start_date": _day(agreement.starts_on),
        "end_date": _day(agreement.ends_on),
        "parent_reference": agreement.parent.reference if agreement.parent_id else None,
        "match_funding": [] if withheld else [
            {
                "source": {"id": line.source.org_identifier, "name": line.source.name},
                "amount": str(line.amount),
                "financial_year": str(line.financial_year),
            }
            for line in match
        ],
    }  # fmt: skip


def _variation_record(variation, *, withheld: bool) -> dict:
    """A variation the decision makes: the agreement's amount before, the change and after."""
    return {
        "agreement_reference": variation.agreement.reference,
        "amount_before": _money(variation.amount_before, withheld=withheld),
        "change": _money(variation.change, withheld=withheld),
        "amount_after": _money(variation.amount_after, withheld=withheld),
        "start_date_after": _day(variation.starts_on_after) if variation.starts_on_after else None,
        "end_date_after": _day(variation.ends_on_after) if variation.ends_on_after else None,
    }


def _contract_record(contract, *, withheld: bool) -> dict:
    """A contract the decision approves; its maximum is withheld with the decision's value."""
    return {
        "title": contract.title,
        "supplier": {"id": contract.supplier.org_identifier, "name": contract.supplier.name},
        "maximum_value": None if withheld else str(contract.maximum_value),
        "start_date": _day(contract.starts_on),
        "end_date": _day(contract.ends_on),
        "procurement_route": contract.procurement_route,
        "awarded_by": contract.awarded_by,
    }
