"""manage.py grant_application_role: the site's database role may read and write rows, nothing more.

Run as the owner, after migrate (the Makefile's `database` target does):
`DATABASE_AS_OWNER=true manage.py grant_application_role`. See docs/adr/0051-database-roles.md.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from alpha_hub.db_roles import DatabaseRoleError, application_role_grant


class Command(BaseCommand):
    help = (
        "Create or update the role named by DATABASE_URL and grant it SELECT, INSERT, UPDATE and "
        "DELETE on every table (and future ones), and no more. Run with DATABASE_AS_OWNER=true."
    )

    def handle(self, *args, **options):
        if not settings.DATABASE_AS_OWNER:
            raise CommandError(
                "Run as the owner: DATABASE_AS_OWNER=true manage.py grant_application_role"
            )
        application, owner_database = settings.APPLICATION_DATABASE, settings.DATABASES["default"]
        if (application["HOST"], application["NAME"]) != (
            owner_database["HOST"],
            owner_database["NAME"],
        ):
            raise CommandError("DATABASE_URL and DATABASE_OWNER_URL must name the same database.")
        role, owner = application["USER"], owner_database["USER"]
        if role == owner:
            # One URL for both: a development set-up, say; production names two roles.
            self.stderr.write(
                self.style.WARNING(
                    f"The site connects as {owner}, the tables' owner: nothing to grant. Give "
                    "DATABASE_URL a role of its own and DATABASE_OWNER_URL the owner's to keep "
                    "history append-only against raw SQL (docs/adr/0051-database-roles.md)."
                )
            )
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                application_role_grant(cursor, role, password=application["PASSWORD"] or None)
        except (DatabaseRoleError, DatabaseError) as refused:
            raise CommandError(f"{role} was not granted: {refused}") from refused
        self.stdout.write(
            f"{role} may read and write the rows of every table in "
            f"{owner_database['NAME']}, and own, truncate or alter none."
        )
