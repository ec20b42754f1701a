"""Fixtures shared by every test: a user per role, the demo data, signed-in clients."""

import logging
import os
import uuid

import pgtrigger
import pytest
from django.core.cache import cache
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test import Client

from alpha_hub import embedded_redis, storage
from alpha_hub.roles import Role
from demo.data import load_demo
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_truncate_guards():
    """A transactional test ends with Django's flush, a TRUNCATE that the record tables refuse."""
    guards = [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if trigger.name == "no_truncate"
    ]
    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with pgtrigger.ignore(*guards):
            return flush(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (config/settings_test.py: in memory, per process).

    The public pages are kept there (decisions/cache.py), and a database rolled back after a test
    starts no new public version: without this, a page stored by one test would serve the next.
    """
    cache.clear()


@pytest.fixture(scope="session")
def redis_url():
    """A Redis for the tests that need one: REDIS_URL's if set, else this test process's own.

    Our own is a redis-server on a Unix socket (alpha_hub/embedded_redis.py), one per pytest
    process (so per xdist worker, with nothing shared to coordinate), started by the first test
    that asks and stopped at the end of the run. A REDIS_URL given is used as it is: name a
    database the tests may write to (e.g. redis://127.0.0.1:6379/15).
    """
    configured = os.environ.get("REDIS_URL")
    if configured:
        yield configured
        return
    name = f"test-{os.getpid()}"
    url = embedded_redis.start(name)
    yield url
    embedded_redis.stop(name, remove=True)


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 protocol server, moto's, on a free loopback port: boto3 speaks HTTP to it.

    One per test process (so per xdist worker), started by the first test that asks. moto and
    boto3 are imported here: most runs need neither.
    """
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per S3 request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint, settings):
    """A new, empty bucket as the default storage, configured as production configures it.

    Returns the boto3 Bucket, to look at what the application stored. Only the tests that ask
    use it: the rest keep config/settings_test.py's InMemoryStorage.
    """
    import boto3

    environment = {
        "AWS_STORAGE_BUCKET_NAME": f"alpha-hub-test-{uuid.uuid4().hex[:12]}",
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "alpha-hub-test",
        "AWS_SECRET_ACCESS_KEY": "alpha-hub-test",
    }
    config = storage.default_storage_config(environment)
    options = config["OPTIONS"]
    bucket = boto3.resource(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    ).Bucket(options["bucket_name"])
    bucket.create()
    settings.STORAGES = {**settings.STORAGES, "default": config}
    return bucket


@pytest.fixture
def demo(db):
    """The demo data: PCD 545 and PCD 867, their grants, budgets and the demo users."""
    users, _password = load_demo()
    return users


@pytest.fixture
def make_user(db):
    """make_user(Role.FINANCE) -> a new active user holding that role (password PASSWORD)."""

    def make(*roles: Role, **fields):
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def client_for(make_user):
    """client_for(Role.AUDITOR) -> a test client signed in as a new user with that role."""

    def signed_in(*roles: Role, user=None) -> Client:
        client = Client()
        client.force_login(user or make_user(*roles))
        return client

    return signed_in


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


__all__ = ["PASSWORD"]
