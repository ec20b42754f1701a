"""Partial indexes for the public register's reads (docs/adr/0040-register-search.md).

Raw SQL on purpose: they serve queries in decisions/selectors.py, not fields of the models, so the
models (owned by the workflow) stay as they are and Django's model state is unchanged.
"""

from django.db import migrations

PUBLISHED = "WHERE status = 'published'"

INDEXES = {
    # The register's order, its count and the year range: an index scan instead of a sort.
    "decision_register_order": f"(signed_at DESC NULLS LAST, number DESC) {PUBLISHED}",
    # The "Decision by" filter and its list of options.
    "decision_register_maker": f"(signed_by_name) {PUBLISHED}",
    # The feed and /data/decisions.json: newest published first.
    "decision_published_order": f"(published_at DESC, number DESC) {PUBLISHED}",
}


class Migration(migrations.Migration):
    dependencies = [("decisions", "0003_workflow")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON decisions_decision {definition}",
            reverse_sql=f"DROP INDEX {name}",
        )
        for name, definition in INDEXES.items()
    ]
