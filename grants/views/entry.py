"""Entering an agreement: the form, then check your answers, then the service (GOV.UK pattern).

The check page carries the answers in hidden fields and posts them back; they are validated again
before anything is saved, so nothing on it is trusted.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alpha_hub.dates import day
from alpha_hub.money import format_money
from grants.forms import AgreementForm

SKIP = {"csrfmiddlewaretoken", "confirm", "change"}


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = {"profile": "profile_amount_1", "match": "match_amount_1"}.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def answers(form: AgreementForm) -> list[dict]:
    """The summary list rows of the check-your-answers page."""
    data = form.cleaned_data
    terms = data["terms"]
    rows = [
        ("Reference", terms.reference), ("Title", terms.title), ("Programme", terms.programme),
        ("Funder", terms.funder.name), ("Recipient", terms.recipient.name),
        ("Fund or scheme", terms.fund_name or "None"),
        ("Direction", dict(form.fields["direction"].choices)[terms.direction]),
        ("Amount awarded", format_money(terms.amount_awarded)),
        ("Dates", f"{day(terms.starts_on)} to {day(terms.ends_on)}"),
        ("Legal power", terms.legal_power or "None"), ("Conditions", terms.conditions or "None"),
        ("Funded out of", terms.parent or "None (not an onward grant)"),
    ]  # fmt: skip
    profile = "; ".join(
        f"{year}: {format_money(amount)}" for year, amount in sorted(data["full_profile"].items())
    )
    suggested = "" if data["profile"] else " (split by days)"
    rows.append(("Funding profile", profile + suggested))
    match = "; ".join(
        f"{line.source} {line.financial_year}: {format_money(line.amount)}"
        for line in data["match"]
    )
    rows.append(("Match funding", match or "None"))
    return [{"key": key, "value": value} for key, value in rows]


def entry_page(
    request: HttpRequest,
    form: AgreementForm,
    save: Callable[[dict], HttpResponse],
    *,
    title: str,
    back_url: str,
    confirm_label: str,
    **context,
) -> HttpResponse:
    """The form; once valid, check your answers; once confirmed, `save(cleaned_data)`."""
    context = {"form": form, "title": title, "back_url": back_url, **context}
    if request.method != "POST" or "change" in request.POST or not form.is_valid():
        return render(request, "grants/agreement_form.html", context)
    if "confirm" not in request.POST:
        hidden = [(name, value) for name, value in request.POST.items() if name not in SKIP]
        context |= {"rows": answers(form), "hidden": hidden, "confirm_label": confirm_label}
        return render(request, "grants/agreement_check.html", context)
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
    return render(request, "grants/agreement_form.html", context)
