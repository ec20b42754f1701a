"""Audit history: django-simple-history whose tables the database keeps append-only."""

import pgtrigger
from simple_history.models import HistoricalRecords
from simple_history.utils import update_change_reason  # noqa: F401 - re-exported for services


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords whose history table refuses UPDATE and DELETE (a pgtrigger Protect)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("cascade_delete_history", False)
        super().__init__(**kwargs)

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        append_only = pgtrigger.Protect(
            name="append_only", operation=pgtrigger.Update | pgtrigger.Delete
        )
        pgtrigger.register(append_only)(history_model)
        return history_model


def set_change_reason(instance, reason: str) -> None:
    """Attach `reason` to the history row that the next save of `instance` writes."""
    instance._change_reason = reason
