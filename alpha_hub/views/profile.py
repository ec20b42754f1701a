"""The signed-in user's profile: enrol an authenticator app for signing (django-otp TOTP)."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from alpha_hub.access import allow, signed_in
from alpha_hub.forms import TotpConfirmForm
from alpha_hub.otp import confirmed_totp_device, totp_device_confirm, totp_device_start
from alpha_hub.roles import Role, user_roles


@allow(signed_in)
def profile(request: HttpRequest) -> HttpResponse:
    """Who you are, your roles, and whether signing asks for a password or a code."""
    roles = [Role(code).label for code in sorted(user_roles(request.user)) if code in Role.values]
    context = {"device": confirmed_totp_device(request.user), "roles": roles}
    return render(request, "staff/profile.html", context)


@allow(signed_in)
def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; confirm it with a first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or (request.method == "GET" and "restart" in request.GET):
        device = totp_device_start(user=request.user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            messages.success(request, "Authenticator app set up: signing now asks for a code.")
            return redirect("staff_profile")
        form.add_error(
            "token", "That code is not right: check the time on your phone and try again."
        )
    # The SVG is generated here from the device's key, never from user input.
    qr_svg = mark_safe(  # noqa: S308
        segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)
    )
    context = {"form": form, "qr_svg": qr_svg, "secret": _base32(device)}
    return render(request, "staff/totp_enrol.html", context)


def _base32(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
