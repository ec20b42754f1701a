"""The bulk export moves from the foundation to decisions (docs/adr/0050).

State only: the table keeps its name, `alpha_hub_bulkexport`; its content type (and so its
permissions) is relabelled rather than made anew.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="alpha_hub", model="bulkexport").update(
        app_label="decisions"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0007_clearance_order"),
        ("alpha_hub", "0004_bulk_export_moves_to_decisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(relabel_content_type, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BulkExport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("signed_from", models.DateField(blank=True, null=True)),
                        ("signed_to", models.DateField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("running", "Running"),
                                    ("done", "Ready to download"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                            ),
                        ),
                        ("total", models.PositiveIntegerField(default=0)),
                        ("done", models.PositiveIntegerField(default=0)),
                        ("file", models.FileField(blank=True, upload_to="exports/%Y/")),
                        ("error", models.CharField(blank=True, max_length=500)),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="bulk_exports",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "series",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="decisions.decisionseries",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "alpha_hub_bulkexport",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status__in", ["queued", "running", "done", "failed"])
                                ),
                                name="bulk_export_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("done__lte", models.F("total"))),
                                name="bulk_export_progress",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("signed_from__isnull", True),
                                    ("signed_to__isnull", True),
                                    ("signed_from__lte", models.F("signed_to")),
                                    _connector="OR",
                                ),
                                name="bulk_export_date_range",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "done"), _negated=True),
                                    models.Q(("file", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="bulk_export_done_has_file",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
