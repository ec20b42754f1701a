"""Audit history: django-simple-history whose tables the database keeps append-only."""

import pgtrigger
from simple_history.models import HistoricalRecords


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords whose history table refuses UPDATE and DELETE (a pgtrigger Protect)."""

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
        pgtrigger.register(append_only)(history_model)
        return history_model


def stamp(instance, *, user, reason: str = ""):
    """Set who and why on the history row that the next save of `instance` writes.

    Services call this before every save: inside a request the middleware knows the user, but a
    service may run from a command or a task, so it always says who acted.
    """
    instance._history_user = user
    instance._change_reason = reason
    return instance
