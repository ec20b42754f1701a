"""The workflow moves: submit, clear, return, reject, withdraw, sign, publish."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods

from alpha_hub.audit.models import AccessKind
from alpha_hub.audit.services import access_event_record
from alpha_hub.client_ip import client_ip
from alpha_hub.otp import step_up_lock_message, step_up_method
from decisions import forms, permissions, services
from decisions.documents import Variant, document_context
from decisions.models import INTEREST_DECLARATION
from decisions.offices import signing_as
from decisions.selectors.readiness import decision_readiness
from decisions.services import DecisionRefusedError
from decisions.services.signing import CredentialRefusedError
from decisions.views.helpers import (
    decision_for,
    show_refusal,
    staff,
    to_detail,
)
from decisions.workflow import (
    Move,
    clearable_by,
    clearance_refusal,
    completeness_problems,
    move_allowed,
    outstanding_clearances,
)

# Submit and publish are asked twice: a page that says what will happen, then the button
# (issue 13: no one-click moves that cannot be taken back).
CONFIRMATIONS = {
    "submit": (
        "Submit {reference} for clearance?",
        "The clearers are told, and you can no longer change it unless it is returned to you.",
        "Submit for clearance",
    ),
    "publish": (
        "Publish {reference} on the public register?",
        "Its public page, its signed PDF and the open data show it at once, and it cannot be "
        "taken off the register again.",
        "Publish",
    ),
}


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def decision_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit for clearance, after a page that checks the answers."""
    return _confirmed_move(
        request, pk, "submit", services.decision_submit, "submitted for clearance",
        permissions.can_submit_decision, Move.SUBMIT,
    )  # fmt: skip


@staff
@require_http_methods(["GET", "HEAD", "POST"])
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish on the public register, once confirmed."""
    return _confirmed_move(
        request, pk, "publish", services.decision_publish, "published",
        permissions.can_publish_decision, Move.PUBLISH,
    )  # fmt: skip


def _confirmed_move(request, pk, name: str, service, done: str, check, move) -> HttpResponse:
    """GET: what the move will do, with the decision's answers; POST: the move itself."""
    decision = decision_for(request, pk, check)
    if request.method != "POST":
        if not move_allowed(decision.status, move):
            return to_detail(decision)
        title, explanation, button = CONFIRMATIONS[name]
        context = {
            "decision": decision,
            "title": title.format(reference=decision.reference),
            "explanation": explanation,
            "button": button,
            "readiness": decision_readiness(decision),
            "problems": completeness_problems(decision) if name == "submit" else [],
            "submitting": name == "submit",
        }
        return render(request, "decisions/staff/move_confirm.html", context)
    try:
        decision = service(decision=decision, user=request.user)
    except DecisionRefusedError as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"{decision.reference} {done}.")
    return to_detail(decision)


def _reason_move(
    request, pk, service, title: str, done: str, check, *, question: str = ""
) -> HttpResponse:
    """A move that needs a reason; `check` says who may make it. With a `question` ("Are you
    sure ...?") the page asks it, with a warning button and a way back."""
    decision = decision_for(request, pk, check)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(decision=decision, user=request.user, reason=form.cleaned_data["reason"])
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference} {done}.")
            return to_detail(decision)
    context = {
        "form": form, "decision": decision, "submit_label": title, "warning": bool(question),
        "title": question.format(reference=decision.reference) if question else title,
    }  # fmt: skip
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
        question="Are you sure you want to withdraw {reference}?",
    )  # fmt: skip


@staff
def decision_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """Clear in one of the capacities this clearer may still clear."""
    decision = decision_for(request, pk, permissions.can_clear_decision)
    clearable = clearable_by(decision, request.user)
    form = forms.ClearForm(request.POST or None, clearable=clearable)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_clear(
                decision=decision,
                user=request.user,
                capacities=[form.cleaned_data["capacity"]],
                comment=form.cleaned_data["comment"],
            )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference}: clearance recorded.")
            return to_detail(decision)
    context = {
        "form": form,
        "decision": decision,
        "title": "Clear decision",
        "submit_label": "Clear decision",
        "nothing_to_clear": not clearable,
        "refusal": _why_nothing_to_clear(decision, request.user) if not clearable else "",
    }
    return render(request, "decisions/staff/move_form.html", context)


def _why_nothing_to_clear(decision, user) -> str:
    outstanding = outstanding_clearances(decision)
    if not outstanding:
        return f"Every clearance {decision.reference} needs has been given."
    return clearance_refusal(decision, user, outstanding[:1])


# Not one transaction per request: a refused password or code must stay recorded (django-axes,
# the access log) although the signing is not; the service opens its own transaction to sign.
@transaction.non_atomic_requests
@staff
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the declaration, record any interests, re-authenticate and sign."""
    decision = decision_for(request, pk, permissions.can_sign_decision)
    method = step_up_method(request.user)
    data = request.POST if request.method == "POST" else None
    form = forms.SignForm(data, method=method)
    interests = forms.InterestFormSet(data, prefix="interest")
    declared = forms.declared_interests(form, interests) if data is not None else None
    if declared is not None:
        try:
            decision = services.decision_sign(
                decision=decision,
                user=request.user,
                declaration_confirmed=form.cleaned_data["declaration"],
                credential=form.cleaned_data["credential"],
                interests=declared,
                request=request,
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except CredentialRefusedError as refusal:
            # On the field itself, so that the error summary links to it.
            form.add_error("credential", refusal.problems)
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(
                request, f"{decision.reference} signed. Its signed documents are under Documents."
            )
            return to_detail(decision)
    problems = []
    if move_allowed(decision.status, Move.SIGN):
        problems = services.signing_problems(decision, request.user)
        locked = step_up_lock_message(user=request.user, request=request)
        problems += [locked] if locked else []
    signer = f"{request.user.display_name}, {signing_as(request.user, decision.office)}"
    context = {
        "form": form,
        "interests": interests,
        "decision": decision,
        "signing_as": signing_as(request.user, decision.office),
        "title": "Sign decision",
        "submit_label": "Sign decision",
        "problems": problems,
        "method": method,
        "declaration": INTEREST_DECLARATION,
        "document": _document_preview(request, decision, signer) if not problems else None,
    }
    return render(request, "decisions/staff/sign_form.html", context)


def _document_preview(request: HttpRequest, decision, signer: str) -> dict:
    """The decision as it will be issued (templates/pdf/_document.html), with Part 2 for a
    signer who may read it (the read is logged, as on the decision page)."""
    full = permissions.can_view_part2(request.user, decision)
    if full and decision.has_part2:
        access_event_record(
            kind=AccessKind.PART2_VIEW,
            request=request,
            user=request.user,
            subject=decision.reference,
        )
    variant = Variant.FULL if full else Variant.PUBLIC
    context = {**document_context(decision, variant), "preview": True, "signer_name": signer}
    # The PDF resolves the mark inside static/; the page needs its static URL.
    context["logo"] = static(context["logo"]) if context["logo"] else ""
    return {"full": full, "html": render_to_string("pdf/_document.html", context)}
