"""Database triggers that freeze a signed decision (docs/adr/0011-frozen-signed-decisions.md).

The services refuse to change a signed decision; these triggers make the database refuse too, so
no admin action, shell session or raw SQL can alter the record of what was signed.
"""

import pgtrigger

SIGNED = ("signed", "published")

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
