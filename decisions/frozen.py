"""Database triggers that freeze a signed decision (docs/adr/0011-frozen-signed-decisions.md).

The services refuse to change a signed decision; these triggers make the database refuse too, so
no admin action, shell session or raw SQL can alter the record of what was signed.
"""

import pgtrigger

SIGNED = ("signed", "published")
_SIGNED_SQL = ", ".join(f"'{status}'" for status in SIGNED)

# Columns the move signed -> published may change; the generated search vector is recomputed by
# Postgres after BEFORE triggers run, so it is not compared either.
_PUBLISH_MAY_CHANGE = "ARRAY['status', 'published_at', 'updated_at', 'search_vector']"

_DECISION_FUNC = f"""
IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'decision % is signed: it cannot be deleted', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END IF;
IF OLD.status = 'signed' AND NEW.status = 'published'
   AND (to_jsonb(NEW) - {_PUBLISH_MAY_CHANGE}) = (to_jsonb(OLD) - {_PUBLISH_MAY_CHANGE}) THEN
    RETURN NEW;
END IF;
RAISE EXCEPTION 'decision % is signed: only its publication may change it', OLD.id
    USING ERRCODE = 'integrity_constraint_violation';
"""

_PART_FUNC = """
IF EXISTS (
    SELECT 1 FROM decisions_decision
    WHERE id IN (OLD.decision_id, NEW.decision_id) AND status IN ('signed', 'published')
) THEN
    RAISE EXCEPTION '% of signed decision % cannot be changed', TG_TABLE_NAME,
        COALESCE(OLD.decision_id, NEW.decision_id)
        USING ERRCODE = 'integrity_constraint_violation';
END IF;
IF TG_OP = 'DELETE' THEN
    RETURN OLD;
END IF;
RETURN NEW;
"""


# A row that a signed decision owns or approves: refused if the decision it belongs to, before
# or after the change, is signed. `{column}` names that decision; `{message}` has one % for it.
# FOR SHARE waits for a signing still under way, then sees the decision as it left it.
_OWNED_BY_SIGNED_FUNC = """
SELECT id INTO signed_id FROM decisions_decision
WHERE id IN (OLD.{column}, NEW.{column}) AND status IN ({signed})
LIMIT 1
FOR SHARE;
IF FOUND THEN
    RAISE EXCEPTION '{message}', signed_id USING ERRCODE = 'integrity_constraint_violation';
END IF;
IF TG_OP = 'DELETE' THEN
    RETURN OLD;
END IF;
RETURN NEW;
"""

_SERIES_CODE_FUNC = """
IF EXISTS (SELECT 1 FROM decisions_decision WHERE series_id = OLD.id) THEN
    RAISE EXCEPTION 'series % has decisions: its code cannot change, as their references, '
        'public addresses and signed documents use it', OLD.code
        USING ERRCODE = 'integrity_constraint_violation';
END IF;
RETURN NEW;
"""


def record_only_trigger() -> pgtrigger.Protect:
    """Records of what happened (signatures, clearances, issued documents) are never rewritten."""
    return pgtrigger.Protect(name="record_only", operation=pgtrigger.Update | pgtrigger.Delete)


def decision_frozen_trigger() -> pgtrigger.Trigger:
    """Refuse UPDATE and DELETE of a signed decision, except its move to published."""
    return pgtrigger.Trigger(
        name="frozen_when_signed",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        condition=pgtrigger.Q(old__status__in=SIGNED),
        func=_DECISION_FUNC,
    )


def part_frozen_trigger() -> pgtrigger.Trigger:
    """Refuse adding, changing or removing a recommendation, section or Part 2 once signed."""
    return pgtrigger.Trigger(
        name="frozen_when_signed",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=_PART_FUNC,
    )


def owned_by_signed_trigger(*, column: str, message: str) -> pgtrigger.Trigger:
    """Refuse adding, changing or removing a row that belongs to a signed decision via `column`."""
    return pgtrigger.Trigger(
        name="frozen_when_signed",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        declare=[("signed_id", "BIGINT")],
        func=_OWNED_BY_SIGNED_FUNC.format(column=column, signed=_SIGNED_SQL, message=message),
    )


def link_frozen_trigger() -> pgtrigger.Trigger:
    """A signed decision's links to earlier decisions are fixed; a new one may still link to it."""
    return owned_by_signed_trigger(
        column="source_id",
        message="the links from signed decision % cannot be added, changed or removed",
    )


def approval_frozen_trigger(what: str) -> pgtrigger.Trigger:
    """What a signed decision approves (grant agreements, variations) is fixed."""
    return owned_by_signed_trigger(
        column="decision_id",
        message=f"the {what} that signed decision % approves cannot be added, changed or removed",
    )


def series_code_fixed_trigger() -> pgtrigger.Trigger:
    """A series' code is part of every reference in it, so it is fixed once a decision uses it."""
    return pgtrigger.Trigger(
        name="code_fixed_when_used",
        when=pgtrigger.Before,
        operation=pgtrigger.Update,
        condition=pgtrigger.AnyChange("code"),
        func=_SERIES_CODE_FUNC,
    )
