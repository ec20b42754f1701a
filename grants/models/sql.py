"""The database's own guards on agreements, profiles, match funding and variations.

The rules that read other rows (a profile sums to its agreement's amount, onward grants fit within
their parent plus its match funding, a variation is made by one decision of an approved agreement)
are checked by constraint triggers deferred to COMMIT, so that a service may write an agreement and
its profile in any order inside one transaction. A variation is checked through its profile rows,
which every variation the product writes has (grants.services.variation_create); a bare row from
before profiles is read with the split by days and was never counted unless its decision is
signed. The checks themselves are plpgsql functions that
migration grants 0004 creates (`grants_check_profile`, `grants_check_onward` ...). Decisions sit
above grants, so their tables are named only in SQL, which Postgres resolves when it runs.
"""

import pgtrigger

# The agreement's moves: grants/workflow.py has the same table, and a test holds them together.
AGREEMENT_MOVES = """
IF (OLD.status, NEW.status) NOT IN (
    ('proposed', 'approved'), ('approved', 'active'), ('active', 'closed'),
    ('proposed', 'withdrawn'), ('approved', 'withdrawn')
) THEN
    RAISE EXCEPTION 'agreement_status: grant agreement % cannot move from % to %',
        OLD.reference, OLD.status, NEW.status USING ERRCODE = 'check_violation';
END IF;
IF NEW.status = 'approved' AND NOT EXISTS (
    SELECT 1 FROM decisions_approvedagreement a JOIN decisions_decision d ON d.id = a.decision_id
    WHERE a.agreement_id = NEW.id AND d.status IN ('signed', 'published')
) THEN
    RAISE EXCEPTION 'agreement_status: grant agreement % is approved only by signing a decision '
        'that approves it', NEW.reference USING ERRCODE = 'check_violation';
END IF;
IF NEW.status = 'closed' AND (NEW.amount_spent IS NULL OR NEW.underspend_returned IS NULL
    OR NEW.closed_on IS NULL) THEN
    RAISE EXCEPTION 'agreement_status: closing grant agreement % records the amount spent, the '
        'underspend returned and the date', NEW.reference USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

PROFILE_FIXED_WHEN_APPROVED = """
IF EXISTS (
    SELECT 1 FROM decisions_approvedagreement a JOIN decisions_decision d ON d.id = a.decision_id
    WHERE a.agreement_id = COALESCE(NEW.agreement_id, OLD.agreement_id)
      AND d.status IN ('signed', 'published')
) THEN
    RAISE EXCEPTION 'funding_profile: a signed decision approved this agreement''s profile: it '
        'changes only through a variation' USING ERRCODE = 'integrity_constraint_violation';
END IF;
IF TG_OP = 'DELETE' THEN
    RETURN OLD;
END IF;
RETURN NEW;
"""

CHECK_AGREEMENT = """
PERFORM grants_check_profile(NEW.id);
PERFORM grants_check_onward(NEW.id);
PERFORM grants_check_onward(NEW.parent_id);
IF TG_OP = 'UPDATE' AND OLD.parent_id IS DISTINCT FROM NEW.parent_id THEN
    PERFORM grants_check_onward(OLD.parent_id);
END IF;
RETURN NULL;
"""

CHECK_PROFILE_ROW = """
agreement := CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END;
PERFORM grants_check_profile(agreement);
PERFORM grants_check_onward(agreement);
PERFORM grants_check_onward((SELECT parent_id FROM grants_grantagreement WHERE id = agreement));
RETURN NULL;
"""

CHECK_MATCH_FUNDING = """
agreement := CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END;
IF TG_OP <> 'DELETE' AND NOT EXISTS (
    SELECT 1 FROM grants_grantagreement a
    WHERE a.id = NEW.agreement_id
      AND make_date(NEW.financial_year, 4, 1) <= a.ends_on
      AND make_date(NEW.financial_year + 1, 3, 31) >= a.starts_on
) THEN
    RAISE EXCEPTION 'match_funding: the financial year of match funding is outside its '
        'agreement''s period' USING ERRCODE = 'check_violation';
END IF;
PERFORM grants_check_onward(agreement);
RETURN NULL;
"""

CHECK_VARIATION_PROFILE_ROW = """
IF TG_OP = 'DELETE' THEN
    PERFORM grants_check_variation_profile(OLD.variation_id);
ELSE
    PERFORM grants_check_variation(NEW.variation_id);
    PERFORM grants_check_variation_profile(NEW.variation_id);
END IF;
RETURN NULL;
"""


def deferred_check(name: str, func: str, operation=None, declare=None) -> pgtrigger.Trigger:
    """A row constraint trigger run at COMMIT (DEFERRABLE INITIALLY DEFERRED)."""
    return pgtrigger.Trigger(
        name=name,
        declare=declare,
        when=pgtrigger.After,
        operation=operation or (pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete),
        timing=pgtrigger.Deferred,
        func=func,
    )


# A published programme's address is in feeds, open data and other sites' links: it never moves.
PROGRAMME_ADDRESS_FIXED = """
IF EXISTS (
    SELECT 1 FROM grants_grantagreement g
    JOIN decisions_approvedagreement a ON a.agreement_id = g.id
    JOIN decisions_decision d ON d.id = a.decision_id
    WHERE g.programme_id = NEW.id AND d.status = 'published'
) THEN
    RAISE EXCEPTION 'programme_slug: programme % is published at /programmes/%/: its address '
        'cannot change', OLD.name, OLD.slug USING ERRCODE = 'integrity_constraint_violation';
END IF;
RETURN NEW;
"""
