"""Reads of decisions that span relations."""

import re

from django.db.models import QuerySet
from django.http import Http404

from decisions.models import Decision, DecisionLink

_SLUG = re.compile(r"^(?P<series>[a-z]{2,10})-(?P<number>[1-9]\d{0,8})$")


def decision_list_published() -> QuerySet[Decision]:
    """Published decisions, newest signed first, with what the list shows."""
    return Decision.objects.published().select_related("series").newest_first()


def decision_get_published(*, slug: str) -> Decision:
    """The published decision whose slug is `slug` (e.g. `pcd-867`), with its parts; else 404."""
    match = _SLUG.match(slug)
    if not match:
        raise Http404("No such decision")
    queryset = (
        Decision.objects.published()
        .select_related("series")
        .prefetch_related("recommendations", "sections")
    )
    try:
        return queryset.get(series__code=match["series"].upper(), number=int(match["number"]))
    except Decision.DoesNotExist as missing:
        raise Http404("No such decision") from missing


def decision_related(decision: Decision) -> list[tuple[str, Decision]]:
    """Published decisions linked to `decision`, both ways, as (how they relate, decision)."""
    published = Decision.Status.PUBLISHED
    outgoing = DecisionLink.objects.filter(source=decision, target__status=published)
    incoming = DecisionLink.objects.filter(target=decision, source__status=published)
    related = [
        (link.get_kind_display(), link.target)
        for link in outgoing.select_related("target__series").order_by("target__signed_at")
    ]
    related += [
        (f"{link.get_kind_display()} by", link.source)
        for link in incoming.select_related("source__series").order_by("source__signed_at")
    ]
    return related
