"""Every rule the data must keep: a clear form error first, an IntegrityError underneath."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from grants.models import GrantAgreement, Organisation
from tests.factories import GrantAgreementFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"amount_awarded": Decimal("-1.00")}, "agreement_amount_not_negative"),
        ({"starts_on": date(2021, 4, 1), "ends_on": date(2021, 3, 31)}, "agreement_dates_in_order"),
        ({"status": "unknown"}, "agreement_status_valid"),
        ({"direction": "sideways"}, "agreement_direction_valid"),
        ({"reference": ""}, "agreement_reference_not_empty"),
    ],
)
def test_the_database_refuses_an_agreement_that_breaks_a_rule(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        GrantAgreementFactory(**fields)
    assert not GrantAgreement.objects.exists()


def test_references_are_unique():
    GrantAgreementFactory(reference="HO-1")
    with pytest.raises(IntegrityError, match="reference"), transaction.atomic():
        GrantAgreementFactory(reference="HO-1")
    assert GrantAgreement.objects.count() == 1


def test_a_funder_cannot_fund_itself():
    organisation = OrganisationFactory()
    with pytest.raises(IntegrityError, match="funder_is_not_recipient"), transaction.atomic():
        GrantAgreementFactory(funder=organisation, recipient=organisation)


def test_organisation_identifiers_follow_the_360giving_style():
    with pytest.raises(IntegrityError, match="organisation_identifier_format"):
        OrganisationFactory(org_identifier="home office")


AgreementForm = modelform_factory(
    GrantAgreement,
    fields=["reference", "title", "programme", "funder", "recipient", "direction",
            "amount_awarded", "starts_on", "ends_on", "status"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount_awarded": "-5"}, "amount_awarded", "greater than or equal to 0"),
        ({"amount_awarded": "lots"}, "amount_awarded", "pounds and pence"),
        ({"amount_awarded": "10.001"}, "amount_awarded", "2 decimal places"),
        ({"ends_on": "2019-01-01"}, "__all__", "end date must be on or after"),
        ({"status": "unknown"}, "status", "not one of the available choices"),
        ({"reference": "HO-TAKEN"}, "reference", "already exists"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
    ],
)
def test_the_form_explains_each_broken_rule_and_saves_nothing(change, field, message):
    taken = GrantAgreementFactory(reference="HO-TAKEN")
    data = {
        "reference": "HO-NEW", "title": "A grant", "programme": taken.programme.pk,
        "funder": taken.funder.pk, "recipient": taken.recipient.pk, "direction": "incoming",
        "amount_awarded": "1000.00", "starts_on": "2020-04-01", "ends_on": "2021-03-31",
        "status": "proposed",
    } | change  # fmt: skip
    form = AgreementForm(data)
    assert not form.is_valid()
    assert message in " ".join(form.errors.get(field, [])) or message in str(form.errors)
    assert GrantAgreement.objects.count() == 1


def test_html_in_a_name_is_kept_as_text():
    organisation = OrganisationFactory(name="<script>alert('x')</script>")
    assert Organisation.objects.get(pk=organisation.pk).name.startswith("<script>")
