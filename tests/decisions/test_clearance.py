"""Clearance that means something (issue 13, point 3; docs/adr/0063): a different person for each
capacity where the series says so, clearers' comments and the drafter's answers, and what
changed since the last round."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from alpha_hub.roles import Role
from decisions import services
from decisions.models import ClearanceComment, Decision
from decisions.selectors.changes import changes_since_last_round, word_diff
from decisions.selectors.readiness import decision_readiness
from decisions.services import DecisionRefusedError
from decisions.services import comments as comment_services
from tests.decisions.test_workflow_support import (
    clear_all,
    decision_in,
    dmpc_rule,
    make_people,
    sign,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Decision.Status


@pytest.fixture
def people():
    dmpc_rule()
    return make_people()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _clear(decision, user, *capacities):
    return services.decision_clear(decision=decision, user=user, capacities=list(capacities))


def _clearer():
    return UserFactory(roles=[Role.CLEARANCE])


# One person per capacity ------------------------------------------------------------------


def test_one_clearer_may_not_clear_in_two_capacities(people):
    decision = decision_in(S.SUBMITTED, people)
    with pytest.raises(DecisionRefusedError, match="Clear in one capacity only"):
        _clear(decision, people.clearer, "finance", "legal")
    _clear(decision, people.clearer, "finance")
    with pytest.raises(DecisionRefusedError, match=r"already cleared PCD \d+ as finance"):
        _clear(decision, people.clearer, "legal")
    assert list(decision.clearances.values_list("capacity", flat=True)) == ["finance"]


def test_three_clearers_clear_it_and_none_of_them_may_sign(people):
    decision = decision_in(S.SUBMITTED, people)
    clear_all(decision, people.clearer)
    decision.refresh_from_db()
    assert decision.status == S.CLEARED
    assert decision.clearances.values("cleared_by").distinct().count() == 3


def test_a_series_may_let_one_clearer_clear_every_capacity(people):
    decision = decision_in(S.SUBMITTED, people)
    decision.series.clearers_must_differ = False
    decision.series.save()
    _clear(decision, people.clearer, "head_of_unit", "finance")
    _clear(decision, people.clearer, "legal")
    assert Decision.objects.get(pk=decision.pk).status == S.CLEARED


def test_after_a_return_the_same_person_may_clear_in_another_capacity(people):
    decision = decision_in(S.SUBMITTED, people)
    _clear(decision, people.clearer, "finance")
    services.decision_return(decision=decision, user=people.clearer, reason="Fix it")
    services.decision_submit(decision=decision, user=people.drafter)
    _clear(decision, people.clearer, "legal")  # a new round
    assert decision.clearances.filter(cleared_by=people.clearer).count() == 2


def test_the_database_refuses_a_second_capacity_by_the_same_clearer(people):
    decision = decision_in(S.SUBMITTED, people)
    _clear(decision, people.clearer, "finance")
    now = timezone.now()
    with (
        pytest.raises(IntegrityError, match="already cleared decision"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO decisions_clearance (decision_id, capacity, cleared_by_id, cleared_at,"
            " comment, round, created_at, updated_at) VALUES (%s, 'legal', %s, %s, '', %s,"
            " %s, %s)",
            [decision.pk, people.clearer.pk, now, decision.submission_round, now, now],
        )
    decision.series.clearers_must_differ = False
    decision.series.save()
    with connection.cursor() as cursor:  # the series allows it now
        cursor.execute(
            "INSERT INTO decisions_clearance (decision_id, capacity, cleared_by_id, cleared_at,"
            " comment, round, created_at, updated_at) VALUES (%s, 'legal', %s, %s, '', %s,"
            " %s, %s)",
            [decision.pk, people.clearer.pk, now, decision.submission_round, now, now],
        )
    assert decision.clearances.count() == 2


def test_the_clear_form_offers_one_capacity_and_then_nothing(people):
    decision = decision_in(S.SUBMITTED, people)
    client = _client(people.clearer)
    url = f"/staff/decisions/{decision.pk}/clear/"
    page = client.get(url).content.decode()
    assert 'type="radio"' in page
    assert 'type="checkbox"' not in page
    assert client.post(url, {"capacity": "legal"}).status_code == 302
    page = client.get(url).content.decode()
    assert "You have already cleared" in page
    assert 'name="capacity"' not in page
    detail = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert f'href="{url}"' not in detail  # no Clear button once they have cleared
    assert "Finance clearance, by a clearer other than" in detail
    other = _client(_clearer()).get(url).content.decode()
    assert 'value="finance"' in other
    assert 'value="legal"' not in other


def test_the_clear_form_refuses_a_capacity_not_offered(people):
    decision = decision_in(S.SUBMITTED, people)
    response = _client(people.clearer).post(
        f"/staff/decisions/{decision.pk}/clear/", {"capacity": "treasurer"}
    )
    assert response.status_code == 200
    assert "not yours to give" in response.content.decode()
    assert not decision.clearances.exists()


# Comments --------------------------------------------------------------------------------------


def _section(decision):
    return decision.sections.order_by("position").first()


def test_a_clearer_comments_and_the_drafter_answers_then_resolves(people):
    decision = decision_in(S.SUBMITTED, people)
    section = _section(decision)
    comment = comment_services.comment_add(
        decision=decision, user=people.clearer, part_kind="sections", part_pk=section.pk,
        body="Say which year the grant covers.",
    )  # fmt: skip
    assert comment.about == f"Section 1: {section.heading}"
    readiness = decision_readiness(Decision.objects.get(pk=decision.pk))
    assert readiness.comments == [f"Open comment on {comment.about}, by {people.clearer}"]
    comment_services.comment_answer(comment=comment, user=people.drafter, answer="2021/22.")
    comment_services.comment_resolve(comment=comment, user=people.drafter)
    comment.refresh_from_db()
    assert comment.state == "resolved"
    assert comment.answer == "2021/22."
    assert not decision_readiness(Decision.objects.get(pk=decision.pk)).comments
    assert comment.history.count() == 3


def test_open_comments_do_not_stop_clearing_or_signing(people):
    decision = decision_in(S.SUBMITTED, people)
    comment_services.comment_add(
        decision=decision, user=people.clearer, part_kind="recommendations",
        part_pk=decision.recommendations.first().pk, body="Fine, but name the fund.",
    )  # fmt: skip
    clear_all(decision, people.clearer)
    readiness = decision_readiness(Decision.objects.get(pk=decision.pk))
    assert readiness.comments
    assert not readiness.clearances


def test_who_may_comment_and_answer(people):
    decision = decision_in(S.SUBMITTED, people)
    section = _section(decision)
    for user in (people.drafter, people.dmpc, UserFactory(roles=[Role.OFFICER])):
        with pytest.raises(DecisionRefusedError, match="Only a clearance signatory"):
            comment_services.comment_add(
                decision=decision, user=user, part_kind="sections", part_pk=section.pk, body="x"
            )
    comment = comment_services.comment_add(
        decision=decision, user=people.clearer, part_kind="sections", part_pk=section.pk, body="x"
    )
    for user in (people.clearer, UserFactory(roles=[Role.OFFICER])):
        with pytest.raises(DecisionRefusedError, match="Only the drafting officer"):
            comment_services.comment_resolve(comment=comment, user=user)


def test_comments_are_refused_on_drafts_and_on_other_decisions_parts(people):
    draft = decision_in(S.DRAFT, people)
    submitted = decision_in(S.SUBMITTED, people)
    with pytest.raises(DecisionRefusedError, match="while it is submitted"):
        comment_services.comment_add(
            decision=draft, user=people.clearer, part_kind="sections",
            part_pk=_section(draft).pk, body="x",
        )  # fmt: skip
    with pytest.raises(DecisionRefusedError, match="not in"):
        comment_services.comment_add(
            decision=submitted, user=people.clearer, part_kind="sections",
            part_pk=_section(draft).pk, body="x",
        )  # fmt: skip
    with pytest.raises(DecisionRefusedError, match="Enter your comment"):
        comment_services.comment_add(
            decision=submitted, user=people.clearer, part_kind="sections",
            part_pk=_section(submitted).pk, body="   ",
        )  # fmt: skip
    assert not ClearanceComment.objects.exists()


def test_the_database_keeps_a_comment_on_its_own_decisions_part(people):
    draft = decision_in(S.DRAFT, people)
    submitted = decision_in(S.SUBMITTED, people)
    now = timezone.now()
    with (
        pytest.raises(IntegrityError, match="another decision"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO decisions_clearancecomment (decision_id, section_id, about, round,"
            " author_id, body, state, answer, created_at, updated_at) VALUES (%s, %s, 'x', 1,"
            " %s, 'x', 'open', '', %s, %s)",
            [submitted.pk, _section(draft).pk, people.clearer.pk, now, now],
        )
    with (
        pytest.raises(IntegrityError, match="comment_answer_complete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO decisions_clearancecomment (decision_id, about, round, author_id,"
            " body, state, answer, created_at, updated_at) VALUES (%s, 'x', 1, %s, 'x',"
            " 'answered', 'An answer', %s, %s)",
            [submitted.pk, people.clearer.pk, now, now],
        )


def test_comments_show_beside_their_part_for_staff_and_never_in_public(people):
    decision = decision_in(S.SUBMITTED, people)
    section = _section(decision)
    clearer = _client(people.clearer)
    url = f"/staff/decisions/{decision.pk}/sections/{section.pk}/comment/"
    assert "Comment on section 1" in clearer.get(url).content.decode()
    assert clearer.post(url, {"body": ""}).status_code == 200  # "Enter your comment."
    assert clearer.post(url, {"body": "Name the <b>fund</b>."}).status_code == 302
    comment = ClearanceComment.objects.get()
    drafter = _client(people.drafter)
    page = drafter.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert "Name the &lt;b&gt;fund&lt;/b&gt;." in page
    assert "Open comments" not in page
    assert "Comments not yet resolved" in page
    answer_url = f"/staff/decisions/{decision.pk}/comments/{comment.pk}/answer/"
    assert clearer.get(answer_url).status_code == 403
    assert drafter.post(answer_url, {"answer": "The Serious Violence Fund."}).status_code == 302
    resolve_url = f"/staff/decisions/{decision.pk}/comments/{comment.pk}/resolve/"
    assert clearer.post(resolve_url).status_code == 403
    assert drafter.post(resolve_url).status_code == 302
    page = drafter.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert "Resolved by" in page
    assert "The Serious Violence Fund." in page
    assert "Comments not yet resolved" not in page
    clear_all(decision, people.clearer)
    sign(decision, people.dmpc)
    services.decision_publish(decision=decision, user=people.drafter)
    public = Client().get(Decision.objects.get(pk=decision.pk).get_absolute_url())
    assert public.status_code == 200
    assert "Name the" not in public.content.decode()


def test_a_signed_decisions_comments_cannot_change(people):
    decision = decision_in(S.SUBMITTED, people)
    comment = comment_services.comment_add(
        decision=decision, user=people.clearer, part_kind="sections",
        part_pk=_section(decision).pk, body="x",
    )  # fmt: skip
    clear_all(decision, people.clearer)
    sign(decision, people.dmpc)
    with pytest.raises(DecisionRefusedError, match="can no longer be answered"):
        comment_services.comment_resolve(comment=comment, user=people.drafter)
    with pytest.raises(IntegrityError, match="signed decision"), transaction.atomic():
        ClearanceComment.objects.filter(pk=comment.pk).update(body="changed")


# What changed since the last round -------------------------------------------------------------


def test_word_diff_marks_added_and_removed_words():
    segments = word_diff("Approve the grant of £1.", "Approve the new grant of £2.")
    assert [(s.kind, s.text) for s in segments if s.kind != "same"] == [
        ("added", "new "),
        ("removed", "£1."),
        ("added", "£2."),
    ]


def test_a_resubmitted_decision_shows_what_changed_since_the_last_round(people):
    decision = decision_in(S.SUBMITTED, people, part2="Commercial terms A.")
    assert changes_since_last_round(decision, with_part2=True) is None  # first round
    services.decision_return(decision=decision, user=people.clearer, reason="Fix it")
    section = _section(decision)
    services.section_update(
        section=section, user=people.drafter, kind=section.kind, heading=section.heading,
        body="Text with more words.", reason="Clearer asked",
    )  # fmt: skip
    services.decision_update(
        decision=decision, user=people.drafter, reason="Clearer asked", title="A better title"
    )
    services.recommendation_add(
        decision=decision, user=people.drafter, text="Note the plan.", reason="Clearer asked"
    )
    services.decision_part2_set(
        decision=decision, user=people.drafter, has_part2=True,
        exemption_ground="Commercial interests", body="Commercial terms B.", reason="Clearer asked",
    )  # fmt: skip
    services.decision_submit(decision=decision, user=people.drafter)
    decision = Decision.objects.get(pk=decision.pk)
    changes = changes_since_last_round(decision, with_part2=True)
    assert changes.since_round == 1
    names = {d.name: d for d in changes.differences}
    assert names["Title"].segments[0].text == "Project Alpha Social Media Hub"
    assert names["Recommendation 2"].status == "added"
    assert [s.text for s in names[f"Section 1: {section.heading}"].segments if s.kind == "added"]
    assert "Part 2" in names
    assert "Part 2" not in {
        d.name for d in changes_since_last_round(decision, with_part2=False).differences
    }
    page = _client(people.clearer).get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert "Changes since submission 1" in page
    assert '<span class="govuk-visually-hidden">[added: </span>Text with more words.' in page
    finance_page = (
        _client(UserFactory(roles=[Role.FINANCE]))
        .get(f"/staff/decisions/{decision.pk}/")
        .content.decode()
    )
    assert "Changes since submission 1" in finance_page
    assert "Commercial terms" not in finance_page


def test_the_decision_page_holds_its_queries_with_comments(people, django_assert_max_num_queries):
    decision = decision_in(S.SUBMITTED, people)
    for section in decision.sections.all():
        comment_services.comment_add(
            decision=decision, user=people.clearer, part_kind="sections", part_pk=section.pk,
            body="x",
        )  # fmt: skip
    client = _client(people.clearer)
    client.get(f"/staff/decisions/{decision.pk}/")
    with django_assert_max_num_queries(60):
        page = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert page.count('class="app-comment"') == decision.sections.count()
