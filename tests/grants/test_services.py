"""Entering agreements, profiles, match funding, onward grants, moves and variations (issue 10)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from alpha_hub.fiscal_year import FinancialYear
from decisions import services as decision_services
from grants import selectors, services
from grants.models import FundingProfileYear, GrantAgreement, GrantVariation, Organisation
from tests.factories import DecisionFactory
from tests.grants.conftest import EVEN, FY20, FY21

pytestmark = pytest.mark.django_db


def _messages(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_an_uneven_two_year_profile_is_kept_and_counts(terms, officer):
    profile = {FY20: Decimal("150000.00"), FY21: Decimal("50000.00")}
    agreement = services.agreement_create(terms=terms(), profile=profile, user=officer)
    assert agreement.status == GrantAgreement.Status.PROPOSED
    assert selectors.agreement_current_profile(agreement) == profile
    row = agreement.profile.get(financial_year=FY20)
    assert row.history.get().history_user == officer


def test_without_a_profile_the_split_by_days_is_used(terms, officer):
    agreement = services.agreement_create(terms=terms(starts_on=date(2020, 10, 1)), user=officer)
    shares = selectors.agreement_current_profile(agreement)
    assert shares[FY20] == Decimal("66544.78")  # 182 of 547 days, floored
    assert sum(shares.values()) == Decimal("200000.00")


def test_a_single_year_agreement_fills_its_profile_in(terms, officer):
    agreement = services.agreement_create(
        terms=terms(ends_on=date(2021, 3, 31)), profile={FY20: Decimal("1.00")}, user=officer
    )
    assert selectors.agreement_current_profile(agreement) == {FY20: Decimal("200000.00")}


@pytest.mark.parametrize(
    ("changes", "profile", "message"),
    [
        ({}, {FY20: Decimal("100000.00"), FY21: Decimal("99999.99")}, "£0.01 short of"),
        ({}, {FY20: Decimal("150000.00"), FY21: Decimal("100000.00")}, "£50,000.00 more than"),
        ({}, EVEN | {FinancialYear(2023): Decimal("1.00")}, "2023/24 is outside the"),
        ({"amount_awarded": Decimal("-1.00")}, None, "cannot be negative"),
        ({"ends_on": date(2019, 3, 31)}, None, "end date must be on or after"),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_saved(terms, officer, changes, profile, message):
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(terms=terms(**changes), profile=profile, user=officer)
    assert message in _messages(refused)
    assert not GrantAgreement.objects.exists()


def test_match_funding_outside_the_period_is_refused(terms, officer, orgs):
    line = services.MatchLine(orgs["Force"], FinancialYear(2024), Decimal("5.00"))
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(terms=terms(), profile=EVEN, match_funding=[line], user=officer)
    assert "outside the agreement's period" in _messages(refused)


def _onward(terms, orgs, reference, amount, **changes):
    values = {
        "reference": reference, "direction": "outgoing", "funder": orgs["MOPAC"],
        "recipient": orgs["Charity"], "amount_awarded": Decimal(amount),
        "ends_on": date(2021, 3, 31),
    }  # fmt: skip
    return terms(**(values | changes))


def test_onward_grants_fit_within_the_parent_plus_its_match_funding_per_year(
    terms, orgs, officer, incoming
):
    # 2020/21: £100,000.00 of grant and £10,000.00 of match funding.
    first = _onward(terms, orgs, "ON-1", "60000.00", parent=incoming)
    services.agreement_create(terms=first, user=officer)
    fits = _onward(terms, orgs, "ON-2", "50000.00", parent=incoming)
    services.agreement_create(terms=fits, user=officer)
    over = _onward(terms, orgs, "ON-3", "0.01", parent=incoming)
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(terms=over, user=officer)
    assert "would come to £110,000.01 in 2020/21" in _messages(refused)
    assert "(£110,000.00)" in _messages(refused)
    assert not GrantAgreement.objects.filter(reference="ON-3").exists()


def test_an_onward_grant_runs_within_its_parents_dates(terms, orgs, officer, incoming):
    late = _onward(terms, orgs, "ON-9", "1.00", parent=incoming, ends_on=date(2022, 6, 30))
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(terms=late, user=officer)
    assert "runs within HO-VRU-1's dates" in _messages(refused)


def test_a_proposed_agreement_changes_and_an_approved_one_does_not(terms, officer, incoming):
    proposed = services.agreement_create(terms=terms(reference="P-1"), profile=EVEN, user=officer)
    services.agreement_update(
        agreement=proposed, terms=terms(reference="P-1", title="Renamed"), profile=EVEN,
        user=officer,
    )  # fmt: skip
    assert GrantAgreement.objects.get(pk=proposed.pk).title == "Renamed"
    with pytest.raises(ValidationError, match="only a proposed agreement"):
        services.agreement_update(agreement=incoming, terms=terms(), profile=EVEN, user=officer)


def test_moves_follow_the_table_and_closing_records_the_spend(incoming, officer, make_user):
    with pytest.raises(ValidationError, match="cannot be moved"):
        services.agreement_close(
            agreement=incoming, amount_spent=Decimal("1"), underspend_returned=Decimal("0"),
            closed_on=date(2022, 3, 31), user=officer,
        )  # fmt: skip
    services.agreement_activate(agreement=incoming, user=officer)
    with pytest.raises(ValidationError) as refused:
        services.agreement_close(
            agreement=incoming, amount_spent=Decimal("190000.00"),
            underspend_returned=Decimal("10000.01"), closed_on=date(2022, 3, 31), user=officer,
        )  # fmt: skip
    assert "cannot be more than the grant less the amount spent, £10,000.00" in _messages(refused)
    closed = services.agreement_close(
        agreement=incoming, amount_spent=Decimal("190000.00"),
        underspend_returned=Decimal("10000.00"), closed_on=date(2022, 3, 31), user=officer,
    )  # fmt: skip
    closed.refresh_from_db()
    assert (closed.status, closed.amount_spent) == ("closed", Decimal("190000.00"))
    assert "£190,000.00 spent" in closed.history.first().history_change_reason


def test_approval_needs_a_signed_decision(terms, officer):
    agreement = services.agreement_create(terms=terms(), profile=EVEN, user=officer)
    DecisionFactory().approvals.create(agreement=agreement)
    with pytest.raises(ValidationError, match="approved by signing"):
        services.agreement_approve(agreement=agreement, user=officer)


def test_withdrawing_needs_a_reason(terms, officer):
    agreement = services.agreement_create(terms=terms(), profile=EVEN, user=officer)
    with pytest.raises(ValidationError):
        services.agreement_withdraw(agreement=agreement, user=officer, reason=" ")
    services.agreement_withdraw(agreement=agreement, user=officer, reason="Funder pulled out")
    assert GrantAgreement.objects.get(pk=agreement.pk).status == "withdrawn"


# --- variations, made by decisions ---


def _draft(officer):
    return DecisionFactory(drafted_by=officer)


def _vary(decision, agreement, amount, **kwargs):
    return decision_services.decision_variation_start(
        decision=decision, user=decision.drafted_by, agreement=agreement,
        amount_after=Decimal(amount), reason="Uplift for the second year", **kwargs,
    )  # fmt: skip


def test_a_variation_counts_only_once_its_decision_is_signed(incoming, officer):
    from tests.factories import mark_signed

    decision = _draft(officer)
    profile = {FY20: Decimal("100000.00"), FY21: Decimal("150000.00")}
    variation = _vary(decision, incoming, "250000.00", profile_after=profile)
    assert variation.approval.decision == decision
    assert (variation.amount_before, variation.change) == (
        Decimal("200000.00"),
        Decimal("50000.00"),
    )
    before = {row.financial_year: row.amount_before for row in variation.profile.all()}
    assert before == EVEN
    amounts = selectors.agreement_amounts_for(incoming)
    assert amounts.current == Decimal("200000.00")
    assert amounts.pending_variation.variation == variation
    mark_signed(decision)
    amounts = selectors.agreement_amounts_for(incoming)
    assert (amounts.current, amounts.profile) == (Decimal("250000.00"), profile)
    assert amounts.pending_variation is None


def test_a_second_variation_while_one_is_pending_is_refused(incoming, officer):
    _vary(_draft(officer), incoming, "250000.00")
    with pytest.raises(ValidationError) as refused:
        _vary(_draft(officer), incoming, "260000.00")
    assert "already has a variation waiting for its decision" in _messages(refused)
    assert GrantVariation.objects.count() == 1


def test_a_variation_of_an_agreement_no_signed_decision_approved_is_refused(terms, officer):
    agreement = services.agreement_create(terms=terms(), profile=EVEN, user=officer)
    DecisionFactory().approvals.create(agreement=agreement)
    with pytest.raises(ValidationError) as refused:
        _vary(_draft(officer), agreement, "250000.00")
    assert "No signed decision approved HO-VRU-1" in _messages(refused)
    assert not GrantVariation.objects.exists()


def test_a_variation_profile_must_add_up_and_change_something(incoming, officer):
    with pytest.raises(ValidationError) as refused:
        _vary(_draft(officer), incoming, "250000.00", profile_after=EVEN)
    assert "£50,000.00 short of" in _messages(refused)
    with pytest.raises(ValidationError, match="changes nothing"):
        _vary(_draft(officer), incoming, "200000.00")


def test_starting_an_agreement_from_a_decision_links_it_in_one_step(terms, officer):
    decision = _draft(officer)
    agreement = decision_services.decision_agreement_start(
        decision=decision, user=officer, terms=terms(), profile=EVEN
    )
    assert list(decision.approvals.values_list("agreement", flat=True)) == [agreement.pk]
    assert FundingProfileYear.objects.filter(agreement=agreement).count() == 2


def test_an_organisation_id_in_the_wrong_format_is_refused(officer):
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(
            name="Safer Streets", kind="charity", org_identifier="1234567", user=officer
        )
    assert "GB-COH-01234567" in _messages(refused)
    organisation = services.organisation_create(
        name="Safer Streets", kind="charity", org_identifier="GB-CHC-1234567", user=officer
    )
    assert Organisation.objects.get(pk=organisation.pk).history.get().history_user == officer
