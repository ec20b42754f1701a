"""A walk through every admin page: records of the workflow cannot be written there by anyone,
and reference data changes only with a reason that its history keeps."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import models
from django.forms import MultiWidget
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from alpha_hub.admin_base import REASON_REQUIRED, ReferenceDataAdmin, WorkflowRecordAdmin
from alpha_hub.audit.models import AccessEvent, AccessKind
from alpha_hub.audit.services import access_event_record
from alpha_hub.files import CheckedFile
from alpha_hub.fiscal_year import FinancialYear
from alpha_hub.history import stamp
from alpha_hub.roles import Role, role_group
from budget import services as budget_services
from budget.models import BudgetVariation
from decisions import services
from decisions.documents import decision_documents_issue
from decisions.models import (
    ApprovedVariation,
    Decision,
    DecisionDocument,
    DecisionLink,
    DecisionSeries,
    DelegationRule,
    LinkKind,
)
from decisions.services.comments import comment_add
from decisions.services.contracts import decision_contract_add
from decisions.services.exports import bulk_export_request
from decisions.services.papers import paper_add
from grants.models import (
    FundingProfileYear,
    GrantAgreement,
    GrantVariation,
    MatchFunding,
    VariationProfileYear,
)
from tests.claims.support import CLAIM_RECORDS
from tests.decisions.import_files import EXAMPLE
from tests.decisions.test_workflow_support import decision_in, dmpc_rule, make_people
from tests.factories import (
    PASSWORD,
    BudgetFactory,
    BudgetLineFactory,
    CostCategoryFactory,
    DecisionCategoryFactory,
    DecisionFactory,
    DecisionSeriesFactory,
    GrantAgreementFactory,
    OfficeFactory,
    OfficeHolderFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
    approve_with_signed_decision,
    variation_with_decision,
)

pytestmark = pytest.mark.django_db

S = Decision.Status
REASON = "Corrected after the 2024 reorganisation"

# Other packages' admin pages: neither reference data nor records of ours. The administrator
# role gets no permission on them (test_the_administrator_role_has_exactly_what_the_admin_declares).
OTHER_PACKAGES = {
    "auth.group",
    "otp_totp.totpdevice",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
}


def _label(model) -> str:
    return model._meta.label_lower


def _admin_of(model):
    return admin.site._registry[model]


def _registered(kind) -> list[str]:
    return sorted(
        _label(model) for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, kind)
    )  # fmt: skip


# --- the records and reference data the walk uses, made through services and factories ---


def _cleared() -> Decision:
    """A cleared decision, Part 2 and all: the old admin let its text be edited, no reason asked."""
    return decision_in(S.CLEARED, make_people(), part2="The confidential facts and advice.")


def _signed() -> Decision:
    dmpc_rule()
    return decision_in(S.SIGNED, make_people())


def _interest():
    dmpc_rule()
    people = make_people()
    decision = decision_in(S.CLEARED, people)
    services.decision_sign(
        decision=decision, user=people.dmpc, declaration_confirmed=True, credential=PASSWORD,
        interests=[("A former employer of mine bids for the work.", "not_prejudicial")],
    )  # fmt: skip
    return decision.signature.interests.get()


def _imported() -> Decision:
    """A decision brought in by a historic import (docs/import.md), from the example file."""
    DecisionCategoryFactory(code="general", name="General")
    DecisionCategoryFactory()
    DecisionSeriesFactory()
    services.decision_import_apply(user=UserFactory(roles=[Role.ADMINISTRATOR]), path=EXAMPLE)
    return Decision.objects.get(number=401)


def _documents() -> DecisionDocument:
    signed = _signed()
    return decision_documents_issue(decision=signed, user=signed.signed_by)["public"]


def _link() -> DecisionLink:
    target = _signed()
    draft = decision_in(S.DRAFT, make_people())
    return services.decision_link_add(
        decision=draft, user=draft.drafted_by, target=target, kind=LinkKind.REFERS_TO
    )


def _grant_variation(agreement=None) -> GrantVariation:
    agreement = agreement or GrantAgreementFactory()
    variation = GrantVariation(
        agreement=agreement, amount_before=agreement.amount_awarded,
        amount_after=agreement.amount_awarded + 100, reason="Uplift for the pay award",
    )  # fmt: skip
    stamp(variation, user=UserFactory(roles=[Role.FINANCE]), reason="Uplift").save()
    return variation


def _approved_variation() -> ApprovedVariation:
    approval = ApprovedVariation(
        decision=decision_in(S.DRAFT, make_people()), variation=_grant_variation()
    )
    stamp(approval, user=approval.decision.drafted_by, reason="Proposed").save()
    return approval


def _budget_variation() -> BudgetVariation:
    line = BudgetLineFactory()
    finance = UserFactory(roles=[Role.FINANCE])
    agreement = line.budget.agreement
    budget_services.budgets_lock_for_agreements(
        agreements=[agreement], user=finance, reason="Locked for the variation"
    )
    return budget_services.budget_variation_record(
        budget=line.budget, grant_variation=_grant_variation(agreement), reason="Pay award",
        changes=[budget_services.VariationChange(line.category, "Pay award", Decimal("100.00"))],
        user=finance,
    )  # fmt: skip


def _match_funding() -> MatchFunding:
    funding = MatchFunding(
        agreement=GrantAgreementFactory(), source=OrganisationFactory(), amount=Decimal("5.00"),
        financial_year=FinancialYear(2020),
    )  # fmt: skip
    stamp(funding, user=UserFactory(), reason="Match funding from the force").save()
    return funding


def _profile_year() -> FundingProfileYear:
    agreement = GrantAgreementFactory()
    row = FundingProfileYear(
        agreement=agreement, financial_year=FinancialYear(2020), amount=agreement.amount_awarded
    )
    stamp(row, user=UserFactory(roles=[Role.FINANCE]), reason="Profile").save()
    return row


def _variation_profile_year() -> VariationProfileYear:
    agreement = GrantAgreementFactory()
    approve_with_signed_decision(agreement)
    variation = variation_with_decision(agreement, amount_after="100100.00", signed=False)
    row = VariationProfileYear(
        variation=variation, financial_year=FinancialYear(2020),
        amount_before=Decimal("100000.00"), amount_after=Decimal("100100.00"),
    )  # fmt: skip
    stamp(row, user=UserFactory(roles=[Role.OFFICER]), reason="Variation profile").save()
    return row


def _approved_contract():
    """A contract a draft decision approves (decisions.services.contracts)."""
    draft = decision_in(S.DRAFT, make_people())
    contract = decision_contract_add(
        decision=draft, user=draft.drafted_by, title="Monitoring platform",
        supplier=OrganisationFactory(kind="company"), maximum_value=Decimal("5000.00"),
        starts_on=date(2021, 4, 1), ends_on=date(2022, 3, 31), procurement_route="framework",
        awarded_by="Chief Finance Officer",
    )  # fmt: skip
    return contract.approval


def _comment():
    """A clearer's comment on a submitted decision's first section (docs/adr/0063)."""
    people = make_people()
    decision = decision_in(S.SUBMITTED, people)
    return comment_add(
        decision=decision, user=people.clearer, part_kind="sections",
        part_pk=decision.sections.first().pk, body="Name the year.",
    )  # fmt: skip


def _paper():
    """A Part 1 appendix on a draft decision (decisions.services.papers, docs/adr/0064)."""
    draft = decision_in(S.DRAFT, make_people())
    data = b"%PDF-1.4\n%%EOF\n"
    checked = CheckedFile("appendix.pdf", "application/pdf", data, hashlib.sha256(data).hexdigest())
    return paper_add(
        decision=draft, user=draft.drafted_by, checked=checked, title="Appendix A",
        kind="appendix", part=1,
    )  # fmt: skip


def _event() -> AccessEvent:
    return access_event_record(kind=AccessKind.LOGIN, request=None, user=UserFactory())


# Each workflow record, in the state in which the old admin let someone change it.
WORKFLOW_RECORDS = {
    "alpha_hub.accessevent": _event,
    "budget.budget": BudgetFactory,  # a draft budget: finance edits its lines on the grid
    "budget.budgetline": BudgetLineFactory,
    "budget.budgetvariation": _budget_variation,
    "budget.budgetvariationline": lambda: _budget_variation().lines.get(),
    "contracts.contract": lambda: _approved_contract().contract,
    "decisions.approvedcontract": _approved_contract,
    "decisions.approvedagreement": lambda: _cleared().approvals.get(),
    "decisions.approvedvariation": _approved_variation,
    "decisions.bulkexport": lambda: bulk_export_request(user=UserFactory(roles=[Role.AUDITOR])),
    "decisions.clearance": lambda: _cleared().clearances.first(),
    "decisions.clearancecomment": _comment,
    "decisions.decision": _cleared,
    "decisions.declaredinterest": _interest,
    "decisions.decisionimport": lambda: _imported().imported_in,
    "decisions.forwardplanentry": lambda: services.forward_plan_entry_add(
        user=UserFactory(roles=[Role.OFFICER]),
        title="VRU grants",
        summary="Grants.",
        office=OfficeFactory(),
        expected_month=date(2099, 1, 1),
    ),
    "decisions.numberreservation": lambda: services.number_reserve(
        user=UserFactory(roles=[Role.GOVERNANCE]),
        series=DecisionSeriesFactory(),
        number=9000,
        reason="Signed on paper",
    ),
    "decisions.decisiondocument": _documents,
    "decisions.decisionlink": _link,
    "decisions.recommendation": lambda: _cleared().recommendations.first(),
    "decisions.section": lambda: _cleared().sections.first(),
    "decisions.signature": lambda: _signed().signature,
    "decisions.supportingpaper": _paper,
    "grants.grantagreement": lambda: _cleared().approvals.get().agreement,  # once proposed
    "grants.grantvariation": _grant_variation,
    "grants.matchfunding": _match_funding,
    "grants.fundingprofileyear": _profile_year,
    "grants.variationprofileyear": _variation_profile_year,
}
WORKFLOW_RECORDS |= CLAIM_RECORDS  # claims (issue 11): tests/claims/support.py


def _rule() -> DelegationRule:
    return dmpc_rule()


# Each reference-data model: an instance, a field to change and its new value.
REFERENCE_DATA = {
    "alpha_hub.user": lambda: (UserFactory(), "job_title", "Head of Data"),
    "budget.costcategory": lambda: (CostCategoryFactory(code="travel"), "name", "Travel costs"),
    "decisions.decisioncategory": lambda: (DecisionCategoryFactory(), "name", "Grants"),
    "decisions.decisionseries": lambda: (DecisionSeriesFactory(), "name", "Policing decision"),
    "decisions.delegationrule": lambda: (_rule(), "scheme_paragraph", "Paragraph 4.9"),
    "decisions.office": lambda: (
        OfficeFactory(code="director_audit", title="Director of Audit", abbreviation="DA"),
        "title",
        "Director of Audit and Assurance",
    ),
    "decisions.officeholder": lambda: (OfficeHolderFactory(), "ends_on", date(2030, 3, 31)),
    "grants.organisation": lambda: (OrganisationFactory(), "short_name", "HO"),
    "grants.programme": lambda: (ProgrammeFactory(), "description", "Online harms"),
}


def _add_data(label: str) -> dict:
    """What a new record of each reference-data model needs on its add form."""
    agreement = GrantAgreementFactory()
    return {
        "alpha_hub.user": lambda: {
            "username": "new.admin", "usable_password": "true",
            "password1": "a long new passphrase 42", "password2": "a long new passphrase 42",
        },
        "budget.costcategory": lambda: {"code": "travel", "name": "Travel", "position": "7"},
        "decisions.decisioncategory": lambda: {"code": "procurement", "name": "Procurement"},
        "decisions.decisionseries": lambda: {
            "code": "DOD", "name": "Director decision", "required_clearances": "legal",
        },
        "decisions.delegationrule": lambda: {
            "office": OfficeFactory().pk, "series": DecisionSeriesFactory().pk,
            "scheme_paragraph": "Paragraph 5.1", "is_active": "on",
        },
        "decisions.office": lambda: {
            "code": "director_strategy", "title": "Director of Strategy", "abbreviation": "DS",
        },
        "decisions.officeholder": lambda: {
            "office": OfficeFactory().pk, "user": UserFactory().pk, "kind": "holder",
            "starts_on": "2024-05-13", "ends_on": "",
        },
        "grants.grantagreement": lambda: {
            "reference": "HO-NEW-2025", "title": "New grant", "programme": agreement.programme_id,
            "funder": agreement.funder_id, "recipient": agreement.recipient_id,
            "direction": "incoming", "amount_awarded": "5000.00",
            "starts_on": "2025-04-01", "ends_on": "2026-03-31",
        },
        "grants.organisation": lambda: {
            "name": "Essex Police", "short_name": "EP", "kind": "police_force",
            "org_identifier": "GB-GOVUK-essex-police",
        },
        "grants.programme": lambda: {
            "name": "Op Sceptre", "slug": "op-sceptre", "host": agreement.funder_id,
        },
    }[label]()  # fmt: skip


# --- clients ---


@pytest.fixture(params=["administrator", "superuser"])
def walker(request, db) -> Client:
    """Signed in as an administrator (the role's model permissions), then as a superuser."""
    if request.param == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = UserFactory(is_staff=True, roles=[Role.ADMINISTRATOR])
    client = Client()
    client.force_login(user)
    client.user = user
    return client


# --- helpers ---


def _url(instance, view: str = "change") -> str:
    opts = instance._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{instance.pk}/{view}/"


def _snapshot(instance) -> tuple:
    model = type(instance)
    row = model._default_manager.filter(pk=instance.pk).values().first()
    history = getattr(model, "history", None)
    return row, (history.filter(id=instance.pk).count() if history is not None else None)


def _field_value(field, instance):
    value = field.value_from_object(instance)
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def _tampered(instance) -> dict:
    """Everything the change form would carry, with one value changed as an editor would."""
    fields = [
        field for field in instance._meta.concrete_fields
        if field.editable and not field.primary_key
    ]  # fmt: skip
    data = {field.name: _field_value(field, instance) for field in fields}
    text = [
        field for field in fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]  # fmt: skip
    if text:
        data[text[0].name] += " (changed in the admin)"
        return data
    for field in fields:
        value = field.value_from_object(instance)
        if type(value) in (int, Decimal) and not field.choices:
            data[field.name] = str(value + 1)
            return data
    for field in fields:
        if isinstance(field, models.ForeignKey):
            current = field.value_from_object(instance)
            other = field.related_model._default_manager.exclude(pk=current)
            if other.exists():
                data[field.name] = str(other.first().pk)
                return data
    raise AssertionError(f"Nothing to change on {instance._meta.label}")


def _model(label: str):
    return next(model for model in admin.site._registry if _label(model) == label)


def _request(walker):
    request = RequestFactory().get("/")
    request.user = walker.user
    return request


def _inline_management(model_admin, instance, walker) -> dict:
    data = {}
    for formset, _inline in model_admin.get_formsets_with_inlines(_request(walker), instance):
        prefix = formset.get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def _form_data(page) -> dict:
    """The data an unchanged submit of the admin form on `page` posts."""
    data = {}
    for bound in page.context["adminform"].form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = list(value)
        else:
            data[bound.html_name] = "" if value is None else value
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


# --- every registration is one of the two kinds ---


def test_every_admin_registration_is_reference_data_or_a_record():
    labels = {_label(model) for model in admin.site._registry}
    ours = set(_registered(ReferenceDataAdmin)) | set(_registered(WorkflowRecordAdmin))
    assert labels - ours == OTHER_PACKAGES
    # The walk below knows how to reach every one of ours.
    assert set(_registered(WorkflowRecordAdmin)) | {"grants.grantagreement"} == set(
        WORKFLOW_RECORDS
    )
    assert set(_registered(ReferenceDataAdmin)) == set(REFERENCE_DATA)


def test_the_administrator_role_has_exactly_what_the_admin_declares():
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in role_group(Role.ADMINISTRATOR).permissions.select_related("content_type")
    }
    expected = {
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        for action in getattr(model_admin, "administrator_permissions", ())
    }
    assert granted == expected
    assert not any(".delete_" in codename for codename in granted)
    assert "decisions.view_restrictedpart" not in granted
    assert not {label.split(".")[0] for label in granted} & {"auth", "otp_totp", "axes"}
    assert {"grants.change_organisation", "decisions.add_decisionseries"} <= granted
    assert {"decisions.view_decision", "budget.view_budgetline"} <= granted
    assert not {"decisions.change_decision", "budget.change_budgetline"} & granted


# --- workflow records: no write path, whoever asks ---


@pytest.mark.parametrize("label", sorted(WORKFLOW_RECORDS))
def test_a_workflow_record_cannot_be_written_in_the_admin(walker, label):
    instance = WORKFLOW_RECORDS[label]()
    # Somewhere else to point an approval or a budget, as the revert form re-pointed PCD 881.
    GrantAgreementFactory()
    DecisionFactory()
    before, count = _snapshot(instance), type(instance)._default_manager.count()
    _change_form_refuses(walker, instance)
    _add_and_delete_refuse(walker, instance, label)
    _revert_form_refuses(walker, instance)
    _actions_and_inlines_refuse(walker, instance, label)
    assert _snapshot(instance) == before
    assert type(instance)._default_manager.count() == count


def _change_form_refuses(walker, instance) -> None:
    page = walker.get(_url(instance))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    data = _tampered(instance) | _inline_management(_admin_of(type(instance)), instance, walker)
    response = walker.post(_url(instance), data | {"change_reason": REASON, "_save": "Save"})
    assert response.status_code == 403
    if type(instance) is not GrantAgreement:  # a new agreement may be entered, with a reason
        saved_as_new = walker.post(_url(instance), data | {"_saveasnew": "Save as new"})
        assert saved_as_new.status_code == 403


def _add_and_delete_refuse(walker, instance, label: str) -> None:
    if label != "grants.grantagreement":  # agreements not yet proposed are still entered here
        opts = instance._meta
        add_url = f"/admin/{opts.app_label}/{opts.model_name}/add/"
        assert walker.get(add_url).status_code == 403
        assert walker.post(add_url, _tampered(instance)).status_code == 403
    assert walker.post(_url(instance, "delete"), {"post": "yes"}).status_code == 403


def _revert_form_refuses(walker, instance) -> None:
    opts = instance._meta
    history = getattr(type(instance), "history", None)
    if history is None:  # a record without versions has no page for one
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[1, 1])
        return
    version = history.filter(id=instance.pk).earliest("history_date")
    revert_url = _url(instance, f"history/{version.history_id}")
    listing = walker.get(_url(instance, "history"))
    assert listing.status_code == 200
    assert revert_url not in listing.content.decode()
    assert walker.get(revert_url).status_code == 403
    assert walker.post(revert_url, _tampered(instance) | {"_save": "Revert"}).status_code == 403


def _actions_and_inlines_refuse(walker, instance, label: str) -> None:
    model_admin = _admin_of(type(instance))
    request = _request(walker)
    if label != "grants.grantagreement":
        assert model_admin.get_actions(request) == {}
    for inline in model_admin.get_inline_instances(request, instance):
        assert not inline.has_add_permission(request, instance), inline
        assert not inline.has_change_permission(request, instance), inline
        assert not inline.has_delete_permission(request, instance), inline
    opts = instance._meta
    response = walker.post(
        f"/admin/{opts.app_label}/{opts.model_name}/",
        {"action": "delete_selected", "_selected_action": [instance.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)


# --- reference data: a reason for every change ---


@pytest.mark.parametrize("label", sorted(REFERENCE_DATA))
def test_a_reference_change_needs_a_reason_and_history_keeps_it(walker, label):
    instance, field, value = REFERENCE_DATA[label]()
    page = walker.get(_url(instance))
    assert page.status_code == 200
    assert "Reason for this change" in page.content.decode()
    data = _form_data(page) | {field: value, "_save": "Save"}
    before = _snapshot(instance)
    refused = walker.post(_url(instance), data | {"change_reason": "  "})
    assert refused.status_code == 200
    assert REASON_REQUIRED in refused.content.decode()
    assert _snapshot(instance) == before
    saved = walker.post(_url(instance), data | {"change_reason": REASON})
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    instance.refresh_from_db()
    assert getattr(instance, field) == value
    latest = instance.history.first()
    assert (latest.history_change_reason, latest.history_user) == (REASON, walker.user)


@pytest.mark.parametrize("label", sorted(REFERENCE_DATA))
def test_a_reference_record_is_added_with_a_reason(walker, label):
    model = _model(label)
    opts = model._meta
    add_url = f"/admin/{opts.app_label}/{opts.model_name}/add/"
    page = walker.get(add_url)
    assert page.status_code == 200
    data = _form_data(page) | _add_data(label) | {"_save": "Save"}
    count = model._default_manager.count()
    refused = walker.post(add_url, data)
    assert refused.status_code == 200
    assert REASON_REQUIRED in refused.content.decode()
    assert model._default_manager.count() == count
    saved = walker.post(add_url, data | {"change_reason": REASON})
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    created = model._default_manager.latest("pk")
    assert created.history.get().history_change_reason == REASON


@pytest.mark.parametrize("label", sorted(REFERENCE_DATA))
def test_reference_data_is_never_deleted_or_reverted_in_the_admin(walker, label):
    instance, field, value = REFERENCE_DATA[label]()
    before = _snapshot(instance)
    assert walker.post(_url(instance, "delete"), {"post": "yes"}).status_code == 403
    version = instance.history.earliest("history_date")
    revert_url = _url(instance, f"history/{version.history_id}")
    assert revert_url not in walker.get(_url(instance, "history")).content.decode()
    assert walker.get(revert_url).status_code == 403
    assert walker.post(revert_url, {field: value, "change_reason": REASON}).status_code == 403
    assert _snapshot(instance) == before


def test_a_used_series_keeps_its_code(walker):
    series = _cleared().series
    page = walker.get(_url(series))
    assert "code" not in page.context["adminform"].form.fields
    data = _form_data(page) | {"code": "XYZ", "name": "Renamed", "change_reason": REASON}
    assert walker.post(_url(series), data).status_code == 302
    series.refresh_from_db()
    assert (series.code, series.name) == ("PCD", "Renamed")


def test_an_unused_series_code_can_still_be_corrected(walker):
    series = DecisionSeriesFactory(code="DMD", name="Director decision")
    page = walker.get(_url(series))
    data = _form_data(page) | {"code": "DOD", "change_reason": "Typo in the code"}
    assert walker.post(_url(series), data).status_code == 302
    assert DecisionSeries.objects.get(pk=series.pk).code == "DOD"


def test_an_agreement_is_read_only_in_the_admin_the_staff_pages_enter_it(walker):
    """Issue 10: agreements are entered on the staff pages (grants.services), so the admin only
    reads them, before and after a decision proposes them."""
    agreement = GrantAgreementFactory()
    page = walker.get(_url(agreement))
    assert 'name="_save"' not in page.content.decode()
    draft = decision_in(S.DRAFT, make_people())
    services.decision_agreements_set(decision=draft, user=draft.drafted_by, agreements=[agreement])
    page = walker.get(_url(agreement))
    assert 'name="_save"' not in page.content.decode()
    assert "Reason for this change" not in page.content.decode()
    data = _tampered(agreement) | {"match_funding-TOTAL_FORMS": "0"}
    data |= {"match_funding-INITIAL_FORMS": "0", "change_reason": REASON}
    assert walker.post(_url(agreement), data).status_code == 403


def test_a_password_change_in_the_admin_needs_a_reason(walker, db):
    user = UserFactory()
    url = f"/admin/alpha_hub/user/{user.pk}/password/"
    data = {"password1": "another long passphrase 7", "password2": "another long passphrase 7"}
    refused = walker.post(url, data | {"set-password": "Change password"})
    assert refused.status_code == 200
    assert REASON_REQUIRED in refused.content.decode()
    saved = walker.post(url, data | {"set-password": "Change password", "change_reason": REASON})
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long passphrase 7")
    assert user.history.first().history_change_reason == REASON


def test_an_administrator_cannot_make_anyone_a_superuser(client, db):
    administrator = UserFactory(is_staff=True, roles=[Role.ADMINISTRATOR])
    client.force_login(administrator)
    page = client.get(_url(administrator))
    assert "is_superuser" not in page.context["adminform"].form.fields
    data = _form_data(page) | {"is_superuser": "on", "change_reason": "Promotion"}
    assert client.post(_url(administrator), data).status_code == 302
    administrator.refresh_from_db()
    assert not administrator.is_superuser


# --- the demo administrator ---


def test_the_demo_administrator_is_staff_with_the_role_not_a_superuser(client, demo):
    administrator = demo["admin"]
    assert administrator.is_staff
    assert not administrator.is_superuser
    assert administrator.groups.filter(name=Role.ADMINISTRATOR).exists()
    client.force_login(administrator)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Alpha Hub administration" in index.content.decode()
    organisation = GrantAgreement.objects.get(reference="HO-SVSF-ALPHA-2020").funder
    page = client.get(_url(organisation))
    data = _form_data(page) | {"short_name": "Home Office", "change_reason": REASON}
    assert client.post(_url(organisation), data).status_code == 302
    pcd_867 = Decision.objects.get(number=867)
    assert client.get(_url(pcd_867)).status_code == 200
    assert client.post(_url(pcd_867), _tampered(pcd_867)).status_code == 403


def test_loading_the_demo_again_leaves_the_administrator_as_it_is(demo):
    from demo.data import load_demo

    administrator = demo["admin"]
    rows = administrator.history.count()
    users, _password = load_demo()
    assert users["admin"].pk == administrator.pk
    assert not users["admin"].is_superuser
    assert administrator.history.count() == rows


def test_loading_the_demo_demotes_an_administrator_left_a_superuser(demo):
    from demo.data import load_demo

    administrator = demo["admin"]
    administrator.is_superuser = True
    administrator.save()
    users, _password = load_demo()
    users["admin"].refresh_from_db()
    assert not users["admin"].is_superuser
    assert "not a superuser" in users["admin"].history.first().history_change_reason
