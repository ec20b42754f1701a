"""Change reasons: once a decision has been submitted, every edit says why (DESIGN.md section 5).

A never-submitted draft keeps automatic reasons and never asks; a returned decision refuses an edit
without a typed reason, and the reason is the history change reason of every row the edit writes.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from alpha_hub.audit.trail import audited_models
from alpha_hub.roles import Role
from decisions import services
from decisions.models import Decision, DecisionLink, LinkKind, SectionKind
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import (
    balanced_agreement,
    decision_in,
    dmpc_rule,
    make_people,
)
from tests.factories import UserFactory

S = Decision.Status
REASON = "Clearer asked for the grant amount to be stated"


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def draft(people):
    return decision_in(S.DRAFT, people, part2="The costs breakdown.")


@pytest.fixture
def returned(people):
    return decision_in(S.RETURNED, people, part2="The costs breakdown.")


@pytest.fixture
def earlier(people):
    """A signed decision to link to."""
    dmpc_rule()
    return decision_in(S.SIGNED, people)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _history_marks() -> dict:
    """The highest history id of every audited model, to find the rows written after it."""
    marks = {}
    for label, model in audited_models().items():
        latest = model.history.order_by("-history_id").values_list("history_id", flat=True)
        marks[label] = latest.first() or 0
    return marks


def _reasons_since(marks: dict) -> list[str]:
    """The change reason of every history row written since `marks`, in order."""
    reasons = []
    for label, model in audited_models().items():
        rows = model.history.filter(history_id__gt=marks[label]).order_by("history_id")
        reasons += list(rows.values_list("history_change_reason", flat=True))
    return reasons


def _edits(agreement=None, earlier=None) -> dict:
    """Every editing service (link removal has its own tests), as name -> call(d, u, **reason).

    What they link to is made beforehand, so the history they write is theirs alone.
    """
    edits = {
        "details": lambda d, u, **r: services.decision_update(
            decision=d, user=u, title="Project Alpha: amount stated", **r
        ),
        "part 2": lambda d, u, **r: services.decision_part2_set(
            decision=d,
            user=u,
            has_part2=True,
            exemption_ground="Section 43",
            body="The revised costs.",
            **r,
        ),
        "part 2 removed": lambda d, u, **r: services.decision_part2_set(
            decision=d, user=u, has_part2=False, **r
        ),
        "agreements": lambda d, u, **r: services.decision_agreements_set(
            decision=d, user=u, agreements=[agreement], **r
        ),
        "recommendation added": lambda d, u, **r: services.recommendation_add(
            decision=d, user=u, text="Note the evaluation.", **r
        ),
        "recommendation edited": lambda d, u, **r: services.recommendation_update(
            recommendation=d.recommendations.get(), user=u, text="Approve £1,479,306.16.", **r
        ),
        "recommendation removed": lambda d, u, **r: services.recommendation_remove(
            recommendation=d.recommendations.get(), user=u, **r
        ),
        "section added": lambda d, u, **r: services.section_add(
            decision=d, user=u, kind=SectionKind.CUSTOM, heading="Timetable", body="Soon.", **r
        ),
        "section edited": lambda d, u, **r: services.section_update(
            section=d.sections.first(),
            user=u,
            kind=SectionKind.INTRODUCTION,
            heading="Introduction and background",
            body="Rewritten.",
            **r,
        ),
        "section moved": lambda d, u, **r: services.section_move(
            section=d.sections.first(), user=u, up=False, **r
        ),
        "section removed": lambda d, u, **r: services.section_remove(
            section=d.sections.first(), user=u, **r
        ),
    }
    edits["link added"] = lambda d, u, **r: services.decision_link_add(
        decision=d, user=u, target=earlier, kind=LinkKind.CONTINUES, **r
    )
    return edits


EDITS = list(_edits())


def _edit(request, name):
    """The named edit, with what it links to made now (a signed decision only when needed)."""
    earlier = request.getfixturevalue("earlier") if name == "link added" else None
    return _edits(agreement=balanced_agreement(), earlier=earlier)[name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
def test_a_draft_never_submitted_keeps_automatic_reasons(request, people, draft, name):
    edit = _edit(request, name)
    marks = _history_marks()
    edit(draft, people.drafter)
    reasons = _reasons_since(marks)
    assert reasons, "the edit wrote history"
    assert all(reason and reason != REASON for reason in reasons)


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
@pytest.mark.parametrize("reason", [None, "", "   \n ", "x" * 101])
def test_a_returned_decision_refuses_an_edit_without_a_good_reason(
    request, people, returned, name, reason
):
    edit = _edit(request, name)
    marks = _history_marks()
    given = {} if reason is None else {"reason": reason}
    expected = "100 characters or fewer" if (reason or "").strip() else "Give a reason for this"
    with pytest.raises(DecisionRefusedError, match=expected):
        edit(returned, people.drafter, **given)
    assert _reasons_since(marks) == []  # nothing written at all
    assert Decision.objects.get(pk=returned.pk).title == "Project Alpha Social Media Hub"


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDITS)
def test_a_returned_decision_records_the_reason_on_every_row_the_edit_writes(
    request, people, returned, name
):
    edit = _edit(request, name)
    marks = _history_marks()
    edit(returned, people.drafter, reason=f"  {REASON}  ")
    reasons = _reasons_since(marks)
    assert reasons
    assert set(reasons) == {REASON}


@pytest.mark.django_db
def test_removing_a_part_records_the_reason_on_the_renumbered_rows_too(people, returned):
    first, second = returned.sections.all()[:2]
    services.section_remove(section=first, user=people.drafter, reason=REASON)
    second.refresh_from_db()
    assert second.position == 1
    assert second.history.latest().history_change_reason == REASON
    assert first.history.latest().history_type == "-"
    assert first.history.latest().history_change_reason == REASON


@pytest.mark.django_db
def test_removing_a_link_after_submission_needs_a_reason(people, earlier):
    decision = decision_in(S.DRAFT, people)
    link = services.decision_link_add(
        decision=decision, user=people.drafter, target=earlier, kind=LinkKind.CONTINUES
    )
    services.decision_submit(decision=decision, user=people.drafter)
    services.decision_return(decision=decision, user=people.clearer, reason="Wrong link")
    with pytest.raises(DecisionRefusedError, match="Give a reason"):
        services.decision_link_remove(link=link, user=people.drafter)
    assert DecisionLink.objects.filter(pk=link.pk).exists()
    services.decision_link_remove(link=link, user=people.drafter, reason="It varies PCD 545")
    assert not DecisionLink.objects.filter(pk=link.pk).exists()
    assert link.history.latest().history_change_reason == "It varies PCD 545"


@pytest.mark.django_db
def test_a_reason_of_exactly_100_characters_is_kept_whole(people, returned):
    reason = "r" * 100
    services.decision_update(decision=returned, user=people.drafter, title="New", reason=reason)
    assert returned.history.latest().history_change_reason == reason


@pytest.mark.django_db
def test_html_in_a_reason_is_kept_as_typed_and_shown_as_text(people, returned):
    script = "<script>alert('x')</script>"
    services.decision_update(decision=returned, user=people.drafter, title="New", reason=script)
    assert returned.history.latest().history_change_reason == script
    auditor = _client(UserFactory(roles=[Role.AUDITOR]))
    page = auditor.get(f"/staff/audit/history/decisions.decision/{returned.pk}/").content.decode()
    assert script not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_the_rule_reads_the_locked_row_not_the_callers_copy(people):
    stale = decision_in(S.DRAFT, people)
    current = Decision.objects.get(pk=stale.pk)
    services.decision_submit(decision=current, user=people.drafter)
    services.decision_return(decision=current, user=people.clearer, reason="Fix it")
    assert stale.submission_round == 0  # the caller's copy still looks like a fresh draft
    with pytest.raises(DecisionRefusedError, match="Give a reason"):
        services.decision_update(decision=stale, user=people.drafter, title="Sneaked in")
    assert Decision.objects.get(pk=stale.pk).title == "Project Alpha Social Media Hub"


@pytest.mark.django_db
def test_the_state_and_role_are_checked_before_the_reason(people):
    submitted = decision_in(S.SUBMITTED, people)
    with pytest.raises(DecisionRefusedError, match="only a draft or a returned"):
        services.decision_update(decision=submitted, user=people.drafter, title="x", reason="Why")
    returned = decision_in(S.RETURNED, people)
    other = UserFactory(roles=[Role.OFFICER])
    with pytest.raises(DecisionRefusedError, match="Only the drafting officer"):
        services.decision_update(decision=returned, user=other, title="x")


@pytest.mark.django_db
def test_a_returned_decision_resubmitted_and_returned_again_still_asks(people, returned):
    services.decision_update(decision=returned, user=people.drafter, title="New", reason=REASON)
    services.decision_submit(decision=returned, user=people.drafter)
    services.decision_return(decision=returned, user=people.clearer, reason="Again")
    with pytest.raises(DecisionRefusedError, match="Give a reason"):
        services.recommendation_add(decision=returned, user=people.drafter, text="More")


# The staff pages ------------------------------------------------------------------------------


def _edit_pages(decision):
    base = f"/staff/decisions/{decision.pk}"
    recommendation = decision.recommendations.get()
    return [
        f"{base}/edit/",
        f"{base}/part-2/",
        f"{base}/agreements/",
        f"{base}/links/new/",
        f"{base}/recommendations/new/",
        f"{base}/recommendations/{recommendation.pk}/",
        f"{base}/sections/new/",
        f"{base}/recommendations/{recommendation.pk}/move/?action=remove",
    ]


@pytest.mark.django_db
def test_the_forms_ask_for_a_reason_only_once_submitted(people, draft, returned):
    client = _client(people.drafter)
    for url in _edit_pages(draft):
        page = client.get(url).content.decode()
        assert "Reason for this change" not in page, url
    for url in _edit_pages(returned):
        page = client.get(url).content.decode()
        assert "Reason for this change" in page, url
        assert 'name="reason"' in page


@pytest.mark.django_db
def test_the_detail_page_explains_and_turns_part_buttons_into_reason_pages(people, draft, returned):
    client = _client(people.drafter)
    draft_page = client.get(f"/staff/decisions/{draft.pk}/").content.decode()
    assert "asks for a reason" not in draft_page
    assert "/move/?action=remove" in draft_page  # removing always asks first
    assert 'name="action" value="remove"' not in draft_page
    page = client.get(f"/staff/decisions/{returned.pk}/").content.decode()
    assert "asks for a reason" in page
    assert "/move/?action=remove" in page
    assert 'name="action" value="remove"' not in page


def _details_form(decision, **overrides):
    data = {
        "title": "Project Alpha: amount stated",
        "category": decision.category_id,
        "office": decision.office.code,
        "financial_value": "1,000.00",
        "executive_summary": decision.executive_summary,
        "dpia": decision.dpia,
        "equality_assessment": decision.equality_assessment,
    }
    return data | overrides


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Enter the reason for this change."),
        ("   ", "Enter the reason for this change."),
        ("x" * 101, "The reason for this change must be 100 characters or fewer."),
    ],
)
def test_a_missing_or_long_reason_is_shown_as_a_govuk_error_and_saves_nothing(
    people, returned, reason, error
):
    marks = _history_marks()
    response = _client(people.drafter).post(
        f"/staff/decisions/{returned.pk}/edit/", _details_form(returned, reason=reason)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_reason">' + error in page
    assert "govuk-form-group--error" in page
    assert _reasons_since(marks) == []
    assert Decision.objects.get(pk=returned.pk).title == "Project Alpha Social Media Hub"


@pytest.mark.django_db
def test_a_details_edit_with_a_reason_is_saved_with_it(people, returned):
    response = _client(people.drafter).post(
        f"/staff/decisions/{returned.pk}/edit/", _details_form(returned, reason=REASON)
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.title == "Project Alpha: amount stated"
    assert returned.history.latest().history_change_reason == REASON


@pytest.mark.django_db
def test_a_draft_edit_needs_no_reason_and_ignores_a_posted_one(people, draft):
    response = _client(people.drafter).post(
        f"/staff/decisions/{draft.pk}/edit/", _details_form(draft, reason="Posted anyway")
    )
    assert response.status_code == 302
    assert draft.history.latest().history_change_reason == "Edited"


@pytest.mark.django_db
def test_removing_a_recommendation_after_submission_goes_through_the_reason_page(people, returned):
    client = _client(people.drafter)
    recommendation = returned.recommendations.get()
    url = f"/staff/decisions/{returned.pk}/recommendations/{recommendation.pk}/move/"
    page = client.get(url, {"action": "remove"}).content.decode()
    assert "Are you sure you want to remove recommendation 1?" in page
    assert "Approve the grant." in page  # what is about to go

    refused = client.post(url, {"action": "remove", "reason": ""})
    assert refused.status_code == 200
    assert "Enter the reason for this change." in refused.content.decode()
    assert returned.recommendations.exists()

    done = client.post(url, {"action": "remove", "reason": REASON}, follow=True)
    assert f"{returned.reference}: recommendation 1 removed." in done.content.decode()
    assert not returned.recommendations.exists()
    assert recommendation.history.latest().history_change_reason == REASON


@pytest.mark.django_db
def test_moving_a_section_after_submission_records_the_reason(people, returned):
    first = returned.sections.first()
    url = f"/staff/decisions/{returned.pk}/sections/{first.pk}/move/"
    response = _client(people.drafter).post(url, {"action": "down", "reason": REASON})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.position == 2
    assert first.history.latest().history_change_reason == REASON


@pytest.mark.django_db
def test_draft_part_buttons_still_act_at_once(people, draft):
    first = draft.sections.first()
    url = f"/staff/decisions/{draft.pk}/sections/{first.pk}/move/"
    assert _client(people.drafter).post(url, {"action": "down"}).status_code == 302
    first.refresh_from_db()
    assert first.position == 2
    assert first.history.latest().history_change_reason == "Reordered"


@pytest.mark.django_db
def test_the_part_page_refuses_an_unknown_action_and_other_roles(people, returned):
    section = returned.sections.first()
    url = f"/staff/decisions/{returned.pk}/sections/{section.pk}/move/"
    client = _client(people.drafter)
    assert client.get(url, {"action": "explode"}).status_code == 404
    response = client.post(url, {"action": "explode", "reason": REASON})
    assert response.status_code == 200
    assert "Choose move up, move down or remove." in response.content.decode()
    assert _client(people.clearer).get(url, {"action": "remove"}).status_code == 403
    assert _client(people.clearer).post(url, {"action": "remove", "reason": "x"}).status_code == 403
    assert returned.sections.filter(pk=section.pk).exists()


@pytest.mark.django_db
def test_removing_a_link_after_submission_asks_for_the_reason(people, earlier):
    decision = decision_in(S.DRAFT, people)
    link = services.decision_link_add(
        decision=decision, user=people.drafter, target=earlier, kind=LinkKind.CONTINUES
    )
    services.decision_submit(decision=decision, user=people.drafter)
    services.decision_return(decision=decision, user=people.clearer, reason="Wrong link")
    client = _client(people.drafter)
    detail = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    url = f"/staff/decisions/{decision.pk}/links/{link.pk}/remove/"
    assert f'href="{url}"' in detail
    page = client.get(url).content.decode()
    assert f"Are you sure you want to remove the link to {earlier.reference}?" in page
    assert "Reason for this change" in page
    assert client.post(url, {"reason": ""}).status_code == 200
    assert DecisionLink.objects.filter(pk=link.pk).exists()
    assert client.post(url, {"reason": REASON}).status_code == 302
    assert not DecisionLink.objects.filter(pk=link.pk).exists()
    assert link.history.latest().history_change_reason == REASON


# Two people at once ---------------------------------------------------------------------------


def _race(*jobs):
    """Run each job in its own thread (so its own connection), all released together."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_tabs_removing_the_same_section_at_once_remove_it_once_with_its_reason():
    for role in Role:
        Group.objects.get_or_create(name=role)
    people = make_people()
    decision = decision_in(S.RETURNED, people)
    section = decision.sections.first()
    count = decision.sections.count()

    def remove(reason):
        return lambda: services.section_remove(section=section, user=people.drafter, reason=reason)

    results = _race(remove("First tab"), remove("Second tab"))
    refusals = [result for result in results if isinstance(result, DecisionRefusedError)]
    assert len(refusals) == 1, results
    assert "already been removed" in str(refusals[0])
    positions = list(decision.sections.values_list("position", flat=True))
    assert positions == list(range(1, count))
    removal = section.history.filter(history_type="-").get()
    assert removal.history_change_reason in ("First tab", "Second tab")


def test_after_a_return_the_drafter_types_the_reason_once_for_the_round(people, returned):
    client = _client(people.drafter)
    recommendation = returned.recommendations.first()
    url = f"/staff/decisions/{returned.pk}/recommendations/{recommendation.pk}/"
    assert 'name="reason"' in client.get(url).content.decode()
    client.post(url, {"text": "Approve the grant of £100,000.", "reason": REASON})
    # The next change in the same round comes with the reason filled in, and records it.
    page = client.get(f"/staff/decisions/{returned.pk}/edit/").content.decode()
    assert f'value="{REASON}"' in page
    assert "The reason you gave for your last change" in page
    services.decision_submit(decision=returned, user=people.drafter)
    again = services.decision_return(decision=returned, user=people.clearer, reason="Once more")
    page = client.get(f"/staff/decisions/{again.pk}/edit/").content.decode()
    assert f'value="{REASON}"' not in page  # a new round asks afresh
