"""Queue reminder emails for claims and reports due soon or overdue (run daily; idempotent)."""

from django.core.management.base import BaseCommand

from claims.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Queue reminders CLAIM_REMINDER_DAYS_BEFORE days before and CLAIM_REMINDER_DAYS_AFTER "
        "days after each claim or report due date; each is sent once."
    )

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"Queued {count} reminder(s).")
