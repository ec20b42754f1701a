"""`load_demo` reproduces PCD 545 and PCD 867 and can run any number of times."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from alpha_hub.fiscal_year import FinancialYear
from budget.models import Budget
from decisions.models import Decision
from demo.data import DEMO_USERS
from grants.models import GrantAgreement

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    labels = ["alpha_hub", "grants", "decisions", "budget"]
    return {
        model._meta.label: model._default_manager.count()
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def test_loading_twice_changes_nothing(settings, capsys):
    settings.DEMO_PASSWORD = "a-demo-password"
    call_command("load_demo")
    first = _row_counts()
    call_command("load_demo")
    assert _row_counts() == first
    assert first["decisions.Decision"] >= 2


def test_it_prints_every_demo_user_and_the_password(settings, capsys):
    settings.DEMO_PASSWORD = "a-demo-password"
    call_command("load_demo")
    printed = capsys.readouterr().out
    for demo_user in DEMO_USERS:
        assert demo_user.username in printed
    assert "a-demo-password" in printed


def test_the_demo_users_can_sign_in_with_the_printed_password(settings, client):
    settings.DEMO_PASSWORD = "a-demo-password"
    call_command("load_demo")
    for username in ["officer", "clearance", "dmpc", "finance", "auditor", "admin"]:
        response = client.post(
            "/accounts/login/", {"username": username, "password": "a-demo-password"}
        )
        assert response.status_code == 302, username
        assert response.wsgi_request.user.username == username
        client.logout()


def test_pcd_867_and_545_are_signed_and_published(demo):
    pcd_867 = Decision.objects.get(series__code="PCD", number=867)
    pcd_545 = Decision.objects.get(series__code="PCD", number=545)
    assert pcd_867.status == pcd_545.status == Decision.Status.PUBLISHED
    assert pcd_867.signed_by_name == "Sophie Linden, Deputy Mayor, Policing and Crime"
    assert pcd_545.signed_at.date().isoformat() == "2019-03-12"
    assert pcd_545.recommendations.count() == 3
    assert pcd_867.recommendations.count() == 2
    assert [section.position for section in pcd_867.sections.all()] == list(range(1, 8))


def test_each_budget_sums_exactly_to_its_grant(demo):
    expected = {
        FinancialYear(2019): Decimal("1386723.00"),
        FinancialYear(2020): Decimal("1479306.16"),
    }
    for year, total in expected.items():
        budget = Budget.objects.get(
            agreement__programme__slug="project-alpha-social-media-hub", financial_year=year
        )
        assert budget.lines.aggregate(total=Sum("amount"))["total"] == total
        categories = set(budget.lines.values_list("category__code", flat=True))
        assert categories == {
            "pay", "overtime", "training", "equipment", "research_and_development", "support_costs",
        }  # fmt: skip


def test_the_2020_21_grant_is_the_one_pcd_867_describes(demo):
    agreement = GrantAgreement.objects.get(reference="HO-SVSF-ALPHA-2020")
    assert agreement.amount_awarded == Decimal("1479306.16")
    assert (agreement.starts_on.isoformat(), agreement.ends_on.isoformat()) == (
        "2020-04-01",
        "2021-03-31",
    )
    assert "section 56" in agreement.legal_power.lower()
    assert agreement.funder.name == "Home Office"
    assert agreement.fund_name == "Serious Violence Strategy Fund"
