"""Fixtures shared by every test: a user per role, the demo data, signed-in clients."""

import pytest
from django.test import Client

from alpha_hub.roles import Role
from demo.data import load_demo
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def demo(db):
    """The demo data: PCD 545 and PCD 867, their grants, budgets and the demo users."""
    users, _password = load_demo()
    return users


@pytest.fixture
def make_user(db):
    """make_user(Role.FINANCE) -> a new active user holding that role (password PASSWORD)."""

    def make(*roles: Role, **fields):
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def client_for(make_user):
    """client_for(Role.AUDITOR) -> a test client signed in as a new user with that role."""

    def signed_in(*roles: Role, user=None) -> Client:
        client = Client()
        client.force_login(user or make_user(*roles))
        return client

    return signed_in


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


__all__ = ["PASSWORD"]
