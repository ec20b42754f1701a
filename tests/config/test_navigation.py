"""Every role finds its work: the header shows what each role may use, and everyone with a
role lands on a page of their own after signing in (issue 13, point 1)."""

from __future__ import annotations

import re

import pytest

from alpha_hub.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'<ul class="govuk-service-navigation__list".*?</ul>', re.S)

# role: the header's items after "Published decisions", in order (Sign out last).
STAFF = ["Your work", "Decisions", "Agreements", "Contracts"]
TABLE = [
    (Role.OFFICER, STAFF),
    (Role.CLEARANCE, STAFF),
    (Role.DECISION_MAKER, STAFF),
    (Role.FINANCE, [*STAFF, "Budgets", "Claims"]),
    (Role.AUDITOR, [*STAFF, "Budgets", "Claims", "Audit"]),
    (Role.GOVERNANCE, STAFF),
    (Role.ADMINISTRATOR, ["Your work", "Admin"]),
]


def _header_items(page: str) -> list[str]:
    header = HEADER.search(page).group(0)
    link = r'class="govuk-service-navigation__link[^"]*"[^>]*>(?:<strong[^>]*>)?([^<]+)'
    items = re.findall(link, header)
    return [item.strip() for item in items]


@pytest.mark.parametrize(("role", "expected"), TABLE, ids=[role for role, _ in TABLE])
def test_the_header_shows_what_each_role_may_use(client, role, expected):
    client.force_login(UserFactory(roles=[role], is_staff=role == Role.ADMINISTRATOR))
    page = client.get("/staff/").content.decode()
    assert _header_items(page) == ["Published decisions", *expected, "Sign out"]


@pytest.mark.parametrize(("role", "expected"), TABLE, ids=[role for role, _ in TABLE])
def test_every_link_in_the_header_opens_for_that_role(client, role, expected):
    client.force_login(UserFactory(roles=[role], is_staff=role == Role.ADMINISTRATOR))
    header = HEADER.search(client.get("/staff/").content.decode()).group(0)
    for url in re.findall(r'<a class="govuk-service-navigation__link" href="(/[^"]*)"', header):
        assert client.get(url).status_code == 200, url


def test_the_current_part_is_marked_in_the_header(client_for):
    page = client_for(Role.FINANCE).get("/staff/budgets/").content.decode()
    header = HEADER.search(page).group(0)
    active = re.findall(r'item--active">\s*<a[^>]*href="([^"]+)"', header)
    assert active == ["/staff/budgets/"]


def test_an_administrator_lands_on_their_work_with_the_way_to_the_admin(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True))
    response = client.get("/staff/")
    assert response.status_code == 200
    assert 'href="/admin/"' in response.content.decode()
    assert "Go to the administration" in response.content.decode()


def test_a_visitor_sees_no_staff_items(client):
    page = client.get("/decisions/").content.decode()
    assert _header_items(page) == ["Published decisions", "Sign in"]


def test_someone_with_no_role_is_still_refused_the_workspace(client):
    client.force_login(UserFactory(roles=[]))
    assert client.get("/staff/").status_code == 403


def test_the_profile_names_roles_in_words(client):
    client.force_login(UserFactory(roles=[Role.DECISION_MAKER, Role.CLEARANCE]))
    page = client.get("/staff/profile/").content.decode()
    assert "Clearance signatory, Decision maker" in page
    assert "decision_maker" not in page
