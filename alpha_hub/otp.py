"""Step-up authentication: a fresh password, or a one-time code for those who enrolled TOTP.

Signing a decision asks for one of these again, whatever the session (docs/adr/0012). With the
request, every wrong password or code is a failed sign-in: django-axes counts it and the access
log records it, and the same lockout as at sign-in refuses further tries. Callers verify outside
any transaction that a refusal rolls back, or the failure would vanish with it.
"""

from __future__ import annotations

from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from alpha_hub.lockout import lockout_ends_at


class StepUpLockedError(Exception):
    """Too many wrong passwords or codes: no credential is checked until the lock ends."""

    def __init__(self, message: str, *, until: datetime | None = None):
        super().__init__(message)
        self.until = until


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The user's enrolled (confirmed) authenticator app, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def step_up_method(user) -> str:
    """ "code" where the user enrolled an authenticator app, else "password"."""
    return "code" if confirmed_totp_device(user) else "password"


def step_up_verify(*, user, credential: str, request=None) -> bool:
    """Whether `credential` re-authenticates `user`: their TOTP code if enrolled, else password.

    With a request, each failure counts towards the sign-in lockout and goes to the access log;
    once locked, this raises StepUpLockedError and no credential is checked.
    """
    credential = (credential or "").strip()
    if not credential:
        return False
    device = confirmed_totp_device(user)
    if request is None:
        if device is None:
            return user.check_password(credential)
        return _code_ok(device, credential)
    if device is None:
        # Through the backends: axes refuses a locked account and counts every failure.
        found = authenticate(request, username=user.get_username(), password=credential)
        verified = found is not None and found.pk == user.pk
    else:
        verified = AxesProxyHandler.is_allowed(request, _credentials(user)) and _code_ok(
            device, credential
        )
        if not verified:
            user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    if verified:
        return True
    # The signing page explains a lockout itself: axes' middleware must not swap in its page.
    request.axes_locked_out = False
    _refuse_if_locked(user, request)
    return False


def step_up_lock_message(*, user, request) -> str:
    """Why step-up is refused for `user` at the moment (empty when it is not)."""
    try:
        _refuse_if_locked(user, request)
    except StepUpLockedError as locked:
        return str(locked)
    return ""


def _credentials(user) -> dict:
    return {"username": user.get_username()}


def _code_ok(device: TOTPDevice, code: str) -> bool:
    _refuse_if_throttled(device)
    return device.verify_token(code.replace(" ", ""))


def _refuse_if_locked(user, request) -> None:
    credentials = _credentials(user)
    if AxesProxyHandler.is_allowed(request, credentials):
        return
    until = lockout_ends_at(request, credentials)
    when = f"after {_time_and_day(until)}" if until else "later"
    raise StepUpLockedError(
        "There have been too many wrong passwords or codes for your account, so it is locked "
        f"for a while to protect it. Try again {when}, or ask an administrator to unlock it.",
        until=until,
    )


def _refuse_if_throttled(device: TOTPDevice) -> None:
    """django-otp makes each wrong code wait longer before the next (1, 2, 4 ... seconds)."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return
    until = (details or {}).get("locked_until")
    seconds = max(1, round((until - timezone.now()).total_seconds())) if until else 1
    wait = "1 second" if seconds == 1 else f"{seconds} seconds"
    raise StepUpLockedError(
        f"The last code was not right. Wait {wait}, then enter the current code.", until=until
    )


def _time_and_day(moment: datetime) -> str:
    """Like "2:35pm on 3 May 2025", as GOV.UK writes times."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'} on {local.day} {local:%B %Y}"


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
