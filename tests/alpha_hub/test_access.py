"""Deny by default: every URL's view declares who may use it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alpha_hub.access import ACCESS_ATTRIBUTE

# Django's admin checks staff status and model permissions itself; static files are public.
SELF_GUARDED_NAMESPACES = {"admin"}


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.callback


def _all_views():
    return list(_walk(get_resolver().url_patterns))


def test_the_project_has_views_to_check():
    assert len(_all_views()) > 3


@pytest.mark.parametrize(
    ("route", "namespace", "view"), _all_views(), ids=[route for route, _, _ in _all_views()]
)
def test_every_view_declares_who_may_use_it(route, namespace, view):
    if namespace in SELF_GUARDED_NAMESPACES:
        return
    declared = getattr(view, ACCESS_ATTRIBUTE, None)
    assert declared, f"{route} ({view.__module__}.{view.__name__}) declares no access rule"


def test_a_staff_page_sends_anonymous_users_to_sign_in(client):
    response = client.get("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
