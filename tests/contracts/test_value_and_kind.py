"""A decision's kind, and its financial value published exact, "up to", or withheld.

The value is always recorded (the delegation check uses it); a withheld one is in no public page,
document or dataset: the register, the decision's page, decisions.json, the feed, the public PDF.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from jsonschema import Draft202012Validator

from contracts.models import Contract
from decisions import services
from decisions.documents import decision_documents_issue, document_context
from decisions.models import Decision, DecisionDocument, DelegationRule
from decisions.services import DecisionRefusedError
from decisions.services import contracts as contract_services
from decisions.workflow import delegation_problems
from tests.decisions.public_data import published
from tests.decisions.test_documents import _pages
from tests.decisions.test_workflow_support import (
    clear_all,
    complete_draft,
    dmpc_rule,
    make_people,
    sign,
)
from tests.factories import DecisionCategoryFactory, DecisionSeriesFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
S = Decision.Status
V = Decision.ValuePublication

SECRET_VALUE = Decimal("987654.32")
SECRET_MAXIMUM = Decimal("876543.21")
# Every way the two amounts could be written out.
SECRETS = ["987654.32", "987,654.32", "987654", "876543.21", "876,543.21", "876543"]
SCHEMA = json.loads((Path(settings.BASE_DIR) / "static/data/decisions.schema.json").read_text())


@pytest.fixture
def people():
    dmpc_rule()
    return make_people()


def _settlement(people, *, publish: bool = True) -> Decision:
    """A settlement whose Part 2 covers its value, with a contract, signed and published."""
    draft = complete_draft(people.drafter, value=str(SECRET_VALUE), agreements=[])
    services.decision_update(decision=draft, user=people.drafter, kind=Decision.Kind.SETTLEMENT)
    services.decision_part2_set(
        decision=draft, user=people.drafter, has_part2=True, covers_value=True,
        exemption_ground="Exempt under section 43 (commercial interests).",
        body=f"The settlement is {SECRET_VALUE}.",
    )  # fmt: skip
    contract_services.decision_contract_add(
        decision=draft, user=people.drafter, title="Claims handling services",
        supplier=OrganisationFactory(name="Claims Ltd", kind="company"),
        maximum_value=SECRET_MAXIMUM, starts_on="2021-04-01", ends_on="2022-03-31",
        procurement_route=Contract.Route.DIRECT_AWARD, awarded_by="Chief Finance Officer",
        route_justification="Only the insurer's panel firm may act.",
    )  # fmt: skip
    services.decision_submit(decision=draft, user=people.drafter)
    clear_all(draft, people.clearer)
    sign(draft, people.dmpc)
    if publish:
        services.decision_publish(decision=draft, user=people.drafter)
    return Decision.objects.get(pk=draft.pk)


def _public_outputs(decision: Decision) -> dict[str, str]:
    client = Client()
    outputs = {
        url: client.get(url).content.decode()
        for url in [
            "/decisions/",
            "/decisions/?kind=settlement",
            f"/decisions/?q={decision.series.code}+{decision.number}",
            decision.get_absolute_url(),
            "/data/decisions.json",
            "/decisions/feed/",
        ]
    }
    outputs["public PDF"] = render_to_string(
        "pdf/decision.html", document_context(decision, DecisionDocument.Variant.PUBLIC)
    )
    return outputs


def test_a_withheld_value_appears_in_no_public_output(people):
    decision = _settlement(people)
    assert decision.financial_value == SECRET_VALUE  # recorded all the same
    assert decision.value_publication == V.WITHHELD
    outputs = _public_outputs(decision)
    for where, text in outputs.items():
        assert decision.title in text or where == "/decisions/feed/" or "q=" in where, where
        leaked = [secret for secret in SECRETS if secret in text]
        assert not leaked, (where, leaked)
    page = outputs[decision.get_absolute_url()]
    assert "Withheld" in page
    assert "Settlement" in page
    assert "Claims handling services" in page
    assert "Withheld" in outputs["public PDF"]
    record = json.loads(outputs["/data/decisions.json"])["results"][0]
    assert record["financial_value"] is None
    assert record["value_publication"] == "withheld"
    assert record["kind"] == "settlement"
    assert record["contracts"][0]["maximum_value"] is None
    Draft202012Validator(SCHEMA).validate(json.loads(outputs["/data/decisions.json"]))


def test_staff_and_the_restricted_pdf_still_see_a_withheld_value(people):
    decision = _settlement(people)
    client = Client()
    client.force_login(people.drafter)
    page = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert "£987,654.32" in page
    assert "Part 2 covers the value" in page
    full = render_to_string(
        "pdf/decision.html", document_context(decision, DecisionDocument.Variant.FULL)
    )
    assert "£987,654.32 (withheld from publication)" in full
    assert "£876,543.21" in full


def test_the_delegation_check_uses_the_recorded_value_even_when_withheld(people):
    decision = _settlement(people, publish=False)
    # Only a rule up to £1,000.00 now: the fixture's unlimited one is retired.
    DelegationRule.objects.filter(upper_value=None).delete()
    dmpc_rule(upper_value=Decimal("1000.00"))
    assert delegation_problems(decision, people.dmpc) == [
        f"No delegation rule lets you sign a {decision.series.code} "
        f"{decision.category.name.lower()} decision of £987,654.32 as {decision.addressee}."
    ]


@pytest.mark.parametrize(
    ("publication", "value", "shown", "in_json"),
    [
        (V.EXACT, "1479306.16", "£1,479,306.16", "1479306.16"),
        (V.UP_TO, "50000.00", "up to £50,000.00", "50000.00"),
        (V.WITHHELD, "50000.00", "Withheld", None),
    ],
)
def test_the_value_is_published_as_the_officer_chose(client, publication, value, shown, in_json):
    decision = published(
        financial_value=Decimal(value), value_publication=publication, kind=Decision.Kind.GRANT
    )
    page = client.get(decision.get_absolute_url()).content.decode()
    assert f'id="decision-value">{shown}' in " ".join(page.split()).replace("> ", ">")
    record = client.get("/data/decisions.json").json()["results"][0]
    assert (record["financial_value"], record["value_publication"]) == (in_json, publication)


# --- choosing the kind and the publication while drafting ---


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new(category, **overrides) -> dict:
    return {
        "series": "PCD", "title": "Social media platform", "category": category.pk,
        "office": "dmpc", "financial_value": "250,000.00", "executive_summary": "Buy it.",
        "dpia": "", "equality_assessment": "",
    } | overrides  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "kind", "publication"),
    [
        ({"kind": "contract", "value_publication": "up_to"}, "contract", "up_to"),
        ({"kind": "governance", "value_publication": "withheld"}, "governance", "withheld"),
        ({}, "other", "exact"),  # unanswered: no agreement, so "other", published exactly
    ],
)
def test_the_officer_chooses_the_kind_and_publication_when_drafting(
    people, overrides, kind, publication
):
    DecisionSeriesFactory()
    response = _client(people.drafter).post(
        "/staff/decisions/new/", _new(DecisionCategoryFactory(), **overrides)
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.kind, decision.value_publication) == (kind, publication)
    assert decision.financial_value == Decimal("250000.00")


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"kind": "bribe"}, "Choose what kind of decision this is."),
        ({"value_publication": "rumoured"}, "Choose how the financial value is published."),
        (
            {"value_publication": "up_to", "financial_value": "0"},
            "A value published as “up to” must be more than £0.00.",
        ),
        ({"financial_value": "-1"}, "Ensure this value is greater than or equal to 0"),
        ({"financial_value": "1.001"}, "no more than 2 decimal places"),
    ],
)
def test_a_bad_kind_or_publication_gets_a_clear_error(people, overrides, error):
    DecisionSeriesFactory()
    response = _client(people.drafter).post(
        "/staff/decisions/new/", _new(DecisionCategoryFactory(), **overrides)
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Decision.objects.exists()


def test_a_part2_covering_the_value_leaves_withheld_the_only_choice(people):
    draft = complete_draft(people.drafter, agreements=[])
    client = _client(people.drafter)
    response = client.post(
        f"/staff/decisions/{draft.pk}/part-2/",
        {"has_part2": "yes", "exemption_ground": "Section 43", "body": "The amount.",
         "covers_value": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.part2_covers_value, draft.value_publication) == (True, V.WITHHELD)

    with pytest.raises(DecisionRefusedError, match="Part 2 covers the financial value"):
        services.decision_update(decision=draft, user=people.drafter, value_publication=V.EXACT)
    edit = client.get(f"/staff/decisions/{draft.pk}/edit/")
    data = dict(edit.context["form"].initial.items())
    data |= {"category": draft.category_id, "office": draft.office.code}
    data |= {"financial_value": "1,000.00", "value_publication": "exact"}
    response = client.post(f"/staff/decisions/{draft.pk}/edit/", data)
    assert response.status_code == 200
    assert "Part 2 covers the financial value, so it must be withheld" in response.content.decode()
    draft.refresh_from_db()
    assert draft.value_publication == V.WITHHELD

    # Without a Part 2 nothing covers the value; the officer chooses again.
    services.decision_part2_set(decision=draft, user=people.drafter, has_part2=False)
    draft.refresh_from_db()
    assert not draft.part2_covers_value
    services.decision_update(decision=draft, user=people.drafter, value_publication=V.UP_TO)


def test_only_a_part2_can_cover_the_value(people):
    draft = complete_draft(people.drafter, agreements=[])
    response = _client(people.drafter).post(
        f"/staff/decisions/{draft.pk}/part-2/", {"has_part2": "no", "covers_value": "on"}
    )
    assert response.status_code == 200
    assert "Only a Part 2 can cover the value" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.part2_covers_value


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_decision SET kind = 'bribe' WHERE id = %s",
        "UPDATE decisions_decision SET value_publication = 'rumoured' WHERE id = %s",
        "UPDATE decisions_decision SET part2_covers_value = true WHERE id = %s",
        "UPDATE decisions_decision SET has_part2 = true, part2_exemption_ground = 's43', "
        "part2_covers_value = true, value_publication = 'exact' WHERE id = %s",
        "UPDATE decisions_decision SET value_publication = 'up_to', financial_value = 0 "
        "WHERE id = %s",
    ],
)
def test_the_database_keeps_the_rules_of_kind_and_publication(people, sql):
    draft = complete_draft(people.drafter, agreements=[])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [draft.pk])


# --- the register's kind filter ---


def test_the_register_filters_by_kind(client):
    contract = published(title="Buying a platform", kind=Decision.Kind.CONTRACT)
    grant = published(title="Funding the hub", kind=Decision.Kind.GRANT)
    page = client.get("/decisions/?kind=contract").content.decode()
    assert contract.title in page
    assert grant.title not in page
    assert '<option value="contract" selected>' in page
    # An unknown kind is no filter at all, never an error.
    page = client.get("/decisions/?kind=<script>").content.decode()
    assert contract.title in page
    assert grant.title in page
    assert "<script>" not in page.split("<main", 1)[1].split("</main>")[0].replace(
        '<script type="module"', ""
    )


def test_the_register_filtered_by_kind_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    published(kind=Decision.Kind.CONTRACT)
    with django_assert_max_num_queries(7):
        client.get("/decisions/?kind=contract")
    for day in range(20):
        published(kind=Decision.Kind.CONTRACT, title=f"Contract {day}")
    with django_assert_max_num_queries(7):
        response = client.get("/decisions/?kind=contract&q=contract")
    assert response.status_code == 200


def test_the_historic_import_keeps_a_withheld_value_withheld(client):
    from tests.alpha_hub.test_admin_walk import _imported

    _imported()
    withheld = Decision.objects.get(number=402)
    assert (withheld.value_publication, withheld.financial_value) == (V.WITHHELD, Decimal(0))
    record = next(
        each for each in client.get("/data/decisions.json").json()["results"]
        if each["number"] == 402
    )  # fmt: skip
    assert (record["financial_value"], record["value_publication"]) == (None, "withheld")


def test_the_issued_public_pdf_withholds_the_value_and_the_full_one_states_it(people, tmp_path):
    decision = _settlement(people, publish=False)
    issued = decision_documents_issue(decision=decision, user=people.dmpc)
    public = "\n".join(_pages(issued[DecisionDocument.Variant.PUBLIC].file.read(), tmp_path))
    full = "\n".join(_pages(issued[DecisionDocument.Variant.FULL].file.read(), tmp_path))
    assert "Withheld" in public
    assert "Settlement" in public
    assert not [secret for secret in SECRETS if secret in public]
    assert "£987,654.32" in full
