"""The client's address: the one place that decides which address a request comes from.

django-axes (AXES_CLIENT_IP_CALLABLE) and the rate limiter (alpha_hub/middleware.py) both ask
`client_ip`, so sign-in lockout and rate limits count the same client. `X-Forwarded-For` is
anyone's to write: it is read only when the connection comes from one of `TRUSTED_PROXIES`,
and then only up to the first address that is not a trusted proxy (docs/adr/0012).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list IP addresses or networks (like 10.0.0.0/8): {error}"
        ) from error


def _address(text: str):
    """The IP address in `text` (an IPv6 address may come in brackets), or None."""
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted_proxy(address) -> bool:
    """Whether `address` (an ip_address, or None) is one of the configured TRUSTED_PROXIES."""
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address a trusted proxy says it forwarded for."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(_address(remote)):
        return remote[:64]
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    # Each proxy appends the address it received from: read from the right, past our own hops.
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:  # a proxy wrote nonsense: keep the last hop that we can trust
            break
        client = str(address)
        if not is_trusted_proxy(address):
            break
    return client[:64]
