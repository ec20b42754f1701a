"""Contracts on their own: the database keeps their rules, and freezes them with their decision."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from alpha_hub.roles import Role
from contracts import services
from contracts.models import Contract
from contracts.services import ContractRefusedError
from tests.factories import ContractFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fields(**overrides) -> dict:
    return {
        "title": "Social media monitoring platform",
        "supplier": OrganisationFactory(kind="company"),
        "maximum_value": Decimal("250000.00"),
        "starts_on": date(2021, 4, 1),
        "ends_on": date(2023, 3, 31),
        "procurement_route": Contract.Route.FRAMEWORK,
        "awarded_by": "Chief Finance Officer",
    } | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"maximum_value": Decimal("-1.00")}, "more than £0.00"),
        ({"maximum_value": Decimal(0)}, "more than £0.00"),
        ({"maximum_value": Decimal("10.005")}, "2 decimal places"),
        ({"ends_on": date(2021, 3, 31)}, "on or after the start date"),
        ({"procurement_route": "handshake"}, "not a valid choice"),
        ({"procurement_route": Contract.Route.DIRECT_AWARD}, "justification for a direct award"),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"awarded_by": "  "}, "cannot be blank"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_saved(overrides, message):
    user = UserFactory(roles=[Role.OFFICER])
    with pytest.raises(ContractRefusedError, match=message):
        services.contract_create(user=user, reason="Added", **_fields(**overrides))
    assert not Contract.objects.exists()


def test_a_contract_is_saved_with_who_and_why():
    user = UserFactory(roles=[Role.OFFICER])
    contract = services.contract_create(
        user=user, reason="Contract added", **_fields(title="  Platform  ")
    )
    assert contract.title == "Platform"
    version = contract.history.get()
    assert (version.history_user, version.history_change_reason) == (user, "Contract added")


def test_a_direct_award_keeps_its_justification_and_other_routes_drop_one():
    user = UserFactory(roles=[Role.OFFICER])
    direct = services.contract_create(
        user=user, reason="Added", **_fields(
            procurement_route=Contract.Route.DIRECT_AWARD,
            route_justification="Only one supplier holds the licence (Schedule 5, paragraph 5).",
        ),
    )  # fmt: skip
    assert direct.route_justification.startswith("Only one supplier")
    framework = services.contract_create(
        user=user, reason="Added", **_fields(route_justification="Not needed")
    )
    assert framework.route_justification == ""


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE contracts_contract SET maximum_value = 0 WHERE id = %s",
        "UPDATE contracts_contract SET maximum_value = -5 WHERE id = %s",
        "UPDATE contracts_contract SET maximum_value = 1.005 WHERE id = %s",
        "UPDATE contracts_contract SET ends_on = starts_on - 1 WHERE id = %s",
        "UPDATE contracts_contract SET procurement_route = 'handshake' WHERE id = %s",
        "UPDATE contracts_contract SET procurement_route = 'direct_award' WHERE id = %s",
        "UPDATE contracts_contract SET awarded_by = '' WHERE id = %s",
    ],
)
def test_the_database_refuses_what_the_services_refuse(sql):
    contract = ContractFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [contract.pk])
    contract.refresh_from_db()
    assert contract.maximum_value == Decimal("250000.00")


def test_contract_pages_list_and_show_contracts_to_staff(client):
    contract = ContractFactory(title="<script>alert('x')</script> platform")
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    listing = client.get("/staff/contracts/").content.decode()
    detail = client.get(f"/staff/contracts/{contract.pk}/").content.decode()
    for page in (listing, detail):
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; platform" in page
        assert "<script>alert" not in page
        assert "£250,000.00" in page


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, None])
def test_contract_pages_are_for_working_roles_only(client, role):
    contract = ContractFactory()
    client.force_login(UserFactory(roles=[role] if role else []))
    assert client.get("/staff/contracts/").status_code == 403
    assert client.get(f"/staff/contracts/{contract.pk}/").status_code == 403


def test_the_contract_list_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[Role.AUDITOR]))
    ContractFactory()
    with django_assert_max_num_queries(12) as few:
        client.get("/staff/contracts/")
    ContractFactory.create_batch(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/staff/contracts/").status_code == 200
