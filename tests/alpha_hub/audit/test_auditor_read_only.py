"""Auditors read everything and change nothing: every write anywhere is refused."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alpha_hub.audit.trail import audited_models
from alpha_hub.roles import Role
from budget.models import Budget
from decisions.models import Decision

# POSTs that change no record: signing out, checking a PDF, asking for an export (an auditor's
# own job, not a record of a decision), staying signed in. Everything else must refuse an auditor.
READ_ONLY_POSTS = {"logout", "login", "documents:verify", "exports:list", "session_keep_alive"}
# An auditor's own account (their authenticator app) is theirs to look after. For these, only
# "nothing was recorded" is asserted.
OWN_ACCOUNT_OR_READ = {"staff_profile", "staff_totp"}


def _routes(patterns=None, prefix="", namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace if entry.namespace else namespace
            if inner == "admin":
                continue
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def _sample_arguments(route: str) -> dict[str, str]:
    """Real records for the route's parameters, so a refusal is not just a missing row."""
    decision = Decision.objects.get(series__code="PCD", number=867)
    budget = Budget.objects.filter(agreement__approvals__decision=decision).first()
    pk = budget.pk if route.startswith("staff/budgets/") else decision.pk
    return {
        "slug": "pcd-867" if "programmes" not in route else "project-alpha-social-media-hub",
        "pk": str(pk),
        "agreement_id": str(budget.agreement_id),
        "line_id": str(budget.lines.first().pk),
        "part_kind": "sections",
        "part_pk": str(decision.sections.first().pk),
        "link_pk": str(decision.links_out.first().pk),
        "label": "decisions.decision",
        "fmt": "csv",
    }


def _url(route: str) -> str:
    arguments = _sample_arguments(route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: arguments.get(m[1], "1"), route)
    return "/" + route


def _history_rows() -> int:
    return sum(
        getattr(model, model._meta.simple_history_manager_attribute).count()
        for model in audited_models().values()
    )


ROUTES = sorted(set(_routes()))


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[route for _, route in ROUTES])
def test_an_auditor_cannot_post_to_any_view(client_for, demo, name, route):
    if name in READ_ONLY_POSTS:
        pytest.skip(f"{name} changes no record")
    client = client_for(Role.AUDITOR)
    before = _history_rows()
    response = client.post(_url(route), {"reason": "audit", "confirm": "yes", "text": "x"})
    assert response.status_code < 500
    assert _history_rows() == before
    if name in OWN_ACCOUNT_OR_READ:
        return
    assert response.status_code in (403, 404, 405), f"{route}: {response.status_code}"


def test_auditors_have_no_admin(client_for, demo):
    client = client_for(Role.AUDITOR)
    assert client.get("/admin/").status_code == 302
    response = client.post("/admin/decisions/decision/1/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
