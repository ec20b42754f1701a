"""Whatever is put in the audit and access logs' query strings or the sign-in form: never a 5xx."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.roles import Role
from tests.factories import CostCategoryFactory, UserFactory
from tests.fuzz import CURSORS, DATES, FUZZ, NUMBERS, VALUES, rolled_back

pytestmark = pytest.mark.django_db
EXPORT_FAILED = "EXPORT FAILED"


def _query(**keys) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional=keys | {"other": VALUES})


TRAIL_QUERY = _query(
    username=VALUES, model=st.one_of(st.just("budget.costcategory"), VALUES),
    record=st.one_of(NUMBERS, VALUES), date_from=DATES, date_to=DATES,
    action=st.one_of(st.sampled_from(["+", "~", "-"]), VALUES), after=CURSORS,
)  # fmt: skip
ACCESS_QUERY = _query(
    username=VALUES, kind=st.one_of(st.sampled_from(AccessKind.values), VALUES),
    date_from=DATES, date_to=DATES, after=CURSORS,
)  # fmt: skip
FAR_END = {"date_from": "0001-01-01", "date_to": "9999-12-31"}


@pytest.fixture
def auditor(db):
    CostCategoryFactory(code="pay")
    AccessEvent.objects.create(kind=AccessKind.LOGIN_FAILED, username="mallory")
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(roles=[Role.AUDITOR]))
    return client


@FUZZ
@given(params=TRAIL_QUERY)
@example(params=FAR_END)
@example(params={"after": "0001-01-01T00:00:00+14:00|budget.costcategory|1"})
def test_any_audit_log_query_gives_a_page(auditor, params):
    response = auditor.get("/staff/audit/", params)
    assert response.status_code == 200, params


@FUZZ
@given(params=TRAIL_QUERY)
@example(params=FAR_END)
def test_any_audit_log_export_query_gives_a_whole_file_or_the_errors(auditor, params):
    response = auditor.get("/staff/audit/audit-log.csv", params)
    assert response.status_code in (200, 400), params
    if response.status_code == 200:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert text.startswith("when,record type")
        assert EXPORT_FAILED not in text.splitlines()[-1], params


@FUZZ
@given(params=ACCESS_QUERY)
@example(params=FAR_END)
@example(params={"after": "9999-12-31T23:59:59-14:00|1"})
def test_any_access_log_query_gives_a_page(auditor, params):
    response = auditor.get("/staff/audit/access/", params)
    assert response.status_code == 200, params


USERNAMES = st.one_of(VALUES, st.text(min_size=140, max_size=400), st.just("\ufdfa" * 20))


@FUZZ
@given(username=USERNAMES, password=VALUES)
@example(username="a" * 256, password="guess")
def test_any_sign_in_gives_a_page_or_a_lockout(db, username, password):
    cache.clear()  # the rate limiter would otherwise answer 429 before the form is read
    with rolled_back():  # and django-axes would lock the address out
        response = Client(raise_request_exception=False).post(
            "/accounts/login/", {"username": username, "password": password}
        )
    assert response.status_code == 200, (username, password)
