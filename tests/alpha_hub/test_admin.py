"""Reference data lives in the Django admin: every model is there, usable, and audited."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from alpha_hub.roles import Role
from decisions.models import Decision

DOMAIN_APPS = ["alpha_hub", "grants", "decisions", "budget"]


def _domain_models():
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]


@pytest.fixture
def admin_client_for_demo(client, demo):
    client.force_login(demo["admin"])
    return client


@pytest.mark.parametrize("model", _domain_models(), ids=lambda model: model._meta.label)
def test_every_domain_model_is_in_the_admin(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not in the admin"


@pytest.mark.django_db
@pytest.mark.parametrize("model", _domain_models(), ids=lambda model: model._meta.label)
def test_every_admin_list_and_history_page_opens(admin_client_for_demo, model):
    opts = model._meta
    listing = admin_client_for_demo.get(f"/admin/{opts.app_label}/{opts.model_name}/")
    assert listing.status_code == 200
    first = model._default_manager.first()
    if first is not None:
        history = f"/admin/{opts.app_label}/{opts.model_name}/{first.pk}/history/"
        assert admin_client_for_demo.get(history).status_code == 200


@pytest.mark.django_db
def test_status_fields_are_read_only_in_the_admin(admin_client_for_demo):
    for model in _domain_models():
        if not admin.site.is_registered(model):
            continue  # reported by test_every_domain_model_is_in_the_admin
        if "status" in [field.name for field in model._meta.fields]:
            model_admin = admin.site._registry[model]
            assert "status" in model_admin.get_readonly_fields(None), model._meta.label


@pytest.mark.django_db
def test_a_signed_decision_cannot_be_changed_or_deleted_in_the_admin(admin_client_for_demo):
    decision = Decision.objects.get(number=867)
    change_url = f"/admin/decisions/decision/{decision.pk}/change/"
    page = admin_client_for_demo.get(change_url)
    assert page.status_code == 200
    assert "Save" not in page.content.decode()  # shown read-only, with no save buttons
    delete = admin_client_for_demo.post(f"/admin/decisions/decision/{decision.pk}/delete/")
    assert delete.status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.AUDITOR, Role.DECISION_MAKER])
def test_only_administrators_reach_the_admin(client_for, role):
    response = client_for(role).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
