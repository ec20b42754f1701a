"""Every claims URL, fetched by a user holding every role: never stored, never a 5xx."""

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from alpha_hub.access import ACCESS_ATTRIBUTE
from alpha_hub.roles import Role
from tests.claims.support import cache_header_records
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _claims_routes():
    resolver = next(
        entry
        for entry in get_resolver().url_patterns
        if getattr(entry, "namespace", "") == "claims"
    )
    return [(str(resolver.pattern) + str(p.pattern), p.callback) for p in resolver.url_patterns]


def test_every_claims_page_declares_access_and_is_never_stored():
    walker = UserFactory(roles=list(Role))
    records = cache_header_records(walker)
    client = Client(raise_request_exception=False)
    client.force_login(walker)
    statuses = {}
    for route, view in _claims_routes():
        assert getattr(view, ACCESS_ATTRIBUTE, None), route
        values = {name: records["claims", name] for name in CONVERTER.findall(route)}
        url = "/" + CONVERTER.sub(lambda m, v=values: str(v[m.group(1)]), route)
        response = client.get(url)
        assert response["Cache-Control"] == "no-store, private", url
        statuses[url] = response.status_code
    assert all(status < 500 for status in statuses.values()), statuses
    # One pk stands for both a claim and an agreement in these routes: the claim's pages open.
    pk = records["claims", "pk"]
    for url in [
        "/staff/claims/", "/staff/claims/export.csv", f"/staff/claims/{pk}/",
        f"/staff/claims/reports/files/{records['claims', 'report_id']}/",
    ]:  # fmt: skip
        assert statuses[url] == 200, (url, statuses[url])
