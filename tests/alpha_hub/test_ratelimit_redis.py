"""With REDIS_URL the cache is Redis, and the rate limits count every request across hosts."""

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.test import override_settings

from tests.task_workers import database_url

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "203.0.113.7"
# Two processes, as two web hosts would be, each counting this many requests at the same moment.
PER_PROCESS = 300
LIMIT = 250
COUNT_REQUESTS = """
import sys, time, django, redis
django.setup()
from alpha_hub.middleware import Limit, over_limit
name, go, per_process, limit, url, address = sys.argv[1:]
signal = redis.Redis.from_url(url)
print("ready", flush=True)
while not signal.exists(go):
    time.sleep(0.005)
rule = Limit(name, "/", requests=int(limit), seconds=86400)
print(sum(over_limit(rule, address) == 0 for _ in range(int(per_process))))
"""
PRINT_CACHE = (
    "import json; from django.core.cache import caches; c = caches['default'];"
    " c.set('probe', 42); print(json.dumps([type(c).__module__ + '.' + type(c).__name__]))"
)


def _environment(**variables: str) -> dict:
    """The production settings module in development mode, on the test database (not used)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "CACHE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "DATABASE_OWNER_URL": "",
        "CACHE_URL": "",  # empty rather than absent: a developer's .env cannot fill it in
        "TASKS_BACKEND": "immediate",
        **variables,
    }


def _python(code: str, *args: str, **variables: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code, *args], cwd=ROOT, env=_environment(**variables),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_cache_is_redis_when_redis_url_is_set(redis_url):
    process = _python(PRINT_CACHE, REDIS_URL=redis_url)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert json.loads(out) == ["django.core.cache.backends.redis.RedisCache"]
    # It wrote to that Redis, where every host and worker reads it.
    assert redis.Redis.from_url(redis_url).get(":1:probe") == b"42"


@pytest.mark.django_db
def test_without_redis_url_the_cache_is_the_database():
    process = _python(PRINT_CACHE.replace(" c.set('probe', 42);", ""), REDIS_URL="")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert json.loads(out) == ["django.core.cache.backends.db.DatabaseCache"]


@pytest.mark.django_db
def test_two_hosts_counting_at_once_let_through_exactly_the_limit(redis_url):
    _not_at_midnight()
    name, go = f"test-{secrets.token_hex(4)}", f"go-{secrets.token_hex(4)}"
    arguments = (name, go, str(PER_PROCESS), str(LIMIT), redis_url, ADDRESS)
    hosts = [_python(COUNT_REQUESTS, *arguments, REDIS_URL=redis_url) for _ in range(2)]
    for host in hosts:
        assert host.stdout.readline().strip() == "ready", host.stderr.read()
    signal = redis.Redis.from_url(redis_url)
    signal.set(go, 1, ex=60)
    allowed = []
    for host in hosts:
        out, err = host.communicate(timeout=120)
        assert host.returncode == 0, err
        allowed.append(int(out))

    assert sum(allowed) == LIMIT  # not one more: no request went uncounted
    assert all(allowed)  # both hosts counted at the same time
    window = int(time.time()) // 86400
    key = f":1:ratelimit:{name}:{ADDRESS}:{window}"
    assert int(signal.get(key)) == 2 * PER_PROCESS
    assert 0 < signal.ttl(key) <= 86401  # the counter expires with its window


@pytest.mark.django_db
def test_searches_over_the_limit_are_refused_with_the_redis_cache(client, settings, redis_url):
    settings.RATELIMIT_SEARCH_PER_MINUTE = 2
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": secrets.token_hex(4),  # counters of this test's own
    }
    with override_settings(CACHES={"default": redis_cache}):
        statuses = [client.get("/decisions/", {"q": f"t{n}"}).status_code for n in range(4)]
    assert statuses == [200, 200, 429, 429]


def _not_at_midnight():
    """The counters' window is a day (UTC): do not straddle two of them."""
    left = 86400 - int(time.time()) % 86400
    if left < 60:
        time.sleep(left + 1)
