"""What the grants services share: refusals as ValidationError, and the database's deferred
checks run before the service returns."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

REASON_MAX = 100  # simple-history's change reason column
_PREFIX = re.compile(r"^[a-z_]+: ")


def refuse_if(problems) -> None:
    """Raise the problems (a list, or a dict of field -> list) as one ValidationError."""
    if isinstance(problems, dict):
        problems = {name: errors for name, errors in problems.items() if errors}
    if problems:
        raise ValidationError(problems)


def database_checks_now() -> None:
    """Run the constraint triggers deferred to COMMIT now, so that a refusal is a message on the
    form and not an error after the response (requests are atomic: ATOMIC_REQUESTS)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    except DatabaseError as error:
        raise ValidationError(_sentence(error)) from error
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _sentence(error: DatabaseError) -> str:
    text = str(error).splitlines()[0].strip()
    text = _PREFIX.sub("", text)
    return text[:1].upper() + text[1:]


def reason_text(reason: str, automatic: str) -> str:
    return ((reason or "").strip() or automatic)[:REASON_MAX]
