"""Agreement pages: the list, one agreement, entering and changing a proposed one, its moves."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from alpha_hub.access import allow
from grants import permissions, selectors, services
from grants.forms import AgreementFilterForm, AgreementForm, CloseForm, WithdrawForm
from grants.models import GrantAgreement
from grants.profiles import ZERO
from grants.views.entry import add_errors, entry_page
from grants.workflow import AgreementMove, move_allowed

readers = allow(permissions.can_view_agreements, "staff: every working role")
enterers = allow(permissions.can_enter_agreement, "officer or finance")


def agreement_for(request: HttpRequest, pk: int, check=None) -> GrantAgreement:
    try:
        agreement = selectors.agreement_get(pk=pk)
    except GrantAgreement.DoesNotExist as error:
        raise Http404("No such agreement") from error
    if check is not None and not check(request.user, agreement):
        raise PermissionDenied
    return agreement


@readers
@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Every agreement with its current amount, newest first; filter by status or text."""
    form = AgreementFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        # A filter in error is shown as an error and left out; the others still apply.
        form.is_valid()
        filters = form.cleaned_data
    agreements = list(
        selectors.agreement_list(status=filters.get("status", ""), query=filters.get("q", ""))
    )
    amounts = selectors.agreement_amounts(agreements)
    context = {
        "form": form,
        "rows": [(agreement, amounts[agreement.pk]) for agreement in agreements],
        "can_enter": permissions.can_enter_agreement(request.user),
    }
    return render(request, "grants/agreement_list.html", context)


def _can(user, agreement: GrantAgreement) -> dict[str, bool]:
    status = agreement.status
    return {
        "edit": permissions.can_edit_agreement(user, agreement),
        "activate": move_allowed(status, AgreementMove.ACTIVATE)
        and permissions.can_activate_agreement(user, agreement),
        "close": move_allowed(status, AgreementMove.CLOSE)
        and permissions.can_close_agreement(user, agreement),
        "withdraw": move_allowed(status, AgreementMove.WITHDRAW)
        and permissions.can_withdraw_agreement(user, agreement),
    }


@readers
@require_safe
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One agreement: terms, profile, match funding, variations, onward grants, decisions."""
    agreement = agreement_for(request, pk)
    onward = selectors.agreement_onward(agreement)
    amounts = selectors.agreement_amounts([agreement, *onward])
    context = {
        "agreement": agreement,
        "amounts": amounts[agreement.pk],
        "onward": [(child, amounts[child.pk]) for child in onward],
        "onward_total": sum((amounts[child.pk].current for child in onward), ZERO),
        "decisions": selectors.agreement_approving_decisions(agreement),
        "budgets": list(agreement.budgets.order_by("financial_year")),
        "history_url": reverse("audit:history", args=["grants.grantagreement", agreement.pk]),
        "can": _can(request.user, agreement),
    }
    return render(request, "grants/agreement_detail.html", context)


@enterers
def agreement_new(request: HttpRequest) -> HttpResponse:
    """Enter a proposed agreement (a decision then approves it)."""
    form = AgreementForm(request.POST or None)

    def save(data):
        agreement = services.agreement_create(
            terms=data["terms"], profile=data["profile"], match_funding=data["match"],
            user=request.user,
        )  # fmt: skip
        messages.success(request, f"{agreement.reference} entered: a decision now approves it.")
        return redirect("grants:detail", pk=agreement.pk)

    return entry_page(
        request, form, save, title="Enter a grant agreement",
        back_url=reverse("grants:list"), confirm_label="Enter agreement",
    )  # fmt: skip


@enterers
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a proposed agreement's terms, profile and match funding."""
    agreement = agreement_for(request, pk, permissions.can_edit_agreement)
    initial = AgreementForm.initial_for(agreement, selectors.agreement_current_profile(agreement))
    form = AgreementForm(request.POST or None, initial=initial, agreement=agreement)

    def save(data):
        services.agreement_update(
            agreement=agreement, terms=data["terms"], profile=data["profile"],
            match_funding=data["match"], user=request.user,
        )  # fmt: skip
        messages.success(request, f"{agreement.reference} changed.")
        return redirect("grants:detail", pk=agreement.pk)

    return entry_page(
        request, form, save, title=f"Change {agreement.reference}",
        back_url=reverse("grants:detail", args=[agreement.pk]), confirm_label="Save changes",
    )  # fmt: skip


@enterers
@require_POST
def agreement_activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Approved -> active."""
    agreement = agreement_for(request, pk, permissions.can_activate_agreement)
    try:
        services.agreement_activate(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{agreement.reference} is active.")
    return redirect("grants:detail", pk=agreement.pk)


def _move_page(request, agreement, form, title, action, button, warning=False) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{agreement.reference}: {title.lower()} done.")
            return redirect("grants:detail", pk=agreement.pk)
    context = {"form": form, "agreement": agreement, "title": title, "button": button,
               "warning": warning}  # fmt: skip
    return render(request, "grants/agreement_move.html", context)


@allow(permissions.can_enter_agreement, "finance (closing); officer or finance")
def agreement_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Active -> closed, with the final amount spent and the underspend returned."""
    agreement = agreement_for(request, pk, permissions.can_close_agreement)
    form = CloseForm(request.POST or None)

    def close(data):
        services.agreement_close(agreement=agreement, user=request.user, **data)

    return _move_page(request, agreement, form, "Close the agreement", close, "Close agreement")


@enterers
def agreement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Proposed or approved -> withdrawn, with the reason."""
    agreement = agreement_for(request, pk, permissions.can_withdraw_agreement)
    form = WithdrawForm(request.POST or None)

    def withdraw(data):
        services.agreement_withdraw(agreement=agreement, user=request.user, **data)

    return _move_page(
        request, agreement, form, "Withdraw the agreement", withdraw, "Withdraw", warning=True
    )
