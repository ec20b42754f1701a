"""Clearers' comments on a submitted decision's parts, and the drafter's answers (docs/adr/0063)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from decisions import forms, permissions
from decisions.models import ClearanceComment
from decisions.services import DecisionRefusedError
from decisions.services import comments as services
from decisions.views.helpers import decision_for, show_refusal, staff, to_detail


@staff
def comment_new(request: HttpRequest, pk: int, part_kind: str, part_pk: int) -> HttpResponse:
    """Comment on one section or recommendation of a submitted decision."""
    decision = decision_for(request, pk, permissions.can_comment_on_decision)
    if part_kind not in services.PART_KINDS:
        raise Http404
    model = decision.sections if part_kind == "sections" else decision.recommendations
    part = get_object_or_404(model, pk=part_pk)
    form = forms.CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_add(
                decision=decision, user=request.user, part_kind=part_kind, part_pk=part.pk,
                body=form.cleaned_data["body"],
            )  # fmt: skip
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"Comment on {services.part_name(part).lower()} added.")
            return to_detail(decision)
    context = {
        "form": form,
        "decision": decision,
        "title": f"Comment on {services.part_name(part).lower()}",
        "changing": part.text if part_kind == "recommendations" else part.heading,
        "submit_label": "Add comment",
    }
    return render(request, "decisions/staff/decision_form.html", context)


def _comment_for(request, pk: int, comment_pk: int) -> ClearanceComment:
    decision = decision_for(request, pk, permissions.can_answer_comments)
    comment = get_object_or_404(ClearanceComment, pk=comment_pk, decision=decision)
    comment.decision = decision
    return comment


@staff
def comment_answer(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """The drafter answers a clearer's comment."""
    comment = _comment_for(request, pk, comment_pk)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_answer(
                comment=comment, user=request.user, answer=form.cleaned_data["answer"]
            )
        except DecisionRefusedError as refusal:
            form.add_error(None, refusal.problems)
        else:
            messages.success(request, f"Comment on {comment.about.lower()} answered.")
            return to_detail(comment.decision)
    context = {
        "form": form,
        "decision": comment.decision,
        "title": f"Answer the comment on {comment.about.lower()}",
        "changing": f"{comment.author}: {comment.body}",
        "submit_label": "Send answer",
    }
    return render(request, "decisions/staff/decision_form.html", context)


@staff
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """The drafter marks a comment as dealt with."""
    comment = _comment_for(request, pk, comment_pk)
    try:
        services.comment_resolve(comment=comment, user=request.user)
    except DecisionRefusedError as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, f"Comment on {comment.about.lower()} resolved.")
    return to_detail(comment.decision)
