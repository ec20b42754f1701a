"""Security of the public side: a CSP with no inline script (a nonce only where a page asks),
Permissions-Policy, Referrer-Policy, HSTS, and rate limits on search and verification."""

import re

import pytest
from csp.middleware import CSPMiddleware
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse

from tests.decisions.public_data import published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("url", ["/decisions/", "/data/", "/accessibility/", "/accounts/login/"])
def test_pages_carry_a_strict_content_security_policy_without_inline_script(client, url):
    response = client.get(url)
    directives = _directives(response)
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page has scripts"
    for script in scripts:
        assert "src=" in script


def test_the_policy_is_the_same_for_every_visitor_so_a_cached_page_stays_valid(client):
    # A nonce would differ per response, and a stored page's scripts would carry an old one.
    first = client.get("/decisions/")["Content-Security-Policy"]
    second = client.get("/decisions/", HTTP_IF_NONE_MATCH="")["Content-Security-Policy"]
    assert first == second
    assert "nonce-" not in first


def test_a_page_that_asks_for_a_nonce_still_gets_a_fresh_one(rf):
    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'>1</script>")

    nonces = []
    for _ in range(2):
        request = rf.get("/staff/")
        response = CSPMiddleware(view)(request)
        nonces.append(re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1])
    assert nonces[0] != nonces[1]


def test_no_public_page_has_inline_style_or_script_without_a_nonce(client):
    decision = published()
    for url in ["/decisions/", decision.get_absolute_url(), "/data/", "/accessibility/"]:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url


def test_permissions_and_referrer_policies(client):
    response = client.get("/decisions/")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_in_production_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/decisions/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_searches_are_rate_limited_per_client(client, settings):
    settings.RATELIMIT_SEARCH_PER_MINUTE = 3
    statuses = [client.get("/decisions/", {"q": f"term {n}"}).status_code for n in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    refused = client.get("/decisions/", {"q": "again"})
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    # Browsing without a search is cheap, and another client is counted apart.
    assert client.get("/decisions/").status_code == 200
    assert client.get("/decisions/", {"q": "x"}, REMOTE_ADDR="192.0.2.9").status_code == 200


def test_verification_is_rate_limited(client, settings):
    settings.RATELIMIT_VERIFY_PER_MINUTE = 2
    statuses = [client.get("/verify/").status_code for _ in range(4)]
    assert 429 not in statuses[:2]
    assert statuses[2:] == [429, 429]


def test_a_trusted_proxy_address_is_used_only_when_configured(client, settings):
    settings.RATELIMIT_SEARCH_PER_MINUTE = 1
    assert client.get("/decisions/?q=a", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    # Not trusted: a forged header does not buy a new allowance.
    assert client.get("/decisions/?q=b", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's REMOTE_ADDR
    assert client.get("/decisions/?q=c", HTTP_X_FORWARDED_FOR="198.51.100.3").status_code == 200


def test_the_database_cache_table_can_be_created(settings, db):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "alpha_hub_cache",
        }
    }
    call_command("createcachetable", verbosity=0)


def test_a_missing_cache_table_lets_requests_through(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    assert client.get("/decisions/", {"q": "hub"}).status_code == 200
