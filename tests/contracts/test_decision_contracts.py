"""A decision's contracts: added, changed and removed with it; frozen once it is signed."""

from decimal import Decimal

import pgtrigger
import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from alpha_hub.roles import Role
from contracts.models import Contract
from decisions import services as decision_services
from decisions.cache import public_version
from decisions.models import ApprovedContract, Decision
from decisions.services import DecisionRefusedError
from decisions.services import contracts as services
from tests.decisions.test_workflow_support import (
    clear_all,
    decision_in,
    dmpc_rule,
    make_people,
    sign,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Decision.Status


@pytest.fixture
def people():
    dmpc_rule()
    return make_people()


@pytest.fixture
def supplier():
    return OrganisationFactory(name="Brandwatch Ltd", kind="company")


def _fields(supplier, **overrides) -> dict:
    return {
        "title": "Social media monitoring platform",
        "supplier": supplier,
        "maximum_value": Decimal("250000.00"),
        "starts_on": "2021-04-01",
        "ends_on": "2023-03-31",
        "procurement_route": Contract.Route.FRAMEWORK,
        "awarded_by": "Chief Finance Officer",
    } | overrides


def _post(supplier, **overrides) -> dict:
    data = _fields(supplier, **overrides)
    data["supplier"] = data["supplier"].pk
    data["maximum_value"] = str(data["maximum_value"])
    return data


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(decision, user, supplier, **overrides) -> Contract:
    fields = _fields(supplier, **overrides)
    return services.decision_contract_add(decision=decision, user=user, **fields)


# --- services ---


def test_adding_a_contract_records_it_and_its_approval_together(people, supplier):
    draft = decision_in(S.DRAFT, people)
    contract = _add(draft, people.drafter, supplier)
    approval = ApprovedContract.objects.get(contract=contract)
    assert approval.decision == draft
    assert approval.history.get().history_user == people.drafter
    assert contract.history.get().history_change_reason == "Contract added"


def test_a_refused_contract_leaves_no_approval_behind(people, supplier):
    draft = decision_in(S.DRAFT, people)
    with pytest.raises(DecisionRefusedError, match=r"more than £0\.00"):
        _add(draft, people.drafter, supplier, maximum_value=Decimal("-1.00"))
    assert not Contract.objects.exists()
    assert not ApprovedContract.objects.exists()


@pytest.mark.parametrize("state", [S.SUBMITTED, S.CLEARED, S.SIGNED, S.PUBLISHED, S.WITHDRAWN])
def test_a_contract_is_added_only_while_the_decision_is_editable(people, supplier, state):
    decision = decision_in(state, people)
    with pytest.raises(DecisionRefusedError):
        _add(decision, people.drafter, supplier)
    assert not Contract.objects.exists()


def test_a_returned_decision_takes_a_contract_with_a_reason(people, supplier):
    returned = decision_in(S.RETURNED, people)
    with pytest.raises(DecisionRefusedError, match="Give a reason"):
        _add(returned, people.drafter, supplier)
    contract = services.decision_contract_add(
        decision=returned, user=people.drafter, reason="Procurement asked for it",
        **_fields(supplier),
    )  # fmt: skip
    assert contract.history.get().history_change_reason == "Procurement asked for it"


def test_only_the_drafter_adds_a_contract(people, supplier):
    draft = decision_in(S.DRAFT, people)
    for user in (people.clearer, people.dmpc, UserFactory(roles=[Role.OFFICER])):
        with pytest.raises(DecisionRefusedError, match="Only the drafting officer"):
            _add(draft, user, supplier)
    assert not Contract.objects.exists()


def test_a_contract_is_changed_and_removed_with_its_decision(people, supplier):
    draft = decision_in(S.DRAFT, people)
    contract = _add(draft, people.drafter, supplier)
    services.decision_contract_update(
        decision=draft, contract=contract, user=people.drafter, maximum_value=Decimal("300000.00")
    )
    contract.refresh_from_db()
    assert contract.maximum_value == Decimal("300000.00")
    pk = contract.pk
    services.decision_contract_remove(decision=draft, contract=contract, user=people.drafter)
    assert not Contract.objects.exists()
    assert not ApprovedContract.objects.exists()
    assert Contract.history.filter(id=pk, history_type="-").exists()


def test_a_contract_of_another_decision_is_not_this_ones_to_change(people, supplier):
    mine, other = decision_in(S.DRAFT, people), decision_in(S.DRAFT, people)
    contract = _add(other, other.drafted_by, supplier)
    with pytest.raises(DecisionRefusedError, match="does not approve that contract"):
        services.decision_contract_remove(decision=mine, contract=contract, user=people.drafter)
    assert Contract.objects.filter(pk=contract.pk).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE contracts_contract SET maximum_value = 1 WHERE id = %(contract)s",
        "DELETE FROM decisions_approvedcontract WHERE contract_id = %(contract)s",
        "UPDATE decisions_decision SET kind = 'other' WHERE id = %(decision)s",
    ],
)
def test_the_database_freezes_a_signed_decisions_contracts(people, supplier, sql):
    draft = decision_in(S.DRAFT, people)
    contract = _add(draft, people.drafter, supplier)
    decision_services.decision_submit(decision=draft, user=people.drafter)
    clear_all(draft, people.clearer)
    sign(draft, people.dmpc)
    params = {"contract": contract.pk, "decision": draft.pk}
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    contract.refresh_from_db()
    assert contract.maximum_value == Decimal("250000.00")
    assert ApprovedContract.objects.filter(contract=contract).exists()


def test_a_new_contract_cannot_be_slipped_onto_a_signed_decision(people, supplier):
    signed = decision_in(S.SIGNED, people)
    contract = Contract.objects.create(**_fields(supplier))
    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovedContract.objects.create(decision=signed, contract=contract)


def test_a_change_to_a_published_decisions_contract_starts_a_new_public_version(people, supplier):
    """The database refuses it; a data fix that lifts the freeze still reaches the public pages."""
    draft = decision_in(S.DRAFT, people)
    contract = _add(draft, people.drafter, supplier)
    published = decision_in(S.PUBLISHED, people)
    fix = pgtrigger.ignore(
        "decisions.ApprovedContract:frozen_when_signed", "contracts.Contract:frozen_when_approved"
    )
    with fix:
        before = public_version().token
        ApprovedContract.objects.filter(contract=contract).update(decision=published)
        Contract.objects.get(pk=contract.pk).save()
    assert public_version().token != before


# --- the staff screens ---


def test_the_drafter_adds_a_contract_from_the_decision_page(people, supplier):
    draft = decision_in(S.DRAFT, people)
    client = _client(people.drafter)
    page = client.get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert f"/staff/decisions/{draft.pk}/contracts/new/" in page
    response = client.post(f"/staff/decisions/{draft.pk}/contracts/new/", _post(supplier))
    assert response.status_code == 302
    contract = Contract.objects.get()
    page = client.get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert "Social media monitoring platform" in page
    assert "Brandwatch Ltd" in page
    assert "£250,000.00" in page
    assert f"/contracts/{contract.pk}/remove/" in page


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"maximum_value": "-5"}, "The maximum value must be more than £0.00."),
        ({"maximum_value": "0"}, "The maximum value must be more than £0.00."),
        ({"maximum_value": "10.005"}, "no more than 2 decimal places"),
        ({"maximum_value": "lots"}, "Enter an amount in pounds and pence"),
        ({"ends_on": "2020-01-01"}, "The end date must be on or after the start date."),
        ({"starts_on": "2021-02-30"}, "The start date must be a real date"),
        ({"procurement_route": "direct_award"}, "Give the justification for a direct award."),
        ({"procurement_route": "bribe"}, "Choose the procurement route."),
        ({"title": "x" * 201}, "Say what is bought in 200 characters or fewer."),
        ({"awarded_by": "x" * 201}, "Say who may award it in 200 characters or fewer."),
        ({"route_justification": "x" * 2001}, "2,000 characters or fewer"),
        ({"supplier": "999999"}, "Choose the supplier."),
        ({"title": ""}, "Say what the contract buys."),
    ],
)
def test_bad_contract_input_gets_a_clear_error_and_changes_nothing(
    people, supplier, overrides, error
):
    draft = decision_in(S.DRAFT, people)
    response = _client(people.drafter).post(
        f"/staff/decisions/{draft.pk}/contracts/new/", _post(supplier) | overrides
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Contract.objects.exists()


def test_html_typed_into_a_contract_shows_as_text(people, supplier):
    draft = decision_in(S.DRAFT, people)
    client = _client(people.drafter)
    script = "<script>alert('x')</script>"
    client.post(
        f"/staff/decisions/{draft.pk}/contracts/new/",
        _post(supplier, title=f"Platform {script}", awarded_by=f"CFO {script}"),
    )
    assert Contract.objects.get().title == f"Platform {script}"
    page = client.get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert "<script>alert('x')" not in page
    assert "Platform &lt;script&gt;" in page


def test_a_signed_decision_offers_no_contract_screens_and_refuses_them(people, supplier):
    signed = decision_in(S.SIGNED, people)
    client = _client(people.drafter)
    page = client.get(f"/staff/decisions/{signed.pk}/").content.decode()
    assert "/contracts/new/" not in page
    data = _post(supplier) | {"reason": "Add the contract after all"}
    response = client.post(f"/staff/decisions/{signed.pk}/contracts/new/", data)
    assert response.status_code == 200
    assert "is signed and cannot be changed" in response.content.decode()
    assert not Contract.objects.exists()


# Who may use each screen of a draft's contracts: only its drafter (docs/permissions.md).
SCREENS = ["new/", "{contract}/", "{contract}/remove/"]
USERS = {
    "drafter": True,
    "another officer": False,
    Role.CLEARANCE: False,
    Role.DECISION_MAKER: False,
    Role.FINANCE: False,
    Role.AUDITOR: False,
    Role.GOVERNANCE: False,
    Role.ADMINISTRATOR: False,
}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("who", "allowed"), list(USERS.items()))
def test_each_role_may_use_the_contract_screens_as_the_doc_says(
    people, supplier, screen, who, allowed
):
    draft = decision_in(S.DRAFT, people)
    contract = _add(draft, people.drafter, supplier)
    if who == "drafter":
        user = people.drafter
    else:
        user = UserFactory(roles=[Role.OFFICER if who == "another officer" else who])
    client = _client(user)
    url = f"/staff/decisions/{draft.pk}/contracts/" + screen.format(contract=contract.pk)
    assert client.get(url).status_code == (200 if allowed else 403)
    posted = client.post(url, _post(supplier, title="Changed"))
    assert posted.status_code == (302 if allowed else 403)
    if not allowed:
        contract.refresh_from_db()
        assert contract.title == "Social media monitoring platform"


def test_anonymous_visitors_are_sent_to_sign_in(people, supplier):
    draft = decision_in(S.DRAFT, people)
    response = Client().get(f"/staff/decisions/{draft.pk}/contracts/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_published_contract_decision_shows_its_contract_to_the_public(people, supplier):
    draft = decision_in(S.DRAFT, people)
    decision_services.decision_update(
        decision=draft, user=people.drafter, kind=Decision.Kind.CONTRACT,
        value_publication=Decision.ValuePublication.UP_TO,
    )  # fmt: skip
    _add(draft, people.drafter, supplier)
    decision_services.decision_submit(decision=draft, user=people.drafter)
    clear_all(draft, people.clearer)
    sign(draft, people.dmpc)
    decision_services.decision_publish(decision=draft, user=people.drafter)
    client = Client()
    page = client.get(draft.get_absolute_url()).content.decode()
    for text in ("Contracts approved", "Brandwatch Ltd", "£250,000.00", "Chief Finance Officer",
                 "Call-off from a framework", "up to £1,000.00", "Contract"):  # fmt: skip
        assert text in page, text
    record = client.get("/data/decisions.json").json()["results"][0]
    assert record["kind"] == "contract"
    assert (record["financial_value"], record["value_publication"]) == ("1000.00", "up_to")
    assert record["contracts"] == [
        {
            "title": "Social media monitoring platform",
            "supplier": {"id": supplier.org_identifier, "name": "Brandwatch Ltd"},
            "maximum_value": "250000.00",
            "start_date": "2021-04-01",
            "end_date": "2023-03-31",
            "procurement_route": "framework",
            "awarded_by": "Chief Finance Officer",
        }
    ]
    register = client.get("/decisions/?kind=contract").content.decode()
    assert draft.title in register


def test_a_contract_decision_with_no_contract_is_not_submitted(people, supplier):
    draft = decision_in(S.DRAFT, people)
    decision_services.decision_update(decision=draft, user=people.drafter, kind="contract")
    with pytest.raises(DecisionRefusedError, match="Add the contract this decision approves"):
        decision_services.decision_submit(decision=draft, user=people.drafter)
    assert Decision.objects.get(pk=draft.pk).status == S.DRAFT
    # The drafter is told before submitting, with a link to where it is put right.
    page = _client(people.drafter).get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert f'href="/staff/decisions/{draft.pk}/contracts/new/"' in page
    assert "Add the contract this decision approves" in page

    _add(Decision.objects.get(pk=draft.pk), people.drafter, supplier)
    submitted = decision_services.decision_submit(
        decision=Decision.objects.get(pk=draft.pk), user=people.drafter
    )
    assert submitted.status == S.SUBMITTED
