"""Model building blocks shared by every app."""

from django.db import models


class TimeStamped(models.Model):
    """`created_at` and `updated_at`, set by the database layer, on every domain model."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
