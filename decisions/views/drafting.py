"""Drafting: details, Part 2, agreements, links, recommendations and sections."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from decisions import forms, permissions, services
from decisions.models import (
    DecisionLink,
    Section,
    SectionKind,
)
from decisions.views.helpers import (
    PART_CHANGES,
    PARTS,
    decision_for,
    edit_form,
    form_page,
    staff,
    to_detail,
)
from decisions.workflow import EDITABLE_STATUSES


def _not_editable_now(request: HttpRequest, decision) -> bool:
    """Whether a confirmation page (GET) must lead back instead: the decision is no longer the
    drafter's to change (submitted, signed ...). The POST is refused by the service as ever."""
    if request.method == "POST" or decision.status in EDITABLE_STATUSES:
        return False
    status = decision.get_status_display().lower()
    messages.error(request, f"{decision.reference} is {status}: it cannot be changed now.")
    return True


def _used_kinds(decision, *, but=None) -> frozenset[str]:
    """The standard headings the decision has already (`but` the section being edited)."""
    return frozenset(
        section.kind
        for section in decision.sections.all()
        if section.kind != SectionKind.CUSTOM and section != but
    )


@staff
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the title, summary, value, decision maker and assessments."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    initial = {name: getattr(decision, name) for name in services.DRAFT_FIELDS}
    form = edit_form(forms.DecisionForm, request, decision, initial=initial)

    def save(data):
        services.decision_update(decision=decision, user=request.user, **data)

    return form_page(request, decision, form, "Details", save)


@staff
def decision_part2(request: HttpRequest, pk: int) -> HttpResponse:
    """Say whether there is a Part 2, and write it."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    part2 = getattr(decision, "part2", None)
    initial = {
        "has_part2": "yes" if decision.has_part2 else "no",
        "exemption_ground": decision.part2_exemption_ground,
        "body": part2.body if part2 else "",
        "covers_value": decision.part2_covers_value,
    }
    form = edit_form(forms.Part2Form, request, decision, initial=initial)

    def save(data):
        services.decision_part2_set(decision=decision, user=request.user, **data)

    return form_page(request, decision, form, "Part 2", save)


@staff
def decision_part2_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the Part 2 (its text and exemption ground), once confirmed."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    if _not_editable_now(request, decision):
        return to_detail(decision)
    if not decision.has_part2:
        messages.info(request, f"{decision.reference} has no Part 2.")
        return to_detail(decision)
    form = edit_form(forms.ChangeForm, request, decision)

    def save(data):
        services.decision_part2_set(
            decision=decision, user=request.user, has_part2=False, reason=data.get("reason", "")
        )

    return form_page(
        request, decision, form, "Are you sure you want to remove the Part 2?", save,
        done="Part 2 removed", submit_label="Yes, remove the Part 2", warning=True,
        changing=f"Exemption ground: {decision.part2_exemption_ground}\n\nIts confidential "
        "text is removed with it (its history keeps it).",
    )  # fmt: skip


@staff
def decision_agreements(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the grant agreements the decision approves."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    initial = {"agreements": [a.agreement_id for a in decision.approvals.all()]}
    form = edit_form(forms.AgreementsForm, request, decision, initial=initial)

    def save(data):
        services.decision_agreements_set(decision=decision, user=request.user, **data)

    return form_page(request, decision, form, "Grant agreements", save)


@staff
def decision_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an earlier decision."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    form = edit_form(forms.LinkForm, request, decision)

    def save(data):
        services.decision_link_add(decision=decision, user=request.user, **data)

    return form_page(request, decision, form, "Link to an earlier decision", save)


@staff
def decision_link_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Remove a link to an earlier decision (the page asks for the reason once submitted)."""
    decision = decision_for(request, pk, permissions.can_edit_decision)
    link = get_object_or_404(
        DecisionLink.objects.select_related("target__series"), pk=link_pk, source=decision
    )
    if _not_editable_now(request, decision):
        return to_detail(decision)
    form = edit_form(forms.ChangeForm, request, decision)
    title = f"Are you sure you want to remove the link to {link.target.reference}?"

    def save(data):
        services.decision_link_remove(link=link, user=request.user, **data)

    return form_page(
        request, decision, form, title, save, done=f"link to {link.target.reference} removed",
        submit_label="Yes, remove the link", changing=f"{link.get_kind_display()} {link.target}",
        warning=True,
    )  # fmt: skip


def _part_config(part_kind: str):
    if part_kind not in PARTS:
        raise Http404("No such part")
    return PARTS[part_kind]


@staff
def part_new(request: HttpRequest, pk: int, part_kind: str) -> HttpResponse:
    """Add a recommendation or section at the end."""
    model, form_class, noun = _part_config(part_kind)
    decision = decision_for(request, pk, permissions.can_edit_decision)
    extra = {}
    if model is Section:
        # The task list links here with ?kind= for a standard section not written yet.
        used = _used_kinds(decision)
        extra["used"] = used
        kind = request.GET.get("kind", "")
        if kind in SectionKind.values and kind not in used:
            extra["initial"] = {"kind": kind}
    form = edit_form(form_class, request, decision, **extra)
    add = getattr(services, f"{noun}_add")

    def save(data):
        add(decision=decision, user=request.user, **data)

    return form_page(request, decision, form, f"New {noun}", save)


@staff
def part_edit(request: HttpRequest, pk: int, part_kind: str, part_pk: int) -> HttpResponse:
    """Edit a recommendation or section."""
    model, form_class, noun = _part_config(part_kind)
    decision = decision_for(request, pk, permissions.can_edit_decision)
    part = get_object_or_404(model, pk=part_pk, decision=decision)
    initial = {name: getattr(part, name) for name in form_class.base_fields}
    extra = {"used": _used_kinds(decision, but=part)} if model is Section else {}
    form = edit_form(form_class, request, decision, initial=initial, **extra)
    update = getattr(services, f"{noun}_update")

    def save(data):
        update(**{noun: part}, user=request.user, **data)

    return form_page(request, decision, form, f"{noun.capitalize()} {part.position}", save)


@staff
def part_move(request: HttpRequest, pk: int, part_kind: str, part_pk: int) -> HttpResponse:
    """Move a recommendation or section up or down, or remove it (action=up|down|remove).

    A draft's move buttons post here directly; removing always asks first ("Are you sure you
    want to remove ...?", GET), and once submitted every change asks for its reason on that page.
    """
    model, _form_class, noun = _part_config(part_kind)
    decision = decision_for(request, pk, permissions.can_edit_decision)
    part = get_object_or_404(model, pk=part_pk, decision=decision)
    action = request.POST.get("action") if request.method == "POST" else request.GET.get("action")
    if request.method != "POST" and action not in PART_CHANGES:
        raise Http404("Choose move up, move down or remove.")
    if _not_editable_now(request, decision):
        return to_detail(decision)
    form = edit_form(forms.PartChangeForm, request, decision, initial={"action": action})
    title, button, done = PART_CHANGES.get(action, ("Change {noun} {n}", "Save", ""))
    if action == "remove":
        title, button = "Are you sure you want to remove {noun} {n}?", "Yes, remove it"
    title, done = (text.format(noun=noun, n=part.position) for text in (title, done))

    def save(data):
        change = {noun: part, "user": request.user, "reason": data.get("reason", "")}
        if data["action"] == "remove":
            getattr(services, f"{noun}_remove")(**change)
        else:
            getattr(services, f"{noun}_move")(**change, up=data["action"] == "up")

    return form_page(
        request, decision, form, title[0].upper() + title[1:], save, done=done,
        submit_label=button, warning=action == "remove",
        changing=getattr(part, "text", "") or f"{part.heading}\n\n{part.body}".strip(),
    )  # fmt: skip
