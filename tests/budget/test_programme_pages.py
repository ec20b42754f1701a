"""The public programme pages: the index, and a programme's timeline with its money per year."""

import re
from decimal import Decimal

import pytest

from tests.budget.programme_data import agreement, chain_programme, signed_on, vary
from tests.decisions.claims_data import pay
from tests.decisions.public_data import approve, published
from tests.factories import DecisionFactory, OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_index_lists_programmes_with_a_published_decision(client):
    programme, _decisions, _grants = chain_programme()
    ProgrammeFactory(name="Nothing published yet")
    response = client.get("/programmes/")
    assert response.status_code == 200
    text = _text(response)
    assert "Project Alpha" in text
    assert "3 published decisions" in text
    assert "Nothing published yet" not in text
    assert f'href="/programmes/{programme.slug}/"' in response.content.decode()


def test_the_programme_page_never_adds_an_agreement_twice(client):
    programme, _decisions, _grants = chain_programme()
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    # Totals: the varied incoming grant once, at its amount after the variation; onward apart.
    assert "All years £1,100.00 £200.00 £700.00" in text
    assert "£2,100.00" not in text
    assert "£1,800.00" not in text
    assert "Varied IN-1 from £1,000.00 by +£100.00 to £1,100.00" in text
    assert "already counted under PCD" in text
    assert "Adds: incoming +£1,000.00; match funding +£200.00; onward grants +£300.00" in text
    # Oldest signed first.
    assert text.index("Approve the hub") < text.index("Vary the hub") < text.index("Restate")


def test_a_draft_variation_changes_nothing_public(client):
    programme, _decisions, grants = chain_programme()
    vary(DecisionFactory(), grants["O1"], "350.00")
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    assert "£350.00" not in text
    assert "All years £1,100.00 £200.00 £700.00" in text


def test_a_withheld_value_is_neither_shown_nor_added(client):
    programme, _decisions, _grants = chain_programme()
    secret = published(
        signed=signed_on(2021, 7, 1), title="A settlement", has_part2=True,
        part2_exemption_ground="Exempt", part2_covers_value=True, value_publication="withheld",
        financial_value=Decimal("98765.43"),
    )  # fmt: skip
    grant = agreement(programme, reference="SET-1", amount_awarded=Decimal("98765.43"))
    approve(secret, grant)
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    assert "98,765.43" not in text
    assert "amount withheld from publication" in text
    assert "All years £1,100.00 £200.00 £700.00" in text


def _volume(decisions: int, per_decision: int, slug: str):
    """`decisions` published decisions approving `per_decision` agreements each; each after the
    first also varies one of the previous decision's agreements by £1.00."""
    programme = ProgrammeFactory(name=slug, slug=slug)
    funder, recipient = OrganisationFactory(), OrganisationFactory()
    previous = None
    for number in range(decisions):
        decision = published(signed=signed_on(2020, 4, 1 + number % 28))
        if previous is not None:
            vary(decision, previous, "11.00")
        for _ in range(per_decision):
            previous = agreement(
                programme, funder=funder, recipient=recipient, amount_awarded=Decimal("10.00")
            )
            approve(decision, previous)
    return programme


def _queries(client, programme) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/programmes/{programme.slug}/")
    assert response.status_code == 200
    return len(queries), _text(response)


def test_the_programme_page_holds_a_fixed_number_of_queries(
    client, settings, django_assert_max_num_queries
):
    settings.PUBLIC_PAGE_CACHE = False
    programme = _volume(5, 4, "small")
    with django_assert_max_num_queries(12):
        small, _text_small = _queries(client, programme)
    programme = _volume(50, 4, "large")  # 50 decisions, 200 agreements, 49 variations
    with django_assert_max_num_queries(12):
        large, text = _queries(client, programme)
    assert large == small <= 12
    assert f"All years £{Decimal('10.00') * 200 + Decimal('49.00'):,.2f}" in text


def test_the_year_on_year_page_shows_the_same_money_as_signed(client):
    from alpha_hub.roles import Role
    from tests.factories import UserFactory

    programme, _decisions, grants = chain_programme()
    vary(DecisionFactory(), grants["O1"], "350.00")  # proposed: counts for nothing yet
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    text = _text(client.get(f"/staff/programmes/{programme.slug}/budgets/"))
    assert "Grant money per financial year" in text
    assert "All years £1,100.00 £200.00 £700.00" in text


def test_publishing_a_varying_decision_refreshes_the_cached_page(client):
    from tests.factories import mark_signed

    programme, _decisions, grants = chain_programme()
    url = f"/programmes/{programme.slug}/"
    assert "All years £1,100.00 £200.00 £700.00" in _text(client.get(url))
    draft = DecisionFactory()
    vary(draft, grants["O1"], "350.00")
    assert "All years £1,100.00 £200.00 £700.00" in _text(client.get(url))
    mark_signed(draft, published=True, at=signed_on(2021, 8, 1))
    assert "All years £1,100.00 £200.00 £750.00" in _text(client.get(url))


# Spend against approved amounts (issue 11) -------------------------------------------------

SPEND = "Paid against approved amounts"


def test_the_programme_page_shows_what_was_paid_against_each_years_approved_amount(client):
    programme, _decisions, grants = chain_programme()
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    assert SPEND not in text  # nothing paid yet: no table of zeros
    pay(grants["incoming"], "400.00", "150.00")  # received from the Home Office
    pay(grants["O1"], "100.00", "50.50")  # paid on to the recipient
    pay(grants["O1"], "25.00", state="approved", first=3)  # approved, not yet paid: not counted
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    assert SPEND in text
    # Every grant runs through 2020/21: incoming £1,100.00 approved (after B's variation) and
    # £550.00 received; onward grants £700.00 approved and £150.50 paid.
    spend = text[text.index(SPEND) :]
    received, paid = spend.split("Onward grants: approved and paid")
    assert "Incoming grants: approved and received" in received
    assert "2020/21 £1,100.00 £550.00 £550.00 All years £1,100.00 £550.00 £550.00" in received
    assert "2020/21 £700.00 £150.50 £549.50 All years £700.00 £150.50 £549.50" in paid
    assert "£25.00" not in spend


def test_what_was_paid_on_a_withheld_decisions_grant_is_neither_shown_nor_added(client):
    programme, _decisions, grants = chain_programme()
    pay(grants["O1"], "100.00")
    secret = published(
        signed=signed_on(2021, 7, 1), title="A settlement", has_part2=True,
        part2_exemption_ground="Exempt", part2_covers_value=True, value_publication="withheld",
        financial_value=Decimal("98765.43"),
    )  # fmt: skip
    grant = agreement(
        programme, reference="SET-1", amount_awarded=Decimal("98765.43"), direction="outgoing",
        parent=grants["incoming"], funder=grants["O1"].funder,
    )  # fmt: skip
    approve(secret, grant)
    pay(grant, "4321.09")
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    assert "4,321.09" not in text
    assert "98,765.43" not in text
    assert "All years £1,100.00 £0.00 £1,100.00" in text
    assert "All years £700.00 £100.00 £600.00" in text


def test_the_year_on_year_page_shows_what_was_paid_too(client):
    from alpha_hub.roles import Role
    from tests.factories import UserFactory

    programme, _decisions, grants = chain_programme()
    pay(grants["O1"], "100.00")
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    text = _text(client.get(f"/staff/programmes/{programme.slug}/budgets/"))
    assert "All years £700.00 £100.00 £600.00" in text


def test_the_programme_page_with_payments_holds_the_same_number_of_queries(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    programme = _volume(5, 4, "paid")
    before, _text_before = _queries(client, programme)
    for grant in list(programme.agreements.order_by("pk"))[:3]:
        pay(grant, "1.00", "2.00")
    after, text = _queries(client, programme)
    assert SPEND in text
    # One query more once something is paid: which agreements' payments would tell the public
    # of a variation it does not see.
    assert after == before + 1 <= 13
    for grant in list(programme.agreements.order_by("pk"))[3:12]:
        pay(grant, "1.00")
    assert _queries(client, programme)[0] == after


def test_what_was_paid_against_a_withheld_variation_is_not_shown(client):
    programme, _decisions, grants = chain_programme()
    secret = published(
        signed=signed_on(2021, 7, 1), has_part2=True, part2_exemption_ground="Exempt",
        part2_covers_value=True, value_publication="withheld", financial_value=Decimal("1.00"),
    )  # fmt: skip
    vary(secret, grants["O1"], "900.00")  # the public still sees £300.00
    pay(grants["O1"], "850.00")  # more than the public amount: it would tell the variation
    pay(grants["O2"], "40.00")
    text = _text(client.get(f"/programmes/{programme.slug}/"))
    assert "850.00" not in text
    assert "All years £700.00 £40.00 £660.00" in text


def test_recording_a_payment_refreshes_the_cached_page(client):
    programme, _decisions, grants = chain_programme()
    url = f"/programmes/{programme.slug}/"
    assert SPEND not in _text(client.get(url))  # now in the public cache
    pay(grants["O1"], "100.00")
    assert "All years £700.00 £100.00 £600.00" in _text(client.get(url))
