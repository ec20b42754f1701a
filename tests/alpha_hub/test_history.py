"""Every change to every domain model is kept, and the kept history cannot be changed."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from simple_history.models import HistoricalChanges

from alpha_hub.history import stamp
from tests.factories import GrantAgreementFactory, ProgrammeFactory

DOMAIN_APPS = ["alpha_hub", "grants", "contracts", "decisions", "budget", "claims"]
# Logs the system writes about itself rather than domain records: the access log is append-only
# by its own trigger, and an export job is a receipt for work done. History of them would be a
# log of a log.
SYSTEM_LOGS = {"alpha_hub.AccessEvent", "decisions.BulkExport"}


def _domain_models():
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not issubclass(model, HistoricalChanges) and model._meta.label not in SYSTEM_LOGS:
                yield model


def _history_tables():
    return [
        model._meta.db_table
        for app_label in DOMAIN_APPS
        for model in apps.get_app_config(app_label).get_models()
        if issubclass(model, HistoricalChanges)
    ]


@pytest.mark.parametrize("model", list(_domain_models()), ids=lambda model: model._meta.label)
def test_every_domain_model_keeps_history(model):
    assert hasattr(model, "history"), f"{model._meta.label} has no history: use AuditedHistory"


@pytest.mark.parametrize("guard", ["append_only", "no_truncate"])
def test_every_history_table_is_append_only_in_the_database(guard):
    from pgtrigger import registered

    protected = {model._meta.db_table for model, trigger in registered() if trigger.name == guard}
    assert set(_history_tables()) <= protected


@pytest.mark.django_db
@pytest.mark.parametrize("table", _history_tables())
def test_the_database_refuses_to_truncate_any_history_table(table):
    GrantAgreementFactory()
    with connection.cursor() as cursor:
        # Deferred checks still pending would stop TRUNCATE before any trigger runs.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with (
        pytest.raises(DatabaseError, match=f"table {table} is a permanent record"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM grants_historicalgrantagreement")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_a_service_change_records_who_and_why(make_user):
    finance = make_user()
    agreement = GrantAgreementFactory()
    agreement.title = "Renamed"
    stamp(agreement, user=finance, reason="Corrected the title")
    agreement.save()
    latest = agreement.history.first()
    assert (latest.history_user, latest.history_change_reason) == (finance, "Corrected the title")
    assert latest.diff_against(latest.prev_record).changed_fields == ["title"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE grants_historicalgrantagreement SET title = 'forged'",
        "DELETE FROM grants_historicalgrantagreement",
    ],
)
def test_the_database_refuses_to_change_or_delete_history(statement):
    GrantAgreementFactory()
    with (
        pytest.raises(DatabaseError, match="Cannot"),
        transaction.atomic(),
        connection.cursor() as c,
    ):
        c.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM grants_historicalgrantagreement WHERE title = 'forged'"
        )
        assert cursor.fetchone() == (0,)


@pytest.mark.django_db
def test_users_are_never_deleted_only_deactivated(make_user):
    user = make_user()
    with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
        user.delete()
    user.is_active = False
    user.save()
    assert user.history.first().is_active is False


@pytest.mark.django_db
def test_an_admin_change_records_the_acting_user(make_user):
    from django.test import Client

    from alpha_hub.roles import Role

    # Reference data: the admin edits it (agreements are written by their staff screens).
    admin_user = make_user(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    programme = ProgrammeFactory(description="Before")
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/grants/programme/{programme.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"description": "After", "change_reason": "Corrected the description"}
    response = client.post(f"/admin/grants/programme/{programme.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert programme.history.first().history_user == admin_user


@pytest.mark.django_db
def test_signing_in_adds_no_history_but_is_in_the_access_log(client, make_user):
    from alpha_hub.audit.models import AccessEvent
    from tests.factories import PASSWORD

    user = make_user()
    before = user.history.count()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert user.history.count() == before
    assert AccessEvent.objects.filter(username=user.username).exists()
