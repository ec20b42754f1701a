"""Offices and their holders: only the holder of the decision's office on the day, or someone
acting for it, signs; the database keeps one holder (and one acting holder) at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.timezone import localdate

from alpha_hub.roles import Role
from decisions import services
from decisions.models import Decision, OfficeHolder, Signature
from decisions.offices import capacity_on, office_problem
from decisions.selectors.staff import dashboard_for
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import clear_all, complete_draft, dmpc_rule
from tests.factories import PASSWORD, OfficeFactory, OfficeHolderFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Decision.Status
H, A, D = OfficeHolder.Kind.HOLDER, OfficeHolder.Kind.ACTING, OfficeHolder.Kind.DEPUTY


def _ceo():
    return OfficeFactory(code="chief_executive", title="Chief Executive", abbreviation="CEO")


# person -> (office, kind, first day, last day), in days from today; None: open-ended.
TERMS = {
    "former holder": ("dmpc", H, -400, -100),
    "holder": ("dmpc", H, -99, 30),
    "successor": ("dmpc", H, 31, None),
    "acting now": ("dmpc", A, -5, 5),
    "acting before": ("dmpc", A, -50, -37),
    "deputy": ("dmpc", D, -400, None),
    "chief executive": ("chief_executive", H, -400, None),
}


@pytest.fixture
def offices():
    return {"dmpc": OfficeFactory(), "chief_executive": _ceo()}


@pytest.fixture
def people(offices):
    today = localdate()
    people = {"no office": UserFactory(roles=[Role.DECISION_MAKER], full_name="Nobody Inoffice")}
    for name, (office, kind, first, last) in TERMS.items():
        user = UserFactory(roles=[Role.DECISION_MAKER], full_name=name.title())
        OfficeHolderFactory(
            user=user, office=offices[office], kind=kind,
            starts_on=today + timedelta(days=first),
            ends_on=None if last is None else today + timedelta(days=last),
        )  # fmt: skip
        people[name] = user
    return people


def _cleared(office):
    dmpc_rule(office=office)
    drafter, clearer = UserFactory(roles=[Role.OFFICER]), UserFactory(roles=[Role.CLEARANCE])
    decision = complete_draft(drafter, office=office)
    services.decision_submit(decision=decision, user=drafter)
    clear_all(decision, clearer)
    return Decision.objects.get(pk=decision.pk)


# (decision addressed to, who signs, expected: the capacity signed in, or the refusal's words)
TABLE = [
    ("dmpc", "holder", "holder"),
    ("dmpc", "acting now", "acting"),
    ("dmpc", "acting before", "your term ended on"),
    ("dmpc", "former holder", "your term ended on"),
    ("dmpc", "successor", "your term starts on"),
    ("dmpc", "deputy", "you do not hold that office"),
    ("dmpc", "chief executive", "you do not hold that office"),
    ("dmpc", "no office", "you do not hold that office"),
    ("chief_executive", "chief executive", "holder"),
    ("chief_executive", "holder", "you do not hold that office"),
    ("chief_executive", "acting now", "you do not hold that office"),
]


@pytest.mark.parametrize(("office", "signer", "expected"), TABLE)
def test_only_the_holder_of_the_office_on_the_day_signs(offices, people, office, signer, expected):
    decision = _cleared(offices[office])
    user = people[signer]
    sign = {"decision": decision, "user": user, "declaration_confirmed": True}
    if expected in ("holder", "acting"):
        services.decision_sign(**sign, credential=PASSWORD)
        signature = Signature.objects.get(decision=decision)
        assert signature.capacity == expected
        assert signature.office == offices[office]
        title = offices[office].title
        printed = f"{user.display_name}, {'Acting ' if expected == 'acting' else ''}{title}"
        assert signature.printed_name == Decision.objects.get(pk=decision.pk).signed_by_name
        assert signature.printed_name == printed
        return
    with pytest.raises(DecisionRefusedError, match=expected):
        services.decision_sign(**sign, credential=PASSWORD)
    assert Decision.objects.get(pk=decision.pk).status == S.CLEARED
    assert not Signature.objects.filter(decision=decision).exists()


# (person, day relative to their term: "first", "last", "before", "after"), may sign?
DAYS = [
    ("holder", "first", "holder"),
    ("holder", "last", "holder"),
    ("holder", "before", None),
    ("holder", "after", None),
    ("acting now", "first", "acting"),
    ("acting now", "last", "acting"),
    ("acting now", "before", None),
    ("acting now", "after", None),
    ("successor", "first", "holder"),
    ("successor", "before", None),
    ("deputy", "first", None),
]


@pytest.mark.parametrize(("person", "when", "expected"), DAYS)
def test_a_term_counts_from_its_first_day_to_its_last_inclusive(
    offices, people, person, when, expected
):
    term = OfficeHolder.objects.get(user=people[person])
    day = {
        "first": term.starts_on,
        "last": term.ends_on,
        "before": term.starts_on - timedelta(days=1),
        "after": (term.ends_on or date.max - timedelta(days=1)) + timedelta(days=1),
    }[when]
    assert capacity_on(people[person], offices["dmpc"], day) == expected
    assert bool(office_problem(people[person], offices["dmpc"], day)) is (expected is None)


def test_a_former_holder_is_not_offered_the_sign_page(offices, people):
    decision = _cleared(offices["dmpc"])
    for name, status in [("former holder", 403), ("chief executive", 403), ("holder", 200)]:
        client = Client()
        client.force_login(people[name])
        response = client.get(f"/staff/decisions/{decision.pk}/sign/")
        assert response.status_code == status, name
        detail = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
        assert (f"/staff/decisions/{decision.pk}/sign/" in detail) is (status == 200), name
    assert "You sign as <strong>Holder, Deputy Mayor for Policing and Crime</strong>" in (
        response.content.decode()
    )


def test_awaiting_my_signature_lists_only_decisions_for_an_office_held_today(offices, people):
    dmpc_decision, ceo_decision = _cleared(offices["dmpc"]), _cleared(offices["chief_executive"])

    def to_sign(name):
        queue = next(q for q in dashboard_for(people[name]) if q.key == "to_sign")
        return {decision.pk for decision in queue.decisions}

    assert to_sign("holder") == to_sign("acting now") == {dmpc_decision.pk}
    assert to_sign("chief executive") == {ceo_decision.pk}
    assert to_sign("former holder") == to_sign("successor") == to_sign("no office") == set()


def test_two_holders_of_one_office_never_overlap(offices, people):
    today = localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeHolderFactory(office=offices["dmpc"], starts_on=today + timedelta(days=30))
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeHolderFactory(office=offices["dmpc"], kind=A, starts_on=today)
    # Acting while a holder is in post, a deputy alongside, and a term of another office are fine.
    OfficeHolderFactory(office=offices["dmpc"], kind=A, starts_on=today + timedelta(days=6))
    OfficeHolderFactory(office=offices["dmpc"], kind=D, starts_on=today)
    OfficeHolderFactory(office=offices["chief_executive"], kind=A, starts_on=today)
    # The day after a term ends, the next holder's may start.
    OfficeHolderFactory(
        office=offices["chief_executive"], starts_on=today - timedelta(days=500),
        ends_on=today - timedelta(days=401),
    )  # fmt: skip


def test_a_term_cannot_end_before_it_starts(offices):
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeHolderFactory(starts_on=date(2024, 5, 13), ends_on=date(2024, 5, 12))


def test_the_admin_refuses_an_overlapping_term_with_the_reason(offices, people, client):
    admin = UserFactory(is_staff=True, roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    before = OfficeHolder.objects.count()
    response = client.post(
        "/admin/decisions/officeholder/add/",
        {
            "office": offices["dmpc"].pk, "user": UserFactory().pk, "kind": "holder",
            "starts_on": "2024-05-13", "ends_on": "", "change_reason": "New Deputy Mayor",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "an office has one holder at a time" in response.content.decode()
    assert OfficeHolder.objects.count() == before
