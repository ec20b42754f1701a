"""The database's own guards on claims, their lines and payments (docs/adr/0059).

The amount an agreement may pay is its amount after the variations that signed decisions make;
decisions sit above claims, so their tables are named only in SQL (`claims_agreement_amount`,
created by migration claims 0001), which Postgres resolves when it runs.
"""

AGREEMENT_AMOUNT_FUNCTION = """
CREATE OR REPLACE FUNCTION claims_agreement_amount(agreement BIGINT) RETURNS NUMERIC AS $$
BEGIN
    RETURN COALESCE(
        (SELECT v.amount_after FROM grants_grantvariation v
         JOIN decisions_approvedvariation av ON av.variation_id = v.id
         JOIN decisions_decision d ON d.id = av.decision_id
         WHERE v.agreement_id = agreement AND d.status IN ('signed', 'published')
         ORDER BY d.signed_at DESC NULLS LAST, v.id DESC LIMIT 1),
        (SELECT a.amount_awarded FROM grants_grantagreement a WHERE a.id = agreement)
    )::NUMERIC;
END
$$ LANGUAGE plpgsql STABLE;
"""

DROP_AGREEMENT_AMOUNT_FUNCTION = "DROP FUNCTION IF EXISTS claims_agreement_amount(BIGINT);"

# The claim's moves: claims/workflow.py has the same table, and a test holds them together.
CLAIM_MOVES = """
IF (OLD.status, NEW.status) NOT IN (
    ('draft', 'submitted'), ('returned', 'submitted'), ('submitted', 'checked'),
    ('checked', 'approved'), ('approved', 'paid'), ('submitted', 'returned'),
    ('checked', 'returned'), ('approved', 'returned')
) THEN
    RAISE EXCEPTION 'claim_status: a claim cannot move from % to %', OLD.status, NEW.status
        USING ERRCODE = 'check_violation';
END IF;
IF NEW.status = 'returned' AND EXISTS (SELECT 1 FROM claims_payment WHERE claim_id = NEW.id) THEN
    RAISE EXCEPTION 'claim_status: a claim with a payment cannot be returned'
        USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

CLAIM_FOR_AN_ACTIVE_AGREEMENT = """
IF NOT EXISTS (
    SELECT 1 FROM claims_claimperiod p JOIN grants_grantagreement a ON a.id = p.agreement_id
    WHERE p.id = NEW.period_id AND a.id = NEW.agreement_id AND a.status = 'active'
) THEN
    RAISE EXCEPTION 'claim_agreement: a claim is made only for a period of an active agreement'
        USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

LINES_ONLY_WHILE_DRAFT = """
IF EXISTS (
    SELECT 1 FROM claims_claim c
    WHERE c.id = COALESCE(NEW.claim_id, OLD.claim_id) AND c.status NOT IN ('draft', 'returned')
) THEN
    RAISE EXCEPTION 'claim_locked: a submitted claim''s spend cannot change; return it first'
        USING ERRCODE = 'check_violation';
END IF;
IF TG_OP = 'DELETE' THEN
    RETURN OLD;
END IF;
IF NOT EXISTS (
    SELECT 1 FROM claims_claim c
    JOIN budget_budget b ON b.agreement_id = c.agreement_id
    JOIN budget_budgetline l ON l.budget_id = b.id
    WHERE c.id = NEW.claim_id AND l.category_id = NEW.category_id
      AND (NEW.budget_line_id IS NULL OR l.id = NEW.budget_line_id)
) THEN
    RAISE EXCEPTION 'claim_category: the agreement''s budget has no such category or line'
        USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

# The agreement's row is locked first, so two payments at once are checked one after the other.
PAYMENT_WITHIN_CLAIM_AND_AGREEMENT = """
PERFORM 1 FROM grants_grantagreement WHERE id = NEW.agreement_id FOR UPDATE;
SELECT c.status, COALESCE((SELECT SUM(l.amount) FROM claims_claimline l WHERE l.claim_id = c.id), 0)
    INTO claim_status, claimed
FROM claims_claim c WHERE c.id = NEW.claim_id AND c.agreement_id = NEW.agreement_id;
IF NOT FOUND THEN
    RAISE EXCEPTION 'payment_claim: a payment is for a claim of the same agreement'
        USING ERRCODE = 'check_violation';
END IF;
IF claim_status NOT IN ('approved', 'paid') THEN
    RAISE EXCEPTION 'payment_claim: only an approved claim is paid'
        USING ERRCODE = 'check_violation';
END IF;
IF (SELECT COALESCE(SUM(amount), 0) FROM claims_payment WHERE claim_id = NEW.claim_id)
    + NEW.amount > claimed THEN
    RAISE EXCEPTION 'payment_over_claim: payments would exceed the claim of %', claimed
        USING ERRCODE = 'check_violation';
END IF;
IF (SELECT COALESCE(SUM(amount), 0) FROM claims_payment WHERE agreement_id = NEW.agreement_id)
    + NEW.amount > claims_agreement_amount(NEW.agreement_id) THEN
    RAISE EXCEPTION
        'payment_over_agreement: paid to date would exceed the agreement''s amount of %',
        claims_agreement_amount(NEW.agreement_id) USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""

PAYMENTS_ARE_FINAL = """
RAISE EXCEPTION 'payment_final: a recorded payment is never changed or deleted'
    USING ERRCODE = 'integrity_constraint_violation';
"""
