"""Reference data lives in the Django admin and records are read there: every model but Part 2
is there, usable, and audited."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from alpha_hub.admin_base import WorkflowRecordAdmin
from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.roles import Role
from decisions.models import Decision, RestrictedPart
from tests.factories import UserFactory

DOMAIN_APPS = ["alpha_hub", "grants", "contracts", "decisions", "budget", "claims"]


def _domain_models():
    """Every domain model but Part 2, which is read only on pages that log each reading."""
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges) and model is not RestrictedPart
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
            if isinstance(model_admin, WorkflowRecordAdmin):
                continue  # a workflow record is read-only in every field (test_admin_walk.py)
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


def test_part_2_is_not_in_the_admin():
    assert not admin.site.is_registered(RestrictedPart)
    decision_admin = admin.site._registry[Decision]
    assert RestrictedPart not in [inline.model for inline in decision_admin.inlines]


@pytest.mark.django_db
@pytest.mark.parametrize("superuser", [False, True], ids=["administrator", "superuser"])
def test_no_one_reads_part_2_in_the_admin(client, demo, superuser):
    user = UserFactory(is_staff=True, is_superuser=True) if superuser else demo["admin"]
    client.force_login(user)
    part2 = Decision.objects.get(number=867).part2
    assert client.get("/admin/decisions/restrictedpart/").status_code == 404
    assert client.get(f"/admin/decisions/restrictedpart/{part2.pk}/change/").status_code == 404
    page = client.get(f"/admin/decisions/decision/{part2.decision_id}/change/")
    assert page.status_code == 200
    assert part2.body[:60] not in page.content.decode()


@pytest.mark.django_db
def test_reading_part_2_history_is_in_the_access_log(client_for, demo):
    auditor = demo["auditor"]
    part2 = Decision.objects.get(number=867).part2
    client = client_for(user=auditor)
    response = client.get(f"/staff/audit/history/decisions.restrictedpart/{part2.pk}/")
    assert response.status_code == 200
    event = AccessEvent.objects.get(kind=AccessKind.PART2_VIEW, user=auditor)
    assert event.subject == "Part 2 of PCD 867"
    assert event.path == f"/staff/audit/history/decisions.restrictedpart/{part2.pk}/"


@pytest.mark.django_db
def test_reading_other_history_adds_nothing_to_the_access_log(client_for, demo):
    decision = Decision.objects.get(number=867)
    client = client_for(user=demo["auditor"])
    before = AccessEvent.objects.exclude(kind=AccessKind.LOGIN).count()
    response = client.get(f"/staff/audit/history/decisions.decision/{decision.pk}/")
    assert response.status_code == 200
    assert AccessEvent.objects.exclude(kind=AccessKind.LOGIN).count() == before


def test_the_admin_shows_amounts_as_money(admin_client_for_demo):
    page = admin_client_for_demo.get("/admin/grants/grantagreement/").content.decode()
    assert "£" in page
    assert re.search(r"£\d{1,3}(,\d{3})+\.\d\d", page)  # "£1,512,000.00", not "1512000.00"
