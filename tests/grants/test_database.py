"""The database refuses what the services refuse, when written around them (issue 10, bad input).

The checks that read other rows are constraint triggers deferred to COMMIT; `SET CONSTRAINTS ALL
IMMEDIATE` runs them now, as COMMIT would.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from grants.models import GrantAgreement
from tests.factories import (
    DecisionFactory,
    GrantAgreementFactory,
    OrganisationFactory,
    approve_with_signed_decision,
    variation_with_decision,
)

pytestmark = pytest.mark.django_db


def _run_now(statements) -> None:
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _refused(match: str, *statements):
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        _run_now(statements)


def _profile(agreement, year, amount):
    return (
        "INSERT INTO grants_fundingprofileyear (agreement_id, financial_year, amount, "
        "created_at, updated_at) VALUES (%s, %s, %s, now(), now())",
        [agreement.pk, year, amount],
    )


def test_a_profile_that_does_not_add_up_is_refused_at_commit():
    agreement = GrantAgreementFactory(amount_awarded=Decimal("100.00"))
    _refused("adds up to 99.99, not its amount 100.00", _profile(agreement, 2020, "99.99"))


def test_a_profile_year_outside_the_agreement_is_refused():
    agreement = GrantAgreementFactory(amount_awarded=Decimal("100.00"))
    _refused("has a year outside its period", _profile(agreement, 2023, "100.00"))


def test_a_sub_penny_or_negative_profile_amount_is_refused():
    agreement = GrantAgreementFactory(amount_awarded=Decimal("100.00"))
    _refused("gbp", _profile(agreement, 2020, "100.001"))
    _refused("profile_amount_not_negative", _profile(agreement, 2020, "-1.00"))


def test_onward_grants_over_the_parent_plus_match_are_refused():
    parent = GrantAgreementFactory(amount_awarded=Decimal("100.00"))
    parent.profile.create(financial_year=2020, amount=Decimal("100.00"))
    parent.match_funding.create(
        source=OrganisationFactory(), amount=Decimal("10.00"), financial_year=2020
    )
    child = GrantAgreementFactory(
        amount_awarded=Decimal("110.01"), parent=parent, direction="outgoing"
    )
    _refused("come to 110.01 in 2020/21", _profile(child, 2020, "110.01"))


def test_match_funding_outside_the_period_is_refused():
    agreement = GrantAgreementFactory()
    _refused(
        "outside its agreement's period",
        (
            "INSERT INTO grants_matchfunding (agreement_id, source_id, amount, financial_year, "
            "description, created_at, updated_at) VALUES (%s, %s, 5, 2030, '', now(), now())",
            [agreement.pk, OrganisationFactory().pk],
        ),
    )


def _variation_profile(variation, before, after):
    return (
        "INSERT INTO grants_variationprofileyear (variation_id, financial_year, amount_before, "
        "amount_after, created_at, updated_at) VALUES (%s, 2020, %s, %s, now(), now())",
        [variation.pk, before, after],
    )


def test_a_variation_of_an_agreement_no_signed_decision_approved_is_refused():
    agreement = GrantAgreementFactory()
    variation = variation_with_decision(agreement, amount_after="120000.00", signed=False)
    _refused("no signed decision approved", _variation_profile(variation, "100000", "120000"))


def test_a_second_pending_variation_is_refused():
    agreement = GrantAgreementFactory()
    approve_with_signed_decision(agreement)
    variation_with_decision(agreement, amount_after="110000.00", signed=False)
    second = variation_with_decision(agreement, amount_after="120000.00", signed=False)
    _refused("already has a variation waiting", _variation_profile(second, "100000", "120000"))


def test_a_variation_profile_must_add_up():
    agreement = GrantAgreementFactory()
    approve_with_signed_decision(agreement)
    variation = variation_with_decision(agreement, amount_after="120000.00", signed=False)
    _refused("not its amounts", _variation_profile(variation, "100000", "119999.99"))


@pytest.mark.parametrize(
    ("sql", "match"),
    [
        ("UPDATE grants_grantagreement SET status = 'active' WHERE id = %s", "cannot move"),
        ("UPDATE grants_grantagreement SET status = 'approved' WHERE id = %s", "only by signing"),
    ],
)
def test_the_status_moves_only_by_the_table(sql, match):
    agreement = GrantAgreementFactory()
    DecisionFactory().approvals.create(agreement=agreement)
    _refused(match, (sql, [agreement.pk]))
    assert GrantAgreement.objects.get(pk=agreement.pk).status == "proposed"


def test_closing_records_the_spend():
    agreement = GrantAgreementFactory(ends_on=date(2021, 3, 31))
    approve_with_signed_decision(agreement)
    GrantAgreement.objects.filter(pk=agreement.pk).update(status="active")
    _refused(
        "records the amount spent",
        ("UPDATE grants_grantagreement SET status = 'closed' WHERE id = %s", [agreement.pk]),
    )
    _refused(
        "closing_figures_not_negative",
        (
            "UPDATE grants_grantagreement SET status = 'closed', amount_spent = -1, "
            "underspend_returned = 0, closed_on = ends_on WHERE id = %s",
            [agreement.pk],
        ),
    )


def test_an_approved_profile_changes_only_through_a_variation():
    agreement = GrantAgreementFactory(amount_awarded=Decimal("100.00"))
    agreement.profile.create(financial_year=2020, amount=Decimal("100.00"))
    approve_with_signed_decision(agreement)
    _refused(
        "changes only through a variation",
        ("DELETE FROM grants_fundingprofileyear WHERE agreement_id = %s", [agreement.pk]),
    )


def _published_programme():
    agreement = GrantAgreementFactory()
    approve_with_signed_decision(agreement, published=True)
    return agreement.programme


def test_a_published_programmes_address_cannot_change():
    programme = _published_programme()
    with pytest.raises(DatabaseError, match="its address cannot change"), transaction.atomic():
        _run_now([("UPDATE grants_programme SET slug = 'moved' WHERE id = %s", [programme.pk])])
    programme.refresh_from_db()
    assert programme.slug != "moved"


def test_an_unpublished_programmes_address_can_still_change():
    agreement = GrantAgreementFactory()
    approve_with_signed_decision(agreement)  # signed, not yet published
    _run_now(
        [("UPDATE grants_programme SET slug = 'moved' WHERE id = %s", [agreement.programme_id])]
    )
    agreement.programme.refresh_from_db()
    assert agreement.programme.slug == "moved"


def test_the_admin_shows_a_published_programmes_address_without_offering_to_change_it(
    make_user, client
):
    from alpha_hub.roles import Role

    programme = _published_programme()
    client.force_login(make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    page = client.get(f"/admin/grants/programme/{programme.pk}/change/")
    assert "slug" not in page.context["adminform"].form.fields
    assert programme.slug in page.text
