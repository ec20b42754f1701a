"""Audit history: django-simple-history whose tables the database keeps append-only."""

import pgtrigger
from simple_history.models import HistoricalRecords

_REFUSE_TRUNCATE = """
RAISE EXCEPTION 'table % is a permanent record: it cannot be truncated', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
"""


def no_truncate_trigger() -> pgtrigger.Trigger:
    """Refuse TRUNCATE, which would empty an append-only or frozen table past its row triggers."""
    return pgtrigger.Trigger(
        name="no_truncate",
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        operation=pgtrigger.Truncate,
        func=_REFUSE_TRUNCATE,
    )


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords whose history table refuses UPDATE, DELETE and TRUNCATE (pgtrigger)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("cascade_delete_history", False)
        super().__init__(**kwargs)

    def post_save(self, instance, created, using=None, **kwargs):
        # Signing in touches only last_login; the access log records sign-ins, so the user's
        # history is kept for changes that people make.
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        append_only = pgtrigger.Protect(
            name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
        )
        pgtrigger.register(append_only, no_truncate_trigger())(history_model)
        return history_model


def stamp(instance, *, user, reason: str = ""):
    """Set who and why on the history row that the next save of `instance` writes.

    Services call this before every save: inside a request the middleware knows the user, but a
    service may run from a command or a task, so it always says who acted.
    """
    instance._history_user = user
    instance._change_reason = reason
    return instance
