"""A username longer than any account's is refused by the sign-in form, before authentication."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from alpha_hub.audit.models import AccessEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOO_LONG = "Username must be 150 characters or fewer"


@pytest.mark.parametrize(
    "username",
    [
        "a" * 151,
        "a" * 256,  # django-axes keeps a failed username in a varchar(255): this one was a 500
        "x" * 100_000,
        "\ufdfa" * 20,  # 20 characters that Unicode normalisation turns into 360
    ],
    ids=["151", "256", "100000", "normalised-to-360"],
)
def test_an_overlong_username_is_refused_with_a_message_and_no_attempt_is_recorded(username):
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"username": username, "password": "guess"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert TOO_LONG in page
    assert not AccessAttempt.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessEvent.objects.exists()


def test_a_username_of_exactly_150_characters_still_signs_in():
    user = UserFactory(username="u" * 150, roles=["officer"])
    response = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
