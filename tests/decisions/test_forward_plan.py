"""The forward plan: decisions expected are public before they are taken, link to the decision
once drafted and published, and show as slipped when their month passes untaken."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.timezone import localdate

from alpha_hub.roles import Role
from decisions import services
from decisions.models import Decision, ForwardPlanEntry
from decisions.selectors.forward_plan import PlanStatus, forward_plan_public, plan_status
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import dmpc_rule, make_people
from tests.factories import (
    DecisionCategoryFactory,
    DecisionSeriesFactory,
    OfficeFactory,
    ProgrammeFactory,
    UserFactory,
    mark_signed,
)

pytestmark = pytest.mark.django_db


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


@pytest.fixture
def officer():
    return UserFactory(roles=[Role.OFFICER])


def _entry(officer, **fields) -> ForwardPlanEntry:
    values = {
        "title": "Violence Reduction Unit grants 2027/28",
        "summary": "Approve grants to borough partners for 2027/28.",
        "office": OfficeFactory(),
        "expected_month": _next_month(localdate()),
        "has_part2": True,
        "programme": ProgrammeFactory(name="Violence Reduction Unit"),
    }
    return services.forward_plan_entry_add(user=officer, **(values | fields))


def test_an_officer_adds_an_entry_and_the_public_sees_it(officer, client):
    staff = Client()
    staff.force_login(officer)
    response = staff.post(
        "/staff/forward-plan/",
        {
            "title": "Knife crime prevention fund 2027/28", "summary": "Award the fund.",
            "office": "dmpc", "expected_month": _next_month(localdate()).strftime("%Y-%m"),
            "has_part2": "no", "programme": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get("/forward-plan/").content.decode()
    assert "Knife crime prevention fund 2027/28" in page
    assert "Deputy Mayor for Policing and Crime" in page
    assert _next_month(localdate()).strftime("%B %Y") in page
    assert PlanStatus.EXPECTED in page


def test_it_is_in_the_atom_feed_and_the_json(officer, client):
    entry = _entry(officer)
    feed = client.get("/forward-plan/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert entry.title in feed.content.decode()
    data = json.loads(client.get("/data/forward-plan.json").content)
    (item,) = data["forward_plan"]
    assert item == {
        "id": entry.pk, "title": entry.title, "summary": entry.summary,
        "decision_maker": "Deputy Mayor for Policing and Crime",
        "expected_month": entry.expected_month.strftime("%Y-%m"), "will_have_part2": True,
        "programme": "Violence Reduction Unit", "status": "expected", "decision": None,
    }  # fmt: skip


def test_a_drafted_entry_is_in_preparation_then_links_to_the_published_decision(officer, client):
    entry = _entry(officer)
    decision = services.forward_plan_entry_draft(
        user=officer, entry=entry, series=DecisionSeriesFactory(),
        category=DecisionCategoryFactory(), financial_value=Decimal("5000.00"),
    )  # fmt: skip
    assert (decision.title, decision.office, decision.executive_summary) == (
        entry.title,
        entry.office,
        entry.summary,
    )
    page = client.get("/forward-plan/").content.decode()
    assert PlanStatus.IN_PREPARATION in page
    assert decision.get_absolute_url() not in page  # a draft is not public
    mark_signed(Decision.objects.get(pk=decision.pk), published=True, at=None)
    page = client.get("/forward-plan/").content.decode()
    assert f'href="{decision.get_absolute_url()}"' in page
    assert PlanStatus.TAKEN in page
    with pytest.raises(DecisionRefusedError, match="already been drafted"):
        services.forward_plan_entry_draft(
            user=officer, entry=entry, series=DecisionSeriesFactory(),
            category=DecisionCategoryFactory(), financial_value=Decimal(0),
        )  # fmt: skip


def test_a_decision_not_taken_by_its_month_shows_as_slipped(officer):
    entry = _entry(officer)
    month_after = _next_month(entry.expected_month)
    assert plan_status(entry, entry.expected_month + timedelta(days=27)) == PlanStatus.EXPECTED
    assert plan_status(entry, month_after) == PlanStatus.SLIPPED
    (item,) = forward_plan_public(today=month_after)
    assert item.status == PlanStatus.SLIPPED
    dmpc_rule()
    make_people()
    drafted = services.forward_plan_entry_draft(
        user=officer, entry=entry, series=DecisionSeriesFactory(),
        category=DecisionCategoryFactory(), financial_value=Decimal(0),
    )  # fmt: skip
    entry.refresh_from_db()
    assert plan_status(entry, month_after) == PlanStatus.SLIPPED  # drafted, still not signed
    mark_signed(Decision.objects.get(pk=drafted.pk))
    entry.refresh_from_db()
    assert plan_status(entry, month_after) == PlanStatus.TAKEN


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expected_month": date(2020, 1, 1)}, "this month or later"),
        ({"title": "  "}, "Enter a title"),
        ({"summary": "x" * 10_001}, "Enter a summary"),
    ],
)
def test_a_bad_entry_is_refused(officer, fields, message):
    with pytest.raises(DecisionRefusedError, match=message):
        _entry(officer, **fields)
    assert not ForwardPlanEntry.objects.exists()


def test_the_form_explains_a_bad_month(officer):
    staff = Client()
    staff.force_login(officer)
    response = staff.post(
        "/staff/forward-plan/",
        {"title": "T", "summary": "S", "office": "dmpc", "expected_month": "March",
         "has_part2": "no"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Enter the month as a year and month, like 2027-03." in response.content.decode()


@pytest.mark.parametrize("role", [Role.CLEARANCE, Role.DECISION_MAKER, Role.AUDITOR])
def test_only_drafting_officers_plan_decisions(client_for, officer, role):
    entry = _entry(officer)
    client = client_for(role)
    assert client.get("/staff/forward-plan/").status_code == 403
    assert client.get(f"/staff/forward-plan/{entry.pk}/draft/").status_code == 403
