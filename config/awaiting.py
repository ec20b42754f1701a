"""How many items await the signed-in user, per header item: "Decisions (3)", "Claims (2)".

The counts are the dashboard's own queues (decisions.selectors.staff.queue_querysets and
claims.selectors.queue_querysets), so the header and the dashboard never disagree; only the queues
that ask something of the user are counted (not their drafts, nor what others must do). Every
count is a subquery of one SELECT: one query a page, however many queues and records there are,
and none for a user with no such queue.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, QuerySet, Subquery

from claims import selectors as claim_selectors
from decisions.selectors import staff as decision_selectors

# Header label -> the dashboard queues counted beside it.
AWAITING = {
    "Decisions": ("returned", "to_clear", "to_sign"),
    "Claims": ("claims_to_check", "claims_to_approve", "claims_returned"),
}


class _Count(Subquery):
    """COUNT(*) of a queryset, as a scalar subquery."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _counted_querysets(user) -> dict[str, QuerySet]:
    queues = [(key, queryset) for key, _title, queryset in decision_selectors.queue_querysets(user)]
    queues += [
        (key, queryset) for key, _title, queryset, _ in claim_selectors.queue_querysets(user)
    ]
    wanted = {key for keys in AWAITING.values() for key in keys}
    return {key: queryset for key, queryset in queues if key in wanted}


def awaiting_counts(user) -> dict[str, int]:
    """{header label: items awaiting `user`} for the labels with a queue for their roles."""
    querysets = _counted_querysets(user)
    if not querysets:
        return {}
    counts = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            **{key: _Count(queryset.order_by().values("pk")) for key, queryset in querysets.items()}
        )
        .get()
    )
    return {
        label: sum(counts[key] for key in keys if key in counts)
        for label, keys in AWAITING.items()
        if any(key in counts for key in keys)
    }
