"""The money a decision commits, started from its page: enter an agreement it approves, or
propose a variation of an approved agreement that it makes (the drafter, while it is a draft)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from decisions import permissions, services
from decisions.forms import change_reason_field
from decisions.services import DecisionRefusedError
from decisions.views.helpers import decision_for, staff, to_detail
from grants.forms import AgreementForm, VariationForm
from grants.models import GrantAgreement
from grants.views.entry import add_errors, entry_page
from grants.workflow import SIGNED_DECISION_STATUSES


def _with_reason(form, decision) -> None:
    if services.change_reason_required(decision):
        form.fields["change_reason"] = change_reason_field()


def _refused(refusal: DecisionRefusedError) -> ValidationError:
    return ValidationError(refusal.problems)


@staff
def decision_agreement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a proposed agreement that this decision approves, linked in the same step."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    form = AgreementForm(request.POST or None)
    _with_reason(form, decision)

    def save(data):
        try:
            agreement = services.decision_agreement_start(
                decision=decision, user=request.user, terms=data["terms"],
                profile=data["profile"], match_funding=data["match"],
                change_reason=data.get("change_reason", ""),
            )  # fmt: skip
        except DecisionRefusedError as refusal:
            raise _refused(refusal) from refusal
        messages.success(request, f"{decision.reference} now approves {agreement.reference}.")
        return to_detail(decision)

    return entry_page(
        request, form, save, title="Add a grant agreement",
        back_url=reverse("staff_decisions:detail", args=[decision.pk]),
        confirm_label="Add agreement", decision=decision,
    )  # fmt: skip


def variable_agreements(decision):
    """Agreements a signed decision approved, approved or active, that this one does not."""
    return (
        GrantAgreement.objects.filter(
            approvals__decision__status__in=SIGNED_DECISION_STATUSES,
            status__in=[GrantAgreement.Status.APPROVED, GrantAgreement.Status.ACTIVE],
        )
        .exclude(approvals__decision=decision)
        .distinct()
        .order_by("reference")
    )


@staff
def decision_variation_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a variation of an approved agreement, made by this decision."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    initial = {"agreement": request.GET.get("agreement")} if request.method == "GET" else None
    form = VariationForm(
        request.POST or None, initial=initial, agreements=variable_agreements(decision)
    )
    _with_reason(form, decision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            variation = services.decision_variation_start(
                decision=decision, user=request.user, agreement=data["agreement"],
                amount_after=data["amount_after"], reason=data["reason"],
                profile_after=data["profile"], starts_on_after=data["starts_on_after"],
                ends_on_after=data["ends_on_after"], change_reason=data.get("change_reason", ""),
            )  # fmt: skip
        except DecisionRefusedError as refusal:
            add_errors(form, _refused(refusal))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{decision.reference} proposes a variation of {variation.agreement.reference}: "
                "it counts once the decision is signed.",
            )
            return to_detail(decision)
    context = {"form": form, "decision": decision, "title": "Vary an approved agreement"}
    return render(request, "decisions/staff/agreement_variation_form.html", context)
