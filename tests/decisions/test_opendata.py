"""Open data: 360Giving grants (JSON and CSV) and the paginated decisions dataset."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

from grants.models import GrantAgreement
from tests.decisions.public_data import (
    PART2_MARKER,
    approve,
    onward_grant,
    published,
    secret_published,
)
from tests.factories import DecisionFactory, GrantAgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# The repository's own copy (standards/README.md says where it comes from).
GRANT_SCHEMA = json.loads(
    (Path(settings.BASE_DIR) / "standards/360-giving-grant-schema-1.4.3.json").read_text()
)
DECISIONS_SCHEMA = json.loads(
    (Path(settings.BASE_DIR) / "static/data/decisions.schema.json").read_text()
)


def _grants(client) -> list[dict]:
    response = client.get("/data/360giving.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))["grants"]  # streamed (issue 10)


def _csv(client) -> list[dict]:
    response = client.get("/data/360giving.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_every_grant_in_the_demo_export_validates_against_360giving_1_4_3(client, demo):
    grants = _grants(client)
    assert len(grants) == 7  # PCD 880's five, and PCD 910's two (issue 10)
    validator = Draft202012Validator(
        GRANT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    for grant in grants:
        errors = sorted(validator.iter_errors(grant), key=str)
        assert not errors, [error.message for error in errors]
    assert sum(Decimal(str(grant["amountAwarded"])) for grant in grants) == Decimal("1550000.00")


def test_the_schema_check_is_not_vacuous(client, demo):
    grant = _grants(client)[0]
    validator = Draft202012Validator(
        GRANT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    for broken in [
        {**grant, "awardDate": "28/07/2020"},
        {**grant, "amountAwarded": "240000.00"},
        {key: value for key, value in grant.items() if key != "recipientOrganization"},
    ]:
        assert list(validator.iter_errors(broken)), broken


def test_grants_carry_identifiers_organisations_and_dates(client, settings):
    settings.THREESIXTY_GIVING_PREFIX = "mopac"
    decision = published()
    onward_grant(
        decision,
        reference="MOPAC-SVF-01",
        funder=OrganisationFactory(name="MOPAC", org_identifier="GB-GOVUK-mopac"),
        recipient=OrganisationFactory(name="Southwark", org_identifier="GB-LAE-SWK"),
        amount_awarded=Decimal("240000.50"),
        fund_name="Serious Violence Fund",
    )
    [grant] = _grants(client)
    assert grant["id"] == "360G-mopac-MOPAC-SVF-01"
    assert grant["recipientOrganization"] == [{"id": "GB-LAE-SWK", "name": "Southwark"}]
    assert grant["fundingOrganization"] == [{"id": "GB-GOVUK-mopac", "name": "MOPAC"}]
    assert grant["amountAwarded"] == 240000.5
    assert grant["awardDate"] == "2021-05-04"
    assert grant["plannedDates"] == [{"startDate": "2020-04-01", "endDate": "2021-03-31"}]
    assert grant["grantProgramme"] == [{"title": "Serious Violence Fund"}]
    assert grant["currency"] == "GBP"


def test_only_outgoing_grants_approved_by_published_decisions_are_exported(client):
    decision = published()
    wanted = onward_grant(decision)
    onward_grant(decision, status=GrantAgreement.Status.WITHDRAWN)
    incoming = GrantAgreementFactory(direction=GrantAgreement.Direction.INCOMING)
    approve(decision, incoming)
    draft_grant = GrantAgreementFactory(direction=GrantAgreement.Direction.OUTGOING)
    DecisionFactory().approvals.create(agreement=draft_grant)
    GrantAgreementFactory(direction=GrantAgreement.Direction.OUTGOING)  # approved by nothing
    assert [grant["id"] for grant in _grants(client)] == [f"360G-alphahub-{wanted.reference}"]
    assert [row["Identifier"] for row in _csv(client)] == [f"360G-alphahub-{wanted.reference}"]


def test_the_csv_uses_360giving_column_titles_and_matches_the_json(client, demo):
    rows = _csv(client)
    grants = _grants(client)
    assert len(rows) == len(grants) == 7
    for row, grant in zip(rows, grants, strict=True):
        assert row["Identifier"] == grant["id"]
        assert Decimal(row["Amount Awarded"]) == Decimal(str(grant["amountAwarded"]))
        assert row["Recipient Org:Identifier"] == grant["recipientOrganization"][0]["id"]
        assert row["Funding Org:Name"] == grant["fundingOrganization"][0]["name"]
        assert row["Planned Dates:Start Date"] == grant["plannedDates"][0]["startDate"]


def test_the_csv_defuses_spreadsheet_formulas_in_text(client):
    onward_grant(published(), title='=HYPERLINK("http://evil.example","click")')
    [row] = _csv(client)
    assert row["Title"].startswith("'=HYPERLINK")


def test_decisions_json_validates_against_its_documented_schema(client, demo):
    response = client.get("/data/decisions.json")
    assert response.status_code == 200
    payload = response.json()
    validator = Draft202012Validator(DECISIONS_SCHEMA)
    assert not [error.message for error in validator.iter_errors(payload)]
    assert payload["count"] == 7  # and PCD 905, 910, 915 and 920 (issue 10)
    by_reference = {record["reference"]: record for record in payload["results"]}
    pcd867 = by_reference["PCD 867"]
    assert pcd867["financial_value"] == "1479306.16"
    assert pcd867["related_decisions"][0]["reference"] == "PCD 545"
    assert pcd867["grant_agreements"][0]["amount"] == "1479306.16"
    assert len(by_reference["PCD 880"]["grant_agreements"]) == 6
    # PCD 905 varies PCD 867's agreement: before, change and after.
    (variation,) = by_reference["PCD 905"]["grant_variations"]
    assert (variation["amount_before"], variation["change"], variation["amount_after"]) == (
        "1479306.16",
        "369826.54",
        "1849132.70",
    )


def test_decisions_json_is_paginated_with_links(client):
    for _ in range(101):
        published()
    first = client.get("/data/decisions.json").json()
    assert first["count"] == 101
    assert len(first["results"]) == 100
    assert first["next"].endswith("/data/decisions.json?page=2")
    second = client.get("/data/decisions.json?page=2").json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"].endswith("?page=1")
    assert client.get("/data/decisions.json?page=3").status_code == 404
    assert client.get("/data/decisions.json?page=x").status_code == 404


def test_no_open_data_includes_drafts_or_part2(client):
    secret = secret_published()
    DecisionFactory(title="An unpublished draft")
    payload = client.get("/data/decisions.json").json()
    assert [record["reference"] for record in payload["results"]] == [secret.reference]
    assert payload["results"][0]["has_part2"] is True
    dumped = json.dumps(payload)
    assert PART2_MARKER not in dumped
    assert "An unpublished draft" not in dumped


@pytest.mark.parametrize(
    "url", ["/data/decisions.json", "/data/360giving.json", "/data/360giving.csv"]
)
def test_open_data_holds_a_constant_number_of_queries(client, django_assert_max_num_queries, url):
    decision = published()
    onward_grant(decision)
    # decisions.json reads each kind of part once a page: recommendations, sections, links,
    # agreements, contracts, and (issue 10) variations and match funding.
    with django_assert_max_num_queries(11):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    for _ in range(5):
        other = published()
        onward_grant(other)
        onward_grant(other)
    with django_assert_max_num_queries(11):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)


def test_the_open_data_page_links_every_dataset_and_the_schema(client):
    html = client.get("/data/").content.decode()
    for href in ["/data/360giving.json", "/data/360giving.csv", "/data/decisions.json",
                 "/decisions/feed/", "/static/data/decisions.schema.json"]:  # fmt: skip
        assert f'href="{href}"' in html
