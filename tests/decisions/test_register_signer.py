"""The register finds decisions by who signed them and as which office (issue 12)."""

import pytest

from tests.decisions.public_data import published

pytestmark = pytest.mark.django_db


def _titles(client, query: str) -> list[str]:
    response = client.get("/decisions/", {"q": query})
    assert response.status_code == 200
    return [decision.title for decision in response.context["decisions"]]


def test_a_signers_surname_or_office_finds_their_decisions(client):
    published(
        title="Knife crime prevention",
        decision_by="Sophie Linden, Deputy Mayor, Policing and Crime",
    )
    published(
        title="Custody healthcare", decision_by="Jordan Ellis, Deputy Mayor for Policing and Crime"
    )
    published(title="Estates disposal", decision_by="Diana Luchford, Chief Executive")
    assert _titles(client, "Linden") == ["Knife crime prevention"]
    assert _titles(client, "jordan ellis") == ["Custody healthcare"]
    assert _titles(client, "Chief Executive") == ["Estates disposal"]
    assert set(_titles(client, "Deputy Mayor")) == {"Knife crime prevention", "Custody healthcare"}


def test_a_title_match_still_comes_before_a_signer_match(client):
    published(title="Evaluation by Linden Associates", signed=None, decision_by="Someone Else, CEO")
    published(
        title="Youth diversion", decision_by="Sophie Linden, Deputy Mayor, Policing and Crime"
    )
    assert _titles(client, "Linden") == ["Evaluation by Linden Associates", "Youth diversion"]


def test_a_draft_signer_is_never_searched(client):
    published(
        title="Not yet public", status="signed", published_at=None, decision_by="Sophie Linden"
    )
    assert _titles(client, "Linden") == []
