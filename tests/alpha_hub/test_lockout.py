"""Sign-in lockout per username across addresses; one client address for axes and the limiter."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.test import Client, RequestFactory

from alpha_hub.client_ip import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    caches["default"].clear()


@pytest.fixture
def user():
    return UserFactory(roles=["decision_maker"])


def _sign_in(user, password: str, address: str = "127.0.0.1", forwarded: str | None = None):
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(
        "/accounts/login/", {"username": user.username, "password": password}, **headers
    )


def test_guessing_from_twenty_addresses_locks_the_account(user):
    addresses = [f"127.0.0.{n}" for n in range(1, 21)]
    for address in addresses:
        for guess in range(5):
            _sign_in(user, f"guess {guess}", address)
    # From an address that never guessed, the right password is refused too.
    response = _sign_in(user, PASSWORD, "127.0.0.99")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()

    AccessAttempt.objects.filter(username=user.username).update(
        attempt_time=F("attempt_time") - timedelta(hours=1)
    )
    assert _sign_in(user, PASSWORD, "127.0.0.99").status_code == 302  # cooled off


def test_one_failure_from_each_of_many_addresses_adds_up(user, settings):
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    statuses = [_sign_in(user, "guess", f"192.0.2.{n + 1}").status_code for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]  # the last failure locks, as at one address
    assert _sign_in(user, PASSWORD, "192.0.2.200").status_code == 429


def test_five_failures_lock_that_address_only(user):
    for guess in range(5):
        _sign_in(user, f"guess {guess}", "192.0.2.1")
    assert _sign_in(user, PASSWORD, "192.0.2.1").status_code == 429
    assert _sign_in(user, PASSWORD, "192.0.2.2").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lockout(user, settings):
    settings.TRUSTED_PROXIES = [PROXY]  # a proxy exists, but this client is not it
    for guess in range(5):
        _sign_in(user, f"guess {guess}", "203.0.113.5", forwarded=f"198.51.100.{guess}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    response = _sign_in(user, PASSWORD, "203.0.113.5", forwarded="198.51.100.77")
    assert response.status_code == 429


def test_a_forged_forwarded_for_does_not_buy_a_new_rate_limit(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.RATELIMIT_SEARCH_PER_MINUTE = 2
    statuses = [
        client.get(
            "/decisions/", {"q": f"t{n}"}, REMOTE_ADDR="203.0.113.6",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]  # fmt: skip
    assert statuses == [200, 200, 429, 429]


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_another(user, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for guess in range(5):
        _sign_in(user, f"guess {guess}", PROXY, forwarded="198.51.100.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
    assert _sign_in(user, PASSWORD, PROXY, forwarded="198.51.100.1").status_code == 429
    assert _sign_in(user, PASSWORD, PROXY, forwarded="198.51.100.2").status_code == 302


def test_behind_a_trusted_proxy_each_client_has_its_own_rate_limit(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.RATELIMIT_SEARCH_PER_MINUTE = 1

    def search(forwarded: str) -> int:
        return client.get(
            "/decisions/", {"q": "hub"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [search("198.51.100.1"), search("198.51.100.1")] == [200, 429]
    assert search("198.51.100.2") == 200


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "192.0.2.1", "198.51.100.1", "192.0.2.1"),  # nobody trusted: the header is ignored
        (["10.0.0.1"], "192.0.2.1", "198.51.100.1", "192.0.2.1"),  # not from the proxy
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),  # the proxy sent no header
        (["10.0.0.1"], "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        # What the client wrote itself sits left of what the proxy appended: not believed.
        (["10.0.0.1"], "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (a network and an address): the client is the one before them.
        (
            ["10.1.0.0/16", "10.0.0.1"],
            "10.0.0.1",
            "6.6.6.6, 198.51.100.1, 10.1.2.3",
            "198.51.100.1",
        ),
        (["10.0.0.1"], "10.0.0.1", "not-an-address", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "2001:db8::1", "2001:db8::1"),
        (["2001:db8:ffff::/48"], "2001:db8:ffff::2", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_the_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_misconfigured_proxy_list_says_what_is_wrong(settings):
    settings.TRUSTED_PROXIES = ["proxy.example"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        client_ip(RequestFactory().get("/"))
