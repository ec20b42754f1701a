"""Many web hosts (issue 15): two `make serve` hosts, one database, one Redis, one bucket.

Two real gunicorn servers (scripts/serve.sh) on two free loopback ports share the test database,
this test process's Redis (cache, rate limits, RQ queue) and a moto S3 bucket; one RQ worker
(`manage.py task_worker`) issues the PDFs. People move between the hosts as a load balancer would
move them: nothing ties a session, a rate-limit count or a file to the host that made it. Every
request comes as the TLS proxy forwards it (tests/config/test_serve.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import random
import re
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import override_settings

from alpha_hub import storage
from decisions.models import Decision, DecisionDocument
from tests.config.test_serve import HOST, PROXY, ROOT, SERVE, _free_port, _server_environment
from tests.decisions.test_workflow_support import (
    NO_INTERESTS,
    clear_all,
    complete_draft,
    dmpc_rule,
    make_people,
)
from tests.factories import PASSWORD
from tests.task_workers import worker_environment, workers

pytestmark = pytest.mark.django_db(transaction=True)

START_SECONDS = 90
ISSUE_SECONDS = 120  # the worker renders and signs two PDFs: seconds, more on a busy machine
SEARCH_LIMIT = 4
# The servers' own hasher: the test settings' MD5 is not one the production settings accept.
PRODUCTION_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


class _Form(HTMLParser):
    """The fields of the first <form> whose action ends with `action`, as a browser would post."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.fields, self._inside, self._textarea = action, {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.fields:
            # No action: the form posts to the page it is on, `action` here.
            self._inside = (attrs.get("action") or self.action).endswith(self.action)
        elif self._inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in {"checkbox", "radio", "submit"} or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self._inside and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""
        elif self._inside and tag == "select":
            self._select = attrs["name"]
        elif self._inside and tag == "option" and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False


def form_fields(page: bytes, action: str) -> dict[str, str]:
    parser = _Form(action)
    parser.feed(page.decode())
    assert parser.fields, f"no form posting to {action}"
    return parser.fields


class Person:
    """One browser: its cookies go to whichever host it is sent to, as behind a load balancer."""

    def __init__(self, address: str):
        self.address, self.cookies = address, SimpleCookie()

    def request(self, port: int, method: str, path: str, data: dict | None = None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",  # Django's CSRF check over HTTPS wants it
            }
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=60, source_address=(PROXY, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.body = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(cookie)
        return response

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, data: dict, *, page: str = "") -> http.client.HTTPResponse:
        """POST `data` to `path` with the CSRF token its form's page (`path`, or `page`) gave."""
        page = self.get(port, page or path)
        assert page.status == 200, (path, page.status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token[1].decode(), **data})

    def sign_in(self, port: int, user) -> None:
        signed_in = self.post(
            port, "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert signed_in.status == 302, signed_in.body[-2000:]


def _address() -> str:
    """A client address of this test's own (TEST-NET-3): no other test shares its counters."""
    return f"203.0.113.{random.randint(1, 254)}"  # noqa: S311


def _stop(process: subprocess.Popen) -> None:
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve stopped ({process.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            if Person(_address()).get(port, "/healthz").status == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"serve did not answer in time:\n{log.read_text()[-3000:]}")


def _start(environment: dict, port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603
            [SERVE], cwd=ROOT, env=environment | {"PORT": str(port)},
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


@contextlib.contextmanager
def _hosts(environment: dict, log_dir: Path, count: int) -> Iterator[dict[int, subprocess.Popen]]:
    """Start `count` serve hosts on free ports; yields them by port at once (they are still
    starting: see _wait_until_up) and stops them after."""
    processes = {}
    try:
        for port in [_free_port() for _ in range(count)]:
            processes[port] = _start(environment, port, log_dir / f"host-{port}.log")
        yield processes
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown, all hosts at once
        for process in processes.values():
            _stop(process)


@pytest.fixture(scope="module")
def bucket(s3_endpoint):
    """An empty bucket of this module's own; its AWS_* variables, as each host is given them."""
    import boto3

    variables = {
        "AWS_STORAGE_BUCKET_NAME": f"alpha-hub-hosts-{uuid.uuid4().hex[:12]}",
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "alpha-hub-test",
        "AWS_SECRET_ACCESS_KEY": "alpha-hub-test",
    }
    options = storage.default_storage_config(variables)["OPTIONS"]
    resource = boto3.resource(
        "s3", endpoint_url=s3_endpoint, region_name=options["region_name"],
        aws_access_key_id=options["access_key"], aws_secret_access_key=options["secret_key"],
    )  # fmt: skip
    store = resource.Bucket(options["bucket_name"])
    store.create()
    store.variables = variables
    return store


@pytest.fixture(scope="module")
def deployment(django_db_setup, redis_url, bucket, tmp_path_factory):
    """Two web hosts and one worker on one database, Redis and bucket; yields the hosts' ports."""
    shared = {
        "REDIS_URL": redis_url,
        "TASKS_BACKEND": "rq",
        "CACHE_URL": "",  # the cache in Redis too, on every host and the worker
        "PDF_DEV_CA": "true",
        "PDF_PKI_DIR": str(settings.PDF_PKI_DIR),  # the test run's own development CA
        "RATELIMIT_SEARCH_PER_MINUTE": str(SEARCH_LIMIT),
        **bucket.variables,
    }
    logs = tmp_path_factory.mktemp("two-hosts")
    worker = worker_environment("rq", media_root=logs / "unused-media", **shared)
    # The hosts start while the worker does: workers() returns once the worker listens.
    with (
        _hosts(_server_environment(**shared), logs, count=2) as hosts,
        workers(worker, [f"worker-{uuid.uuid4().hex[:8]}"], logs),
    ):
        for port, process in hosts.items():
            _wait_until_up(port, process, logs / f"host-{port}.log")
        yield list(hosts)


def _ready_people():
    """A drafter with a complete draft, and the decision maker it goes to, with known passwords."""
    people = make_people()
    dmpc_rule()  # the scheme of delegation lets the office sign it
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        for user in (people.drafter, people.dmpc):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return people, complete_draft(people.drafter)


def _wait_for_pdf(person: Person, port: int, path: str):
    deadline = time.monotonic() + ISSUE_SECONDS
    while (response := person.get(port, path)).status == 404:
        assert time.monotonic() < deadline, f"the worker issued no PDF in {ISSUE_SECONDS} s"
        time.sleep(0.5)
    return response


def test_a_decision_goes_from_draft_to_its_signed_pdf_across_two_hosts(deployment, bucket):
    host_a, host_b = deployment
    people, decision = _ready_people()
    edit = f"/staff/decisions/{decision.pk}/edit/"

    drafter = Person(_address())
    drafter.sign_in(host_a, people.drafter)
    # The session host A started is good on host B: the draft is changed there.
    fields = form_fields(drafter.get(host_b, edit).body, edit)
    saved = drafter.request(
        host_b, "POST", edit, fields | {"title": "Project Alpha Social Media Hub: on two hosts"}
    )
    assert saved.status == 302, saved.body[-2000:]
    detail = f"/staff/decisions/{decision.pk}/"
    assert drafter.post(host_a, f"{detail}submit/", {}, page=detail).status == 302
    decision.refresh_from_db()
    assert decision.title == "Project Alpha Social Media Hub: on two hosts"
    assert decision.status == Decision.Status.SUBMITTED
    clear_all(decision, people.clearer)

    dmpc = Person(_address())
    dmpc.sign_in(host_a, people.dmpc)
    sign = f"/staff/decisions/{decision.pk}/sign/"
    signed = dmpc.post(host_a, sign, NO_INTERESTS | {"declaration": "on", "credential": PASSWORD})
    assert signed.status == 302, _problems(signed.body)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.SIGNED

    # Host A queued the issue in Redis; the worker issued it into the bucket; host B serves it.
    full = _wait_for_pdf(dmpc, host_b, f"/staff/decisions/{decision.slug}/full.pdf")
    assert full.status == 200
    documents = {d.variant: d for d in DecisionDocument.objects.filter(decision=decision)}
    _assert_served(full.body, documents[DecisionDocument.Variant.FULL], bucket)

    assert drafter.post(host_b, f"{detail}publish/", {}, page=detail).status == 302
    public = Person(_address()).get(host_a, f"/decisions/{decision.slug}/signed.pdf")
    assert public.status == 200
    _assert_served(public.body, documents[DecisionDocument.Variant.PUBLIC], bucket)


def _problems(page: bytes) -> str:
    """The page's error summary or warnings, for a failure's message."""
    found = re.findall(rb'class="govuk-(?:error-summary|warning-text)".*?</div>', page, re.S)
    return b"\n".join(found).decode() or page.decode()[-2000:]


def _assert_served(body: bytes, document: DecisionDocument, bucket) -> None:
    assert body[:5] == b"%PDF-"
    assert hashlib.sha256(body).hexdigest() == document.sha256
    stored = bucket.Object(document.file.name).get()["Body"].read()
    assert stored == body


def test_a_rate_limit_counts_the_requests_to_both_hosts(deployment):
    reader = Person(_address())
    # Counters are per minute: start a fresh minute's window rather than straddle two.
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)
    statuses = [
        reader.get(deployment[n % 2], "/decisions/?q=grant").status for n in range(SEARCH_LIMIT + 1)
    ]
    # Neither host alone saw more than three searches: the fifth is refused on the count of both.
    assert statuses == [200] * SEARCH_LIMIT + [429]
