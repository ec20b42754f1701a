"""Section text for the register's search: a stored tsvector instead of an expression index.

An expression index is only used when the planner picks it; when a word is in most sections it
picks a scan instead, and recomputes to_tsvector for every section (seconds at 30,000 sections).
A stored generated column makes every plan cheap. Raw SQL on purpose: the column serves
decisions/search.py only, so Django's Section model, owned by the workflow, does not change;
Django never writes it. See docs/adr/0040-register-search.md.
"""

from django.db import migrations

VECTOR = "to_tsvector('english'::regconfig, COALESCE(body, ''))"


class Migration(migrations.Migration):
    dependencies = [("decisions", "0005_frozen_records")]

    operations = [
        migrations.RunSQL(
            sql=f"ALTER TABLE decisions_section ADD COLUMN register_search tsvector "
            f"GENERATED ALWAYS AS ({VECTOR}) STORED",
            reverse_sql="ALTER TABLE decisions_section DROP COLUMN register_search",
        ),
        migrations.RunSQL(
            sql="CREATE INDEX section_register_search ON decisions_section "
            "USING gin (register_search)",
            reverse_sql="DROP INDEX section_register_search",
        ),
        migrations.RunSQL(
            sql="DROP INDEX section_body_search",
            reverse_sql=f"CREATE INDEX section_body_search ON decisions_section USING gin ({VECTOR})",
        ),
    ]
