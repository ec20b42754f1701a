"""Reminders before and after due dates, queued through the task interface, each sent once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from claims import services
from claims.models import Reminder, ReportKind
from claims.reminders import reminders_send
from tests.claims.support import active_agreement, claim_in, make_people

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _days(settings):
    settings.CLAIM_REMINDER_DAYS_BEFORE = 14
    settings.CLAIM_REMINDER_DAYS_AFTER = 7


def test_a_claim_due_soon_is_reminded_once(django_capture_on_commit_callbacks):
    people = make_people()
    agreement = active_agreement()
    first = agreement.claim_periods.get(number=1)  # due 30 July 2020
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=first.due_on - timedelta(days=3)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=first.due_on - timedelta(days=2)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Claim is due: {first}"
    assert people.preparer.email in mail.outbox[0].to


def test_an_overdue_claim_and_report_are_reminded_after_the_due_date(
    django_capture_on_commit_callbacks,
):
    people = make_people()
    agreement = active_agreement()
    services.report_requirement_add(
        agreement=agreement, user=people.preparer, kind=ReportKind.PROGRESS, title="Q1 progress",
        due_on=date(2020, 7, 31),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(today=date(2020, 8, 10))
    subjects = sorted(message.subject for message in mail.outbox)
    assert sent == 2
    assert subjects[0].startswith("Claim is overdue: ")
    assert subjects[1].startswith("Report is overdue: Q1 progress")
    assert Reminder.objects.count() == 2


def test_a_claimed_period_is_not_reminded(django_capture_on_commit_callbacks):
    people = make_people()
    claim = claim_in("submitted", people)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=claim.period.due_on + timedelta(days=8)) == 0


def test_the_command_queues_and_says_how_many(capsys):
    active_agreement()
    call_command("send_claim_reminders")
    assert "Queued" in capsys.readouterr().out
