"""Drafting and signing services: what a user would notice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils.timezone import localdate
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from budget.models import Budget
from decisions import services
from decisions.models import ClearanceCapacity, Decision, Signature
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import (
    clear_all,
    complete_draft,
    decision_in,
    dmpc_rule,
    make_people,
    sign,
)
from tests.factories import (
    PASSWORD,
    BudgetLineFactory,
    OfficeFactory,
    OfficeHolderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = Decision.Status


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def cleared(people):
    dmpc_rule()
    return decision_in(S.CLEARED, people)


def test_numbers_follow_on_in_each_series(people):
    first = complete_draft(people.drafter)
    second = complete_draft(people.drafter)
    assert second.number == first.number + 1
    assert second.reference == f"PCD {first.number + 1}"


def test_recommendations_are_added_reordered_and_renumbered(people):
    decision = complete_draft(people.drafter)
    second = services.recommendation_add(decision=decision, user=people.drafter, text="Second")
    third = services.recommendation_add(decision=decision, user=people.drafter, text="Third")
    services.recommendation_move(recommendation=third, user=people.drafter, up=True)
    assert list(decision.recommendations.values_list("text", flat=True)) == [
        "Approve the grant.",
        "Third",
        "Second",
    ]
    services.recommendation_remove(
        recommendation=decision.recommendations.get(position=1), user=people.drafter
    )
    texts = list(decision.recommendations.values_list("position", "text"))
    assert texts == [(1, "Third"), (2, "Second")]
    assert second.history.count() >= 2  # the renumbering is in its history


def test_moving_the_first_part_up_changes_nothing(people):
    decision = complete_draft(people.drafter)
    first = decision.sections.get(position=1)
    services.section_move(section=first, user=people.drafter, up=True)
    assert decision.sections.get(position=1).pk == first.pk


def test_submission_lists_everything_missing(people):
    decision = services.decision_create(
        user=people.drafter,
        series=complete_draft(people.drafter).series,
        title="Thin",
        category=Decision.objects.first().category,
        office=OfficeFactory(),
        financial_value=Decimal("0"),
    )
    with pytest.raises(DecisionRefusedError) as refused:
        services.decision_submit(decision=decision, user=people.drafter)
    problems = " ".join(refused.value.problems)
    for needed in ("executive summary", "recommendation", "Legal comments", "DPIA", "equality"):
        assert needed in problems
    assert Decision.objects.get(pk=decision.pk).status == S.DRAFT


def test_part2_needs_its_ground_and_text(people):
    decision = complete_draft(people.drafter)
    with pytest.raises(DecisionRefusedError, match="exemption ground"):
        services.decision_part2_set(decision=decision, user=people.drafter, has_part2=True)
    services.decision_part2_set(
        decision=decision,
        user=people.drafter,
        has_part2=True,
        exemption_ground="Exempt under section 43.",
        body="The costs breakdown.",
    )
    decision.refresh_from_db()
    assert decision.has_part2
    assert decision.part2.body == "The costs breakdown."


def test_only_the_drafter_edits(people):
    decision = complete_draft(people.drafter)
    other = UserFactory(roles=["officer"])
    with pytest.raises(DecisionRefusedError, match="Only the drafting officer"):
        services.decision_update(decision=decision, user=other, title="Mine now")


def test_clearance_in_part_leaves_it_submitted_and_a_return_starts_again(people):
    decision = decision_in(S.SUBMITTED, people)
    services.decision_clear(
        decision=decision, user=people.clearer, capacities=[ClearanceCapacity.FINANCE]
    )
    assert Decision.objects.get(pk=decision.pk).status == S.SUBMITTED
    with pytest.raises(DecisionRefusedError, match="already been given"):
        services.decision_clear(
            decision=decision, user=people.clearer, capacities=[ClearanceCapacity.FINANCE]
        )
    services.decision_return(decision=decision, user=people.clearer, reason="Fix section 2")
    services.decision_submit(decision=decision, user=people.drafter)
    clear_all(decision, people.clearer)  # finance again: the earlier one no longer counts
    assert Decision.objects.get(pk=decision.pk).status == S.CLEARED


def test_a_required_clearance_set_per_series(people):
    decision = complete_draft(people.drafter)
    decision.series.required_clearances = [ClearanceCapacity.LEGAL]
    decision.series.save()
    services.decision_submit(decision=decision, user=people.drafter)
    services.decision_clear(
        decision=decision, user=people.clearer, capacities=[ClearanceCapacity.LEGAL]
    )
    assert Decision.objects.get(pk=decision.pk).status == S.CLEARED


def test_a_return_needs_a_reason(people):
    decision = decision_in(S.SUBMITTED, people)
    with pytest.raises(DecisionRefusedError, match="reason"):
        services.decision_return(decision=decision, user=people.clearer, reason="   ")


def test_signing_records_the_signature_and_locks_the_budgets(cleared, people):
    services.decision_sign(
        decision=cleared,
        user=people.dmpc,
        declaration_confirmed=True,
        credential=PASSWORD,
        ip_address="192.0.2.7",
        user_agent="Firefox",
    )
    cleared.refresh_from_db()
    assert cleared.status == S.SIGNED
    # The holder's name and the office's title on the day of signing (issue 12).
    assert cleared.signed_by_name == "Sophie Linden, Deputy Mayor for Policing and Crime"
    signature = Signature.objects.get(decision=cleared)
    assert (signature.ip_address, signature.user_agent) == ("192.0.2.7", "Firefox")
    assert (signature.office_title, signature.capacity) == (
        "Deputy Mayor for Policing and Crime",
        "holder",
    )
    assert "personal or prejudicial interest" in signature.declaration
    agreement = cleared.approvals.get().agreement
    assert set(Budget.objects.filter(agreement=agreement).values_list("status", flat=True)) == {
        Budget.Status.LOCKED
    }
    agreement.refresh_from_db()
    assert agreement.status == agreement.Status.APPROVED


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("no_rule", "No delegation rule"),
        ("low_limit", "No delegation rule"),
        ("other_holder", "No delegation rule"),
        ("unbalanced", "over the grant"),
        ("wrong_password", "password or code is not right"),
        ("no_declaration", "declaration"),
    ],
)
def test_signing_is_refused_with_the_reason(people, setup, message):
    decision = decision_in(S.CLEARED, people)
    if setup != "no_rule":
        dmpc_rule(
            upper_value=Decimal("999.99") if setup == "low_limit" else None,
            holder=people.other_dmpc if setup == "other_holder" else None,
        )
    if setup == "unbalanced":
        BudgetLineFactory(
            budget=Budget.objects.get(agreement=decision.approvals.get().agreement), amount=1
        )
    with pytest.raises(DecisionRefusedError, match=message):
        services.decision_sign(
            decision=decision,
            user=people.dmpc,
            declaration_confirmed=setup != "no_declaration",
            credential="wrong" if setup == "wrong_password" else PASSWORD,
        )
    assert Decision.objects.get(pk=decision.pk).status == S.CLEARED
    assert not Signature.objects.filter(decision=decision).exists()


def test_the_drafter_and_clearers_cannot_sign(people):
    dmpc_rule()
    # Each acts for the Deputy Mayor's office in turn, so separation of duties is what stops them.
    both = UserFactory(roles=["officer", "decision_maker", "clearance"])
    acting = OfficeHolderFactory(user=both, kind="acting", starts_on=localdate())
    decision = complete_draft(both)
    services.decision_submit(decision=decision, user=both)
    clear_all(decision, people.clearer)
    with pytest.raises(DecisionRefusedError, match="You drafted this decision"):
        sign(decision, both)
    acting.starts_on = acting.ends_on = localdate() - timedelta(days=1)  # over by yesterday
    acting.save()
    clearer_signer = UserFactory(roles=["clearance", "decision_maker"])
    OfficeHolderFactory(user=clearer_signer, kind="acting", starts_on=localdate())
    second = decision_in(S.SUBMITTED, people)
    clear_all(second, clearer_signer)
    with pytest.raises(DecisionRefusedError, match="You cleared this decision"):
        sign(second, clearer_signer)


def test_a_signer_with_an_authenticator_signs_with_a_code_not_the_password(cleared, people):
    device = TOTPDevice.objects.create(user=people.dmpc, name="phone", confirmed=True)
    with pytest.raises(DecisionRefusedError, match="not right"):
        sign(cleared, people.dmpc)  # the password is no longer enough
    # django-otp throttles after a failure; a person would wait a second, the test resets it.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    services.decision_sign(
        decision=cleared, user=people.dmpc, declaration_confirmed=True, credential=code
    )
    assert Decision.objects.get(pk=cleared.pk).status == S.SIGNED


def test_publishing_sets_the_date_and_shows_it_publicly(cleared, people, client):
    sign(cleared, people.dmpc)
    assert client.get(cleared.get_absolute_url()).status_code == 404
    services.decision_publish(decision=cleared, user=people.drafter)
    cleared.refresh_from_db()
    assert cleared.published_at >= cleared.signed_at
    assert client.get(cleared.get_absolute_url()).status_code == 200


def test_emails_go_to_whoever_acts_next_after_commit(people, django_capture_on_commit_callbacks):
    dmpc_rule()
    decision = complete_draft(people.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_submit(decision=decision, user=people.drafter)
    assert mail.outbox[-1].to == [people.clearer.email]
    assert "awaiting your clearance" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        clear_all(decision, people.clearer)
    assert set(mail.outbox[-1].to) == {people.dmpc.email, people.other_dmpc.email}
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_return(decision=decision, user=people.dmpc, reason="Check the sums")
    assert mail.outbox[-1].to == [people.drafter.email]
    assert "Check the sums" in mail.outbox[-1].body


def test_no_email_when_the_move_is_refused(people, django_capture_on_commit_callbacks):
    decision = services.decision_create(
        user=people.drafter,
        series=complete_draft(people.drafter).series,
        title="Thin",
        category=Decision.objects.first().category,
        office=OfficeFactory(),
        financial_value=Decimal("0"),
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DecisionRefusedError):
        services.decision_submit(decision=decision, user=people.drafter)
    assert mail.outbox == []
