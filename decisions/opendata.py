"""Open data: outgoing grants in the 360Giving Data Standard, and the decisions dataset.

Pure functions from records to plain data; the views serialise them. Part 2 is never read here.
See docs/adr/0042-open-data.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from decisions.models import Decision
from decisions.selectors.public import DecisionParts
from grants.models import GrantAgreement

DATA_SOURCE_PATH = "/data/"
DECISIONS_SCHEMA_PATH = "/static/data/decisions.schema.json"

# 360Giving's flattened CSV headings for the fields the JSON carries, in order.
CSV_COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Last Modified", ("dateModified",)),
    ("Data Source", ("dataSource",)),
]
CSV_HEADINGS = [heading for heading, _path in CSV_COLUMNS]


def grant_identifier(agreement: GrantAgreement) -> str:
    """`360G-<prefix>-<reference>`, the prefix from the environment (THREESIXTY_GIVING_PREFIX)."""
    return f"360G-{settings.THREESIXTY_GIVING_PREFIX}-{agreement.reference}"


def _amount(value: Decimal) -> int | float:
    """A JSON number for an amount: whole pounds as integers, else pounds and pence."""
    return int(value) if value == value.to_integral_value() else float(value)


def _organisation(organisation) -> list[dict]:
    return [{"id": organisation.org_identifier, "name": organisation.name}]


def _day(moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return moment.isoformat()


def grant_360(agreement: GrantAgreement, *, base_url: str) -> dict:
    """One outgoing grant as a 360Giving grant object (schema 1.4.3)."""
    description = agreement.conditions.strip() or agreement.title
    grant = {
        "id": grant_identifier(agreement),
        "title": agreement.title,
        "description": description,
        "currency": "GBP",
        "amountAwarded": _amount(agreement.amount_awarded),
        "awardDate": _day(agreement.awarded_at or agreement.starts_on),
        "plannedDates": [
            {"startDate": _day(agreement.starts_on), "endDate": _day(agreement.ends_on)}
        ],
        "recipientOrganization": _organisation(agreement.recipient),
        "fundingOrganization": _organisation(agreement.funder),
        "grantProgramme": [{"title": agreement.fund_name or agreement.programme.name}],
        "dateModified": timezone.localtime(agreement.updated_at).isoformat(),
        "dataSource": base_url + DATA_SOURCE_PATH,
    }
    return grant


def grants_360_package(agreements: Iterable[GrantAgreement], *, base_url: str) -> dict:
    """The 360Giving JSON package: `{"grants": [...]}`."""
    return {"grants": [grant_360(agreement, base_url=base_url) for agreement in agreements]}


def _cell(grant: dict, path: tuple):
    value = grant
    for step in path:
        value = value[step]
    return value


def grants_360_rows(grants: Iterable[dict]) -> Iterator[list]:
    """The CSV's rows under CSV_HEADINGS, one per 360Giving grant object; amounts stay numbers."""
    for grant in grants:
        yield [_cell(grant, path) for _heading, path in CSV_COLUMNS]


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
        "financial_value": str(decision.financial_value),
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
        "grant_agreements": [_agreement_record(approval.agreement) for approval in parts.approvals],
    }


def _agreement_record(agreement: GrantAgreement) -> dict:
    return {
        "reference": agreement.reference,
        "title": agreement.title,
        "direction": agreement.direction,
        "funder": {"id": agreement.funder.org_identifier, "name": agreement.funder.name},
        "recipient": {"id": agreement.recipient.org_identifier, "name": agreement.recipient.name},
        "amount": str(agreement.amount_awarded),
        "start_date": _day(agreement.starts_on),
        "end_date": _day(agreement.ends_on),
    }
