"""The staff workspace in a browser: draft to published, bad input, wrong roles, dashboards."""

import re

import pytest
from django.test import Client

from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.roles import Role
from budget.models import BudgetLine
from budget.rules import LineValues
from budget.services import budget_line_update
from decisions.models import Decision
from decisions.workflow import STANDARD_SECTIONS
from tests.decisions.test_workflow_support import (
    NO_INTERESTS,
    decision_in,
    dmpc_rule,
    make_people,
)
from tests.factories import (
    PASSWORD,
    DecisionCategoryFactory,
    DecisionSeriesFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = Decision.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_decision_form(**overrides):
    data = {
        "series": "PCD",
        "title": "Project Alpha Social Media Hub 2021/22",
        "category": "",
        "office": "dmpc",
        "financial_value": "1,000.00",
        "executive_summary": "Approve the grant.",
        "dpia": "completed",
        "equality_assessment": "not_required",
    }
    data.update(overrides)
    return data


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def category():
    DecisionSeriesFactory()
    return DecisionCategoryFactory()


def test_officer_clearer_and_dmpc_take_a_decision_from_draft_to_published(people, category):
    dmpc_rule()
    officer, clearer, dmpc = (_client(u) for u in (people.drafter, people.clearer, people.dmpc))

    response = officer.post("/staff/decisions/new/", _new_decision_form(category=category.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get(title="Project Alpha Social Media Hub 2021/22")
    base = f"/staff/decisions/{decision.pk}"
    assert response["Location"] == f"{base}/"

    officer.post(f"{base}/recommendations/new/", {"text": "Approve the grant."})
    for kind in STANDARD_SECTIONS:
        officer.post(f"{base}/sections/new/", {"kind": kind, "heading": "", "body": "One.\n\nTwo."})
    preview = officer.get(f"{base}/preview/").content.decode()
    assert "2.1." in preview  # paragraphs numbered as the public page does
    assert "2.2." in preview
    assert officer.post(f"{base}/submit/").status_code == 302
    decision.refresh_from_db()
    assert decision.status == S.SUBMITTED

    clear_page = clearer.get(f"{base}/clear/")
    assert "Head of unit" in clear_page.content.decode()
    clearer.post(f"{base}/clear/", {"capacity": "head_of_unit"})
    # Each capacity is a different clearer's (docs/adr/0063): the first has nothing left to clear.
    assert "You have already cleared" in clearer.get(f"{base}/clear/").content.decode()
    for capacity in ("finance", "legal"):
        other = _client(UserFactory(roles=[Role.CLEARANCE]))
        assert other.post(f"{base}/clear/", {"capacity": capacity}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == S.CLEARED

    response = dmpc.post(
        f"{base}/sign/", {"declaration": "on", "credential": PASSWORD, **NO_INTERESTS}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == S.SIGNED

    assert officer.post(f"{base}/publish/").status_code == 302
    public = Client().get(decision.get_absolute_url())
    assert public.status_code == 200
    assert "Project Alpha Social Media Hub 2021/22" in public.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("title", "x" * 251, "The title must be 250 characters or fewer."),
        ("title", "", "Enter a title."),
        ("executive_summary", "", "Enter an executive summary."),
        ("financial_value", "-5", ""),
        ("financial_value", "10.005", ""),
        ("financial_value", "lots", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(
    people, category, field, value, error
):
    response = _client(people.drafter).post(
        "/staff/decisions/new/", _new_decision_form(category=category.pk, **{field: value})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert error in page
    assert not Decision.objects.exists()


def test_html_typed_into_fields_is_shown_as_text(people, category):
    script = "<script>alert('x')</script>"
    client = _client(people.drafter)
    client.post("/staff/decisions/new/", _new_decision_form(category=category.pk, title=script))
    decision = Decision.objects.get()
    client.post(f"/staff/decisions/{decision.pk}/recommendations/new/", {"text": script})
    for url in (f"/staff/decisions/{decision.pk}/", f"/staff/decisions/{decision.pk}/preview/"):
        page = client.get(url).content.decode()
        assert script not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_a_refused_move_shows_the_reason(people, category):
    client = _client(people.drafter)
    client.post(
        "/staff/decisions/new/",
        _new_decision_form(category=category.pk, dpia="", equality_assessment=""),
    )
    decision = Decision.objects.get()
    response = client.post(f"/staff/decisions/{decision.pk}/submit/", follow=True)
    page = response.content.decode()
    assert "Add at least one recommendation." in page
    assert "Record the data protection impact assessment" in page
    decision.refresh_from_db()
    assert decision.status == S.DRAFT


def test_wrong_roles_get_403(people):
    decision = decision_in(S.DRAFT, people)
    base = f"/staff/decisions/{decision.pk}"
    assert _client(people.clearer).get(f"{base}/edit/").status_code == 403
    assert _client(people.dmpc).get("/staff/decisions/new/").status_code == 403
    other_officer = UserFactory(roles=["officer"])
    assert (
        _client(other_officer).post(f"{base}/recommendations/new/", {"text": "x"}).status_code
        == 403
    )
    nobody = UserFactory()
    assert _client(nobody).get("/staff/").status_code == 403
    assert Client().get("/staff/").status_code == 302


def test_a_clearer_cannot_clear_twice_through_the_form(people):
    decision = decision_in(S.SUBMITTED, people)
    client = _client(people.clearer)
    client.post(f"/staff/decisions/{decision.pk}/clear/", {"capacity": "finance"})
    response = client.post(f"/staff/decisions/{decision.pk}/clear/", {"capacity": "finance"})
    assert "That clearance has already been given" in response.content.decode()


def test_sign_page_explains_why_signing_is_refused(people):
    decision = decision_in(S.CLEARED, people)  # no delegation rule at all
    page = _client(people.dmpc).get(f"/staff/decisions/{decision.pk}/sign/").content.decode()
    assert "No delegation rule lets you sign" in page


def test_part2_is_shown_only_to_those_allowed(people):
    decision = decision_in(S.DRAFT, people)
    _client(people.drafter).post(
        f"/staff/decisions/{decision.pk}/part-2/",
        {"has_part2": "yes", "exemption_ground": "Section 43.", "body": "Secret costs."},
    )
    url = f"/staff/decisions/{decision.pk}/"
    assert "Secret costs." in _client(people.clearer).get(url).content.decode()
    finance = UserFactory(roles=["finance", "officer"])
    other = _client(UserFactory(roles=["officer"])).get(url).content.decode()
    assert "Secret costs." not in other
    assert "Secret costs." not in _client(finance).get(url).content.decode()
    # Finance on the linked grant: who worked on its budget (tests/decisions/test_part2_finance.py).
    line = BudgetLine.objects.get(budget__agreement__approvals__decision=decision)
    values = LineValues(line.category, "Checked", line.amount, None, None, "")
    budget_line_update(line_id=line.pk, version=line.version, values=values, user=finance)
    assert "Secret costs." in _client(finance).get(url).content.decode()
    assert "Secret costs." not in _client(people.drafter).get(f"{url}preview/").content.decode()
    views = AccessEvent.objects.filter(kind=AccessKind.PART2_VIEW, subject=decision.reference)
    assert set(views.values_list("user", flat=True)) == {people.clearer.pk, finance.pk}


def test_dashboard_shows_each_queue_with_counts_in_constant_queries(
    people, django_assert_max_num_queries
):
    for _ in range(3):
        decision_in(S.SUBMITTED, people)
    client = _client(people.clearer)
    with django_assert_max_num_queries(20):
        page = client.get("/staff/").content.decode()
    assert '<strong id="count-to_clear">3</strong>' in page
    for _ in range(3):
        decision_in(S.SUBMITTED, people)
    with django_assert_max_num_queries(20):
        page = client.get("/staff/").content.decode()
    assert '<strong id="count-to_clear">6</strong>' in page
    drafts = _client(people.drafter).get("/staff/").content.decode()
    assert "My drafts" in drafts
    assert "Returned to me" in drafts


def _article(html: str) -> str:
    return re.search(r'<article class="app-decision">.*?</article>', html, re.DOTALL).group(0)


def test_the_preview_shows_exactly_what_the_public_page_shows(people):
    dmpc_rule()
    decision = decision_in(S.PUBLISHED, people)
    preview = _client(people.drafter).get(f"/staff/decisions/{decision.pk}/preview/")
    public = Client().get(decision.get_absolute_url())
    assert _article(preview.content.decode()) == _article(public.content.decode())


def test_over_long_and_empty_parts_and_reasons_are_refused(people):
    decision = decision_in(S.SUBMITTED, people)
    client = _client(people.clearer)
    response = client.post(f"/staff/decisions/{decision.pk}/return/", {"reason": "x" * 2001})
    assert "at most 2000 characters" in response.content.decode()
    response = client.post(f"/staff/decisions/{decision.pk}/return/", {"reason": ""})
    assert "This field is required" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).status == S.SUBMITTED

    draft = decision_in(S.DRAFT, people)
    drafter = _client(people.drafter)
    url = f"/staff/decisions/{draft.pk}/recommendations/new/"
    assert (
        "The recommendation must be 20,000 characters or fewer."
        in drafter.post(url, {"text": "x" * 20001}).content.decode()
    )
    url = f"/staff/decisions/{draft.pk}/sections/new/"
    response = drafter.post(url, {"kind": "custom", "heading": "", "body": "Text"})
    assert "Enter the custom heading." in response.content.decode()
    assert draft.recommendations.count() == 1
    assert draft.sections.count() == 7


def test_the_capacities_still_to_clear_are_named_plainly(client):
    people = make_people()
    decision = decision_in(S.SUBMITTED, people)
    client.force_login(people.drafter)
    page = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert "Still to clear: Head of unit, Finance, Legal." in page


def test_a_field_in_error_is_marked_and_described_for_screen_readers(client):
    people = make_people()
    client.force_login(people.drafter)
    page = client.post("/staff/decisions/new/", {"title": ""}).content.decode()
    assert 'aria-describedby="id_title-error"' in page
    assert 'id="id_title-error"' in page
    assert "govuk-input--error" in page


def test_the_part2_questions_sit_under_yes_and_a_new_decision_has_no_series_chosen():
    people = make_people()
    drafter = _client(people.drafter)
    draft = decision_in(S.DRAFT, people)
    page = drafter.get(f"/staff/decisions/{draft.pk}/part-2/").content.decode()
    # GOV.UK's conditional reveal: "Yes" controls the block holding the Part 2 questions.
    assert 'data-aria-controls="id_has_part2_0-reveal"' in page
    reveal = page.split('id="id_has_part2_0-reveal"', 1)[1]
    assert 'name="exemption_ground"' in reveal
    assert 'name="body"' in reveal
    assert page.count('name="exemption_ground"') == 1  # drawn once, inside the reveal
    new = drafter.get("/staff/decisions/new/").content.decode()
    assert '<option value="" selected>Choose a series</option>' in new
