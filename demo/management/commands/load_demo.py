from django.core.management.base import BaseCommand

from demo.data import DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load the demo data (PCD 545, PCD 867, their grants and budgets, a user per role)."

    def handle(self, *args, **options):
        users, password = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Sign in as any of these users:"))
        for demo in DEMO_USERS:
            user = users[demo.username]
            self.stdout.write(f"  {demo.username:<14} {demo.role.label:<20} {user.display_name}")
        self.stdout.write(f"Password for all of them: {password}")
