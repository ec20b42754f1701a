"""The S3 backend of the default storage (django-storages), apart so that boto3 loads only if used.

Configured by alpha_hub.storage.default_storage_config from AWS_* variables; see
docs/adr/0053-file-storage.md.
"""

from __future__ import annotations

import posixpath

from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from storages.backends.s3 import S3Storage as DjangoStoragesS3Storage
from storages.utils import clean_name

from alpha_hub.storage import TransactionalStorageMixin


class S3Storage(TransactionalStorageMixin, DjangoStoragesS3Storage):
    """Private objects in a bucket, each save under a key of its own, deleted on rollback."""

    # django-storages replaces an object of the same name by default: a rollback would then
    # delete the object a committed row names.
    file_overwrite = False
    querystring_auth = True

    def __init__(self, **settings):
        super().__init__(**settings)
        if self.file_overwrite or not self.querystring_auth or self.custom_domain:
            raise ImproperlyConfigured(
                "The S3 storage must not overwrite files, and its URLs must be signed"
            )

    def get_available_name(self, name, max_length=None):
        """`name` with a random suffix (pcd-867-public_Ab3xY9z.pdf), whether or not it is taken.

        S3 has no "create only if absent" that every S3-compatible server honours: two writers
        checking the same free name would both write it, and a rollback of one would delete
        the other's. A key no other save can choose is this save's alone.
        """
        root, extension = posixpath.splitext(clean_name(name))
        unique = self.get_alternative_name(root, extension)
        if max_length is not None and len(unique) > max_length:
            raise SuspiciousFileOperation(f"The file name is too long to store: {name!r}")
        return unique
