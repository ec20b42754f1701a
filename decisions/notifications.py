"""Email to whoever must act next; the services call these after commit.

Each message is a task (alpha_hub.tasks.send_email): a worker sends it, and tries again while the
mail server is down, so a failure never undoes or hides a decision already made. The links are
absolute, from SITE_URL: the worker sends them outside any request.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from alpha_hub.models import User
from alpha_hub.roles import Role
from alpha_hub.tasks import email_enqueue
from decisions.models import Decision


def _role_emails(role: Role, *, excluding: set[int]) -> list[str]:
    users = User.objects.filter(groups__name=role, is_active=True).exclude(pk__in=excluding)
    return sorted({user.email for user in users if user.email})


def _link(decision: Decision) -> str:
    return settings.SITE_URL + reverse("staff_decisions:detail", kwargs={"pk": decision.pk})


def _send(subject: str, body: str, recipients: list[str]) -> None:
    email_enqueue(subject=subject, body=body, recipients=recipients)


def _load(decision_id: int) -> Decision:
    return Decision.objects.select_related("series", "drafted_by").get(pk=decision_id)


def notify_submitted(decision_id: int) -> None:
    """Ask the clearance signatories to clear a submitted decision."""
    decision = _load(decision_id)
    _send(
        f"{decision.reference} is awaiting your clearance",
        f"{decision.drafted_by.display_name} submitted {decision.reference}: {decision.title}.\n\n"
        f"Review it and clear it, or return it with a reason:\n{_link(decision)}\n",
        _role_emails(Role.CLEARANCE, excluding={decision.drafted_by_id}),
    )


def notify_cleared(decision_id: int) -> None:
    """Tell the decision makers a decision awaits their signature."""
    decision = _load(decision_id)
    clearers = set(decision.clearances.values_list("cleared_by_id", flat=True))
    _send(
        f"{decision.reference} is awaiting your signature",
        f"{decision.reference}: {decision.title} has been cleared.\n\n"
        f"Read it and sign or reject it:\n{_link(decision)}\n",
        _role_emails(Role.DECISION_MAKER, excluding={decision.drafted_by_id, *clearers}),
    )


def notify_drafter(decision_id: int, what: str) -> None:
    """Tell the drafter their decision was returned, rejected or signed (and why)."""
    decision = _load(decision_id)
    reason = f"\nReason: {decision.status_reason}\n" if decision.status_reason else ""
    email = decision.drafted_by.email
    _send(
        f"{decision.reference} has been {what}",
        f"{decision.reference}: {decision.title} has been {what}.\n{reason}\n{_link(decision)}\n",
        [email] if email else [],
    )
