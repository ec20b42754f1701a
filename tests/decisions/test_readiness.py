"""Problems show early: what stands between a decision and its signature is on its page for
whoever acts on it, and a move is offered only when it can succeed (issue 13, point 2)."""

from __future__ import annotations

import pytest
from django.test import Client

from alpha_hub.roles import Role
from decisions import services
from decisions.models import Decision
from decisions.selectors.readiness import decision_readiness
from tests.decisions.test_workflow_support import (
    complete_draft,
    decision_in,
    dmpc_rule,
    make_people,
)
from tests.factories import GrantAgreementFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Decision.Status


def _page(user, decision) -> str:
    client = Client()
    client.force_login(user)
    return client.get(f"/staff/decisions/{decision.pk}/").content.decode()


def _dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/staff/").content.decode()


@pytest.fixture
def people():
    return make_people()


def test_a_decision_nobody_may_sign_says_so_to_its_drafter_before_submitting(people):
    decision = complete_draft(people.drafter)  # no delegation rule at all
    assert decision_readiness(decision).signer
    page = _page(people.drafter, decision)
    assert "Before it can be signed" in page
    assert "Nobody can sign it" in page
    assert "check the delegation rules" in page


def test_the_signer_sees_why_instead_of_a_sign_button_that_would_fail(people):
    decision = decision_in(S.CLEARED, people)  # no delegation rule covers it
    page = _page(people.dmpc, decision)
    assert "You cannot sign this yet" in page
    assert "No delegation rule lets you sign" in page
    assert f'href="/staff/decisions/{decision.pk}/sign/"' not in page
    assert 'id="count-to_sign">0<' in _dashboard(people.dmpc)


def test_once_a_rule_covers_it_the_sign_button_and_the_queue_offer_it(people):
    rule = dmpc_rule()
    decision = decision_in(S.CLEARED, people)
    assert decision.office_id == rule.office_id  # the factories share the DMPC's office
    page = _page(people.dmpc, decision)
    assert "You cannot sign this yet" not in page
    assert f'href="/staff/decisions/{decision.pk}/sign/"' in page
    assert 'id="count-to_sign">1<' in _dashboard(people.dmpc)
    assert decision_readiness(decision).ready


def test_a_rule_below_the_value_leaves_it_out_of_the_queue(people):
    dmpc_rule(upper_value=500)
    decision_in(S.CLEARED, people)  # worth £1,000.00
    assert 'id="count-to_sign">0<' in _dashboard(people.dmpc)


def test_clearers_see_what_is_still_to_clear_and_budgets_that_do_not_reconcile(people):
    dmpc_rule()
    agreement = GrantAgreementFactory()  # no budget
    decision = complete_draft(people.drafter, agreements=[agreement])
    services.decision_submit(decision=decision, user=people.drafter)
    readiness = decision_readiness(Decision.objects.get(pk=decision.pk))
    assert readiness.budgets
    assert readiness.clearances
    page = _page(people.clearer, decision)
    assert f"Budget: {agreement.reference}" in page
    assert "clearance</li>" in page


def test_finance_is_told_of_a_submitted_decision_whose_agreement_has_no_budget(people):
    dmpc_rule()
    agreement = GrantAgreementFactory()
    decision = complete_draft(people.drafter, agreements=[agreement])
    finance = UserFactory(roles=[Role.FINANCE])
    assert 'id="count-needs_budget">0<' in _dashboard(finance)
    services.decision_submit(decision=decision, user=people.drafter)
    page = _dashboard(finance)
    assert 'id="count-needs_budget">1<' in page
    assert decision.reference in page


def test_submitting_asks_first_with_the_answers_then_submits(people):
    decision = complete_draft(people.drafter)
    client = Client()
    client.force_login(people.drafter)
    url = f"/staff/decisions/{decision.pk}/submit/"
    page = client.get(url).content.decode()
    assert f"Submit {decision.reference} for clearance?" in page
    assert "Project Alpha Social Media Hub" in page
    assert Decision.objects.get(pk=decision.pk).status == S.DRAFT  # asking changes nothing
    client.post(url)
    assert Decision.objects.get(pk=decision.pk).status == S.SUBMITTED


def test_an_incomplete_draft_gets_no_submit_button_on_the_confirmation(people):
    decision = complete_draft(people.drafter)
    services.decision_update(decision=decision, user=people.drafter, executive_summary="")
    client = Client()
    client.force_login(people.drafter)
    page = client.get(f"/staff/decisions/{decision.pk}/submit/").content.decode()
    assert "It cannot be submitted yet" in page
    assert "Add an executive summary." in page
    assert ">Submit for clearance</button>" not in page


def test_publishing_asks_first(people):
    dmpc_rule()
    decision = decision_in(S.SIGNED, people)
    client = Client()
    client.force_login(people.drafter)
    url = f"/staff/decisions/{decision.pk}/publish/"
    assert "cannot be taken off the register again" in client.get(url).content.decode()
    assert Decision.objects.get(pk=decision.pk).status == S.SIGNED
    client.post(url)
    assert Decision.objects.get(pk=decision.pk).status == S.PUBLISHED


def test_the_confirmation_of_a_move_no_longer_possible_goes_back_to_the_decision(people):
    decision = decision_in(S.SUBMITTED, people)
    client = Client()
    client.force_login(people.drafter)
    response = client.get(f"/staff/decisions/{decision.pk}/submit/")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/decisions/{decision.pk}/"
