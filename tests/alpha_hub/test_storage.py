"""Files follow their transaction (kept when it commits, gone when it rolls back); private S3."""

import gc
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.db import transaction

from alpha_hub import storage
from alpha_hub.models import User
from alpha_hub.storage_s3 import S3Storage

BASE_DIR = Path(settings.BASE_DIR)


class RolledBackError(Exception):
    pass


@pytest.fixture
def files(tmp_path):
    return storage.FileSystemStorage(location=tmp_path)


def _write(files, name="decisions/2020/pcd-1-public.pdf") -> str:
    return files.save(name, ContentFile(b"%PDF-1.7 signed"))


def _fail_after(write, written: list) -> None:
    """In a transaction of its own (a savepoint if nested): write a file, then fail."""
    with transaction.atomic():
        written.append(write())
        raise RolledBackError


@pytest.mark.django_db(transaction=True)
def test_a_file_written_in_a_transaction_that_commits_stays(files):
    with transaction.atomic():
        name = _write(files)
    with files.open(name) as stored:
        assert stored.read() == b"%PDF-1.7 signed"


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_rolls_back_leaves_no_file(files, tmp_path):
    written = []
    with pytest.raises(RolledBackError):
        _fail_after(lambda: _write(files), written)
    assert not files.exists(written[0])
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


@pytest.mark.django_db(transaction=True)
def test_a_rollback_after_the_writer_returned_takes_its_file(files):
    def issue() -> str:
        with transaction.atomic():  # the writer's own block, released as a savepoint
            name = _write(files)
        assert files.exists(name)
        return name

    written = []
    with pytest.raises(RolledBackError):
        _fail_after(issue, written)
    assert not files.exists(written[0])


@pytest.mark.django_db(transaction=True)
def test_a_transaction_marked_for_rollback_takes_its_files(files):
    with transaction.atomic():
        name = _write(files)
        transaction.set_rollback(True)
    assert not files.exists(name)


@pytest.mark.django_db
def test_a_rolled_back_savepoint_takes_only_its_own_files(files):
    with transaction.atomic():
        kept = _write(files, "exports/kept.zip")
        gone = []
        with pytest.raises(RolledBackError):
            _fail_after(lambda: _write(files, "exports/gone.zip"), gone)
        assert files.exists(kept)
        assert not files.exists(gone[0])


@pytest.mark.django_db(transaction=True)
def test_a_commit_callback_that_fails_before_it_leaves_the_committed_file(files, caplog):
    # Django then drops the callbacks after the failing one unrun: this file's among them.
    def fail():
        raise RolledBackError

    try:
        with transaction.atomic():
            transaction.on_commit(fail)
            User.objects.create(username="committed")
            name = _write(files)
    except RolledBackError:
        pass
    gc.collect()  # the dropped callback goes with the exception's traceback
    assert User.objects.filter(username="committed").exists()
    assert files.exists(name)
    assert f"Kept {name}" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_file_is_simply_saved(files):
    assert files.exists(_write(files))


def test_a_storage_that_would_replace_files_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured):
        storage.FileSystemStorage(location=tmp_path, allow_overwrite=True)
    with pytest.raises(ImproperlyConfigured):
        S3Storage(bucket_name="files", file_overwrite=True)
    with pytest.raises(ImproperlyConfigured):
        S3Storage(bucket_name="files", querystring_auth=False)


def test_each_save_to_s3_gets_a_key_no_other_save_chooses():
    # Two writers of one name would otherwise write one object, and a rollback of either
    # would delete the other's file.
    bucket = S3Storage(bucket_name="files")
    names = {bucket.get_available_name("decisions/2020/pcd-1-public.pdf") for _ in range(2)}
    assert len(names) == 2
    assert all(re.fullmatch(r"decisions/2020/pcd-1-public_[A-Za-z0-9]{7}\.pdf", n) for n in names)
    with pytest.raises(SuspiciousFileOperation):
        bucket.get_available_name("exports/" + "x" * 95 + ".zip", max_length=100)


def test_without_a_bucket_files_go_to_the_local_disk():
    assert storage.default_storage_config({}) == {"BACKEND": "alpha_hub.storage.FileSystemStorage"}


def test_with_a_bucket_files_are_private_and_links_to_them_signed_and_short_lived():
    config = storage.default_storage_config(
        {"AWS_STORAGE_BUCKET_NAME": "alpha-hub", "AWS_S3_ENDPOINT_URL": "https://s3.example"}
    )
    assert config["BACKEND"] == "alpha_hub.storage_s3.S3Storage"
    options = config["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("alpha-hub", "https://s3.example")
    assert (options["default_acl"], options["querystring_auth"]) == ("private", True)
    assert options["querystring_expire"] == 300
    assert options["access_key"] is None  # boto3's own chain: an instance role, AWS_PROFILE
    built = S3Storage(**options)
    assert (built.default_acl, built.file_overwrite) == ("private", False)
    assert built.custom_domain is None


def test_an_empty_acl_sends_none_for_a_bucket_whose_acls_are_disabled():
    config = storage.default_storage_config(
        {"AWS_STORAGE_BUCKET_NAME": "alpha-hub", "AWS_DEFAULT_ACL": ""}
    )
    assert config["OPTIONS"]["default_acl"] is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AWS_DEFAULT_ACL", "public-read"),
        ("AWS_DEFAULT_ACL", "authenticated-read"),
        ("AWS_DEFAULT_ACL", "public-read-write"),
        ("AWS_QUERYSTRING_EXPIRE", "0"),
        ("AWS_QUERYSTRING_EXPIRE", "86400"),
        ("AWS_QUERYSTRING_EXPIRE", "soon"),
    ],
)
def test_a_setting_that_would_expose_files_is_refused_at_start(name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        storage.default_storage_config({"AWS_STORAGE_BUCKET_NAME": "alpha-hub", name: value})


def test_no_page_links_to_a_stored_file():
    # A file's .url would be a bucket address (signed or not) that bypasses the views' checks.
    pattern = re.compile(r"\.file\.url\b|default_storage\.url\(|\bstorage\.url\(")
    sources = [*(BASE_DIR / "templates").rglob("*.html")] + [
        path
        for app in (
            "alpha_hub",
            "grants",
            "contracts",
            "budget",
            "claims",
            "decisions",
            "config",
            "demo",
        )
        for path in (BASE_DIR / app).rglob("*.py")
    ]
    offenders = [str(path) for path in sources if pattern.search(path.read_text(errors="ignore"))]
    assert offenders == []
