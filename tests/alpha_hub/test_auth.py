"""Authentication hardening: lockout, Argon2, idle sessions, login required, authenticator apps."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.utils.timezone import localdate
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import settings as production_settings
from decisions.models import Decision
from tests.decisions.test_workflow_support import decision_in, dmpc_rule, make_people
from tests.factories import PASSWORD, OfficeHolderFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_sign_in_with_the_right_password_goes_to_the_staff_dashboard():
    user = UserFactory(roles=["officer"])
    response = _sign_in(Client(), user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_a_wrong_password_says_so_without_saying_which_part():
    user = UserFactory(roles=["officer"])
    response = _sign_in(Client(), user.username, "wrong")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password():
    user = UserFactory(roles=["officer"])
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user.username, "guess")
    response = _sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert Argon2PasswordHasher().encode("secret", "saltsaltsalt").startswith("argon2$")


def test_sessions_expire_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_login_is_required_by_default():
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE
    response = Client().get("/staff/decisions/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_signer_enrols_an_authenticator_app_from_their_profile():
    user = UserFactory(roles=["decision_maker"])
    client = Client()
    client.force_login(user)
    assert "Not set up" in client.get("/staff/profile/").content.decode()
    page = client.get("/staff/profile/authenticator/?restart=1").content.decode()
    assert "<svg" in page
    assert re.search(r'<code class="app-secret">[A-Z2-7 ]+</code>', page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post("/staff/profile/authenticator/", {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    # django-otp throttles after a failure; a person would wait a second, the test resets it.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post("/staff/profile/authenticator/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    dmpc_rule()
    decision = decision_in(Decision.Status.CLEARED, make_people())
    # The sign page is for whoever holds or acts for the decision's office today (issue 12).
    OfficeHolderFactory(user=user, kind="acting", starts_on=localdate())
    sign_page = client.get(f"/staff/decisions/{decision.pk}/sign/").content.decode()
    assert "Code from your authenticator app" in sign_page
    assert (
        "Set up. Signing a decision asks for a code"
        in client.get("/staff/profile/").content.decode()
    )
