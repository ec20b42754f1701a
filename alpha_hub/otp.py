"""Step-up authentication: a fresh password, or a one-time code for those who enrolled TOTP.

Signing a decision asks for one of these again, whatever the session (docs/adr/0012).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The user's enrolled (confirmed) authenticator app, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def step_up_method(user) -> str:
    """ "code" where the user enrolled an authenticator app, else "password"."""
    return "code" if confirmed_totp_device(user) else "password"


def step_up_verify(*, user, credential: str, request=None) -> bool:
    """Whether `credential` re-authenticates `user`: their TOTP code if enrolled, else password.

    With a request, the password goes through the authentication backends so that django-axes
    counts failures and locks out repeated guessing, as at sign-in.
    """
    credential = (credential or "").strip()
    if not credential:
        return False
    device = confirmed_totp_device(user)
    if device is not None:
        allowed, _ = device.verify_is_allowed()
        return bool(allowed) and device.verify_token(credential.replace(" ", ""))
    if request is None:
        return user.check_password(credential)
    found = authenticate(request, username=user.get_username(), password=credential)
    return found is not None and found.pk == user.pk


def totp_device_start(*, user) -> TOTPDevice:
    """A new, unconfirmed authenticator device for `user` (any earlier unconfirmed one goes)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment when `token` is a valid code from the new device; older devices go."""
    if not device.verify_token((token or "").replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
