"""The register's search finds decisions by who signed them and as which office (issue 12).

An expression index over the printed "Decision by" of published decisions, matching the
expression decisions/search.py uses. Raw SQL on purpose, like 0004 and 0006: it serves a query,
not a field, so Django's model state is unchanged. See docs/adr/0040-register-search.md.
"""

from django.db import migrations

INDEX = (
    "CREATE INDEX decision_signer_search ON decisions_decision "
    "USING gin (to_tsvector('english'::regconfig, signed_by_name)) WHERE status = 'published'"
)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0012_decisions_and_rules_addressed_to_offices")]

    operations = [migrations.RunSQL(sql=INDEX, reverse_sql="DROP INDEX decision_signer_search")]
