"""The agreement and organisation pages: who may use them, and what a person sees and enters."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from alpha_hub.roles import Role
from grants import services
from grants.models import GrantAgreement, GrantVariation, Organisation
from tests.factories import DecisionFactory, GrantAgreementFactory, mark_signed

pytestmark = pytest.mark.django_db

ROLES = [Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER, Role.FINANCE, Role.AUDITOR,
         Role.ADMINISTRATOR]  # fmt: skip
READ = {Role.OFFICER, Role.CLEARANCE, Role.DECISION_MAKER, Role.FINANCE, Role.AUDITOR}
ENTER = {Role.OFFICER, Role.FINANCE}

# action -> (url for an active agreement, the roles that may open it); docs/permissions.md.
ACTIONS = {
    "list agreements": (lambda a: reverse("grants:list"), READ),
    "read an agreement": (lambda a: reverse("grants:detail", args=[a.pk]), READ),
    "enter an agreement": (lambda a: reverse("grants:new"), ENTER),
    "find an organisation": (lambda a: reverse("organisations:list"), READ),
    "add an organisation": (lambda a: reverse("organisations:new"), ENTER),
    "close an agreement": (lambda a: reverse("grants:close", args=[a.pk]), {Role.FINANCE}),
    "withdraw an agreement": (lambda a: reverse("grants:withdraw", args=[a.pk]), ENTER),
}


@pytest.fixture
def active(incoming, officer):
    return services.agreement_activate(agreement=incoming, user=officer)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_who_may_open_each_page(client_for, active, role, action):
    url, allowed = ACTIONS[action]
    response = client_for(role).get(url(active))
    assert response.status_code == (200 if role in allowed else 403), (role, action)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_drafter_starts_an_agreement_or_variation_from_a_decision(
    client_for, make_user, role
):
    drafter = make_user(Role.OFFICER)
    decision = DecisionFactory(drafted_by=drafter)
    for name in ("agreement_new", "variation_new"):
        url = reverse(f"staff_decisions:{name}", args=[decision.pk])
        assert client_for(role).get(url).status_code == 403
        assert client_for(user=drafter).get(url).status_code == 200


def _form(orgs, programme, **changes):
    data = {
        "reference": "HO-NEW-1", "title": "Knife crime", "programme": programme.pk,
        "funder": orgs["Home Office"].pk, "recipient": orgs["MOPAC"].pk,
        "direction": "incoming", "amount_awarded": "£200,000.00",
        "starts_on": "2020-04-01", "ends_on": "2022-03-31", "legal_power": "Section 56",
        "profile_year_1": "2020/21", "profile_amount_1": "150,000",
        "profile_year_2": "2021/22", "profile_amount_2": "50,000",
        "match_source_1": orgs["Force"].pk, "match_year_1": "2020/21",
        "match_amount_1": "5,000",
    }  # fmt: skip
    return data | changes


def test_an_officer_enters_an_agreement_checking_their_answers_first(client_for, orgs, programme):
    client = client_for(Role.OFFICER)
    url = reverse("grants:new")
    check = client.post(url, _form(orgs, programme))
    page = check.content.decode()
    assert "Check your answers" in page
    assert "2020/21: £150,000.00; 2021/22: £50,000.00" in page
    assert not GrantAgreement.objects.exists()
    done = client.post(url, _form(orgs, programme) | {"confirm": "1"})
    agreement = GrantAgreement.objects.get(reference="HO-NEW-1")
    assert done.status_code == 302
    assert agreement.profile.count() == 2
    assert agreement.match_funding.get().amount == Decimal("5000.00")
    detail = client.get(done["Location"]).content.decode()
    assert "£150,000.00" in detail
    assert "£5,000.00" in detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"profile_amount_2": "49,999.99"}, "£0.01 short of the amount"),
        ({"amount_awarded": "-5"}, "cannot be negative"),
        ({"amount_awarded": "1.001"}, "no more than 2 decimal places"),
        ({"ends_on": "2019-01-01"}, "end date must be on or after"),
        ({"match_year_1": "2025/26"}, "outside the agreement&#x27;s period"),
    ],
)
def test_bad_input_is_explained_on_the_form_and_saves_nothing(
    client_for, orgs, programme, changes, message
):
    response = client_for(Role.FINANCE).post(
        reverse("grants:new"), _form(orgs, programme, **changes) | {"confirm": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not GrantAgreement.objects.exists()


def test_an_organisation_id_in_the_wrong_format_is_explained(client_for):
    data = {"name": "Safer Streets", "kind": "charity", "org_identifier": "charity 123"}
    page = client_for(Role.OFFICER).post(reverse("organisations:new"), data).content.decode()
    assert "GB-CHC-1234567" in page
    assert not Organisation.objects.filter(name="Safer Streets").exists()
    client = client_for(Role.OFFICER)
    ok = client.post(reverse("organisations:new"), data | {"org_identifier": "GB-CHC-1234567"})
    assert ok.status_code == 302
    found = client.get(reverse("organisations:list"), {"q": "safer"}).content.decode()
    assert "GB-CHC-1234567" in found


def test_finance_closes_an_agreement_with_its_final_spend(client_for, active):
    client = client_for(Role.FINANCE)
    url = reverse("grants:close", args=[active.pk])
    refused = client.post(url, {"amount_spent": "250,000", "underspend_returned": "0",
                                "closed_on": "2022-03-31"})  # fmt: skip
    assert "cannot be more than the grant" in refused.content.decode()
    client.post(url, {"amount_spent": "195,000", "underspend_returned": "5,000",
                      "closed_on": "2022-03-31"})  # fmt: skip
    active.refresh_from_db()
    assert (active.status, active.underspend_returned) == ("closed", Decimal("5000.00"))


def test_a_drafter_adds_an_agreement_from_the_decision_page_linked_in_one_step(
    client, officer, orgs, programme
):
    decision = DecisionFactory(drafted_by=officer)
    client.force_login(officer)
    page = client.get(reverse("staff_decisions:detail", args=[decision.pk])).content.decode()
    assert "Add a grant agreement" in page
    assert "Vary an approved agreement" in page
    url = reverse("staff_decisions:agreement_new", args=[decision.pk])
    response = client.post(url, _form(orgs, programme) | {"confirm": "1"})
    assert response.status_code == 302
    assert decision.approvals.get().agreement.reference == "HO-NEW-1"


def test_a_variation_from_a_decision_shows_as_proposed_until_it_is_signed(
    client, officer, incoming
):
    decision = DecisionFactory(drafted_by=officer)
    client.force_login(officer)
    url = reverse("staff_decisions:variation_new", args=[decision.pk])
    form = {"agreement": incoming.pk, "amount_after": "250,000", "reason": "Second-year uplift",
            "profile_year_1": "2020/21", "profile_amount_1": "100,000",
            "profile_year_2": "2021/22", "profile_amount_2": "150,000"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    detail = client.get(reverse("grants:detail", args=[incoming.pk])).content.decode()
    assert "Variation proposed" in detail
    assert "Amount now</dt>" in detail.replace("\n", "")
    again = client.post(url, form | {"amount_after": "260,000"}).content.decode()
    assert "already has a variation waiting for its decision" in again
    assert GrantVariation.objects.count() == 1
    mark_signed(decision)
    detail = client.get(reverse("grants:detail", args=[incoming.pk])).content.decode()
    assert "Variation proposed" not in detail
    assert "£250,000.00" in detail


def test_the_agreement_list_holds_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries, programme
):
    client = client_for(Role.FINANCE)
    GrantAgreementFactory(programme=programme)
    client.get(reverse("grants:list"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("grants:list"))
    for _ in range(15):
        GrantAgreementFactory(programme=programme, starts_on=date(2020, 5, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("grants:list")).content.decode()
    assert page.count('href="/staff/agreements/') >= 16


def test_a_proposed_agreement_is_changed_on_its_page_and_an_approved_one_is_not(
    client_for, terms, officer, incoming
):
    proposed = services.agreement_create(terms=terms(reference="P-1"), user=officer)
    client = client_for(Role.OFFICER)
    url = reverse("grants:edit", args=[proposed.pk])
    page = client.get(url).content.decode()
    assert 'value="P-1"' in page
    assert 'value="2021/22"' in page
    assert client.get(reverse("grants:edit", args=[incoming.pk])).status_code == 403


def test_an_onward_grant_over_its_parent_is_refused_before_check_your_answers(
    client_for, orgs, programme, incoming
):
    # incoming: £100,000.00 of grant and £10,000.00 of match funding in 2020/21.
    over = _form(
        orgs, programme, reference="ON-OVER", direction="outgoing",
        funder=orgs["MOPAC"].pk, recipient=orgs["Charity"].pk, parent=incoming.pk,
        amount_awarded="110,000.01", starts_on="2020-04-01", ends_on="2021-03-31",
        profile_year_1="2020/21", profile_amount_1="110,000.01",
        profile_year_2="", profile_amount_2="", match_source_1="", match_year_1="",
        match_amount_1="",
    )  # fmt: skip
    page = client_for(Role.FINANCE).post(reverse("grants:new"), over).content.decode()
    assert "Check your answers" not in page
    assert "There is a problem" in page
    assert "would come to £110,000.01 in 2020/21" in page
    assert not GrantAgreement.objects.filter(reference="ON-OVER").exists()
