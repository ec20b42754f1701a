"""The staff list of every decision: filters, order, bad input (issue 13, point 1)."""

from __future__ import annotations

import pytest

from alpha_hub.roles import Role
from decisions.models import ApprovedAgreement, Decision
from grants.models import GrantAgreement
from tests.factories import DecisionFactory, GrantAgreementFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/staff/decisions/"


@pytest.fixture
def officer_client(client_for):
    return client_for(Role.OFFICER)


def _references(response) -> list[str]:
    return [decision.reference for decision in response.context["decisions"]]


def test_every_decision_is_listed_newest_change_first(officer_client):
    older, newer = DecisionFactory(title="Older"), DecisionFactory(title="Newer")
    response = officer_client.get(URL)
    assert response.status_code == 200
    assert _references(response) == [newer.reference, older.reference]


def test_a_reference_finds_its_decision_in_any_case(officer_client):
    wanted = DecisionFactory(title="Project Alpha")
    DecisionFactory(title="Something else")
    for text in (wanted.reference, wanted.reference.lower().replace(" ", "-")):
        assert _references(officer_client.get(URL, {"q": text})) == [wanted.reference]


def test_filters_by_status_office_officer_and_programme(officer_client):
    drafter = UserFactory(roles=[Role.OFFICER], full_name="Priya Shah")
    office = OfficeFactory()
    agreement = GrantAgreementFactory()
    wanted = DecisionFactory(drafted_by=drafter, office=office, status=Decision.Status.SUBMITTED)
    ApprovedAgreement.objects.create(decision=wanted, agreement=agreement)
    DecisionFactory(drafted_by=drafter, office=office)  # a draft
    DecisionFactory(status=Decision.Status.SUBMITTED)  # another office and officer
    response = officer_client.get(
        URL,
        {
            "status": "submitted",
            "office": office.pk,
            "officer": drafter.pk,
            "programme": agreement.programme.pk,
        },
    )
    assert _references(response) == [wanted.reference]


def test_sorted_by_title(officer_client):
    DecisionFactory(title="Bravo"), DecisionFactory(title="Alpha")
    response = officer_client.get(URL, {"sort": "title"})
    assert [decision.title for decision in response.context["decisions"]] == ["Alpha", "Bravo"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "nonsense"}, "Select a valid choice"),
        ({"series": "999999"}, "Select a valid choice"),
        ({"q": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"sort": "drop table"}, "Select a valid choice"),
    ],
)
def test_a_bad_filter_is_explained_and_lists_everything(officer_client, params, message):
    DecisionFactory()
    response = officer_client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(response.context["decisions"]) == 1


def test_html_in_the_search_is_shown_as_text(officer_client):
    response = officer_client.get(URL, {"q": "<script>alert(1)</script>"})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "No decisions match" in page


def test_the_list_runs_a_constant_number_of_queries(officer_client, django_assert_max_num_queries):
    DecisionFactory.create_batch(3)
    with django_assert_max_num_queries(16) as few:
        officer_client.get(URL)
    DecisionFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(URL)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, None])
def test_only_staff_with_a_working_role_see_the_list(client, role):
    client.force_login(UserFactory(roles=[role] if role else []))
    assert client.get(URL).status_code == 403


def test_a_signed_decision_links_to_its_documents_for_part2_readers(client_for, demo):
    pcd_867 = Decision.objects.get(number=867)
    page = client_for(Role.CLEARANCE).get(f"/staff/decisions/{pcd_867.pk}/").content.decode()
    assert 'href="/staff/decisions/pcd-867/full.pdf"' in page
    assert 'href="/decisions/pcd-867/signed.pdf"' in page
    page = client_for(Role.OFFICER).get(f"/staff/decisions/{pcd_867.pk}/").content.decode()
    assert "full.pdf" not in page  # not a Part 2 reader: no link to a page that refuses them
    assert 'href="/decisions/pcd-867/signed.pdf"' in page


def test_on_a_phone_each_row_carries_its_column_headings(officer_client):
    DecisionFactory()
    page = officer_client.get(URL).content.decode()
    assert 'class="govuk-table app-table--stacked"' in page
    for heading in ("Reference", "Title", "Status", "Addressed to", "Drafted by", "Last changed"):
        assert f'data-label="{heading}"' in page


def test_one_search_finds_decisions_agreements_and_organisations(officer_client, demo):
    page = officer_client.get("/staff/search/", {"q": "Home Office"}).content.decode()
    assert "Home Office" in page
    assert "its grant agreements" in page
    page = officer_client.get("/staff/search/", {"q": "pcd 867"}).content.decode()
    assert "PCD 867: Project Alpha Social Media Hub" in page
    agreement = GrantAgreement.objects.filter(approvals__decision__number=867).first()
    page = officer_client.get("/staff/search/", {"q": agreement.reference}).content.decode()
    assert f'href="/staff/agreements/{agreement.pk}/"' in page


def test_the_search_runs_a_fixed_number_of_queries(
    officer_client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = officer_client.get("/staff/search/", {"q": "a"})
    assert response.status_code == 200


def test_the_search_shows_script_as_text(officer_client):
    page = officer_client.get("/staff/search/", {"q": "<b>x</b>"}).content.decode()
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
