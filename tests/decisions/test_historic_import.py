"""Historic import: the register's past comes in whole or not at all, frozen like a signed
decision, shown like any other, and a second import of the same file changes nothing."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.test import Client

from alpha_hub.roles import Role
from decisions import services
from decisions.models import (
    Decision,
    DecisionDocument,
    DecisionImport,
    NumberReservation,
    OfficeHolder,
)
from decisions.services import DecisionRefusedError, ImportRefusedError
from tests.decisions.import_files import EXAMPLE, decision_record, tiny_pdf, write_zip
from tests.factories import (
    DecisionCategoryFactory,
    DecisionSeriesFactory,
    GrantAgreementFactory,
    OfficeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    """The reference data the records name: PCD, two categories, the Deputy Mayor's office."""
    DecisionSeriesFactory()
    DecisionCategoryFactory()
    DecisionCategoryFactory(code="general", name="General")
    OfficeFactory()


@pytest.fixture
def admin_user(register):
    return UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)


def _apply(user, path):
    return services.decision_import_apply(user=user, path=path)


def _register_state():
    return (
        Decision.objects.count(),
        DecisionDocument.objects.count(),
        OfficeHolder.objects.count(),
        Decision.history.count(),
    )


def test_the_example_file_imports_and_shows_like_any_decision(demo, client):
    admin = demo["admin"]
    report, batch = _apply(admin, EXAMPLE)
    assert (len(report.new), report.unchanged, report.holders_unchanged) == (3, 0, 1)
    pcd_403 = Decision.objects.get(series__code="PCD", number=403)
    assert pcd_403.is_imported
    assert pcd_403.imported_in == batch
    assert (batch.uploaded_by, batch.file_name) == (admin, "historic-import")
    assert pcd_403.signed_at.date().isoformat() == "2018-02-14"
    assert pcd_403.signed_by == demo["sophie.linden"]  # her term covers the day, her name leads
    record = pcd_403.history.get()
    assert (record.history_change_reason, record.history_user) == (
        "Imported record: historic-import",
        admin,
    )
    page = client.get("/decisions/pcd-403/").content.decode()
    assert "Youth diversion: extension of the pilot 2018/19 (example)" in page
    assert 'href="/decisions/pcd-401/"' in page  # a link to a decision later in the file
    stored = client.get("/decisions/pcd-403/signed.pdf")
    given = (EXAMPLE / "pdfs/pcd-403.pdf").read_bytes()
    assert b"".join(stored.streaming_content) == given
    assert pcd_403.documents.get().sha256 == hashlib.sha256(given).hexdigest()
    assert "PCD 402" in client.get("/decisions/", {"q": "custody healthcare"}).content.decode()
    assert Decision.objects.get(number=402).value_withheld


def test_importing_the_same_file_again_changes_nothing(demo):
    _apply(demo["admin"], EXAMPLE)
    before = (*_register_state(), DecisionImport.objects.count())
    report, batch = _apply(demo["admin"], EXAMPLE)
    assert (batch, len(report.new), report.unchanged) == (None, 0, 3)
    assert (*_register_state(), DecisionImport.objects.count()) == before


def test_an_imported_decision_is_frozen_like_a_signed_one(demo):
    _apply(demo["admin"], EXAMPLE)
    decision = Decision.objects.get(number=401)
    with pytest.raises(DatabaseError, match="is signed"), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(title="Changed")
    with pytest.raises(DatabaseError, match="signed decision"), transaction.atomic():
        decision.sections.update(body="Changed")


def test_checking_writes_nothing(demo):
    before = _register_state()
    report = services.decision_import_check(user=demo["admin"], path=EXAMPLE)
    assert len(report.new) == 3
    assert _register_state() == before


# --- bad input: each refused with the line and the reason, and nothing applied ---

BAD = {
    "unknown series": ({"reference": "XYZ 5"}, "the series XYZ is not in the register"),
    "signed after published": (
        {"date_signed": "2018-03-09", "date_published": "2018-03-08"},
        "date_signed is after date_published",
    ),
    "link nowhere": (
        {"links": [{"kind": "refers_to", "reference": "PCD 9999"}]},
        "it links to PCD 9999, which is neither in the file nor signed in the register",
    ),
    "not a pdf": ({"pdf": "pdfs/notes.pdf"}, "“pdfs/notes.pdf” is not a PDF"),
    "missing pdf": ({"pdf": "pdfs/absent.pdf"}, "the PDF “pdfs/absent.pdf” is not in the file"),
    "escaping path": ({"pdf": "../secret.pdf"}, "is not a plain relative path"),
    "huge field": ({"executive_summary": "x" * 10_000_000}, "longer than 2,000,000 characters"),
    "long field": ({"title": "x" * 251}, "title is 251 characters: at most 250"),
    "unknown office": ({"office": "Mayor"}, "the office “Mayor” is not in the register"),
    "bad value": ({"value": "lots"}, "value: Enter an amount"),
    "unknown agreement": (
        {"grant_agreements": [{"reference": "GA-NONE", "amount": "1.00"}]},
        "the grant agreement GA-NONE is not in the register",
    ),
    "no recommendations": ({"recommendations": []}, "at least one recommendation"),
    "nul": ({"title": "a\x00b"}, "title contains a NUL character"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_record_is_refused_with_its_line_and_reason_and_nothing_is_applied(
    admin_user, tmp_path, case
):
    fields, reason = BAD[case]
    bad = decision_record(2, **fields)
    pdfs = {"pdfs/pcd-1.pdf": tiny_pdf("PCD 1"), "pdfs/notes.pdf": b"Meeting notes, not a PDF"}
    pdfs[bad["pdf"]] = pdfs.get(bad["pdf"], tiny_pdf("PCD 2"))
    pdfs.pop("pdfs/absent.pdf", None)
    pdfs.pop("../secret.pdf", None)
    path = write_zip(tmp_path / "bad.zip", [decision_record(1), bad], pdfs)
    before = _register_state()
    with pytest.raises(ImportRefusedError) as refused:
        _apply(admin_user, path)
    refusals = refused.value.report.refusals
    assert [refusal.line for refusal in refusals] == [3]  # line 1 is the format, 2 the good one
    assert reason in refusals[0].reason
    assert _register_state() == before


def test_a_reference_already_in_the_register_is_refused(demo, tmp_path):
    path = write_zip(tmp_path / "dup.zip", [decision_record(867)])
    with pytest.raises(ImportRefusedError) as refused:
        _apply(demo["admin"], path)
    assert refused.value.report.refusals[0].reason == "PCD 867 is already in the register"


def test_the_same_reference_twice_in_a_file_is_refused(admin_user, tmp_path):
    path = write_zip(tmp_path / "twice.zip", [decision_record(5), decision_record(5)])
    with pytest.raises(ImportRefusedError, match="cannot be imported") as refused:
        _apply(admin_user, path)
    assert refused.value.report.refusals[0].reason == "PCD 5 is also on line 2"


def test_a_second_import_with_a_different_pdf_is_refused(admin_user, tmp_path):
    _apply(admin_user, write_zip(tmp_path / "first.zip", [decision_record(7)]))
    changed = {"pdfs/pcd-7.pdf": tiny_pdf("PCD 7, another scan")}
    path = write_zip(tmp_path / "second.zip", [decision_record(7)], changed)
    with pytest.raises(ImportRefusedError) as refused:
        _apply(admin_user, path)
    assert "but the PDF imported before for PCD 7 (from first.zip)" in (
        refused.value.report.refusals[0].reason
    )
    altered = write_zip(tmp_path / "third.zip", [decision_record(7, title="Renamed")])
    with pytest.raises(ImportRefusedError) as refused:
        _apply(admin_user, altered)
    assert "a correction is a new decision" in refused.value.report.refusals[0].reason


def test_overlapping_office_holders_are_refused(admin_user, tmp_path):
    holders = [
        {"record": "office_holder", "office": "dmpc", "name": "A Holder", "from": "2016-05-09",
         "to": "2020-05-08"},
        {"record": "office_holder", "office": "dmpc", "name": "B Holder", "from": "2020-05-01"},
        {"record": "office_holder", "office": "dmpc", "name": "C Acting", "kind": "acting",
         "from": "2019-01-01", "to": "2019-01-14"},
    ]  # fmt: skip
    path = write_zip(tmp_path / "holders.zip", [*holders, decision_record(1)])
    before = _register_state()
    with pytest.raises(ImportRefusedError) as refused:
        _apply(admin_user, path)
    (refusal,) = refused.value.report.refusals
    assert (refusal.line, refusal.reference) == (3, "B Holder")
    assert "overlaps A Holder's from 2016-05-09: an office has one holder at a time" in (
        refusal.reason
    )
    assert _register_state() == before


def test_office_holders_come_in_as_inactive_people_who_signed_on_their_days(admin_user, tmp_path):
    holder = {"record": "office_holder", "office": "dmpc", "name": "Sophie Linden",
              "from": "2016-05-09", "to": "2024-05-12"}  # fmt: skip
    _apply(admin_user, write_zip(tmp_path / "h.zip", [holder, decision_record(1)]))
    term = OfficeHolder.objects.get()
    assert (term.user.full_name, term.user.is_active, term.user.has_usable_password()) == (
        "Sophie Linden",
        False,
        False,
    )
    assert Decision.objects.get(number=1).signed_by == term.user


def test_a_file_that_is_not_a_zip_is_refused_with_a_reason(admin_user, tmp_path):
    path = tmp_path / "decisions.csv"
    path.write_text("reference,title\n")
    with pytest.raises(DecisionRefusedError, match="neither a ZIP file nor a folder"):
        _apply(admin_user, path)


# --- numbering ---


def test_the_next_number_is_the_highest_in_use_plus_one_and_reservations_count(
    admin_user, tmp_path
):
    officer = UserFactory(roles=[Role.OFFICER])
    _apply(admin_user, write_zip(tmp_path / "old.zip", [decision_record(3), decision_record(50)]))
    series = DecisionSeriesFactory()
    assert services.series_next_number(series) == 51
    governance = UserFactory(roles=[Role.GOVERNANCE])
    services.number_reserve(user=governance, series=series, number=60, reason="Signed on paper")
    draft = services.decision_create(
        user=officer, series=series, title="New", category=DecisionCategoryFactory(),
        office=OfficeFactory(), financial_value=Decimal(0),
    )  # fmt: skip
    assert draft.number == 61
    _apply(admin_user, write_zip(tmp_path / "paper.zip", [decision_record(60)]))
    assert NumberReservation.objects.get().used_by.number == 60


@pytest.mark.parametrize(
    ("number", "message"),
    [(3, "PCD 3 is already in the register"), (60, "PCD 60 is already reserved")],
)
def test_a_number_in_use_cannot_be_reserved(admin_user, tmp_path, number, message):
    _apply(admin_user, write_zip(tmp_path / "old.zip", [decision_record(3)]))
    series = DecisionSeriesFactory()
    services.number_reserve(user=admin_user, series=series, number=60, reason="Held")
    with pytest.raises(DecisionRefusedError, match=message):
        services.number_reserve(user=admin_user, series=series, number=number, reason="Again")


def test_only_administrators_and_governance_officers_import_or_reserve(register, tmp_path):
    officer = UserFactory(roles=[Role.OFFICER, Role.DECISION_MAKER, Role.AUDITOR])
    with pytest.raises(DecisionRefusedError, match="Only an administrator or a governance"):
        _apply(officer, EXAMPLE)
    client = Client()
    client.force_login(officer)
    assert client.get("/staff/imports/").status_code == 403
    assert client.get("/staff/imports/reserve/").status_code == 403


def test_the_command_checks_then_applies(demo, capsys):
    call_command("import_decisions", str(EXAMPLE), "--as", "admin")
    assert "Checked only" in capsys.readouterr().out
    assert not Decision.objects.filter(number=401).exists()
    call_command("import_decisions", str(EXAMPLE), "--as", "admin", "--apply")
    assert "Imported 3 decisions" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No active user"):
        call_command("import_decisions", str(EXAMPLE), "--as", "nobody")


# --- the done-when: 200 decisions with links and PDFs, in one go, from the staff screen ---


def test_an_administrator_imports_200_linked_decisions_from_the_staff_screen(
    demo, client, tmp_path
):
    agreement = GrantAgreementFactory(amount_awarded=Decimal("250000.00"))
    records = []
    for number in range(1001, 1201):
        links = [{"kind": "continues", "reference": f"PCD {number + 1}"}] if number < 1200 else []
        records.append(
            decision_record(
                number, title=f"Knife crime prevention {number}", links=links,
                date_signed=f"20{10 + number % 10}-0{1 + number % 9}-1{number % 9}",
                date_published=f"20{10 + number % 10}-0{1 + number % 9}-2{number % 9}",
                grant_agreements=[{"reference": agreement.reference, "amount": "250,000.00"}],
            )
        )  # fmt: skip
    path = write_zip(tmp_path / "register-2010-2019.zip", records)
    client.force_login(demo["admin"])
    with path.open("rb") as upload:
        response = client.post("/staff/imports/", {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "Import 200 decisions" in preview.content.decode()
    assert not Decision.objects.filter(number__gte=1001).exists()  # nothing until applied
    applied = client.post(response["Location"] + "apply/", follow=True)
    assert "200 decisions imported" in applied.content.decode()

    assert Decision.objects.filter(number__range=(1001, 1200), status="published").count() == 200
    assert Decision.objects.get(number=1001).links_out.get().target.number == 1002
    register = client.get("/decisions/", {"q": "knife crime prevention 1150"}).content.decode()
    assert "PCD 1150" in register
    assert "Showing" in client.get("/decisions/", {"year": "2015"}).content.decode()
    programme = client.get(f"/programmes/{agreement.programme.slug}/").content.decode()
    assert "PCD 1001" in programme
    assert "PCD 1200" in programme
    page = client.get("/decisions/pcd-1011/").content.decode()
    assert "PCD 1011" in page
    assert default_storage.exists(Decision.objects.get(number=1011).documents.get().file.name)


def test_a_governance_officer_sees_every_refusal_before_anything_is_imported(register, tmp_path):
    governance = UserFactory(roles=[Role.GOVERNANCE])
    client = Client()
    client.force_login(governance)
    bad = decision_record(2, date_signed="2018-03-09", date_published="2018-03-08")
    path = write_zip(tmp_path / "mixed.zip", [decision_record(1), bad])
    with path.open("rb") as upload:
        response = client.post("/staff/imports/", {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "date_signed is after date_published" in page
    assert "Import 1 decisions" not in page  # no way to apply a file with a refusal
    applied = client.post(response["Location"] + "apply/")
    assert applied.status_code == 400
    assert "cannot be imported, so nothing was imported" in applied.content.decode()
    assert not Decision.objects.exists()
    assert DecisionImport.objects.get().status == DecisionImport.Status.PREVIEWED


def test_an_upload_that_is_not_a_zip_is_refused_on_the_page(register, tmp_path):
    client = Client()
    client.force_login(UserFactory(roles=[Role.GOVERNANCE]))
    path = tmp_path / "register.csv"
    path.write_text("reference,title\nPCD 1,Old\n")
    with path.open("rb") as upload:
        response = client.post("/staff/imports/", {"file": upload})
    assert response.status_code == 400
    assert "The file is neither a ZIP file nor a folder." in response.content.decode()
    assert not DecisionImport.objects.exists()
