"""The bulk export of signed decision PDFs belongs to decisions (docs/adr/0050).

State only: the table `alpha_hub_bulkexport` stays where it is, and decisions 0008 takes it over.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("alpha_hub", "0003_access_log_and_bulk_export")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BulkExport")],
            database_operations=[],
        )
    ]
