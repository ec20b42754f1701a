"""Demo data: PCD 545 and PCD 867, their Home Office grants and budgets, a user per role, and
the Deputy Mayor's office with who held it when (docs/adr/0054-offices-and-holders.md).

Loading is idempotent: each record is found by its natural key and created only when missing, so
a second run writes nothing (and so adds no history).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alpha_hub.admin_base import administrator_permissions_sync
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.models import User
from alpha_hub.roles import Role, role_group
from budget.models import Budget, BudgetLine, CostCategory
from claims import services as claim_services
from claims.files import CheckedFile
from claims.models import Claim, ReportKind
from contracts.models import Contract
from decisions.documents import decision_documents_issue
from decisions.models import (
    INTEREST_DECLARATION,
    ApprovedAgreement,
    ApprovedContract,
    Clearance,
    ClearanceCapacity,
    Decision,
    DecisionCategory,
    DecisionLink,
    DecisionSeries,
    DelegationRule,
    ForwardPlanEntry,
    Office,
    OfficeHolder,
    Recommendation,
    RestrictedPart,
    Section,
    Signature,
    SignatureCapacity,
)
from decisions.services.agreements import decision_variation_start
from demo import content as demo_content
from grants.models import (
    FundingProfileYear,
    GrantAgreement,
    MatchFunding,
    Organisation,
    Programme,
)

REASON = "Demo data (manage.py load_demo)"
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    full_name: str
    job_title: str


DEMO_USERS = [
    DemoUser("officer", Role.OFFICER, "Priya Shah", "Policy Officer, Violence Reduction"),
    # Three clearers, one per capacity (docs/adr/0063): nobody clears a decision twice over.
    DemoUser("clearance", Role.CLEARANCE, "Tom Adeyemi", "Head of Unit, Criminal Justice"),
    DemoUser("clearance.finance", Role.CLEARANCE, "Ruth Mensah", "Head of Financial Management"),
    DemoUser("clearance.legal", Role.CLEARANCE, "Owen Pritchard", "Senior Lawyer, Legal Services"),
    # The Deputy Mayor today (a fictional successor): signs what the demo drafts and clears.
    DemoUser("dmpc", Role.DECISION_MAKER, "Jordan Ellis", "Deputy Mayor for Policing and Crime"),
    DemoUser("finance", Role.FINANCE, "Grace Okafor", "Finance Business Partner"),
    # Two more in finance (WRITTEN FOR THE DEMO): a claim is prepared, checked and approved by
    # three different people, so `finance` prepares, these check and approve (issue 11).
    DemoUser(demo_content.CLAIMS_CHECKER[0], Role.FINANCE, *demo_content.CLAIMS_CHECKER[1:]),
    DemoUser(demo_content.CLAIMS_APPROVER[0], Role.FINANCE, *demo_content.CLAIMS_APPROVER[1:]),
    DemoUser("auditor", Role.AUDITOR, "Daniel Byrne", "Internal Auditor"),
    DemoUser("admin", Role.ADMINISTRATOR, "Alex Morgan", "Systems Administrator"),
    # The real Deputy Mayor who signed PCD 545, 867 and 880; her term has ended, so signing in as
    # her shows that a former holder cannot sign.
    DemoUser(
        "sophie.linden",
        Role.DECISION_MAKER,
        "Sophie Linden",
        "Former Deputy Mayor, Policing and Crime",
    ),
]

# code -> (title, abbreviation): the offices decisions are addressed to (decisions 0011 made them).
OFFICES = {
    "dmpc": ("Deputy Mayor for Policing and Crime", "DMPC"),
    "chief_executive": ("Chief Executive", "CEO"),
    "chief_finance_officer": ("Chief Finance Officer", "CFO"),
    "director": ("Director", "Director"),
}
# Who held the Deputy Mayor's office when: Sophie Linden from May 2016 to the change of office
# holder in May 2024 (the real dates); then the fictional Jordan Ellis (the `dmpc` user), with
# the fictional Marcus Bell acting for a fortnight while they were on leave.
ACTING_DMPC = DemoUser("acting.dmpc", Role.DECISION_MAKER, "Marcus Bell", "Chief of Staff")
DMPC_TERMS = [
    ("sophie.linden", OfficeHolder.Kind.HOLDER, date(2016, 5, 9), date(2024, 5, 12)),
    ("dmpc", OfficeHolder.Kind.HOLDER, date(2024, 5, 13), None),
    ("acting.dmpc", OfficeHolder.Kind.ACTING, date(2025, 8, 4), date(2025, 8, 17)),
]
# The demo's own decisions were signed by Sophie Linden as the holder.
DEMO_SIGNER = "sophie.linden"

ORGANISATIONS = {
    "HO": ("Home Office", "government_department", "GB-GOVUK-home-office"),
    "MPS": ("Metropolitan Police Service", "police_force", "GB-GOVUK-metropolitan-police-service"),
    "MOPAC": (
        "Mayor's Office for Policing and Crime",
        "policing_body",
        "GB-GOVUK-mayors-office-for-policing-and-crime",
    ),
    "NPCC": ("National Police Chiefs' Council", "policing_body", "GB-GOVUK-npcc"),
}

COST_CATEGORIES = [
    ("pay", "Pay", True),
    ("overtime", "Overtime", True),
    ("training", "Training", True),
    ("equipment", "Equipment", False),
    ("research_and_development", "Research and development", False),
    ("support_costs", "Support costs", False),
]

SECTION_56 = "Section 56 of the Domestic Violence, Crime and Victims Act 2004"
# Decision fields a demo record may set beyond the common ones (issue 10's decisions).
DECISION_EXTRAS = ("kind", "value_publication", "part2_covers_value")


def _create(model, reason: str = REASON, by: User | None = None, **fields):
    """Save a new record with the demo change reason (and, if given, who made it) in its history."""
    record = model(**fields)
    record._change_reason = reason
    if by is not None:
        record._history_user = by
    record.save()
    return record


def _find_or_create(model, lookup: dict, **fields):
    found = model.objects.filter(**lookup).first()
    return found or _create(model, **lookup, **fields)


def demo_password() -> str:
    """DEMO_PASSWORD from the environment, else one generated once and kept in .data/."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD
    kept = Path(settings.DATA_DIR) / "demo_password"
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(secrets.token_urlsafe(12))
        kept.chmod(0o600)
    return kept.read_text().strip()


def _load_users(password: str) -> dict[str, User]:
    users = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = User(
                username=demo.username,
                full_name=demo.full_name,
                job_title=demo.job_title,
                email=f"{demo.username}@alpha-hub.example",
                is_staff=demo.role == Role.ADMINISTRATOR,
            )
            user.set_password(password)
            user._change_reason = REASON
            user.save()
            user.groups.add(role_group(demo.role))
        elif not user.check_password(password):
            user.set_password(password)
            user._change_reason = "Demo password changed (DEMO_PASSWORD)"
            user.save()
        if user.is_superuser:
            _demote_superuser(user)
        users[demo.username] = user
    # The administrator works through the role's model permissions, as a real one would.
    administrator_permissions_sync()
    return users


def _demote_superuser(user: User) -> None:
    """Earlier demo data made the administrator a superuser, which passes every admin check."""
    user.is_superuser = False
    user._change_reason = "Demo administrator: the administrator role, not a superuser"
    user.save()


def _load_reference_data() -> None:
    for code, (name, kind, identifier) in ORGANISATIONS.items():
        _find_or_create(
            Organisation, {"org_identifier": identifier}, name=name, short_name=code, kind=kind
        )
    for position, (code, name, is_staff_cost) in enumerate(COST_CATEGORIES, start=1):
        _find_or_create(
            CostCategory, {"code": code}, name=name, is_staff_cost=is_staff_cost, position=position
        )
    _find_or_create(
        DecisionSeries, {"code": "PCD"}, name="Deputy Mayor for Policing and Crime decision"
    )
    _find_or_create(DecisionSeries, {"code": "DMPCD"}, name="DMPC decision (earlier series)")
    _find_or_create(DecisionSeries, {"code": "CEOD"}, name="Chief Executive decision")
    _find_or_create(DecisionCategory, {"code": "grant_funding"}, name="Grant funding")
    _find_or_create(DecisionCategory, {"code": "general"}, name="General")


def _load_offices(users: dict[str, User]) -> None:
    """The offices, and the Deputy Mayor's holders over the years (a term is found by its
    person, office and first day, so a second run adds nothing)."""
    for code, (title, abbreviation) in OFFICES.items():
        _find_or_create(Office, {"code": code}, title=title, abbreviation=abbreviation)
    people = {**users, ACTING_DMPC.username: _acting_holder()}
    dmpc = Office.objects.get(code="dmpc")
    for username, kind, starts_on, ends_on in DMPC_TERMS:
        _find_or_create(
            OfficeHolder,
            {"office": dmpc, "user": people[username], "starts_on": starts_on},
            kind=kind,
            ends_on=ends_on,
        )


def _acting_holder() -> User:
    """The person who acted as Deputy Mayor for a fortnight: a record, not a demo sign-in."""
    demo = ACTING_DMPC
    user = User.objects.filter(username=demo.username).first()
    if user is None:
        user = User(
            username=demo.username, full_name=demo.full_name, job_title=demo.job_title,
            email=f"{demo.username}@alpha-hub.example",
        )  # fmt: skip
        user.set_unusable_password()
        user._change_reason = REASON
        user.save()
    return user


def _load_delegation_rules() -> None:
    _find_or_create(
        DelegationRule,
        {
            "office": Office.objects.get(code="dmpc"),
            "series": DecisionSeries.objects.get(code="PCD"),
            "category": DecisionCategory.objects.get(code="grant_funding"),
        },
        upper_value=None,
        scheme_paragraph="Paragraph 4.8 of the MOPAC Scheme of Consent and Delegation",
    )
    _find_or_create(
        DelegationRule,
        {
            "office": Office.objects.get(code="chief_executive"),
            "series": DecisionSeries.objects.get(code="CEOD"),
            "category": None,
        },
        upper_value=Decimal("500000.00"),
        scheme_paragraph="Paragraph 7.3 of the MOPAC Scheme of Consent and Delegation",
    )


def _load_programme() -> Programme:
    return _find_or_create(
        Programme,
        {"slug": "project-alpha-social-media-hub"},
        name="Project Alpha Social Media Hub",
        description=(
            "A dedicated capability, hosted by the MPS and sponsored by the NPCC, to tackle gang "
            "related serious violence and organised criminality by taking action against online "
            "activity."
        ),
        host=Organisation.objects.get(short_name="MPS"),
        sponsor=Organisation.objects.get(short_name="NPCC"),
        oversight_lead="DAC Graham McNulty, NPCC Gangs Portfolio lead",
    )


def _load_agreement(programme: Programme, year: FinancialYear, amount: str, conditions: str):
    return _find_or_create(
        GrantAgreement,
        {"reference": f"HO-SVSF-ALPHA-{year.start_year}"},
        title=f"Project Alpha Social Media Hub {year}",
        programme=programme,
        funder=Organisation.objects.get(short_name="HO"),
        recipient=Organisation.objects.get(short_name="MOPAC"),
        fund_name="Serious Violence Strategy Fund",
        direction=GrantAgreement.Direction.INCOMING,
        amount_awarded=Decimal(amount),
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        legal_power=SECTION_56,
        conditions=conditions,
        status=GrantAgreement.Status.ACTIVE
        if year.start_year == 2020
        else GrantAgreement.Status.CLOSED,
    )


def _load_budget(agreement: GrantAgreement, lines: list[dict], finance: User) -> None:
    """The budget as finance entered it: their name is on its history, so they read its Part 2."""
    _load_year_budget(agreement, FinancialYear.containing(agreement.starts_on), lines, finance)


def _load_year_budget(agreement, year: FinancialYear, lines: list[dict], finance: User) -> None:
    if Budget.objects.filter(agreement=agreement, financial_year=year).exists():
        return
    # Lines first, then lock: the database refuses new lines on a locked budget.
    budget = _create(Budget, by=finance, agreement=agreement, financial_year=year)
    categories = {category.code: category for category in CostCategory.objects.all()}
    for line in lines:
        _create(
            BudgetLine,
            by=finance,
            budget=budget,
            category=categories[line["category"]],
            description=line["description"],
            fte=line["fte"],
            unit_cost=line["unit_cost"],
            amount=line["amount"],
        )
    budget.status = Budget.Status.LOCKED
    budget._change_reason = REASON
    del budget._history_user  # locked by the demo's signing, not by finance
    budget.save()


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=LONDON)


def _load_decision(
    record: dict, users: dict[str, User], *agreements: GrantAgreement, before_signing=None
) -> Decision:
    """`record` as a published decision approving `agreements`; `before_signing(decision)`
    records what else it makes (variations, contracts) while the database still allows it."""
    series = DecisionSeries.objects.get(code=record["series"])
    found = Decision.objects.filter(series=series, number=record["number"]).first()
    if found:
        return found
    assessed = Decision.Assessment.COMPLETED
    decision = _create(
        Decision,
        series=series,
        number=record["number"],
        title=record["title"],
        category=DecisionCategory.objects.get(code="grant_funding"),
        executive_summary=record["executive_summary"],
        office=Office.objects.get(code="dmpc"),
        drafted_by=users["officer"],
        financial_value=record["financial_value"],
        **{name: record[name] for name in DECISION_EXTRAS if name in record},
        has_part2=record["has_part2"],
        part2_exemption_ground=record["part2"]["exemption_ground"],
        dpia=assessed if record["dpia_completed"] else Decision.Assessment.NOT_RECORDED,
        equality_assessment=(
            assessed
            if record["equality_assessment_completed"]
            else Decision.Assessment.NOT_RECORDED
        ),
    )
    # Parts, approvals and links first, as a drafter would: the database refuses them once signed.
    _load_parts(decision, record)
    for agreement in agreements:
        _create(ApprovedAgreement, decision=decision, agreement=agreement)
    for kind, series_code, number in record["related"]:
        target = Decision.objects.get(series__code=series_code, number=number)
        _create(DecisionLink, source=decision, target=target, kind=kind)
    if before_signing is not None:
        before_signing(decision)
    _load_clearances(decision, users, _at_noon(record["signed_at"]))
    decision.status = Decision.Status.PUBLISHED
    signer = users[DEMO_SIGNER]
    decision.signed_by, decision.signed_by_name = signer, record["decision_by"]
    decision.signed_at = _at_noon(record["signed_at"])
    decision.published_at = _at_noon(record["published_at"])
    decision._change_reason = REASON
    decision.save()
    # The printed name is the register's, as published ("Sophie Linden, Deputy Mayor, Policing
    # and Crime"); the office's title is the one the decision is addressed to.
    _create(
        Signature,
        decision=decision,
        signed_by=signer,
        signed_at=decision.signed_at,
        printed_name=record["decision_by"],
        office=decision.office,
        office_title=decision.office.title,
        capacity=SignatureCapacity.HOLDER,
        declaration=INTEREST_DECLARATION,
    )
    return decision


# Who cleared the demo's decisions in which capacity: three people, as the series asks.
DEMO_CLEARERS = {
    ClearanceCapacity.HEAD_OF_UNIT: "clearance",
    ClearanceCapacity.FINANCE: "clearance.finance",
    ClearanceCapacity.LEGAL: "clearance.legal",
}


def _load_clearances(decision: Decision, users: dict[str, User], signed_at: datetime) -> None:
    """The clearances of the one submission round, each by its own clearer, in the week before
    signing (head of unit first, then finance, then legal)."""
    decision.submission_round = 1
    for days_before, capacity in zip((3, 2, 1), ClearanceCapacity, strict=True):
        clearer = users[DEMO_CLEARERS[capacity]]
        _create(
            Clearance, by=clearer, decision=decision, capacity=capacity, cleared_by=clearer,
            cleared_at=signed_at - timedelta(days=days_before), round=1,
        )  # fmt: skip


def _load_parts(decision: Decision, record: dict) -> None:
    for position, text in enumerate(record["recommendations"], start=1):
        _create(Recommendation, decision=decision, position=position, text=text)
    for position, section in enumerate(record["sections"], start=1):
        _create(
            Section,
            decision=decision,
            position=position,
            kind=section["kind"],
            heading=section["heading"],
            body=section["body"],
        )
    if record["has_part2"]:
        _create(RestrictedPart, decision=decision, body=record["part2"]["body"])


@transaction.atomic
def load_demo() -> tuple[dict[str, User], str]:
    """Create whatever demo data is missing; return the demo users and their password."""
    password = demo_password()
    users = _load_users(password)
    _load_reference_data()
    _load_offices(users)
    _load_delegation_rules()
    programme = _load_programme()
    first = _load_agreement(
        programme,
        FinancialYear(2019),
        "1386723.00",
        "Offer of up to £1,400,000.00 for the proof of concept; the agreed year-one cost is "
        "£1,386,723.00. Quarterly claims in arrears against actual spend.",
    )
    second = _load_agreement(
        programme,
        FinancialYear(2020),
        "1479306.16",
        "Quarterly claims in arrears against actual spend; no additional costs to the MPS.",
    )
    _load_budget(first, demo_content.BUDGET_2019_20, users["finance"])
    _load_budget(second, demo_content.BUDGET_2020_21, users["finance"])
    # Before PCD 545 and 867, so that theirs are the audit log's latest entries, as before.
    _load_issue_10(users)
    _load_decision(demo_content.PCD_545, users, first)
    _load_decision(demo_content.PCD_867, users, second)
    _load_alpha_variation(users)  # PCD 905 varies PCD 867's agreement
    _load_onward_grants(users)
    _load_forward_plan(users, programme)
    _load_claims(users)
    _demo_documents_issue(user=users["dmpc"])
    return users, password


def _load_onward_grants(users: dict[str, User]) -> Decision:
    """PCD 880: a Home Office grant received and awarded onward to local partners (issue 6)."""
    mopac = Organisation.objects.get(short_name="MOPAC")
    for code, (name, kind, identifier) in demo_content.ONWARD_PARTNERS.items():
        _find_or_create(
            Organisation, {"org_identifier": identifier}, name=name, short_name=code, kind=kind
        )
    about = demo_content.ONWARD_PROGRAMME
    programme = _find_or_create(
        Programme, {"slug": about["slug"]}, name=about["name"], host=mopac,
        description=about["description"], oversight_lead=about["oversight_lead"],
    )  # fmt: skip
    incoming = demo_content.ONWARD_INCOMING
    common = {"programme": programme, "fund_name": incoming["fund_name"], "legal_power": ""}
    dates = {"starts_on": incoming["starts_on"], "ends_on": incoming["ends_on"]}
    parent = _find_or_create(
        GrantAgreement, {"reference": incoming["reference"]}, **common, **dates,
        title=incoming["title"], funder=Organisation.objects.get(short_name="HO"),
        recipient=mopac, direction=GrantAgreement.Direction.INCOMING,
        amount_awarded=incoming["amount"], conditions=incoming["conditions"],
        status=GrantAgreement.Status.ACTIVE,
    )  # fmt: skip
    onward = []
    for reference, partner, title, amount, conditions in demo_content.ONWARD_GRANTS:
        onward.append(_find_or_create(
            GrantAgreement, {"reference": reference}, **common, **dates, title=title,
            funder=mopac, recipient=Organisation.objects.get(short_name=partner),
            direction=GrantAgreement.Direction.OUTGOING, amount_awarded=amount,
            conditions=conditions, status=GrantAgreement.Status.ACTIVE, parent=parent,
        ))  # fmt: skip
    # It approves them all as it is signed: the database refuses approvals added afterwards.
    decision = _load_decision(demo_content.PCD_880, users, parent, *onward)
    if settings.DEMO_ISSUE_DOCUMENTS:  # its signed PDF, like PCD 545 and 867 (idempotent)
        decision_documents_issue(decision=decision, user=users["dmpc"])
    return decision


def _load_forward_plan(users: dict[str, User], programme: Programme) -> None:
    """One decision expected two months from when the demo is first loaded (written for the
    demo): the public forward plan has something to show, and later shows it as slipped."""
    if ForwardPlanEntry.objects.filter(title=demo_content.FORWARD_PLAN["title"]).exists():
        return
    today = timezone.localdate()
    index = today.year * 12 + today.month + 1  # two months on, counting months from zero
    _create(
        ForwardPlanEntry, by=users["officer"], **demo_content.FORWARD_PLAN,
        office=Office.objects.get(code="dmpc"), programme=programme,
        expected_month=date(index // 12, index % 12 + 1, 1), created_by=users["officer"],
    )  # fmt: skip


def _demo_documents_issue(*, user) -> None:
    """Issue the signed documents of the demo decisions when missing (PCD 880 issues its own)."""
    if not settings.DEMO_ISSUE_DOCUMENTS:
        return
    for number in (545, 867, 905, 910, 915, 920):
        decision = Decision.objects.filter(series__code="PCD", number=number).first()
        if decision is not None and decision.is_signed:
            decision_documents_issue(decision=decision, user=user)


# Issue 10: match funding with onward grants (a two-year grant with an uneven profile), a
# contract and a withheld value (all WRITTEN FOR THE DEMO: demo/content.py).


def _load_issue_10(users: dict[str, User]) -> None:
    _load_mentoring_fund(users)
    _load_contract(users)
    _load_decision(demo_content.PCD_920, users)


def _load_alpha_variation(users: dict[str, User]) -> None:
    """PCD 905: PCD 867's agreement extended by a quarter with an uplift, through the services
    as the drafter and finance would, with the extended quarter's 2021/22 budget."""
    agreement = GrantAgreement.objects.get(reference="HO-SVSF-ALPHA-2020")
    change = demo_content.ALPHA_VARIATION

    def vary(decision: Decision) -> None:
        decision_variation_start(
            decision=decision, user=users["officer"], agreement=agreement,
            amount_after=change["amount_after"], reason=change["reason"],
            ends_on_after=change["ends_on_after"],
            profile_after={
                FinancialYear(year): amount for year, amount in change["profile_after"].items()
            },
        )  # fmt: skip
        _load_year_budget(agreement, FinancialYear(2021), change["budget_lines"], users["finance"])

    _load_decision(demo_content.PCD_905, users, before_signing=vary)


def _load_mentoring_fund(users: dict[str, User]) -> None:
    """PCD 910: a two-year incoming grant, profiled unevenly, with match funding, funding two
    onward grants."""
    mopac = Organisation.objects.get(short_name="MOPAC")
    for code, (name, kind, identifier) in demo_content.ONWARD_PARTNERS.items():
        _find_or_create(
            Organisation, {"org_identifier": identifier}, name=name, short_name=code, kind=kind
        )
    about = demo_content.MENTORING_PROGRAMME
    programme = _find_or_create(
        Programme, {"slug": about["slug"]}, name=about["name"], host=mopac,
        description=about["description"], oversight_lead=about["oversight_lead"],
    )  # fmt: skip
    incoming = demo_content.MENTORING_INCOMING
    common = {"programme": programme, "fund_name": incoming["fund_name"], "legal_power": ""}
    found = GrantAgreement.objects.filter(reference=incoming["reference"]).first()
    if found:
        return
    parent = _create(
        GrantAgreement, **common, reference=incoming["reference"], title=incoming["title"],
        funder=Organisation.objects.get(short_name="HO"), recipient=mopac,
        direction=GrantAgreement.Direction.INCOMING, amount_awarded=incoming["amount"],
        starts_on=incoming["starts_on"], ends_on=incoming["ends_on"],
        conditions=incoming["conditions"], status=GrantAgreement.Status.ACTIVE,
    )  # fmt: skip
    for year, amount in incoming["profile"].items():
        _create(
            FundingProfileYear, agreement=parent, financial_year=FinancialYear(year), amount=amount
        )
    amount, year, description = incoming["match"]
    _create(
        MatchFunding, agreement=parent, source=mopac, amount=amount,
        financial_year=FinancialYear(year), description=description,
    )  # fmt: skip
    onward = []
    for reference, partner, title, amount, conditions in demo_content.MENTORING_ONWARD:
        onward.append(_create(
            GrantAgreement, **common, reference=reference, title=title, funder=mopac,
            recipient=Organisation.objects.get(short_name=partner),
            direction=GrantAgreement.Direction.OUTGOING, amount_awarded=amount,
            starts_on=date(2021, 4, 1), ends_on=date(2022, 3, 31), conditions=conditions,
            status=GrantAgreement.Status.ACTIVE, parent=parent,
        ))  # fmt: skip
    _load_decision(demo_content.PCD_910, users, parent, *onward)


def _load_contract(users: dict[str, User]) -> None:
    """PCD 915: a decision that approves a contract rather than a grant."""
    name, kind, identifier = demo_content.CONTRACT_SUPPLIER
    supplier = _find_or_create(Organisation, {"org_identifier": identifier}, name=name, kind=kind)

    def approve_contract(decision: Decision) -> None:
        contract = _create(Contract, supplier=supplier, **demo_content.CONTRACT)
        _create(ApprovedContract, decision=decision, contract=contract)

    _load_decision(demo_content.PCD_915, users, before_signing=approve_contract)


# Issue 11: PCD 867's agreement claimed quarter by quarter, paid, reported on and closed; an
# onward grant's claim awaiting checking (all WRITTEN FOR THE DEMO: demo/content.py). Everything
# goes through the claims services, as finance would, with the dates it happened on.


def _load_claims(users: dict[str, User]) -> None:
    people = {
        "preparer": users["finance"],
        "checker": users[demo_content.CLAIMS_CHECKER[0]],
        "approver": users[demo_content.CLAIMS_APPROVER[0]],
        "officer": users["officer"],
    }
    _load_alpha_claims(people)
    _load_onward_claim(people)


def _at_hour(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def _demo_pdf(title: str, *lines: str) -> CheckedFile:
    """A one-page PDF named `title`, saying what it stands in for (the demo has no ledgers)."""
    text = [title, "", *lines, "", "Written for the Alpha Hub demo: not a real document."]

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = (
        "BT /F1 11 Tf 56 780 Td 15 TL " + " ".join(f"({escape(line)}) '" for line in text) + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = "%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{content}\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    body += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    data = body.encode("latin-1")
    return CheckedFile(
        file_name=title, content_type="application/pdf", data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip


def _claim_lines(claim: Claim, lines, preparer: User) -> None:
    categories = {category.code: category for category in CostCategory.objects.all()}
    for code, amount, description in lines:
        claim_services.claim_line_add(
            claim=claim, user=preparer, category=categories[code], amount=amount,
            description=description,
        )  # fmt: skip


def _prepare_claim(period, record: dict, people: dict[str, User], lines) -> Claim:
    """The preparer starts the period's claim, adds its spend and evidence, and submits it."""
    preparer = people["preparer"]
    claim = claim_services.claim_create(period=period, user=preparer, today=record["prepared_on"])
    _claim_lines(claim, lines, preparer)
    evidence = _demo_pdf(
        record["evidence"], f"Claim for {period.agreement.reference}, {period.label}",
        *(f"{description}: {amount:,}" for _code, amount, description in lines),
    )  # fmt: skip
    claim_services.claim_evidence_add(claim=claim, user=preparer, checked=evidence)
    claim_services.claim_submit(claim=claim, user=preparer, at=_at_hour(record["submitted_on"], 10))
    return claim


def _check_approve_pay(claim: Claim, record: dict, people: dict[str, User]) -> None:
    claim_services.claim_check(
        claim=claim, user=people["checker"], at=_at_hour(record["checked_on"], 11)
    )
    claim_services.claim_approve(
        claim=claim, user=people["approver"], at=_at_hour(record["approved_on"], 15)
    )
    claim_services.payment_record(
        claim=claim, user=people["checker"], amount=sum(a for _c, a, _d in record["lines"]),
        paid_on=record["paid_on"], reference=record["reference"],
        at=_at_hour(record["paid_on"], 16),
    )  # fmt: skip


def _load_alpha_claims(people: dict[str, User]) -> None:
    """PCD 867's agreement as PCD 905 varied it: five quarterly claims (2020/21's four, the
    fourth returned once, and the extension quarter's), all paid; the final report accepted; and
    the agreement closed through the closure service with its small underspend."""
    agreement = GrantAgreement.objects.get(reference="HO-SVSF-ALPHA-2020")
    if agreement.claim_periods.exists() or agreement.status != GrantAgreement.Status.ACTIVE:
        return
    periods = claim_services.claim_schedule_generate(
        agreement=agreement, user=people["preparer"], due_days=demo_content.ALPHA_CLAIM_DUE_DAYS
    )
    by_number = {period.number: period for period in periods}
    for record in demo_content.ALPHA_CLAIMS:
        period = by_number[record["period"]]
        if "returned_on" not in record:
            claim = _prepare_claim(period, record, people, record["lines"])
        else:
            claim = _returned_and_corrected(period, record, people)
        _check_approve_pay(claim, record, people)
    _load_final_report(agreement, people)
    claim_services.agreement_close(
        agreement=agreement, user=people["approver"], closed_on=demo_content.ALPHA_CLOSED_ON
    )


def _returned_and_corrected(period, record: dict, people: dict[str, User]) -> Claim:
    """Submitted with the wrong overtime, returned by the checker with the reason, corrected by
    the preparer and submitted again."""
    first = [
        (code, record["first_overtime"] if code == "overtime" else amount, description)
        for code, amount, description in record["lines"]
    ]
    claim = _prepare_claim(period, record, people, first)
    claim_services.claim_return(claim=claim, user=people["checker"], reason=record["return_reason"])
    overtime = claim.lines.get(category__code="overtime")
    claim_services.claim_line_remove(claim=claim, user=people["preparer"], line_id=overtime.pk)
    corrected = [line for line in record["lines"] if line[0] == "overtime"]
    _claim_lines(claim, corrected, people["preparer"])
    claim_services.claim_submit(
        claim=claim, user=people["preparer"], at=_at_hour(record["resubmitted_on"], 10)
    )
    return claim


def _load_final_report(agreement: GrantAgreement, people: dict[str, User]) -> None:
    about = demo_content.ALPHA_FINAL_REPORT
    requirement = claim_services.report_requirement_add(
        agreement=agreement, user=people["preparer"], kind=ReportKind.FINAL,
        title=about["title"], due_on=about["due_on"],
    )  # fmt: skip
    report = claim_services.report_submit(
        requirement=requirement, user=people["preparer"], summary=about["summary"],
        checked=_demo_pdf(about["file_name"], about["title"], about["summary"]),
    )  # fmt: skip
    claim_services.report_review(
        report=report, user=people["officer"], accept=True, comment=about["comment"],
        at=_at_hour(about["accepted_on"], 14),
    )  # fmt: skip


def _load_onward_claim(people: dict[str, User]) -> None:
    """An onward grant of PCD 910: its budget, its schedule, and the recipient's first claim
    entered by finance and submitted, awaiting checking."""
    agreement = GrantAgreement.objects.get(reference=demo_content.ONWARD_CLAIM_AGREEMENT)
    _load_year_budget(
        agreement, FinancialYear.containing(agreement.starts_on),
        demo_content.ONWARD_BUDGET_LINES, people["preparer"],
    )  # fmt: skip
    if agreement.claim_periods.exists() or agreement.status != GrantAgreement.Status.ACTIVE:
        return
    periods = claim_services.claim_schedule_generate(agreement=agreement, user=people["preparer"])
    record = demo_content.ONWARD_CLAIM
    _prepare_claim(periods[record["period"] - 1], record, people, record["lines"])
