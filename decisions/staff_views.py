"""Staff workspace views: thin; permissions from decisions.permissions, writes via services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from alpha_hub.access import allow
from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.services import access_event_record
from alpha_hub.otp import step_up_method
from decisions import forms, permissions, services
from decisions import selectors as public_selectors
from decisions.models import (
    ClearanceCapacity,
    Decision,
    DecisionLink,
    Recommendation,
    Section,
)
from decisions.permissions import can_create_decision, can_use_staff_workspace
from decisions.services import DecisionRefusedError
from decisions.staff_selectors import (
    dashboard_for,
    decision_for_staff,
    decision_moves_history,
    decision_related_all,
)
from decisions.workflow import (
    EDITABLE_STATUSES,
    Move,
    completeness_problems,
    move_allowed,
    outstanding_clearances,
)

staff = allow(
    can_use_staff_workspace, "staff: officer, clearance, decision maker, finance, auditor"
)

PARTS = {
    "recommendations": (Recommendation, forms.RecommendationForm, "recommendation"),
    "sections": (Section, forms.SectionForm, "section"),
}
# action -> (page title, button, what the success message says was done)
PART_CHANGES = {
    "up": ("Move {noun} {n} up", "Move up", "{noun} {n} moved up"),
    "down": ("Move {noun} {n} down", "Move down", "{noun} {n} moved down"),
    "remove": ("Remove {noun} {n}", "Remove", "{noun} {n} removed"),
}


def _decision(request: HttpRequest, pk: int, check=permissions.can_view_decision) -> Decision:
    decision = decision_for_staff(pk=pk)
    if not check(request.user, decision):
        raise PermissionDenied
    return decision


def _to_detail(decision: Decision) -> HttpResponse:
    return redirect("staff_decisions:detail", pk=decision.pk)


def _refused(request: HttpRequest, refusal: DecisionRefusedError) -> None:
    for problem in refusal.problems:
        messages.error(request, problem)


def _edit_form(form_class, request: HttpRequest, decision: Decision, **kwargs):
    """`form_class` bound to a POST, with "Reason for this change" when the services need one."""
    data = request.POST if request.method == "POST" else None
    reason_required = services.change_reason_required(decision)
    return form_class(data, reason_required=reason_required, **kwargs)


@staff
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's queues, with counts."""
    context = {
        "queues": dashboard_for(request.user),
        "can_create": can_create_decision(request.user),
    }
    return render(request, "staff/dashboard.html", context)


@allow(can_create_decision)
def decision_new(request: HttpRequest) -> HttpResponse:
    """Draft a new decision (optionally as a correction of an earlier one: ?corrects=<id>)."""
    initial = {"financial_value": "0.00"}
    corrects = request.GET.get("corrects", "")
    if corrects.isdigit():
        initial.update(earlier_decision=corrects, link_kind="supersedes")
    form = forms.DecisionCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        links = [(data["link_kind"], data["earlier_decision"])] if data["earlier_decision"] else []
        try:
            decision = services.decision_create(
                user=request.user,
                series=data["series"],
                title=data["title"],
                category=data["category"],
                decision_maker_role=data["decision_maker_role"],
                financial_value=data["financial_value"],
                executive_summary=data["executive_summary"],
                agreements=data["agreements"],
                links=links,
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
            return _to_detail(decision)
    return render(
        request, "decisions/staff/decision_form.html", {"form": form, "title": "New decision"}
    )


@staff
@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision as staff see it: its state, the next moves, parts and history."""
    decision = _decision(request, pk)
    user = request.user
    editable = decision.status in EDITABLE_STATUSES and permissions.can_edit_decision(
        user, decision
    )
    context = {
        "decision": decision,
        "related": decision_related_all(decision),
        "show_part2": permissions.can_view_part2(user, decision),
        "editable": editable,
        "reason_required": editable and services.change_reason_required(decision),
        "problems": completeness_problems(decision) if not decision.is_signed else [],
        "outstanding": [ClearanceCapacity(c).label for c in outstanding_clearances(decision)],
        "history": decision_moves_history(decision),
        "can": {
            "submit": move_allowed(decision.status, Move.SUBMIT)
            and permissions.can_submit_decision(user, decision),
            "clear": move_allowed(decision.status, Move.CLEAR)
            and permissions.can_clear_decision(user, decision),
            "return": move_allowed(decision.status, Move.RETURN)
            and permissions.can_return_decision(user, decision),
            "reject": move_allowed(decision.status, Move.REJECT)
            and permissions.can_reject_decision(user, decision),
            "withdraw": move_allowed(decision.status, Move.WITHDRAW)
            and permissions.can_withdraw_decision(user, decision),
            "sign": move_allowed(decision.status, Move.SIGN)
            and permissions.can_sign_decision(user, decision),
            "publish": move_allowed(decision.status, Move.PUBLISH)
            and permissions.can_publish_decision(user, decision),
            "correct": decision.is_signed and can_create_decision(user),
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
    decision = _decision(request, pk)
    context = {
        "decision": decision,
        "related": public_selectors.decision_related(decision),
        "agreements": public_selectors.decision_agreements(decision),
    }
    return render(request, "decisions/staff/decision_preview.html", context)


def _form_page(request, decision, form, title, action, *, done="", **extra) -> HttpResponse:
    """Show `form`; on a valid POST run `action(cleaned_data)` and go back to the decision."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference}: {done or f'{title} saved'}.")
            return _to_detail(decision)
    context = {"form": form, "decision": decision, "title": title, **extra}
    return render(request, "decisions/staff/decision_form.html", context)


@staff
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the title, summary, value, decision maker and assessments."""
    decision = _decision(request, pk, permissions.can_edit_decision)
    initial = {name: getattr(decision, name) for name in services.DRAFT_FIELDS}
    form = _edit_form(forms.DecisionForm, request, decision, initial=initial)

    def save(data):
        services.decision_update(decision=decision, user=request.user, **data)

    return _form_page(request, decision, form, "Details", save)


@staff
def decision_part2(request: HttpRequest, pk: int) -> HttpResponse:
    """Say whether there is a Part 2, and write it."""
    decision = _decision(request, pk, permissions.can_edit_decision)
    part2 = getattr(decision, "part2", None)
    initial = {
        "has_part2": "yes" if decision.has_part2 else "no",
        "exemption_ground": decision.part2_exemption_ground,
        "body": part2.body if part2 else "",
    }
    form = _edit_form(forms.Part2Form, request, decision, initial=initial)

    def save(data):
        services.decision_part2_set(decision=decision, user=request.user, **data)

    return _form_page(request, decision, form, "Part 2", save)


@staff
def decision_agreements(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the grant agreements the decision approves."""
    decision = _decision(request, pk, permissions.can_edit_decision)
    initial = {"agreements": [a.agreement_id for a in decision.approvals.all()]}
    form = _edit_form(forms.AgreementsForm, request, decision, initial=initial)

    def save(data):
        services.decision_agreements_set(decision=decision, user=request.user, **data)

    return _form_page(request, decision, form, "Grant agreements", save)


@staff
def decision_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an earlier decision."""
    decision = _decision(request, pk, permissions.can_edit_decision)
    form = _edit_form(forms.LinkForm, request, decision)

    def save(data):
        services.decision_link_add(decision=decision, user=request.user, **data)

    return _form_page(request, decision, form, "Link to an earlier decision", save)


@staff
def decision_link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Remove a link to an earlier decision (the page asks for the reason once submitted)."""
    decision = _decision(request, pk, permissions.can_edit_decision)
    link = get_object_or_404(
        DecisionLink.objects.select_related("target__series"), pk=link_pk, source=decision
    )
    form = _edit_form(forms.ChangeForm, request, decision)
    title = f"Remove the link to {link.target.reference}"

    def save(data):
        services.decision_link_remove(link=link, user=request.user, **data)

    return _form_page(
        request, decision, form, title, save, done=f"link to {link.target.reference} removed",
        submit_label="Remove link", changing=f"{link.get_kind_display()} {link.target}",
        warning=True,
    )  # fmt: skip


def _part_config(part_kind: str):
    if part_kind not in PARTS:
        raise Http404("No such part")
    return PARTS[part_kind]


@staff
def part_new(request: HttpRequest, pk: int, part_kind: str) -> HttpResponse:
    """Add a recommendation or section at the end."""
    _model, form_class, noun = _part_config(part_kind)
    decision = _decision(request, pk, permissions.can_edit_decision)
    form = _edit_form(form_class, request, decision)
    add = getattr(services, f"{noun}_add")

    def save(data):
        add(decision=decision, user=request.user, **data)

    return _form_page(request, decision, form, f"New {noun}", save)


@staff
def part_edit(request: HttpRequest, pk: int, part_kind: str, part_pk: int) -> HttpResponse:
    """Edit a recommendation or section."""
    model, form_class, noun = _part_config(part_kind)
    decision = _decision(request, pk, permissions.can_edit_decision)
    part = get_object_or_404(model, pk=part_pk, decision=decision)
    initial = {name: getattr(part, name) for name in form_class.base_fields}
    form = _edit_form(form_class, request, decision, initial=initial)
    update = getattr(services, f"{noun}_update")

    def save(data):
        update(**{noun: part}, user=request.user, **data)

    return _form_page(request, decision, form, f"{noun.capitalize()} {part.position}", save)


@staff
def part_move(request: HttpRequest, pk: int, part_kind: str, part_pk: int) -> HttpResponse:
    """Move a recommendation or section up or down, or remove it (action=up|down|remove).

    A draft's buttons post here directly; once submitted, the page asks for the reason first.
    """
    model, _form_class, noun = _part_config(part_kind)
    decision = _decision(request, pk, permissions.can_edit_decision)
    part = get_object_or_404(model, pk=part_pk, decision=decision)
    action = request.POST.get("action") if request.method == "POST" else request.GET.get("action")
    if request.method != "POST" and action not in PART_CHANGES:
        raise Http404("Choose move up, move down or remove.")
    form = _edit_form(forms.PartChangeForm, request, decision, initial={"action": action})
    title, button, done = PART_CHANGES.get(action, ("Change {noun} {n}", "Save", ""))
    title, done = (text.format(noun=noun, n=part.position) for text in (title, done))

    def save(data):
        change = {noun: part, "user": request.user, "reason": data.get("reason", "")}
        if data["action"] == "remove":
            getattr(services, f"{noun}_remove")(**change)
        else:
            getattr(services, f"{noun}_move")(**change, up=data["action"] == "up")

    return _form_page(
        request, decision, form, title.capitalize(), save, done=done, submit_label=button,
        changing=getattr(part, "text", "") or part.heading, warning=action == "remove",
    )  # fmt: skip


@staff
@require_POST
def decision_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit for clearance."""
    return _button_move(
        request, pk, services.decision_submit, "submitted for clearance",
        permissions.can_submit_decision,
    )  # fmt: skip


@staff
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish on the public register."""
    return _button_move(
        request, pk, services.decision_publish, "published", permissions.can_publish_decision
    )


def _button_move(request, pk, service, done: str, check) -> HttpResponse:
    """A move that needs no more than a button; `check` says who may press it."""
    decision = _decision(request, pk, check)
    try:
        decision = service(decision=decision, user=request.user)
    except DecisionRefusedError as refusal:
        _refused(request, refusal)
    else:
        messages.success(request, f"{decision.reference} {done}.")
    return _to_detail(decision)


def _reason_move(request, pk, service, title: str, done: str, check) -> HttpResponse:
    """A move that needs a reason; `check` says who may make it."""
    decision = _decision(request, pk, check)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(decision=decision, user=request.user, reason=form.cleaned_data["reason"])
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference} {done}.")
            return _to_detail(decision)
    context = {"form": form, "decision": decision, "title": title, "submit_label": title}
    return render(request, "decisions/staff/move_form.html", context)


@staff
def decision_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return to the drafter with a reason."""
    return _reason_move(
        request, pk, services.decision_return, "Return to drafter", "returned to the drafter",
        permissions.can_return_decision,
    )  # fmt: skip


@staff
def decision_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject, with a reason."""
    return _reason_move(
        request, pk, services.decision_reject, "Reject decision", "rejected",
        permissions.can_reject_decision,
    )  # fmt: skip


@staff
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw, with a reason."""
    return _reason_move(
        request, pk, services.decision_withdraw, "Withdraw decision", "withdrawn",
        permissions.can_withdraw_decision,
    )  # fmt: skip


@staff
def decision_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """Clear in one or more of the capacities still outstanding."""
    decision = _decision(request, pk, permissions.can_clear_decision)
    form = forms.ClearForm(request.POST or None, outstanding=outstanding_clearances(decision))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_clear(
                decision=decision, user=request.user, **form.cleaned_data
            )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference}: clearance recorded.")
            return _to_detail(decision)
    context = {"form": form, "decision": decision, "title": "Clear decision"}
    context["submit_label"] = "Clear decision"
    return render(request, "decisions/staff/move_form.html", context)


@staff
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the declaration, re-authenticate and sign."""
    decision = _decision(request, pk, permissions.can_sign_decision)
    method = step_up_method(request.user)
    form = forms.SignForm(request.POST or None, method=method)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_sign(
                decision=decision,
                user=request.user,
                declaration_confirmed=form.cleaned_data["declaration"],
                credential=form.cleaned_data["credential"],
                request=request,
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference} signed.")
            return _to_detail(decision)
    problems = []
    if move_allowed(decision.status, Move.SIGN):
        problems = services.signing_problems(decision, request.user)
    context = {
        "form": form,
        "decision": decision,
        "title": "Sign decision",
        "submit_label": "Sign decision",
        "problems": problems,
        "method": method,
    }
    return render(request, "decisions/staff/sign_form.html", context)
