"""Whatever is typed into the decision form or the register's search: a page, never a 5xx."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from tests.decisions.public_data import published
from tests.factories import DecisionCategoryFactory, DecisionFactory, DecisionSeriesFactory
from tests.fuzz import DATES, FUZZ, NUMBERS, VALUES, overrides, rolled_back

pytestmark = pytest.mark.django_db

DECISION_FIELDS = dict.fromkeys(
    ["title", "category", "office", "executive_summary", "dpia",
     "equality_assessment", "series", "agreements", "earlier_decision", "link_kind", "reason"],
    VALUES,
) | {"financial_value": st.one_of(NUMBERS, VALUES)}  # fmt: skip


@pytest.fixture
def officer_client(officer):
    DecisionSeriesFactory()
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    return client


@pytest.fixture
def draft(officer):
    return DecisionFactory(drafted_by=officer)


def _valid(category) -> dict:
    return {"series": "PCD", "title": "Hub", "category": category.pk,
            "office": "dmpc", "financial_value": "1,000.00",
            "executive_summary": "Approve.", "dpia": "completed",
            "equality_assessment": "not_required"}  # fmt: skip


@FUZZ
@given(editing=st.booleans(), fields=overrides(DECISION_FIELDS))
@example(editing=False, fields={"financial_value": "1" * 27})
@example(editing=True, fields={"financial_value": "1e999999999"})
def test_the_decision_form_new_or_edit_never_fails(officer_client, draft, editing, fields):
    if editing:
        url, data = f"/staff/decisions/{draft.pk}/edit/", _valid(draft.category)
    else:
        url, data = "/staff/decisions/new/", _valid(DecisionCategoryFactory())
    with rolled_back():
        response = officer_client.post(url, data | fields)
    assert response.status_code in (200, 302), fields


SEARCH_KEYS = st.sampled_from(["q", "year", "decision_by", "series", "page", "other"])


@pytest.fixture
def register(db):
    published(title="Project Alpha Social Media Hub", number=867)
    return Client(raise_request_exception=False)


@FUZZ
@given(params=st.dictionaries(SEARCH_KEYS, st.one_of(VALUES, DATES), max_size=5))
@example(params={"year": "²"})  # str.isdigit() says yes, int() says no: it was a 500
def test_any_register_search_gives_a_page_or_not_found(register, params):
    cache.clear()  # the rate limiter would otherwise answer 429 after a few searches
    response = register.get("/decisions/", params)
    assert response.status_code in (200, 404), params
