"""Decision and programme pages: what the public sees, and what it never sees."""

import re
from datetime import datetime
from decimal import Decimal
from html import unescape

import pytest

from decisions.models import Decision
from tests.decisions.public_data import (
    LONDON,
    PART2_MARKER,
    approve,
    link,
    onward_grant,
    published,
    secret_published,
)
from tests.factories import DecisionFactory, GrantAgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_decision_page_shows_dates_signed_and_published(client):
    decision = published(signed=datetime(2020, 6, 22, 12, tzinfo=LONDON))
    text = _text(client.get(decision.get_absolute_url()))
    assert "Date signed 22 June 2020" in text
    assert "Date published 23 June 2020" in text


def test_related_decisions_are_shown_both_ways_but_only_when_published(client):
    original = published(title="Original approval")
    variation = published(title="Variation of the original")
    draft = DecisionFactory(title="Draft supersession")
    link(variation, original, "varies")
    link(draft, original, "supersedes")
    original_text = _text(client.get(original.get_absolute_url()))
    assert f"Varies by: {variation.reference}: Variation of the original" in original_text
    assert "Draft supersession" not in original_text
    assert f"Varies: {original.reference}" in _text(client.get(variation.get_absolute_url()))


def test_the_agreements_a_decision_approves_with_funder_recipient_amount_and_period(client):
    decision = published()
    grant = onward_grant(
        decision,
        funder=OrganisationFactory(name="Mayor's Office for Policing and Crime"),
        recipient=OrganisationFactory(name="London Borough of Southwark"),
        amount_awarded=Decimal("240000.50"),
    )
    text = _text(client.get(decision.get_absolute_url()))
    assert "Grant agreements approved" in text
    assert "Mayor's Office for Policing and Crime" in text
    assert "London Borough of Southwark" in text
    assert "£240,000.50" in text
    assert "1 April 2020 to 31 March 2021" in text
    assert f"See all decisions on {grant.programme.name}" in text


@pytest.mark.parametrize("status", [s for s in Decision.Status.values if s != "published"])
def test_a_decision_that_is_not_published_is_not_found(client, status):
    if status == Decision.Status.SIGNED:
        decision = published(status=status, published_at=None)
    else:
        decision = DecisionFactory(status=status)
    assert client.get(decision.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("slug", ["pcd-0", "pcd-99999999999", "PCD-867", "x", "pcd-867-1"])
def test_odd_decision_addresses_are_not_found(client, slug):
    # PCD-867 is first redirected to pcd-867 (issue 12), which does not exist here.
    assert client.get(f"/decisions/{slug}/", follow=True).status_code == 404


def test_the_decision_page_holds_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    decision = published()
    # 10: the supporting papers (issue 13) are one query, however many there are.
    with django_assert_max_num_queries(10):
        client.get(decision.get_absolute_url())
    for _ in range(4):
        onward_grant(decision)
        link(published(), decision, "continues")
    with django_assert_max_num_queries(10):
        assert client.get(decision.get_absolute_url()).status_code == 200


def test_a_programme_page_follows_its_funding_over_the_years(client):
    programme_grant = GrantAgreementFactory(amount_awarded=Decimal("1386723.00"))
    programme = programme_grant.programme
    first = published(title="Proof of concept", signed=datetime(2019, 3, 12, tzinfo=LONDON))
    second = published(title="Second year", signed=datetime(2020, 6, 22, tzinfo=LONDON))
    approve(first, programme_grant)
    onward_grant(second, programme=programme, amount_awarded=Decimal("1000000.00"))
    onward_grant(second, programme=programme, amount_awarded=Decimal("479306.16"))
    response = client.get(f"/programmes/{programme.slug}/")
    assert response.status_code == 200
    text = _text(response)
    assert text.index("Proof of concept") < text.index("Second year")
    assert "£1,386,723.00" in text
    assert "£1,479,306.16" in text


def test_a_programme_with_no_published_decision_is_not_found(client):
    agreement = GrantAgreementFactory()
    DecisionFactory().approvals.create(agreement=agreement)
    assert client.get(f"/programmes/{agreement.programme.slug}/").status_code == 404
    assert client.get("/programmes/no-such-programme/").status_code == 404


def test_part2_never_appears_on_any_public_page_or_open_data(client):
    decision = secret_published()
    grant = onward_grant(decision)
    pages = [
        "/decisions/",
        f"/decisions/?q={decision.title}",
        decision.get_absolute_url(),
        f"/programmes/{grant.programme.slug}/",
        "/data/",
        "/data/360giving.json",
        "/data/360giving.csv",
        "/data/decisions.json",
        "/decisions/feed/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert PART2_MARKER.encode() not in body, page
    notice = _text(client.get(decision.get_absolute_url()))
    assert "This decision has a Part 2 that is not published" in notice


def test_the_programme_page_holds_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    grant = GrantAgreementFactory()
    approve(published(), grant)
    url = f"/programmes/{grant.programme.slug}/"
    # Bounded whatever the programme holds (tests/budget/test_programme_pages.py: 50 decisions
    # and 200 agreements); a programme without onward grants skips their reads.
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(6):
        onward_grant(published(), programme=grant.programme)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
