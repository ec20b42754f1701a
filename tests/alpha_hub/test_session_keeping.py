"""A form posted to an expired session is kept until its user signs in again (ADR 0067)."""

import pytest
from django.conf import settings
from django.test import Client

from alpha_hub.session_keeping import KEPT_MAX_CHARS, TYPIST_COOKIE
from decisions.models import Decision
from tests.decisions.test_workflow_support import decision_in, make_people
from tests.factories import PASSWORD, UserFactory

S = Decision.Status


@pytest.fixture
def people(db):
    return make_people()


def _sign_in(client: Client, user, url: str = "/accounts/login/", **kwargs):
    """Sign in through the page, as a browser does (the CSRF token from its form)."""
    client.get(url)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    data = {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    return client.post(url, data, **kwargs)


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert _sign_in(client, user).status_code == 302
    return client


def _expire(client: Client) -> str:
    """End the session as the server would (the cookie's age has passed), keeping the CSRF
    cookie; returns the CSRF token a page loaded before would carry."""
    client.get("/staff/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    client.session.flush()
    del client.cookies[settings.SESSION_COOKIE_NAME]
    return token


def test_what_was_typed_comes_back_after_signing_in_and_is_not_saved(people):
    draft = decision_in(S.DRAFT, people)
    client = _signed_in(people.drafter)
    url = f"/staff/decisions/{draft.pk}/recommendations/new/"
    token = _expire(client)
    response = client.post(
        url, {"text": "Note the hub's second year.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert draft.recommendations.count() == 1
    login = client.get(response.url).content.decode()
    assert "what you typed is kept" in login
    signed_in = _sign_in(client, people.drafter, response.url, follow=True)
    page = signed_in.content.decode()
    assert signed_in.redirect_chain[-1][0] == url
    assert "Note the hub&#x27;s second year." in page
    assert "It is not saved until you save it." in page
    assert token not in page
    assert draft.recommendations.count() == 1
    # shown once
    assert "Note the hub" not in client.get(url).content.decode()


def test_another_user_signing_in_never_sees_it(people):
    draft = decision_in(S.DRAFT, people)
    client = _signed_in(people.drafter)
    url = f"/staff/decisions/{draft.pk}/recommendations/new/"
    token = _expire(client)
    client.post(url, {"text": "Private working notes", "csrfmiddlewaretoken": token})
    other = UserFactory(roles=people.drafter.groups.values_list("name", flat=True))
    response = _sign_in(client, other, f"/accounts/login/?next={url}", follow=True)
    assert "Private working notes" not in response.content.decode()


def test_a_post_without_the_csrf_token_or_who_typed_it_is_not_kept(people):
    draft = decision_in(S.DRAFT, people)
    url = f"/staff/decisions/{draft.pk}/recommendations/new/"
    client = _signed_in(people.drafter)
    _expire(client)
    assert client.post(url, {"text": "Forged"}).status_code == 403
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/accounts/login/")
    token = stranger.cookies[settings.CSRF_COOKIE_NAME].value
    assert stranger.post(url, {"text": "Nobody's", "csrfmiddlewaretoken": token}).status_code == 302
    assert "kept-post" not in stranger.session
    assert TYPIST_COOKIE not in stranger.cookies


def test_passwords_are_never_kept_and_a_long_post_is_not_kept(people):
    draft = decision_in(S.DRAFT, people)
    url = f"/staff/decisions/{draft.pk}/recommendations/new/"
    client = _signed_in(people.drafter)
    token = _expire(client)
    client.post(url, {"text": "x", "password": "secret", "csrfmiddlewaretoken": token})
    kept = client.session["kept-post"]["fields"]
    assert "password" not in kept
    assert "csrfmiddlewaretoken" not in kept
    client = _signed_in(people.drafter)
    token = _expire(client)
    response = client.post(
        url, {"text": "x" * (KEPT_MAX_CHARS + 1), "csrfmiddlewaretoken": token}, follow=True
    )
    assert "too long to keep" in response.content.decode()
    assert "kept-post" not in client.session


def test_stay_signed_in_renews_the_session(people):
    client = _signed_in(people.drafter)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post("/staff/session/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 204
    assert client.get("/staff/session/").status_code == 405
    assert Client().post("/staff/session/").status_code == 302  # signed out: to the sign-in page
