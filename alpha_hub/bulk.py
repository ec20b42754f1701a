"""Adding many rows of an audited model at once: COPY, and one history row for each.

simple-history's `bulk_create_with_history` goes through two ORM bulk INSERTs; for 10,000 budget
lines, preparing their values and building the SQL took most of the import's time. COPY writes
the same rows several times faster, and the database applies its constraints, foreign keys and
row triggers to COPY exactly as to INSERT. COPY runs on the driver's cursor, past Django's query
wrappers: query counts miss it, and a `pgtrigger.ignore` around the call still holds only
because the statement just before it sets the setting for the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from psycopg import sql

HISTORY_TYPE_CREATED = "+"
# pgtrigger's triggers first read the `pgtrigger.ignore` setting inside an exception block, and
# reading it when it was never set raises and rolls back a subtransaction on every row: 0.1 ms
# a row, as much as the COPY itself. An empty list ignores no trigger and raises nothing.
IGNORE_NO_TRIGGER = """
SELECT set_config('pgtrigger.ignore', '{}', true)
WHERE coalesce(current_setting('pgtrigger.ignore', true), '') = ''
"""
# Django's own fields send a value of these types to the database unchanged (so psycopg adapts it
# as the ORM would); preparing 100,000 such values one by one took longer than the COPY.
PLAIN_VALUES = (
    (models.BooleanField, bool),
    (models.CharField, str),
    (models.TextField, str),
    (models.IntegerField, int),
    (models.DecimalField, Decimal),
    (models.DateTimeField, datetime),
)
PREPARERS = ("get_prep_value", "get_db_prep_value", "get_db_prep_save")


def bulk_insert_with_history(
    objs: Sequence[models.Model], *, user, reason: str
) -> list[models.Model]:
    """Insert new `objs` with a creation history row each naming `user` and `reason`."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    if any(type(obj) is not model for obj in objs):
        raise TypeError("bulk_insert_with_history takes objects of one model at a time")
    fields = _stored_fields(model)
    plain = [_plain_type(field) for field in fields]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        _assign_ids(cursor, model, objs)
        cursor.execute(IGNORE_NO_TRIGGER)  # last before the COPY, which Django's wrappers miss
        rows = [_prepared(fields, plain, obj) for obj in objs]
        _copy(cursor, model, [field.column for field in fields], rows)
        history_columns, history_rows = _history_rows(model, rows, user=user, reason=reason)
        _copy(cursor, model.history.model, history_columns, history_rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def _stored_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns a row is written with: generated columns are the database's to compute."""
    return [field for field in model._meta.concrete_fields if not field.generated]


def _plain_type(field: models.Field) -> type | None:
    """The type of value that `field` sends unchanged, or None if every value needs preparing."""
    if field.is_relation:
        if not _django_preparers(field):
            return None
        field = field.target_field  # a foreign key sends what the key it points to sends
    if not _django_preparers(field):
        return None
    return next((kind for base, kind in PLAIN_VALUES if isinstance(field, base)), None)


def _django_preparers(field: models.Field) -> bool:
    return all(getattr(type(field), name).__module__.startswith("django.") for name in PREPARERS)


def _prepared(fields, plain: list[type | None], obj: models.Model) -> tuple:
    """The row's values as the ORM's INSERT sends them (`auto_now` fields set on `obj` too)."""
    values = []
    for field, kind in zip(fields, plain, strict=True):
        value = field.pre_save(obj, True)
        if kind is None or not _is_plain(value, kind):
            value = field.get_db_prep_save(value, connection)
        values.append(value)
    return tuple(values)


def _is_plain(value, kind: type) -> bool:
    if value is None:
        return True
    if type(value) is not kind:  # exactly: True is an int, and a lazy string is not a str
        return False
    return kind is not datetime or value.tzinfo is not None  # a naive one is made aware


def _assign_ids(cursor, model: type[models.Model], objs: list[models.Model]) -> None:
    """Take ids from the table's own sequence, in order, so the rows keep the order given."""
    pk = model._meta.pk
    if not isinstance(pk, AutoFieldMixin):
        raise TypeError(f"{model.__name__} needs an auto-incrementing primary key")
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [connection.ops.quote_name(model._meta.db_table), pk.column, len(objs)],
    )
    for obj, (new_id,) in zip(objs, sorted(cursor.fetchall()), strict=True):
        obj.pk = new_id


def _history_rows(model: type[models.Model], rows: list[tuple], *, user, reason: str):
    """The history table's columns, and a row for each of `rows` as simple-history writes it."""
    history = model.history.model
    positions = {field.attname: i for i, field in enumerate(_stored_fields(model))}
    constants = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user else None,
        "history_change_reason": reason,
        "history_type": HISTORY_TYPE_CREATED,
    }
    columns, picks = [], []
    for field in history._meta.concrete_fields:
        if field.primary_key and isinstance(field, AutoFieldMixin):
            continue  # history_id: numbered by the database
        if field.attname not in positions and field.attname not in constants:
            raise TypeError(f"{history.__name__}.{field.name} has no value to copy")
        columns.append(field.column)
        picks.append(field.attname)
    history_rows = [
        tuple(row[positions[name]] if name in positions else constants[name] for name in picks)
        for row in rows
    ]
    return columns, history_rows


def _copy(cursor, model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(model._meta.db_table),
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
    )
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
