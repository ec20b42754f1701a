"""The governance officer role (alpha_hub.roles.Role.GOVERNANCE): imports historic decisions and
reserves decision numbers (issue 12, docs/import.md)."""

from django.db import migrations


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="governance")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="governance").delete()


class Migration(migrations.Migration):
    dependencies = [("alpha_hub", "0005_history_and_access_log_refuse_truncate")]

    operations = [migrations.RunPython(create_role, remove_role)]
