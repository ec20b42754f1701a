"""Every claims model keeps history, is in the admin (read only) and its pages open."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.models import HistoricalChanges

from alpha_hub.admin_base import WorkflowRecordAdmin
from tests.claims.support import CLAIM_RECORDS
from tests.factories import UserFactory

MODELS = [
    model for model in apps.get_app_config("claims").get_models()
    if not issubclass(model, HistoricalChanges)
]  # fmt: skip


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_claims_model_keeps_history_and_is_a_read_only_record_in_the_admin(model):
    assert hasattr(model, "history")
    assert isinstance(admin.site._registry[model], WorkflowRecordAdmin)
    assert model._meta.label_lower in CLAIM_RECORDS


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_claims_admin_list_change_and_history_page_opens(client, model):
    record = CLAIM_RECORDS[model._meta.label_lower]()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    base = f"/admin/claims/{model._meta.model_name}/"
    for url in (base, f"{base}{record.pk}/change/", f"{base}{record.pk}/history/"):
        assert client.get(url).status_code == 200, url
