"""The header says how much awaits each user: "Decisions (3)" to clear, sign or rework,
"Claims (2)" for finance to check or approve, in one query however many there are (issue 13)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimStatus
from config.awaiting import awaiting_counts
from decisions.models import Decision
from tests.claims import support as claims_support
from tests.decisions.test_workflow_support import decision_in, make_people

pytestmark = pytest.mark.django_db
S = Decision.Status
HEADER = re.compile(r'<ul class="govuk-service-navigation__list".*?</ul>', re.S)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _header(client: Client, url: str = "/staff/") -> str:
    header = HEADER.search(client.get(url).content.decode()).group(0)
    return re.sub(r"<[^>]+>|\s+", " ", header)


def test_a_clearer_sees_how_many_decisions_await_their_clearance():
    people = make_people()
    for _ in range(3):
        decision_in(S.SUBMITTED, people)
    assert "Decisions (3  awaiting you )" in _header(_client(people.clearer))


def test_the_drafter_counts_what_was_returned_to_them_not_their_drafts():
    people = make_people()
    decision_in(S.DRAFT, people)
    decision_in(S.RETURNED, people)
    header = _header(_client(people.drafter))
    assert "Decisions (1  awaiting you )" in header


def test_nothing_awaiting_shows_no_count():
    people = make_people()
    decision_in(S.DRAFT, people)
    header = _header(_client(people.clearer))
    assert "Decisions " in header
    assert "awaiting you" not in header


def test_finance_sees_the_claims_to_check_and_approve_but_not_their_own():
    people = claims_support.make_people()
    claims_support.claim_in(ClaimStatus.SUBMITTED, people)
    claims_support.claim_in(ClaimStatus.CHECKED, people)
    # The preparer may neither check nor approve their own claims: nothing awaits them.
    assert "awaiting you" not in _header(_client(people.preparer), "/staff/claims/")
    # The checker may not approve a claim they checked: only the submitted one awaits them.
    assert "Claims (1  awaiting you )" in _header(_client(people.checker), "/staff/claims/")
    assert "Claims (2  awaiting you )" in _header(_client(people.approver), "/staff/claims/")


def test_the_counts_take_the_same_queries_however_much_awaits(django_assert_max_num_queries):
    people = make_people()
    decision_in(S.SUBMITTED, people)
    client = _client(people.clearer)
    client.get("/staff/decisions/")
    with CaptureQueriesContext(connection) as first:
        client.get("/staff/decisions/")
    for _ in range(5):
        decision_in(S.SUBMITTED, people)
    with django_assert_max_num_queries(len(first)):
        page = client.get("/staff/decisions/").content.decode()
    assert "Decisions (6" in page


def test_all_the_counts_are_one_query():
    people = make_people()
    decision_in(S.SUBMITTED, people)
    awaiting_counts(people.clearer)  # the user's roles are read once, and kept on the user
    with CaptureQueriesContext(connection) as queries:
        assert awaiting_counts(people.clearer) == {"Decisions": 1}
    assert len(queries) == 1
