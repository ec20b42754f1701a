"""A variation that leaves the dates alone keeps the period it found (its `*_before` dates),
which after an earlier signed extension is not the agreement's own first period."""

from django.db import migrations

NEW = """
CREATE OR REPLACE FUNCTION grants_check_variation_profile(p_variation bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v record;
    rows integer;
    before_total numeric;
    after_total numeric;
BEGIN
    SELECT gv.amount_before, gv.amount_after, a.reference,
           coalesce(gv.starts_on_after, gv.starts_on_before, a.starts_on) AS starts_on,
           coalesce(gv.ends_on_after, gv.ends_on_before, a.ends_on) AS ends_on INTO v
    FROM grants_grantvariation gv JOIN grants_grantagreement a ON a.id = gv.agreement_id
    WHERE gv.id = p_variation;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT count(*), coalesce(sum(amount_before), 0), coalesce(sum(amount_after), 0)
    INTO rows, before_total, after_total
    FROM grants_variationprofileyear WHERE variation_id = p_variation;
    IF rows = 0 THEN
        RETURN;
    END IF;
    IF before_total <> v.amount_before OR after_total <> v.amount_after THEN
        RAISE EXCEPTION 'variation_profile: the variation of % profiles % before and % after, '
            'not its amounts % and %', v.reference, before_total, after_total, v.amount_before,
            v.amount_after USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM grants_variationprofileyear
        WHERE variation_id = p_variation AND amount_after <> 0
          AND (make_date(financial_year + 1, 3, 31) < v.starts_on
               OR make_date(financial_year, 4, 1) > v.ends_on)
    ) THEN
        RAISE EXCEPTION 'variation_profile: the variation of % puts money in a year outside the '
            'period', v.reference USING ERRCODE = 'check_violation';
    END IF;
END;
$$;
"""

OLD = """
CREATE OR REPLACE FUNCTION grants_check_variation_profile(p_variation bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v record;
    rows integer;
    before_total numeric;
    after_total numeric;
BEGIN
    SELECT gv.amount_before, gv.amount_after, a.reference,
           coalesce(gv.starts_on_after, a.starts_on) AS starts_on,
           coalesce(gv.ends_on_after, a.ends_on) AS ends_on INTO v
    FROM grants_grantvariation gv JOIN grants_grantagreement a ON a.id = gv.agreement_id
    WHERE gv.id = p_variation;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT count(*), coalesce(sum(amount_before), 0), coalesce(sum(amount_after), 0)
    INTO rows, before_total, after_total
    FROM grants_variationprofileyear WHERE variation_id = p_variation;
    IF rows = 0 THEN
        RETURN;
    END IF;
    IF before_total <> v.amount_before OR after_total <> v.amount_after THEN
        RAISE EXCEPTION 'variation_profile: the variation of % profiles % before and % after, '
            'not its amounts % and %', v.reference, before_total, after_total, v.amount_before,
            v.amount_after USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM grants_variationprofileyear
        WHERE variation_id = p_variation AND amount_after <> 0
          AND (make_date(financial_year + 1, 3, 31) < v.starts_on
               OR make_date(financial_year, 4, 1) > v.ends_on)
    ) THEN
        RAISE EXCEPTION 'variation_profile: the variation of % puts money in a year outside the '
            'period', v.reference USING ERRCODE = 'check_violation';
    END IF;
END;
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_funding_profiles_closing_and_workflow_guards")]

    operations = [migrations.RunSQL(NEW, OLD)]
