"""Outgoing grants in the 360Giving Data Standard (schema 1.4.3), JSON and CSV, streamed.

One query for every grant, read through a server-side cursor a chunk at a time and written out
as it is read, so 10,000 grants take the memory of a chunk (bench/threesixty_bench.py). Which
grants: outgoing, approved by a published decision and not withdrawn. For each:

- `awardDate`: the day the first published decision approving it was signed;
- `amountAwarded` and `plannedDates`: after the variations published decisions made;
- `relatedDocument` (and `url`): the awarding decision's public page;
- `fundingOrganization`: the body that awards it; an onward grant names the funder of the
  incoming grant that pays for it in its programme title, as 360Giving's regranting guidance
  asks recipients of funds for distribution to do (`regrantType` is for the donor's grant);
- `amountDisbursed` and `disbursementTransaction` (issue 11): what this body has paid the
  recipient, the payments recorded against the grant's claims. Only on a grant whose payments
  Alpha Hub records, the ones with a claim schedule: a grant paid before it had one would
  otherwise read as paid nothing. Nor on one that a signed variation the public does not see
  changes (unpublished, or withheld): the payments could pass the amount shown and tell it.
  One query per chunk reads the chunk's payments.

A decision whose value is withheld publishes no amount: the grants it awards are left out, and
its variations count for nothing here (their amounts would tell it). The CSV is flatten-tool's
main sheet of the JSON (tests/decisions/test_threesixty.py round-trips it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from budget.programme import COUNTED_STATUSES
from claims.models import ClaimPeriod, Payment
from claims.selectors import disbursements
from decisions.models import ApprovedAgreement, Decision, DecisionSeries
from decisions.selectors.public import one_of, series_by_id
from grants.models import GrantAgreement, GrantVariation

DATA_SOURCE_PATH = "/data/"
CHUNK = 500  # rows a fetch from the server-side cursor: the memory a response holds
PUBLISHED = Decision.Status.PUBLISHED
WITHHELD = Decision.ValuePublication.WITHHELD

# flatten-tool's main sheet for the fields the JSON carries, in the schema's order, with its
# titles (`--use-titles --rollup`); relatedDocument and disbursementTransaction have no roll-up,
# so they are in sheets of their own and the grant's `url` carries the same page here. A grant
# without `amountDisbursed` has that cell empty.
CSV_COLUMNS = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Amount Disbursed", ("amountDisbursed",)),
    ("Award Date", ("awardDate",)),
    ("URL", ("url",)),
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


def _first(values: str):
    """A subquery: `values` of the first published decision approving the row's agreement."""
    approvals = ApprovedAgreement.objects.filter(
        agreement=OuterRef("pk"), decision__status=PUBLISHED
    ).order_by("decision__signed_at", "decision__number")
    return Subquery(approvals.values(values)[:1])


def _latest(values: str, **narrower):
    """A subquery: `values` of the latest variation that counts in public (see the docstring)."""
    variations = (
        GrantVariation.objects.filter(
            agreement=OuterRef("pk"), approval__decision__status=PUBLISHED, **narrower
        )
        .exclude(approval__decision__value_publication=WITHHELD)
        .order_by("-approval__decision__signed_at", "-pk")
    )
    return Subquery(variations.values(values)[:1])


def _unseen_variations() -> QuerySet[GrantVariation]:
    """Signed variations of the row's agreement the public does not see (not yet published, or
    its value withheld): what was paid could pass the amount shown and so give them away."""
    return GrantVariation.objects.filter(
        Q(approval__decision__value_publication=WITHHELD)
        | ~Q(approval__decision__status=PUBLISHED),
        agreement=OuterRef("pk"),
        approval__decision__status__in=Decision.SIGNED_STATUSES,
    )


def grants_for_360() -> QuerySet[GrantAgreement]:
    """The grants 360Giving lists, oldest starting first, each with what its record needs."""
    return (
        GrantAgreement.objects.filter(
            direction=GrantAgreement.Direction.OUTGOING, status__in=COUNTED_STATUSES
        )
        .annotate(
            award_decision=_first("decision"),
            award_series=_first("decision__series"),
            award_number=_first("decision__number"),
            award_title=_first("decision__title"),
            awarded_at=_first("decision__signed_at"),
            award_value=_first("decision__value_publication"),
            amount_now=Coalesce(_latest("amount_after"), F("amount_awarded")),
            starts_now=Coalesce(
                _latest("starts_on_after", starts_on_after__isnull=False), F("starts_on")
            ),
            ends_now=Coalesce(_latest("ends_on_after", ends_on_after__isnull=False), F("ends_on")),
            has_schedule=Exists(ClaimPeriod.objects.filter(agreement=OuterRef("pk")))
            & ~Exists(_unseen_variations()),
        )
        .filter(award_decision__isnull=False)
        .exclude(award_value=WITHHELD)
        .select_related("funder", "recipient", "programme", "parent__funder")
        .order_by("starts_on", "reference")
    )


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


def _programme_title(agreement: GrantAgreement) -> str:
    title = agreement.fund_name or agreement.programme.name
    parent = agreement.parent
    if parent is not None and parent.funder_id != agreement.funder_id:
        title = f"{title} (funded by {parent.funder.name})"
    return title


@dataclass(frozen=True)
class AwardingDecisions:
    """Where each awarding decision's reference and page come from: read once for the file."""

    series: dict[int, DecisionSeries]
    url_of: Callable[[Decision], str]

    def reference(self, series_id: int, number: int) -> str:
        return f"{one_of(self.series, DecisionSeries, series_id).code} {number}"

    def path(self, series_id: int, number: int) -> str:
        series = one_of(self.series, DecisionSeries, series_id)
        return self.url_of(Decision(series=series, number=number))


def _transaction(grant_id: str, agreement: GrantAgreement, payment: Payment) -> dict:
    """One payment as a 360Giving disbursement transaction (the schema's `Transaction`)."""
    return {
        "id": f"{grant_id}-payment-{payment.pk}",
        "transactionDate": payment.paid_on.isoformat(),
        "currency": "GBP",
        "value": _amount(payment.amount),
        "provider": agreement.funder.org_identifier,
        "recipient": agreement.recipient.org_identifier,
        "dateModified": timezone.localtime(payment.updated_at).isoformat(),
    }


def _disbursed(grant_id: str, agreement: GrantAgreement, payments: list[Payment]) -> dict:
    """`amountDisbursed` and the transactions that add up to it, for a grant with a schedule."""
    if not agreement.has_schedule:
        return {}
    return {
        "amountDisbursed": _amount(sum((payment.amount for payment in payments), Decimal("0.00"))),
        "transactions": [_transaction(grant_id, agreement, payment) for payment in payments],
    }


def grant_360(
    agreement: GrantAgreement, *, base_url: str, decisions: AwardingDecisions,
    payments: list[Payment] | None = None,
) -> dict:  # fmt: skip
    """One grant as a 360Giving grant object; `agreement` from grants_for_360(), `payments` its
    payments oldest first (claims.selectors.disbursements)."""
    page = base_url + decisions.path(agreement.award_series, agreement.award_number)
    reference = decisions.reference(agreement.award_series, agreement.award_number)
    grant_id = grant_identifier(agreement)
    disbursed = _disbursed(grant_id, agreement, payments or [])
    return {
        "id": grant_id,
        "title": agreement.title,
        "description": agreement.conditions.strip() or agreement.title,
        "currency": "GBP",
        "amountAwarded": _amount(agreement.amount_now),
        **({"amountDisbursed": disbursed["amountDisbursed"]} if disbursed else {}),
        "awardDate": _day(agreement.awarded_at),
        "url": page,
        "plannedDates": [
            {"startDate": _day(agreement.starts_now), "endDate": _day(agreement.ends_now)}
        ],
        "recipientOrganization": _organisation(agreement.recipient),
        "fundingOrganization": _organisation(agreement.funder),
        "grantProgramme": [{"title": _programme_title(agreement)}],
        "relatedDocument": [
            {
                "id": reference,
                "title": f"{reference}: {agreement.award_title}",
                "url": page,
                "documentType": "Decision",
            }
        ],
        **(
            {"disbursementTransaction": disbursed["transactions"]}
            if disbursed.get("transactions")
            else {}
        ),
        "dateModified": timezone.localtime(agreement.updated_at).isoformat(),
        "dataSource": base_url + DATA_SOURCE_PATH,
    }


def grants_360(*, base_url: str, url_of: Callable[[Decision], str]) -> Iterator[dict]:
    """Every grant's 360Giving object, read a chunk at a time, with one query a chunk for the
    payments of the chunk's grants that have a claim schedule."""
    decisions = AwardingDecisions(series=series_by_id(), url_of=url_of)
    for chunk in _chunks(grants_for_360().iterator(chunk_size=CHUNK), CHUNK):
        scheduled = [agreement.pk for agreement in chunk if agreement.has_schedule]
        paid = disbursements(scheduled) if scheduled else {}
        for agreement in chunk:
            yield grant_360(
                agreement, base_url=base_url, decisions=decisions,
                payments=paid.get(agreement.pk, []),
            )  # fmt: skip


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    """`rows` as lists of `size` (the last shorter): the memory of one fetch of the cursor."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def json_chunks(grants: Iterable[dict], *, per_chunk: int = 100) -> Iterator[str]:
    """`{"grants": [...]}` as text, `per_chunk` grants at a time."""
    yield '{"grants": ['
    batch: list[str] = []
    first = True
    for grant in grants:
        batch.append(json.dumps(grant, ensure_ascii=False))
        if len(batch) == per_chunk:
            yield ("\n" if first else ",\n") + ",\n".join(batch)
            batch, first = [], False
    if batch:
        yield ("\n" if first else ",\n") + ",\n".join(batch)
    yield "\n]}\n"


def _cell(grant: dict, path: tuple):
    value = grant
    for step in path:
        if isinstance(value, dict) and step not in value:
            return ""  # an optional field the grant leaves out (amountDisbursed)
        value = value[step]
    return value


def csv_rows(grants: Iterable[dict]) -> Iterator[list]:
    """The CSV's rows under CSV_HEADINGS, one per grant object; amounts stay numbers."""
    for grant in grants:
        yield [_cell(grant, path) for _heading, path in CSV_COLUMNS]
