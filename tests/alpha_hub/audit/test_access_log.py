"""Sign-ins, failed sign-ins and sign-outs are in the access log, shown to auditors only."""

import pytest

from alpha_hub.audit.models import AccessEvent
from alpha_hub.roles import Role
from tests.factories import PASSWORD


def test_sign_in_failure_and_sign_out_are_logged(client, make_user):
    user = make_user(Role.OFFICER, username="priya")
    client.post("/accounts/login/", {"username": "priya", "password": "wrong"})
    client.post("/accounts/login/", {"username": "priya", "password": PASSWORD})
    client.post("/accounts/logout/")

    events = list(AccessEvent.objects.order_by("id").values_list("kind", "username", "user"))
    assert events == [
        ("login_failed", "priya", None),
        ("login", "priya", user.pk),
        ("logout", "priya", user.pk),
    ]


def test_the_access_log_is_append_only(make_user):
    from django.db import DatabaseError, transaction

    event = AccessEvent.objects.create(kind="login", username="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()


def test_auditors_see_the_access_log_and_others_do_not(client_for, make_user):
    AccessEvent.objects.create(kind="login_failed", username="<b>mallory</b>")
    page = client_for(Role.AUDITOR).get("/staff/audit/access/")
    assert page.status_code == 200
    assert "&lt;b&gt;mallory&lt;/b&gt;" in page.text
    assert "Failed sign-in" in page.text
    assert client_for(Role.OFFICER).get("/staff/audit/access/").status_code == 403


def test_bad_filters_are_errors_not_crashes(client_for):
    page = client_for(Role.AUDITOR).get(
        "/staff/audit/access/?date_from=2020-13-45&date_to=nope&kind=zzz&after=%00|x"
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text


def test_the_access_log_pages_by_keyset(client_for, django_assert_max_num_queries):
    for n in range(60):
        AccessEvent.objects.create(kind="login", username=f"user{n:02d}")
    client = client_for(Role.AUDITOR)
    with django_assert_max_num_queries(12):
        first = client.get("/staff/audit/access/")
    assert "user59" in first.text
    assert "user09" not in first.text
    next_link = first.context["next_query"]
    second = client.get(f"/staff/audit/access/?{next_link}")
    assert "user09" in second.text
    assert "user59" not in second.text
