"""The public version: what anonymous visitors see changes only when published content does.

Every public page, and the data they share (the register's filter options and size, the series
and offices by id), is kept in Django's cache (the configured default: Redis in production) under
the current *public version*.
The writes that change what the public sees start a new version (`public_content_changed`, called
by the signals `connect_signals` wires up in decisions/apps.py), so from then on every page is read
from the database afresh; entries of older versions are never read again and expire.

Which writes: a decision saved while published (its publication, which also brings its links to
earlier decisions onto theirs), a grant agreement or contract a published decision approves, and
any programme, organisation, decision series or office (the admin edits them; their names are on
the pages).
Drafts change nothing public, so drafting starts no new version. Writes that bypass signals
(`QuerySet.update`, `bulk_create`: generate_demo_volume) call `public_content_changed` themselves.
See docs/adr/0056-public-page-cache.md and docs/performance.md.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_delete, post_save
from redis.exceptions import RedisError

from claims.models import ClaimPeriod, Payment
from contracts.models import Contract
from decisions.models import (
    ApprovedAgreement,
    ApprovedContract,
    ApprovedVariation,
    Decision,
    DecisionLink,
    DecisionSeries,
    Office,
)
from grants.models import GrantAgreement, GrantVariation, MatchFunding, Organisation, Programme

logger = logging.getLogger(__name__)

VERSION_KEY = "decisions:public-version"
# A backstop, not the invalidation: an entry outlives no version, and none lives past this.
ENTRY_SECONDS = 60 * 60
# What a cache that stops answering raises: the pages are then served from the database.
CACHE_ERRORS = (RedisError, DatabaseError, OSError)

T = TypeVar("T")


@dataclass(frozen=True)
class PublicVersion:
    """One state of the published register: a unique token, and when it began."""

    token: str
    changed_at: float  # seconds since the epoch: the pages' Last-Modified

    def key(self, *parts: str) -> str:
        """A cache key for `parts` under this version (hashed: any text is a safe key)."""
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
        return f"decisions:public:{self.token}:{digest}"


def shielded():
    """A savepoint around a database cache's query inside a transaction, else nothing.

    A failing query (no cache table yet) must not spoil the transaction around it; other caches,
    and autocommit, need no savepoint (and get no extra round trips).
    """
    if isinstance(caches["default"], DatabaseCache) and connection.in_atomic_block:
        return transaction.atomic()
    return nullcontext()


def _new_version() -> tuple[str, float]:
    return secrets.token_hex(8), time.time()


def public_version() -> PublicVersion:
    """The current public version; a new one if the cache holds none (first use, or evicted)."""
    stored = cache.get(VERSION_KEY)
    if stored is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        stored = cache.get(VERSION_KEY) or _new_version()
    return PublicVersion(*stored)


def _start_new_version() -> None:
    try:
        with shielded():
            cache.set(VERSION_KEY, _new_version(), timeout=None)
    except CACHE_ERRORS:
        logger.exception("The public pages' cache could not be told that published content changed")


def public_content_changed() -> None:
    """Start a new public version now, and again once the current transaction commits.

    The second is the one that counts: a page rendered between the first and the commit read the
    rows as they were, under the first new version, which the second leaves behind. The first
    serves code that never commits (tests) and costs one more render at most.
    """
    _start_new_version()
    transaction.on_commit(_start_new_version, robust=True)


def version_cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept under the current public version: computed once per version."""
    try:
        with shielded():
            version = public_version()
            key = version.key("data", name)
            value = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("Public cache unavailable: %s read from the database", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            with shielded():
                cache.set(key, value, ENTRY_SECONDS)
        except CACHE_ERRORS:
            logger.warning("Public cache unavailable: %s not kept", name, exc_info=True)
    return value


# Signals -----------------------------------------------------------------------------------


def _published(decision: Decision | None) -> bool:
    return decision is not None and decision.status == Decision.Status.PUBLISHED


def _decision_changed(sender, instance: Decision, **kwargs) -> None:
    if _published(instance):
        public_content_changed()


def _owner(instance) -> Decision | None:
    """The decision whose public page shows `instance` (a link shows once its source is out)."""
    try:
        return instance.source if isinstance(instance, DecisionLink) else instance.decision
    except ObjectDoesNotExist:  # deleted with it
        return None


def _link_or_approval_changed(sender, instance, **kwargs) -> None:
    # The database refuses these for a signed decision (decisions/frozen.py): the services write
    # them to drafts, which show nowhere public. This catches a data fix that lifts the freeze.
    if _published(_owner(instance)):
        public_content_changed()


def _contract_changed(sender, instance: Contract, **kwargs) -> None:
    # Refused by the database once its decision is signed (contracts/models.py), as above.
    approval = ApprovedContract.objects.filter(contract_id=instance.pk).select_related("decision")
    if any(_published(each.decision) for each in approval):
        public_content_changed()


def _agreement_changed(sender, instance: GrantAgreement, **kwargs) -> None:
    if instance.approvals.filter(decision__status=Decision.Status.PUBLISHED).exists():
        public_content_changed()


def _agreement_part_changed(sender, instance: MatchFunding | GrantVariation, **kwargs) -> None:
    # Match funding and variations show on the programme and decision pages (issue 10); payments
    # and claim schedules on the programme page and in 360Giving (issue 11).
    try:
        agreement = instance.agreement
    except ObjectDoesNotExist:  # deleted with it
        return
    _agreement_changed(sender, agreement)


def _reference_data_changed(sender, instance, **kwargs) -> None:
    public_content_changed()


def connect_signals() -> None:
    """Start a new public version whenever a write changes what the public pages show.

    Not the recommendations and sections: the database refuses any change to those of a signed
    decision, so they reach the public only with its publication.
    """
    receivers = [
        (_decision_changed, [Decision]),
        (
            _link_or_approval_changed,
            [DecisionLink, ApprovedAgreement, ApprovedContract, ApprovedVariation],
        ),
        (_agreement_part_changed, [MatchFunding, GrantVariation, Payment, ClaimPeriod]),
        (_contract_changed, [Contract]),
        (_agreement_changed, [GrantAgreement]),
        (_reference_data_changed, [Programme, Organisation, DecisionSeries, Office]),
    ]
    for receiver, models in receivers:
        for model in models:
            uid = f"decisions.cache.{receiver.__name__}.{model._meta.label}"
            post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}.delete", weak=False)
