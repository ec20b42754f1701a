"""Drafting as a task list (issue 13, point 4): the task list, check your answers, removing a part
only after asking, the headings a decision already has, and error messages that name the field."""

import pytest
from django.test import Client

from decisions import services
from decisions.models import Decision, Recommendation, Section, SectionKind
from decisions.sections import standard_sections
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import decision_in, make_people
from tests.factories import DecisionCategoryFactory, DecisionSeriesFactory, OfficeFactory

S = Decision.Status


@pytest.fixture
def people(db):
    return make_people()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_draft(people) -> Decision:
    return services.decision_create(
        user=people.drafter, series=DecisionSeriesFactory(), title="Social Media Hub",
        category=DecisionCategoryFactory(), office=OfficeFactory(), financial_value=0,
    )  # fmt: skip


def _task_status(page: str, name: str) -> str:
    """The status shown beside the task named `name` in the task list."""
    start = page.index(f">{name}<", page.index('id="task-list"'))
    status = page.index("govuk-task-list__status", start)
    text = page[page.index(">", status) + 1 : page.index("</div>", status)]
    return " ".join(text.replace('<strong class="govuk-tag govuk-tag--blue">', "")
                    .replace('<strong class="govuk-tag govuk-tag--light-blue">', "")
                    .replace("</strong>", "").split())  # fmt: skip


def test_a_new_draft_lists_its_series_standard_sections_as_not_yet_started(people):
    draft = _new_draft(people)
    page = _client(people.drafter).get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert "govuk-task-list" in page
    for kind in standard_sections(draft.series):
        assert _task_status(page, kind.label) == "Not yet started"
    assert _task_status(page, "Summary and details") == "In progress"
    assert _task_status(page, "Check your answers and submit") == "Cannot start yet"
    assert f"/staff/decisions/{draft.pk}/sections/new/?kind=introduction" in page
    # Submitting cannot succeed yet: the page offers to check the answers instead.
    assert ">Check your answers</a>" in page
    assert ">Submit for clearance</a>" not in page


def test_writing_a_standard_section_completes_its_task(people):
    draft = _new_draft(people)
    client = _client(people.drafter)
    form = client.get(f"/staff/decisions/{draft.pk}/sections/new/?kind=legal").content.decode()
    assert '<option value="legal" selected>' in form
    client.post(
        f"/staff/decisions/{draft.pk}/sections/new/", {"kind": "legal", "body": "No issues."}
    )
    page = client.get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert _task_status(page, "Legal comments") == "Completed"
    assert _task_status(page, "Financial comments") == "Not yet started"


def test_a_heading_in_use_is_not_offered_again_and_is_refused(people):
    draft = decision_in(S.DRAFT, people)
    client = _client(people.drafter)
    form = client.get(f"/staff/decisions/{draft.pk}/sections/new/").content.decode()
    assert 'value="introduction"' not in form
    assert 'value="custom"' in form
    response = client.post(
        f"/staff/decisions/{draft.pk}/sections/new/", {"kind": "introduction", "body": "Again."}
    )
    assert "Choose a heading the decision does not have yet" in response.content.decode()
    assert draft.sections.filter(kind="introduction").count() == 1
    with pytest.raises(DecisionRefusedError, match="already has a section"):
        services.section_add(
            decision=draft, user=people.drafter, kind="introduction", heading="x", body="y"
        )
    # its own heading stays on offer while editing it
    section = draft.sections.get(kind="introduction")
    edit = client.get(f"/staff/decisions/{draft.pk}/sections/{section.pk}/").content.decode()
    assert 'value="introduction"' in edit
    assert 'value="legal"' not in edit
    # custom headings may repeat
    for _ in range(2):
        services.section_add(
            decision=draft, user=people.drafter, kind=SectionKind.CUSTOM, heading="Timetable",
            body="Soon.",
        )  # fmt: skip


def test_removing_a_recommendation_asks_first_and_posting_removes_it(people):
    draft = decision_in(S.DRAFT, people)
    recommendation = draft.recommendations.get()
    client = _client(people.drafter)
    url = f"/staff/decisions/{draft.pk}/recommendations/{recommendation.pk}/move/"
    detail = client.get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert f'href="{url}?action=remove"' in detail
    page = client.get(url, {"action": "remove"}).content.decode()
    assert "Are you sure you want to remove recommendation 1?" in page
    assert "govuk-button--warning" in page
    assert "Cancel" in page
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
    client.post(url, {"action": "remove"})
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_removing_a_section_or_part2_is_refused_in_the_wrong_state_or_to_the_wrong_person(people):
    submitted = decision_in(S.SUBMITTED, people, part2="Costs.")
    section = submitted.sections.first()
    url = f"/staff/decisions/{submitted.pk}/sections/{section.pk}/move/"
    drafter = _client(people.drafter)
    assert drafter.get(url, {"action": "remove"}).status_code == 302
    drafter.post(url, {"action": "remove", "reason": "x"})
    assert Section.objects.filter(pk=section.pk).exists()
    assert drafter.post(f"/staff/decisions/{submitted.pk}/part-2/remove/").status_code == 200
    assert Decision.objects.get(pk=submitted.pk).has_part2
    clearer = _client(people.clearer)
    assert clearer.get(url, {"action": "remove"}).status_code == 403
    assert clearer.get(f"/staff/decisions/{submitted.pk}/part-2/remove/").status_code == 403


def test_part2_is_removed_only_from_its_confirmation_page(people):
    draft = decision_in(S.DRAFT, people, part2="The costs breakdown.")
    client = _client(people.drafter)
    url = f"/staff/decisions/{draft.pk}/part-2/remove/"
    page = client.get(url).content.decode()
    assert "Are you sure you want to remove the Part 2?" in page
    assert Decision.objects.get(pk=draft.pk).has_part2
    client.post(url)
    assert not Decision.objects.get(pk=draft.pk).has_part2


def test_withdrawing_asks_are_you_sure(people):
    draft = decision_in(S.DRAFT, people)
    page = _client(people.drafter).get(f"/staff/decisions/{draft.pk}/withdraw/").content.decode()
    assert f"Are you sure you want to withdraw {draft.reference}?" in page
    assert "govuk-button--warning" in page
    assert Decision.objects.get(pk=draft.pk).status == S.DRAFT


def test_check_your_answers_shows_every_part_with_change_links_and_submits(people):
    draft = decision_in(S.DRAFT, people)
    client = _client(people.drafter)
    page = client.get(f"/staff/decisions/{draft.pk}/submit/").content.decode()
    assert f"Check your answers before submitting {draft.reference}" in page
    recommendation = draft.recommendations.get()
    assert f"/staff/decisions/{draft.pk}/recommendations/{recommendation.pk}/" in page
    for section in draft.sections.all():
        assert f"/staff/decisions/{draft.pk}/sections/{section.pk}/" in page
    assert f"/staff/decisions/{draft.pk}/part-2/" in page
    assert "Submit for clearance</button>" in page
    client.post(f"/staff/decisions/{draft.pk}/submit/")
    assert Decision.objects.get(pk=draft.pk).status == S.SUBMITTED


def test_check_your_answers_links_each_problem_and_offers_no_submit(people):
    draft = _new_draft(people)
    page = _client(people.drafter).get(f"/staff/decisions/{draft.pk}/submit/").content.decode()
    assert "It cannot be submitted yet" in page
    assert f'<a href="/staff/decisions/{draft.pk}/edit/">Add an executive summary.</a>' in page
    assert f'href="/staff/decisions/{draft.pk}/sections/new/?kind=introduction"' in page
    assert "Submit for clearance</button>" not in page


def test_the_new_decision_form_names_its_missing_fields(people):
    response = _client(people.drafter).post("/staff/decisions/new/", {"title": ""})
    page = response.content.decode()
    assert "Enter a title." in page
    assert "Choose a category." in page
    assert "This field is required." not in page
