"""Declarations of interest at signing: none, or each interest with how it was handled; one that
prevents the signer taking the decision stops the signing, with the reason."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client

from decisions import services
from decisions.documents import decision_documents_issue
from decisions.models import Decision, DeclaredInterest, InterestHandling, Signature
from decisions.services import DecisionRefusedError
from tests.decisions.test_workflow_support import NO_INTERESTS, decision_in, dmpc_rule, make_people
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
S = Decision.Status
TRUSTEE = "My partner is a trustee of one of the charities the grant funds."


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def cleared(people):
    dmpc_rule()
    return decision_in(S.CLEARED, people)


def _sign(decision, user, interests=()):
    return services.decision_sign(
        decision=decision, user=user, declaration_confirmed=True, credential=PASSWORD,
        interests=interests,
    )  # fmt: skip


def _pdf_text(document, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "signed.pdf"
    with document.file.open("rb") as handle:
        path.write_bytes(handle.read())
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(path), "-"],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return " ".join(text.split())


def test_a_signer_who_declares_none_has_no_interests_recorded_and_the_pdf_says_so(
    cleared, people, tmp_path
):
    _sign(cleared, people.dmpc)
    signature = Signature.objects.get(decision=cleared)
    assert not signature.interests.exists()
    document = decision_documents_issue(decision=cleared, user=people.dmpc)["public"]
    text = _pdf_text(document, tmp_path)
    assert "Interests recorded None declared." in text
    assert "Sophie Linden, Deputy Mayor for Policing and Crime" in text


def test_each_interest_is_kept_with_the_signature_and_printed_on_the_signed_pdf(
    cleared, people, tmp_path
):
    _sign(
        cleared, people.dmpc,
        [(TRUSTEE, InterestHandling.NOT_PREJUDICIAL), ("  A former employer.  ", "dispensation")],
    )  # fmt: skip
    interests = list(Signature.objects.get(decision=cleared).interests.all())
    assert [(i.position, i.interest, i.handling) for i in interests] == [
        (1, TRUSTEE, "not_prejudicial"),
        (2, "A former employer.", "dispensation"),
    ]
    assert interests[0].history.get().history_user == people.dmpc
    issued = decision_documents_issue(decision=cleared, user=people.dmpc)
    text = _pdf_text(issued["full"], tmp_path)
    assert TRUSTEE in text
    assert "prejudicial, and I hold a dispensation to take this decision" in text


def test_an_interest_that_prevents_signing_stops_it_with_the_reason(cleared, people):
    with pytest.raises(DecisionRefusedError) as refused:
        _sign(cleared, people.dmpc, [(TRUSTEE, InterestHandling.PREVENTS)])
    assert "prevents you taking this decision" in str(refused.value)
    assert "someone else must take it" in str(refused.value)
    assert Decision.objects.get(pk=cleared.pk).status == S.CLEARED
    assert not Signature.objects.exists()
    assert not DeclaredInterest.objects.exists()


@pytest.mark.parametrize(
    ("interests", "message"),
    [
        ([("", "not_prejudicial")], "say what the interest is"),
        ([(TRUSTEE, "ignored")], "choose how it was handled"),
        ([("x" * 2001, "not_prejudicial")], "2,000 characters or fewer"),
    ],
)
def test_a_malformed_interest_is_refused_and_nothing_is_signed(cleared, people, interests, message):
    with pytest.raises(DecisionRefusedError, match=message):
        _sign(cleared, people.dmpc, interests)
    assert Decision.objects.get(pk=cleared.pk).status == S.CLEARED


def _sign_page(people, cleared):
    client = Client()
    client.force_login(people.dmpc)
    return client, f"/staff/decisions/{cleared.pk}/sign/"


def _post(client, url, **fields):
    return client.post(url, {"declaration": "on", "credential": PASSWORD, **NO_INTERESTS, **fields})


def test_the_sign_page_records_the_interests_below_the_declaration(cleared, people):
    client, url = _sign_page(people, cleared)
    page = client.get(url).content.decode()
    assert page.index("Any such interests are recorded below") < page.index("Interest 1")
    response = _post(
        client, url, has_interests="yes",
        **{"interest-0-interest": TRUSTEE, "interest-0-handling": "not_prejudicial"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Signature.objects.get(decision=cleared).interests.get().interest == TRUSTEE
    detail = client.get(f"/staff/decisions/{cleared.pk}/").content.decode()
    assert TRUSTEE in detail


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"has_interests": ""}, "Say whether you have an interest to declare."),
        ({"has_interests": "yes"}, "Record each interest below, or answer no."),
        ({"interest-1-interest": TRUSTEE, "interest-1-handling": "not_prejudicial"},
         "You answered no, but recorded an interest below"),
        ({"has_interests": "yes", "interest-0-interest": TRUSTEE},
         "Interest 1: Choose how the interest was handled."),
        ({"has_interests": "yes", "interest-0-handling": "dispensation"},
         "Say what the interest is."),
        ({"has_interests": "yes", "interest-0-interest": TRUSTEE,
          "interest-0-handling": "prevents"},
         "prevents you taking this decision"),
        ({"interest-TOTAL_FORMS": "1000"}, "Please submit at most 3 forms."),
    ],
)  # fmt: skip
def test_the_sign_page_explains_what_is_wrong_and_signs_nothing(cleared, people, fields, message):
    client, url = _sign_page(people, cleared)
    response = _post(client, url, **fields)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Decision.objects.get(pk=cleared.pk).status == S.CLEARED
