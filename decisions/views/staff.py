"""The staff workspace: dashboard, new decision, the decision as staff see it, its preview."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alpha_hub.access import allow
from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.services import access_event_record
from alpha_hub.roles import Role, has_role
from alpha_hub.session_keeping import restore_into
from claims import permissions as claims_permissions
from claims import selectors as claims_selectors
from decisions import forms, permissions, services
from decisions.models import (
    ClearanceCapacity,
    Decision,
)
from decisions.permissions import can_create_decision
from decisions.selectors import public as public_selectors
from decisions.selectors.changes import changes_since_last_round
from decisions.selectors.readiness import decision_readiness
from decisions.selectors.staff import (
    dashboard_for,
    decision_moves_history,
    decision_related_all,
)
from decisions.services import DecisionRefusedError
from decisions.services.comments import ANSWERABLE
from decisions.services.signing import signing_problems
from decisions.views.helpers import (
    decision_for,
    staff,
    to_detail,
)
from decisions.workflow import (
    EDITABLE_STATUSES,
    Move,
    clearable_by,
    move_allowed,
    outstanding_clearances,
)


@allow(permissions.can_open_dashboard, "anyone with a role")
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's queues, with counts, and the ways to the rest of their work."""
    context = {
        "is_administrator": has_role(request.user, Role.ADMINISTRATOR),
        "can_search": permissions.can_use_staff_workspace(request.user),
        "search_form": forms.StaffSearchForm(),
        "queues": dashboard_for(request.user),
        "can_create": can_create_decision(request.user),
        "can_import": permissions.can_import_decisions(request.user),
        "claim_queues": claims_selectors.dashboard_queues(request.user),
        "can_open_claims": claims_permissions.may_open_claims(request.user),
    }
    return render(request, "staff/dashboard.html", context)


@allow(can_create_decision)
def decision_new(request: HttpRequest) -> HttpResponse:
    """Draft a new decision (optionally as a correction of an earlier one: ?corrects=<id>)."""
    initial = {"financial_value": "0.00"}
    corrects = request.GET.get("corrects", "")
    if corrects.isdigit():
        initial.update(earlier_decision=corrects, link_kind="supersedes")
    form = restore_into(forms.DecisionCreateForm(request.POST or None, initial=initial), request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        links = [(data["link_kind"], data["earlier_decision"])] if data["earlier_decision"] else []
        try:
            decision = services.decision_create(
                user=request.user,
                series=data["series"],
                title=data["title"],
                category=data["category"],
                office=data["office"],
                financial_value=data["financial_value"],
                executive_summary=data["executive_summary"],
                agreements=data["agreements"],
                links=links,
                kind=data.get("kind", ""),
                value_publication=data.get("value_publication", Decision.ValuePublication.EXACT),
            )
            if data["dpia"] or data["equality_assessment"]:
                services.decision_update(
                    decision=decision,
                    user=request.user,
                    reason="Assessments recorded",
                    dpia=data["dpia"] or decision.dpia,
                    equality_assessment=data["equality_assessment"] or decision.equality_assessment,
                )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference} created as a draft.")
            return to_detail(decision)
    return render(
        request, "decisions/staff/decision_form.html", {"form": form, "title": "New decision"}
    )


@staff
@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision as staff see it: its state, the next moves, parts and history."""
    decision = decision_for(request, pk)
    user = request.user
    editable = decision.status in EDITABLE_STATUSES and permissions.can_edit_decision(
        user, decision
    )
    # A decision maker who may not sign it yet is told why, instead of a Sign button that fails.
    may_sign = move_allowed(decision.status, Move.SIGN) and has_role(user, Role.DECISION_MAKER)
    sign_blockers = signing_problems(decision, user) if may_sign else []
    readiness = decision_readiness(decision)
    show_part2 = permissions.can_view_part2(user, decision)
    context = {
        "decision": decision,
        "related": decision_related_all(decision),
        "show_part2": show_part2,
        "editable": editable,
        "reason_required": editable and services.change_reason_required(decision),
        "problems": readiness.drafting,  # empty once signed
        "readiness": readiness,
        "sign_blockers": sign_blockers,
        "outstanding": [ClearanceCapacity(c).label for c in outstanding_clearances(decision)],
        "history": decision_moves_history(decision),
        "changes": changes_since_last_round(decision, with_part2=show_part2),
        "orphan_comments": decision.clearance_comments.filter(
            section__isnull=True, recommendation__isnull=True
        ).select_related("author", "answered_by", "resolved_by"),
        "can": {
            "submit": move_allowed(decision.status, Move.SUBMIT)
            and permissions.can_submit_decision(user, decision),
            "clear": move_allowed(decision.status, Move.CLEAR)
            and permissions.can_clear_decision(user, decision)
            and bool(clearable_by(decision, user)),
            "return": move_allowed(decision.status, Move.RETURN)
            and permissions.can_return_decision(user, decision),
            "reject": move_allowed(decision.status, Move.REJECT)
            and permissions.can_reject_decision(user, decision),
            "withdraw": move_allowed(decision.status, Move.WITHDRAW)
            and permissions.can_withdraw_decision(user, decision),
            "sign": may_sign and not sign_blockers,
            "publish": move_allowed(decision.status, Move.PUBLISH)
            and permissions.can_publish_decision(user, decision),
            "correct": decision.is_signed and can_create_decision(user),
            "comment": decision.status == Decision.Status.SUBMITTED
            and permissions.can_comment_on_decision(user, decision),
            "answer": decision.status in ANSWERABLE
            and permissions.can_answer_comments(user, decision),
        },
    }
    if context["show_part2"] and decision.has_part2:
        access_event_record(
            kind=AccessKind.PART2_VIEW, request=request, user=user, subject=decision.reference
        )
    return render(request, "decisions/staff/decision_detail.html", context)


@staff
@require_safe
def decision_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Exactly what the public page will show (Part 1 only)."""
    decision = decision_for(request, pk)
    context = {
        "decision": decision,
        "related": public_selectors.decision_related(decision),
        "agreements": public_selectors.decision_agreements(decision),
    }
    return render(request, "decisions/staff/decision_preview.html", context)
