"""The role groups, with fixed codes (alpha_hub.roles.Role)."""

from django.db import migrations

ROLE_CODES = ["officer", "clearance", "decision_maker", "finance", "auditor", "administrator"]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


class Migration(migrations.Migration):
    dependencies = [
        ("alpha_hub", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
