"""A decision's money section: variations (before, change, after) and funding chains."""

import re
from decimal import Decimal

import pytest

from alpha_hub.roles import Role
from tests.budget.programme_data import chain_programme, signed_on, vary
from tests.decisions.public_data import published
from tests.factories import DecisionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_varying_decision_shows_before_change_and_after(client):
    _programme, decisions, _grants = chain_programme()
    text = _text(client.get(f"/decisions/{decisions['B'].slug}/"))
    assert "Grant variations made by this decision" in text
    assert "Amount before £1,000.00 Change +£100.00 Amount after £1,100.00" in text


def test_the_page_shows_the_incoming_grant_match_funding_and_onward_awards(client):
    _programme, decisions, _grants = chain_programme()
    text = _text(client.get(f"/decisions/{decisions['B'].slug}/"))
    assert "Incoming grant IN-1 £1,100.00" in text
    assert "Match funding from MOPAC, 2020/21 £200.00" in text
    assert "Available £1,300.00" in text
    assert "Onward grant ON-2" in text
    assert "(this decision)" in text
    assert "Onward grants in all £700.00" in text
    assert "Not yet awarded onward £600.00" in text


def test_the_staff_page_shows_a_draft_variation_as_proposed(client):
    _programme, _decisions, grants = chain_programme()
    draft = DecisionFactory()
    vary(draft, grants["O1"], "350.00")
    client.force_login(UserFactory(roles=[Role.AUDITOR]))
    text = _text(client.get(f"/staff/decisions/{draft.pk}/"))
    assert "Grant variations proposed by this decision" in text
    assert "Proposed: counts once this decision is signed" in text
    assert "Change +£50.00" in text


def test_a_withheld_decision_shows_no_amounts(client):
    _programme, _decisions, grants = chain_programme()
    secret = published(
        signed=signed_on(2021, 9, 1), has_part2=True, part2_exemption_ground="Exempt",
        part2_covers_value=True, value_publication="withheld", financial_value=Decimal("100.00"),
    )  # fmt: skip
    vary(secret, grants["incoming"], "1234.56", before=Decimal("1100.00"))
    text = _text(client.get(f"/decisions/{secret.slug}/"))
    assert "Amount Withheld" in text
    assert "1,234.56" not in text
    # Nor on the programme page, in its timeline or its totals.
    text = _text(client.get(f"/programmes/{_programme.slug}/"))
    assert "1,234.56" not in text
    assert "134.56" not in text
    assert "amounts withheld from publication" in text
