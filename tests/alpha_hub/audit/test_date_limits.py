"""The audit and access logs at the calendar's ends, and a CSV export that breaks part-way."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.roles import Role
from budget.models import CostCategory
from tests.factories import CostCategoryFactory, UserFactory

FIRST = {"date_from_day": "1", "date_from_month": "1", "date_from_year": "0001"}
LAST = {"date_to_day": "31", "date_to_month": "12", "date_to_year": "9999"}
LAST_DAY = {**FIRST, **LAST}
FAR_CURSORS = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]


@pytest.fixture
def auditor() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.AUDITOR]))
    return client


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
@pytest.mark.parametrize("dates", [LAST_DAY, LAST])
def test_the_audit_log_filters_up_to_the_last_day_of_the_calendar(auditor, dates):
    category = CostCategoryFactory(code="pay")
    response = auditor.get("/staff/audit/", {"model": "budget.costcategory", **dates})
    assert response.status_code == 200
    assert "Created cost category" in response.text
    assert category.name in response.text
    csv_url = "/staff/audit/audit-log.csv"
    rows = _csv(auditor.get(csv_url, {"model": "budget.costcategory", **dates}))
    assert {tuple(row[1:5]) for row in rows[1:]} == {
        ("Cost category", category.name, str(category.pk), "Created")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("dates", [LAST_DAY, LAST])
def test_the_access_log_filters_up_to_the_last_day_of_the_calendar(auditor, dates):
    AccessEvent.objects.create(kind=AccessKind.LOGIN_FAILED, username="mallory")
    response = auditor.get("/staff/audit/access/", dates)
    assert response.status_code == 200
    assert "mallory" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("at", FAR_CURSORS)
def test_a_cursor_at_the_calendars_ends_is_ignored_not_a_500(auditor, at):
    CostCategoryFactory(code="pay")
    AccessEvent.objects.create(kind=AccessKind.LOGIN_FAILED, username="mallory")
    response = auditor.get("/staff/audit/", {"after": f"{at}|budget.costcategory|1"})
    assert response.status_code == 200
    assert "Created cost category" in response.text
    response = auditor.get("/staff/audit/access/", {"after": f"{at}|1"})
    assert response.status_code == 200
    assert "mallory" in response.text


@pytest.mark.django_db
def test_an_export_with_bad_filters_shows_the_errors_instead_of_exporting_everything(auditor):
    CostCategoryFactory(code="pay")
    response = auditor.get(
        "/staff/audit/audit-log.csv",
        {"date_from_day": "1", "date_from_month": "1", "date_from_year": "2021",
         "date_to_day": "1", "date_to_month": "1", "date_to_year": "2020"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not response.streaming
    assert "The end date must be the same as or after the start date" in response.text
    response = auditor.get(
        "/staff/audit/audit-log.csv",
        {"date_to_day": "1", "date_to_month": "1", "date_to_year": "10000"},
    )
    assert response.status_code == 400
    assert "To: the year must include 4 numbers" in response.text
    response = auditor.get(
        "/staff/audit/audit-log.csv",
        {"date_to_day": "30", "date_to_month": "2", "date_to_year": "2021"},
    )
    assert response.status_code == 400
    assert "To must be a real date" in response.text


@pytest.mark.django_db(transaction=True)
def test_an_export_that_breaks_part_way_says_so_in_its_last_line(auditor):
    category = CostCategoryFactory(code="pay")
    history = CostCategory.history.model
    start = timezone.now() - timedelta(days=1)
    fields = {"id": category.pk, "code": "pay", "name": "Pay", "is_staff_cost": True,
              "position": 0, "created_at": start, "updated_at": start, "history_type": "~",
              "history_change_reason": "Renamed"}  # fmt: skip
    history.objects.bulk_create(
        history(history_date=start + timedelta(seconds=n), **fields) for n in range(1500)
    )
    response = auditor.get("/staff/audit/audit-log.csv")
    assert response.status_code == 200
    lines = iter(response.streaming_content)
    received = [next(lines) for _ in range(1001)]  # the header and the first batch of 1,000
    # The database goes away between two batches, as in a restart or a fail-over.
    with pytest.raises(Exception, match="terminat"), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    try:
        received += list(lines)
    finally:
        connection.close()
    rows = list(csv.reader(io.StringIO(b"".join(received).decode("utf-8-sig"))))
    # The first batch of 1,000 changes came whole (the creation takes a row per field set); the
    # rest did not, and the last line says so.
    history_ids = {row[-1] for row in rows[1:-1]}
    assert 1000 <= len(history_ids) < 1501
    assert rows[-1] == ["EXPORT FAILED: this file is incomplete. Download it again."]
