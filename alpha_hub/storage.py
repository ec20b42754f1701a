"""Where files live (the local disk, or an S3 bucket), and files that follow their transaction.

Every file Alpha Hub writes (issued PDFs, bulk exports, kept imports, and any upload a form
saves) goes through the default storage, whose backends here delete a new file again when the
transaction that wrote it rolls back: Django has no rollback hook, so the file's on-commit
callback carries the cleanup, and Django discarding that callback unrun while it rolls back
is the signal. Downloads stream through Django, behind the view's permission checks: no page
links to a bucket. See docs/adr/0053-file-storage.md.
"""

from __future__ import annotations

import inspect
import logging
import sys
import weakref
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.core.files.storage import Storage
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

logger = logging.getLogger(__name__)

S3_BACKEND = "alpha_hub.storage_s3.S3Storage"
LOCAL_BACKEND = "alpha_hub.storage.FileSystemStorage"
# Canned ACLs that keep an object private; empty sends none (a bucket with ACLs disabled).
PRIVATE_ACLS = {"private", "bucket-owner-full-control", ""}
# A file larger than this, read through the storage, is spooled to disk rather than memory.
MAX_MEMORY_BYTES = 8 * 1024 * 1024
STREAM_CHUNK_BYTES = 256 * 1024
# The methods in which Django discards the commit callbacks of what it rolls back.
_ROLLBACK_CODE = frozenset(
    inspect.unwrap(getattr(BaseDatabaseWrapper, name)).__code__
    for name in ("rollback", "savepoint_rollback", "close")
)


def default_storage_config(environ: Mapping[str, str]) -> dict:
    """STORAGES["default"]: the S3 bucket AWS_STORAGE_BUCKET_NAME names, else MEDIA_ROOT."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": LOCAL_BACKEND}
    acl = environ.get("AWS_DEFAULT_ACL", "private")
    if acl not in PRIVATE_ACLS:
        raise ImproperlyConfigured(
            "AWS_DEFAULT_ACL must keep files private: private, bucket-owner-full-control or empty"
        )
    expire = environ.get("AWS_QUERYSTRING_EXPIRE", "300")
    if not expire.isdigit() or not 0 < int(expire) <= 3600:
        raise ImproperlyConfigured("AWS_QUERYSTRING_EXPIRE must be 1 to 3600 seconds")
    options = {
        "bucket_name": bucket,
        # Empty values fall to boto3's own chain (an instance role, AWS_PROFILE ...).
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",  # botocore would sign some links with the retired V2
        "default_acl": acl or None,
        # url() is never public: signed, short-lived (no view uses it: downloads stream).
        "querystring_auth": True,
        "querystring_expire": int(expire),
        "custom_domain": None,
        "max_memory_size": MAX_MEMORY_BYTES,
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def delete_on_rollback(storage: Storage, name: str) -> None:
    """Delete `name` from `storage` if the transaction in progress rolls back (or its savepoint).

    Outside a transaction there is nothing to roll back, and the file simply stays.
    """
    if not transaction.get_connection().in_atomic_block:
        return
    transaction.on_commit(_Written(storage, name).keep, robust=True)


class _Written:
    """A file written inside a transaction: kept once it commits, deleted if it rolls back.

    Its only reference is its commit callback. Django calls the callback after the commit, or
    discards it while rolling back, and then this object goes, and its finalizer with it.
    """

    __slots__ = ("__weakref__", "_finalizer")

    def __init__(self, storage: Storage, name: str):
        self._finalizer = weakref.finalize(self, _delete_if_rolled_back, storage, name)
        self._finalizer.atexit = False

    def keep(self) -> None:
        self._finalizer.detach()


def _delete_if_rolled_back(storage: Storage, name: str) -> None:
    # Django also drops the rest of the callbacks, unrun, when one before them fails after a
    # commit: then the file belongs to a committed row. Only a rollback in progress deletes.
    if not _rolling_back():
        logger.warning("Kept %s: its transaction ended without running its commit hook", name)
        return
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete %s after its transaction rolled back", name)


def _rolling_back() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code in _ROLLBACK_CODE:
            return True
        frame = frame.f_back
    return False


class TransactionalStorageMixin:
    """A storage whose new files are deleted again if the transaction that wrote them rolls back.

    Safe only where a save never replaces an existing file: a rollback deletes by name.
    """

    def save(self, name, content, max_length=None):
        stored = super().save(name, content, max_length=max_length)
        delete_on_rollback(self, stored)
        return stored


class FileSystemStorage(TransactionalStorageMixin, DjangoFileSystemStorage):
    """Files under MEDIA_ROOT (never overwritten: a new name is found), deleted on rollback."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("allow_overwrite"):
            raise ImproperlyConfigured("A rollback deletes by name: files must not be replaced")
        super().__init__(*args, **kwargs)


def stored_file_response(
    file: FieldFile, *, filename: str, content_type: str, as_attachment: bool = False
) -> FileResponse:
    """Stream a stored file to the browser (after the view's checks), in chunks, from any storage.

    From S3 the body is read as it arrives, so a large ZIP never sits whole in memory or on disk.
    """
    stream, size = _open_stream(file)
    response = FileResponse(
        stream, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response.block_size = STREAM_CHUNK_BYTES
    if size is not None and not response.has_header("Content-Length"):
        response["Content-Length"] = str(size)
    return response


def stored_file_open(file: FieldFile):
    """A stored file opened for reading, streamed from S3 rather than fetched whole first."""
    return _open_stream(file)[0]


def _open_stream(file: FieldFile) -> tuple[object, int | None]:
    opened = file.storage.open(file.name, "rb")
    s3_object = getattr(opened, "obj", None)  # django-storages' S3File: its boto3 Object
    if s3_object is None:
        return opened, None
    body = s3_object.get()
    return body["Body"], body["ContentLength"]
