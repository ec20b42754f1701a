"""The workflow moves: submit, clear, return, reject, withdraw, sign, publish."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from alpha_hub.client_ip import client_ip
from alpha_hub.otp import step_up_lock_message, step_up_method
from decisions import forms, permissions, services
from decisions.offices import signing_as
from decisions.selectors.readiness import decision_readiness
from decisions.services import DecisionRefusedError
from decisions.views.helpers import (
    decision_for,
    show_refusal,
    staff,
    to_detail,
)
from decisions.workflow import (
    Move,
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
    """Clear in one or more of the capacities still outstanding."""
    decision = decision_for(request, pk, permissions.can_clear_decision)
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
            return to_detail(decision)
    context = {"form": form, "decision": decision, "title": "Clear decision"}
    context["submit_label"] = "Clear decision"
    return render(request, "decisions/staff/move_form.html", context)


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
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"{decision.reference} signed.")
            return to_detail(decision)
    problems = []
    if move_allowed(decision.status, Move.SIGN):
        problems = services.signing_problems(decision, request.user)
        locked = step_up_lock_message(user=request.user, request=request)
        problems += [locked] if locked else []
    context = {
        "form": form,
        "interests": interests,
        "decision": decision,
        "signing_as": signing_as(request.user, decision.office),
        "title": "Sign decision",
        "submit_label": "Sign decision",
        "problems": problems,
        "method": method,
    }
    return render(request, "decisions/staff/sign_form.html", context)
