"""Cache-Control: no page behind sign-in, and nothing shown to a signed-in user, is ever stored.

Issue 14, point 7: staff pages, which can show Part 2, sent no Cache-Control, so a browser's disk
cache or a proxy could keep them for the next person.
"""

import hashlib
import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client

from alpha_hub.access import ACCESS_ATTRIBUTE
from alpha_hub.files import CheckedFile
from alpha_hub.roles import Role
from budget.models import Budget
from decisions.models import (
    BulkExport,
    Decision,
    DecisionDocument,
    DecisionImport,
    DecisionLink,
    ForwardPlanEntry,
    SupportingPaper,
)
from decisions.services.comments import comment_add
from decisions.services.contracts import decision_contract_add
from decisions.services.papers import paper_add
from grants.models import Programme
from tests.alpha_hub.test_access import _all_views
from tests.claims.support import cache_header_records
from tests.decisions.test_workflow_support import decision_in, make_people
from tests.factories import (
    DecisionFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
    mark_signed,
)

NO_STORE = "no-store, private"
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _is_public(view) -> bool:
    return getattr(view, ACCESS_ATTRIBUTE, None) == "public"


@pytest.fixture
def walker(demo):
    """A user who holds every role and may use the admin: the most a signed-in page can show."""
    return UserFactory(roles=list(Role), is_staff=True, is_superuser=True)


@pytest.fixture
def records(demo, walker, django_capture_on_commit_callbacks):
    """Real objects for every URL parameter, so that the pages render rather than 404."""
    pcd_867 = Decision.objects.get(series__code="PCD", number=867)
    for variant in DecisionDocument.Variant.values:
        data = b"%PDF-1.7 pretend signed document " + variant.encode()
        document = DecisionDocument(
            decision=pcd_867, variant=variant, sha256=hashlib.sha256(data).hexdigest(),
            template_version="test",
        )  # fmt: skip
        document.file.save(f"pcd-867-{variant}.pdf", ContentFile(data), save=False)
        document.save()
    draft = DecisionFactory(drafted_by=walker)
    RecommendationFactory(decision=draft)
    section = SectionFactory(decision=draft)
    link = DecisionLink.objects.create(source=draft, target=pcd_867, kind=DecisionLink.Kind.VARIES)
    client = Client()
    client.force_login(walker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/audit/exports/", {"date_from": "2000-01-01", "date_to": "2030-12-31"})
    export = BulkExport.objects.get(requested_by=walker)
    assert export.status == BulkExport.Status.DONE
    budget = Budget.objects.filter(lines__isnull=False).first()
    contract = _draft_contract(draft, walker)
    paper = _draft_paper(draft, walker)
    published = DecisionFactory(drafted_by=walker)
    public_paper = _draft_paper(published, walker)
    mark_signed(published, published=True)
    people = make_people()
    submitted = decision_in(Decision.Status.SUBMITTED, people)
    comment = comment_add(
        decision=submitted, user=people.clearer, part_kind="sections",
        part_pk=submitted.sections.first().pk, body="Name the year.",
    )  # fmt: skip
    return {
        ("documents", "slug"): pcd_867.slug,
        ("staff_decisions", "pk"): draft.pk,
        ("staff_decisions", "link_pk"): link.pk,
        ("staff_decisions", "part_kind"): "sections",
        ("staff_decisions", "part_pk"): section.pk,
        ("staff_decisions", "contract_pk"): contract.pk,
        ("contracts", "pk"): contract.pk,
        ("papers", "pk"): draft.pk,
        ("papers", "paper_pk"): paper.pk,
        ("papers", "slug"): draft.slug,
        ("papers", "public_pk"): public_paper.pk,
        ("papers", "public_slug"): published.slug,
        ("staff_decisions", "comment_pk"): comment.pk,
        ("budget", "pk"): budget.pk,
        ("budget", "agreement_id"): budget.agreement_id,
        ("budget", "line_id"): budget.lines.first().pk,
        ("budget", "fmt"): "csv",
        ("budget_programmes", "slug"): Programme.objects.first().slug,
        ("grants", "pk"): budget.agreement_id,
        ("exports", "pk"): export.pk,
        ("audit", "label"): "decisions.decision",
        ("audit", "pk"): pcd_867.pk,
        ("forward_plan", "pk"): ForwardPlanEntry.objects.create(
            title="VRU grants",
            summary="Grants.",
            office=pcd_867.office,
            expected_month=date(2099, 1, 1),
            created_by=walker,
        ).pk,
        ("imports", "pk"): DecisionImport.objects.create(
            file_name="historic.zip", sha256="0" * 64, uploaded_by=walker
        ).pk,
    } | cache_header_records(walker)  # claims (issue 11): tests/claims/support.py


def _draft_contract(draft, walker):
    """A contract the walker's draft approves (decisions.services.contracts)."""
    return decision_contract_add(
        decision=draft, user=walker, title="Monitoring platform",
        supplier=Programme.objects.first().host, maximum_value=5000, starts_on=date(2021, 4, 1),
        ends_on=date(2022, 3, 31), procurement_route="framework", awarded_by="CFO",
    )  # fmt: skip


def _draft_paper(draft, walker):
    """An appendix on the walker's draft (decisions.services.papers)."""
    data = b"%PDF-1.4\n%%EOF\n"
    checked = CheckedFile("appendix.pdf", "application/pdf", data, hashlib.sha256(data).hexdigest())
    return paper_add(
        decision=draft, user=walker, checked=checked, title="Appendix A",
        kind=SupportingPaper.Kind.APPENDIX, part=1,
    )  # fmt: skip


def _admin_url(route: str) -> str:
    """A concrete admin URL: the first record of the route's model where it needs one."""
    if "(?P<app_label>" in route:
        return "/admin/decisions/"
    if "(?P<url>" in route:
        return "/admin/no-such-page/"
    if route.startswith("admin/r/"):  # "view on site"
        decision = Decision.objects.get(series__code="PCD", number=867)
        return f"/admin/r/{ContentType.objects.get_for_model(Decision).pk}/{decision.pk}/"
    try:
        model = apps.get_model(*route.split("/")[1:3])
    except (LookupError, TypeError, ValueError):  # the index, sign-in, password change...
        return "/" + route
    record = model._default_manager.first()
    pk = record.pk if record else 1
    if "^([^/]+)/history/([^/]+)/$" in route:  # django-simple-history's view of one version
        # The admin may offer it on a model that keeps no history (the access log): any version.
        history = getattr(record, "history", None)
        version = history.first().history_id if history is not None and history.exists() else 1
        return "/" + route.split("^")[0] + f"{pk}/history/{version}/"
    return "/" + route.replace("<path:object_id>", str(pk))


def _staff_urls(records) -> list[str]:
    urls = []
    for route, namespace, view in _all_views():
        if namespace == "admin":
            urls.append(_admin_url(route))
        elif not _is_public(view):
            values = {name: records[namespace, name] for name in CONVERTER.findall(route)}
            urls.append("/" + CONVERTER.sub(lambda m, v=values: str(v[m.group(1)]), route))
    return urls


def test_every_staff_page_and_download_is_never_stored(walker, records):
    client = Client()
    client.force_login(walker)
    urls = _staff_urls(records)
    responses = {url: client.get(url) for url in urls}

    not_no_store = {
        url: response.get("Cache-Control") for url, response in responses.items()
        if response.get("Cache-Control") != NO_STORE
    }  # fmt: skip
    assert not not_no_store, not_no_store
    # The walk reached the pages themselves, Part 2 and the downloads among them.
    ok = {url for url, response in responses.items() if response.status_code == 200}
    for url in [
        f"/staff/decisions/{records['staff_decisions', 'pk']}/part-2/",
        "/staff/decisions/pcd-867/full.pdf",
        f"/staff/audit/exports/{records['exports', 'pk']}/download/",
        f"/staff/budgets/{records['budget', 'pk']}/export.csv",
        "/staff/audit/audit-log.csv",
        "/admin/decisions/decision/",
    ]:
        assert url in ok, (url, responses[url].status_code)
    # Many routes need a record of their own kind; the ones above prove the walk got in.
    assert len(ok) > len(urls) / 3


def test_a_staff_page_sends_no_store_to_anonymous_visitors_too(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Cache-Control"] == NO_STORE


@pytest.mark.parametrize(
    "url", ["/decisions/", "/decisions/pcd-867/", "/data/", "/data/360giving.json",
            "/decisions/feed/", "/verify/", "/accessibility/"],
)  # fmt: skip
def test_a_public_page_is_no_store_only_for_signed_in_users(client, demo, url):
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert "no-store" not in anonymous.get("Cache-Control", "")

    client.force_login(UserFactory(roles=[Role.OFFICER]))
    signed_in = client.get(url)
    assert signed_in.status_code == 200
    assert signed_in["Cache-Control"] == NO_STORE


def test_every_public_page_leaves_caching_alone_for_anonymous_visitors(client, records):
    values = {"slug": "pcd-867", "paper_pk": records["papers", "public_pk"]}
    public = [
        "/" + CONVERTER.sub(lambda m: str(values[m.group(1)]), route)
        for route, namespace, view in _all_views()
        if namespace != "admin" and _is_public(view) and route != "healthz"
    ]
    public = [url.replace("/programmes/pcd-867/", _programme_url()) for url in public]
    # A published decision's Part 1 paper (PCD 867's were issued before papers existed).
    paper_of = f"/decisions/{records['papers', 'public_slug']}/papers/"
    public = [url.replace("/decisions/pcd-867/papers/", paper_of) for url in public]
    stored_by_nobody = {}
    for url in public:
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if "no-store" in response.get("Cache-Control", ""):
            stored_by_nobody[url] = response["Cache-Control"]
    # Only Django's sign-in page says so itself (never_cache); the public signed PDF, which never
    # changes, is public and immutable (decisions/views/documents.py).
    assert stored_by_nobody == {
        "/accounts/login/": "max-age=0, no-cache, no-store, must-revalidate, private",
    }


def _programme_url() -> str:
    # One the public can see: a programme with a published decision (others are 404s).
    published = Programme.objects.filter(agreements__approvals__decision__status="published")
    return f"/programmes/{published.first().slug}/"
