"""The decision-maker roles become Office rows, and every decision, delegation rule and signature
points at its office (docs/adr/0054-offices-and-holders.md).

The printed addressee is unchanged: each office's title is the role's old label ("Deputy Mayor
for Policing and Crime") and its abbreviation the old one ("DMPC"). Signed decisions and their
signatures are frozen, and history tables append-only, by pgtrigger triggers; this migration
fills the new columns of those rows under `pgtrigger.ignore`, for this transaction only, because
it records what the rows already said (the role) in the new shape, and changes nothing else.
Signatures made before offices had holders keep an empty capacity: who held what was not known.
"""

from django.db import migrations
from django.utils import timezone

# code -> (title, abbreviation): the old DecisionMakerRole labels and ADDRESSEE_ABBREVIATIONS.
OFFICES = {
    "dmpc": ("Deputy Mayor for Policing and Crime", "DMPC"),
    "chief_executive": ("Chief Executive", "CEO"),
    "chief_finance_officer": ("Chief Finance Officer", "CFO"),
    "director": ("Director", "Director"),
}
REASON = "Made from the decision-maker role (decisions 0011)"

# The tables whose rows gain their office here; their pgtrigger triggers are skipped meanwhile.
TABLES = [
    "decisions_decision",
    "decisions_historicaldecision",
    "decisions_delegationrule",
    "decisions_historicaldelegationrule",
    "decisions_signature",
    "decisions_historicalsignature",
]

FILL = [
    """UPDATE decisions_decision AS d SET office_id = o.id
       FROM decisions_office AS o WHERE o.code = d.decision_maker_role""",
    """UPDATE decisions_historicaldecision AS d SET office_id = o.id
       FROM decisions_office AS o WHERE o.code = d.decision_maker_role""",
    """UPDATE decisions_delegationrule AS r SET office_id = o.id
       FROM decisions_office AS o WHERE o.code = r.role""",
    """UPDATE decisions_historicaldelegationrule AS r SET office_id = o.id
       FROM decisions_office AS o WHERE o.code = r.role""",
    """UPDATE decisions_signature AS s SET office_id = o.id, office_title = o.title
       FROM decisions_decision AS d JOIN decisions_office AS o ON o.id = d.office_id
       WHERE d.id = s.decision_id""",
    """UPDATE decisions_historicalsignature AS s SET office_id = o.id, office_title = o.title
       FROM decisions_decision AS d JOIN decisions_office AS o ON o.id = d.office_id
       WHERE d.id = s.decision_id""",
]


def _ignore_triggers(cursor) -> None:
    cursor.execute(
        "SELECT array_agg(tgname::text) FROM pg_trigger "
        "WHERE tgrelid = ANY(%s::regclass[]) AND tgname LIKE 'pgtrigger_%%'",
        [TABLES],
    )
    names = cursor.fetchone()[0] or []
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"])


def offices_from_roles(apps, schema_editor):
    Office = apps.get_model("decisions", "Office")
    HistoricalOffice = apps.get_model("decisions", "HistoricalOffice")
    now = timezone.now()
    for code, (title, abbreviation) in OFFICES.items():
        office, created = Office.objects.get_or_create(
            code=code, defaults={"title": title, "abbreviation": abbreviation}
        )
        if created:
            HistoricalOffice.objects.create(
                id=office.id, code=code, title=title, abbreviation=abbreviation,
                created_at=office.created_at, updated_at=office.updated_at, history_date=now,
                history_type="+", history_change_reason=REASON,
            )  # fmt: skip
    with schema_editor.connection.cursor() as cursor:
        _ignore_triggers(cursor)
        for statement in FILL:
            cursor.execute(statement)
        cursor.execute("SELECT set_config('pgtrigger.ignore', NULL, true)")


def roles_from_offices(apps, schema_editor):
    """Going back: each row's role is its office's code where that is one of the old roles."""
    with schema_editor.connection.cursor() as cursor:
        _ignore_triggers(cursor)
        for table, column in [
            ("decisions_decision", "decision_maker_role"),
            ("decisions_delegationrule", "role"),
        ]:
            cursor.execute(
                f"UPDATE {table} AS t SET {column} = o.code FROM decisions_office AS o "  # noqa: S608
                "WHERE o.id = t.office_id AND o.code = ANY(%s)",
                [list(OFFICES)],
            )
        cursor.execute("SELECT set_config('pgtrigger.ignore', NULL, true)")


class Migration(migrations.Migration):
    dependencies = [("decisions", "0010_offices_and_holders")]

    operations = [migrations.RunPython(offices_from_roles, roles_from_offices)]
