"""`manage.py generate_demo_volume --total 10000`: enough published decisions to measure the
register at scale (bench/register_bench.py). For benchmarks and demos only, never production.

Rows are written with bulk_create, so they have no history rows: they stand for a register's
past, loaded in one go, not for anything a person did (docs/adr/0043-register-benchmark.md).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max

from alpha_hub.models import User
from decisions.cache import public_content_changed
from decisions.models import (
    Decision,
    DecisionCategory,
    DecisionSeries,
    Office,
    Recommendation,
    RestrictedPart,
    Section,
)

LONDON = ZoneInfo("Europe/London")
BATCH = 500
SUBJECTS = [
    "Violence Reduction Unit", "Domestic abuse services", "Knife crime prevention",
    "Victims' services commissioning", "Youth diversion", "Custody healthcare",
    "Body worn video", "Rape and serious sexual offences", "Hate crime", "County lines",
    "Neighbourhood policing", "Estates disposal", "Forensic services", "Cyber crime",
]  # fmt: skip
ACTIONS = [
    "grant agreement", "contract award", "funding extension", "procurement", "variation",
    "business case", "partnership agreement",
]  # fmt: skip
SIGNERS = [
    "Sophie Linden, Deputy Mayor, Policing and Crime",
    "Kaya Comer-Schwartz, Deputy Mayor, Policing and Crime",
    "Diana Luchford, Chief Executive Officer",
]
WORDS = [
    "funding", "approve", "partners", "London", "boroughs", "young", "people", "victims",
    "support", "services", "evaluation", "outcomes", "procurement", "contract", "value",
    "money", "risk", "governance", "oversight", "delivery", "capacity", "investment",
    "prevention", "intervention", "community", "safety",
]  # fmt: skip


class Command(BaseCommand):
    help = "Add published demo decisions until the register holds --total of them."

    def add_arguments(self, parser):
        parser.add_argument("--total", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=867)

    def handle(self, *args, total: int, seed: int, **options):
        if not 0 < total <= 1_000_000:
            raise CommandError("--total must be between 1 and 1,000,000")
        missing = total - Decision.objects.published().count()
        if missing <= 0:
            self.stdout.write(f"The register already holds {total} or more published decisions.")
            return
        people = {
            user.username: user for user in User.objects.filter(username__in=["officer", "dmpc"])
        }
        if len(people) < 2:
            raise CommandError("Run `manage.py load_demo` first: the decisions need its users.")
        rng = random.Random(seed + missing)  # noqa: S311 (demo text, not secrets)
        made = 0
        while made < missing:
            made += self._batch(rng, people, min(BATCH, missing - made))
        _tidy_up()
        # Bulk writes send no signals: the public pages' cache is told here (decisions/cache.py).
        public_content_changed()
        self.stdout.write(f"Added {made} published decisions.")

    @transaction.atomic
    def _batch(self, rng: random.Random, people: dict[str, User], size: int) -> int:
        series = DecisionSeries.objects.get(code="PCD")
        category = DecisionCategory.objects.get(code="grant_funding")
        office = Office.objects.get(code="dmpc")
        start = (
            Decision.objects.filter(series=series).aggregate(Max("number"))["number__max"] or 0
        ) + 1
        decisions = Decision.objects.bulk_create(
            [_decision(rng, series, category, office, people, start + n) for n in range(size)]
        )
        Section.objects.bulk_create(
            section for decision in decisions for section in _sections(rng, decision)
        )
        Recommendation.objects.bulk_create(
            Recommendation(decision=decision, position=1, text=f"Approve the {decision.title}.")
            for decision in decisions
        )
        RestrictedPart.objects.bulk_create(
            RestrictedPart(decision=decision, body="Confidential costs and advice (demo).")
            for decision in decisions
            if decision.has_part2
        )
        # Written as drafts with their parts, then published in one statement: the database
        # refuses parts for a signed decision. Volume data has no history by design (ADR 43).
        Decision.objects.filter(pk__in=[decision.pk for decision in decisions]).update(
            status=Decision.Status.PUBLISHED
        )
        return len(decisions)


def _tidy_up() -> None:
    """Clear the bulk update's dead rows and refresh the planner's statistics.

    Each batch writes its decisions as drafts and then publishes them with one UPDATE, which
    leaves a dead copy of every row: without VACUUM (on a server with autovacuum off, or before
    it runs) the register's count scans them all, and benchmarks measure the leftovers, not the
    product. VACUUM cannot run in a transaction, so inside one (a test) only ANALYZE runs.
    """
    tables = "decisions_decision, decisions_section, decisions_recommendation"
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _decision(rng, series, category, office, people: dict[str, User], number: int) -> Decision:
    signed = datetime(2012, 1, 1, 12, tzinfo=LONDON) + timedelta(days=rng.randrange(13 * 365))
    subject, action = rng.choice(SUBJECTS), rng.choice(ACTIONS)
    has_part2 = rng.random() < 0.3
    return Decision(
        series=series,
        number=number,
        title=f"{subject}: {action} {signed.year}/{(signed.year + 1) % 100:02d}",
        category=category,
        office=office,
        executive_summary=" ".join(_sentence(rng, 14) for _ in range(4)),
        drafted_by=people["officer"],
        status=Decision.Status.DRAFT,
        financial_value=Decimal(rng.randrange(1_000_000, 500_000_000)) / 100,
        signed_by=people["dmpc"],
        signed_by_name=rng.choice(SIGNERS),
        signed_at=signed,
        published_at=signed + timedelta(days=rng.randrange(1, 21)),
        has_part2=has_part2,
        part2_exemption_ground="Commercial interests (demo)." if has_part2 else "",
    )


def _sections(rng: random.Random, decision: Decision) -> list[Section]:
    kinds = [Section.Kind.INTRODUCTION, Section.Kind.ISSUES, Section.Kind.FINANCIAL]
    return [
        Section(
            decision=decision,
            position=position,
            kind=kind,
            heading=Section.Kind(kind).label,
            body="\n\n".join(_sentence(rng, 30) for _ in range(3)),
        )
        for position, kind in enumerate(kinds, start=1)
    ]
