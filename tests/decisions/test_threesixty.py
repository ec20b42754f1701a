"""360Giving done right (issue 10): award dates, variations, related decision, funding chain,
withheld values, schema validation, and the CSV as flatten-tool makes it of the JSON."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator

from tests.budget.programme_data import chain_programme, signed_on, vary
from tests.decisions.claims_data import pay, schedule
from tests.decisions.public_data import approve, published
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

SCHEMA_PATH = Path(settings.BASE_DIR) / "standards/360-giving-grant-schema-1.4.3.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text())


def _json(client) -> dict:
    response = client.get("/data/360giving.json")
    assert response.status_code == 200
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def _csv_text(client) -> str:
    response = client.get("/data/360giving.csv")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def _by_id(grants: list[dict]) -> dict[str, dict]:
    return {grant["id"].rsplit("-", 2)[-2] + "-" + grant["id"].rsplit("-", 1)[-1]: grant
            for grant in grants}  # fmt: skip


def test_grants_carry_their_awarding_decision_amount_after_variations_and_funding_chain(client):
    _programme, decisions, grants = chain_programme()
    vary(decisions["B"], grants["O1"], "350.00")  # B varies O1 too, after approving it in A
    by_id = _by_id(_json(client)["grants"])
    assert set(by_id) == {"ON-1", "ON-2"}  # outgoing only: the incoming grant is not ours to list
    first = by_id["ON-1"]
    assert first["awardDate"] == "2020-05-04"  # A, the decision that awarded it, not B
    assert first["amountAwarded"] == 350  # after B's variation
    [document] = first["relatedDocument"]
    assert document["url"].endswith(f"/decisions/{decisions['A'].slug}/")
    assert document["title"] == f"{decisions['A'].reference}: Approve the hub"
    assert first["url"] == document["url"]
    assert first["fundingOrganization"] == [{"id": "GB-GOVUK-mopac", "name": "MOPAC"}]
    assert first["grantProgramme"][0]["title"].endswith("(funded by Home Office)")
    assert by_id["ON-2"]["awardDate"] == "2021-05-04"


def test_a_variation_counts_only_once_its_decision_is_published(client):
    _programme, _decisions, grants = chain_programme()
    vary(DecisionFactory(), grants["O1"], "350.00")
    assert _by_id(_json(client)["grants"])["ON-1"]["amountAwarded"] == 300


def test_withheld_values_are_never_in_open_data(client):
    _programme, _decisions, grants = chain_programme()
    secret = published(
        signed=signed_on(2021, 9, 1), has_part2=True, part2_exemption_ground="Exempt",
        part2_covers_value=True, value_publication="withheld", financial_value=Decimal("1.00"),
    )  # fmt: skip
    vary(secret, grants["O2"], "433.21")
    from tests.budget.programme_data import agreement

    settlement = agreement(
        grants["incoming"].programme, reference="SECRET-1", amount_awarded=Decimal("98.76"),
        direction="outgoing", parent=grants["incoming"], funder=grants["O1"].funder,
    )  # fmt: skip
    approve(secret, settlement)
    dumped = json.dumps(_json(client)) + _csv_text(client)
    dumped += json.dumps(client.get("/data/decisions.json").json())
    for secret_amount in ["433.21", "98.76"]:
        assert secret_amount not in dumped


def test_every_grant_validates_against_the_schema(client):
    chain_programme()
    grants = _json(client)["grants"]
    assert grants
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for grant in grants:
        assert not [error.message for error in validator.iter_errors(grant)]


def test_the_csv_is_flatten_tools_main_sheet_of_the_json_and_round_trips(client, tmp_path):
    flattentool = pytest.importorskip("flattentool")
    _programme, _decisions, grants = chain_programme()
    pay(grants["O1"], "100.00", "50.50")  # ON-1 has an amount disbursed, ON-2 none (no schedule)
    package = _json(client)
    source = tmp_path / "grants.json"
    source.write_text(json.dumps(package))
    common = {
        "schema": str(SCHEMA_PATH),
        "root_list_path": "grants",
        "root_id": "",
        "id_name": "id",
    }
    with pytest.warns():  # the schema's transactions have no titles: flatten-tool says so
        flattentool.flatten(
            str(source), output_name=str(tmp_path / "flat"), output_format="csv",
            main_sheet_name="grants", rollup=True, use_titles=True,
            remove_empty_schema_columns=True, **common,
        )  # fmt: skip
    theirs = list(csv.reader(io.StringIO((tmp_path / "flat/grants.csv").read_text())))
    ours = list(csv.reader(io.StringIO(_csv_text(client))))
    assert ours == theirs
    assert (tmp_path / "flat/disbursementTransaction.csv").exists()  # a sheet of its own
    # And back: unflattening our CSV gives the JSON's grants, less the related document and the
    # transactions (sheets of their own in flatten-tool's layout; the grant's URL carries the
    # same page).
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "grants.csv").write_text(_csv_text(client))
    flattentool.unflatten(
        str(folder), output_name=str(tmp_path / "back.json"), input_format="csv",
        convert_titles=True, **common,
    )  # fmt: skip
    back = json.loads((tmp_path / "back.json").read_text())["grants"]
    expected = [
        {
            key: value
            for key, value in grant.items()
            if key not in ("relatedDocument", "disbursementTransaction")
        }
        for grant in package["grants"]
    ]
    assert back == expected


def test_the_json_holds_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    chain_programme()
    with django_assert_max_num_queries(6):
        b"".join(client.get("/data/360giving.json").streaming_content)


def _payment_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get("/data/360giving.json").streaming_content)
    return sum('FROM "claims_payment"' in query["sql"] for query in queries.captured_queries)


def test_payments_cost_one_query_a_chunk_whatever_their_number(client, settings, monkeypatch):
    from decisions import threesixty

    settings.PUBLIC_PAGE_CACHE = False
    _programme, _decisions, grants = chain_programme()
    assert _payment_queries(client) == 0  # no grant has a schedule: nothing to read
    pay(grants["O1"], "10.00", "20.00", "30.00")
    pay(grants["O2"], "40.00", "50.00")
    assert _payment_queries(client) == 1  # one chunk, one query for its five payments
    monkeypatch.setattr(threesixty, "CHUNK", 1)  # two chunks of one grant each
    assert _payment_queries(client) == 2


def test_outgoing_grants_carry_what_was_disbursed_as_the_schema_defines_it(client):
    _programme, _decisions, grants = chain_programme()
    pay(grants["O1"], "100.00", "50.50")
    pay(grants["O1"], "25.00", state="approved", first=3)  # approved, not paid: not disbursed
    by_id = _by_id(_json(client)["grants"])
    paid = by_id["ON-1"]
    assert paid["amountDisbursed"] == 150.5
    transactions = paid["disbursementTransaction"]
    assert [t["value"] for t in transactions] == [100, 50.5]
    assert sum(t["value"] for t in transactions) == paid["amountDisbursed"]
    assert {(t["currency"], t["transactionDate"], t["provider"], t["recipient"])
            for t in transactions} == {
        ("GBP", "2020-08-01", "GB-GOVUK-mopac", grants["O1"].recipient.org_identifier)
    }  # fmt: skip
    assert len({t["id"] for t in transactions}) == 2
    assert all(t["id"].startswith(paid["id"] + "-payment-") for t in transactions)
    # A grant whose payments Alpha Hub does not record (no claim schedule) claims none.
    assert "amountDisbursed" not in by_id["ON-2"]
    assert "disbursementTransaction" not in by_id["ON-2"]
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert not [error.message for error in validator.iter_errors(paid)]
    rows = {row["Identifier"]: row for row in csv.DictReader(io.StringIO(_csv_text(client)))}
    assert rows[paid["id"]]["Amount Disbursed"] == "150.5"
    assert rows[by_id["ON-2"]["id"]]["Amount Disbursed"] == ""


def test_a_scheduled_grant_with_nothing_paid_yet_has_disbursed_nothing(client):
    _programme, _decisions, grants = chain_programme()
    schedule(grants["O2"])
    grant = _by_id(_json(client)["grants"])["ON-2"]
    assert grant["amountDisbursed"] == 0
    assert "disbursementTransaction" not in grant


def test_an_incoming_grants_payments_are_not_disbursements(client):
    """What the Home Office pays this body is not a grant this body makes."""
    _programme, _decisions, grants = chain_programme()
    pay(grants["incoming"], "777.77")
    package = _json(client)
    assert "IN-1" not in json.dumps(package)
    assert "777.77" not in json.dumps(package) + _csv_text(client)
    assert all("amountDisbursed" not in grant for grant in package["grants"])


def test_a_withheld_grants_payments_stay_out_of_open_data(client):
    _programme, _decisions, grants = chain_programme()
    from tests.budget.programme_data import agreement

    secret = published(
        signed=signed_on(2021, 9, 1), has_part2=True, part2_exemption_ground="Exempt",
        part2_covers_value=True, value_publication="withheld", financial_value=Decimal("1.00"),
    )  # fmt: skip
    settlement = agreement(
        grants["incoming"].programme, reference="SECRET-1", amount_awarded=Decimal("987.65"),
        direction="outgoing", parent=grants["incoming"], funder=grants["O1"].funder,
    )  # fmt: skip
    approve(secret, settlement)
    pay(settlement, "123.45")
    dumped = json.dumps(_json(client)) + _csv_text(client)
    assert "SECRET-1" not in dumped
    assert "123.45" not in dumped


def test_decisions_json_carries_variations_and_match_funding(client):
    _programme, decisions, _grants = chain_programme()
    records = {r["reference"]: r for r in client.get("/data/decisions.json").json()["results"]}
    [variation] = records[decisions["B"].reference]["grant_variations"]
    assert variation == {
        "agreement_reference": "IN-1", "amount_before": "1000.00", "change": "100.00",
        "amount_after": "1100.00", "start_date_after": None, "end_date_after": None,
    }  # fmt: skip
    incoming = next(
        a for a in records[decisions["A"].reference]["grant_agreements"] if a["reference"] == "IN-1"
    )
    assert incoming["match_funding"] == [
        {"source": {"id": "GB-GOVUK-mopac", "name": "MOPAC"}, "amount": "200.00",
         "financial_year": "2020/21"},
    ]  # fmt: skip
    onward = next(
        a for a in records[decisions["A"].reference]["grant_agreements"] if a["reference"] == "ON-1"
    )
    assert onward["parent_reference"] == "IN-1"


def test_payments_that_would_tell_a_withheld_variation_stay_out(client):
    _programme, _decisions, grants = chain_programme()
    secret = published(
        signed=signed_on(2021, 9, 1), has_part2=True, part2_exemption_ground="Exempt",
        part2_covers_value=True, value_publication="withheld", financial_value=Decimal("1.00"),
    )  # fmt: skip
    vary(secret, grants["O1"], "900.00")
    pay(grants["O1"], "850.00")  # more than the £300.00 the public sees
    grant = _by_id(_json(client)["grants"])["ON-1"]
    assert grant["amountAwarded"] == 300
    assert "amountDisbursed" not in grant
    assert "disbursementTransaction" not in grant
    assert "850" not in _csv_text(client)
