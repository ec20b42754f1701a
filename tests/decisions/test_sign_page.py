"""Read and sign (issue 13 point 6): the sign page shows the decision as it will be issued, the
declaration above the interests it speaks of, the credential with its error on the field, a busy
state while the documents are issued; afterwards the decision page links to both PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from alpha_hub.audit.models import AccessEvent, AccessKind
from decisions import services
from decisions.documents import decision_documents_issue
from decisions.models import INTEREST_DECLARATION, Decision
from tests.decisions.test_workflow_support import NO_INTERESTS, decision_in, dmpc_rule, make_people
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
S = Decision.Status


@pytest.fixture
def people():
    dmpc_rule()
    return make_people()


@pytest.fixture
def cleared(people):
    return decision_in(S.CLEARED, people, part2="Breakdown of costs: restricted.")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(decision) -> str:
    return f"/staff/decisions/{decision.pk}/sign/"


def test_the_sign_page_shows_the_decision_as_it_will_be_issued(cleared, people):
    page = _client(people.dmpc).get(_url(cleared)).content.decode()

    assert "The decision as it will be issued" in page
    assert f"DMPC Decision \N{EN DASH} {cleared.reference}" in page
    assert "Approve the grant." in page  # its recommendation
    assert "Signed electronically by Sophie Linden, Deputy Mayor for Policing and Crime" in page
    legal = cleared.clearances.get(capacity="legal").cleared_by
    assert f"Cleared: legal</th><td>{legal.display_name}" in page
    # The signer reads Part 2 too (it is what the full version signs), and the read is logged.
    assert "Breakdown of costs: restricted." in page
    assert AccessEvent.objects.filter(
        kind=AccessKind.PART2_VIEW, user=people.dmpc, subject=cleared.reference
    ).exists()


def test_the_declaration_comes_before_the_interests_it_says_are_recorded_below(cleared, people):
    page = _client(people.dmpc).get(_url(cleared)).content.decode()
    form = page[page.index("<form") :]

    declaration = form.index(INTEREST_DECLARATION)
    assert declaration < form.index("Interest 1") < form.index("Interest 3")
    # The box to tick comes after them, and says they are recorded above.
    assert form.index("Interest 3") < form.index("that any such interest is recorded above")


def test_a_wrong_password_is_shown_on_its_field_and_linked_from_the_summary(cleared, people):
    response = _client(people.dmpc).post(
        _url(cleared), {"declaration": "on", "credential": "not it", **NO_INTERESTS}
    )
    page = response.content.decode()

    assert response.status_code == 200
    start = page.index("govuk-error-summary")
    summary = page[start : page.index("</ul>", start)]
    assert re.search(r'<a href="#id_credential">The password or code is not right', summary)
    assert 'id="id_credential-error"' in page
    assert Decision.objects.get(pk=cleared.pk).status == S.CLEARED


def test_the_form_says_it_is_busy_while_signing_with_a_script_that_fetches_nothing(cleared, people):
    page = _client(people.dmpc).get(_url(cleared)).content.decode()

    assert 'data-busy-text="Signing and issuing…"' in page
    assert 'id="sign-status" role="status"' in page
    assert re.search(r'<script type="module" src="/static/js/sign-busy\.js[^"]*"', page)
    script = (Path(settings.BASE_DIR) / "static/js/sign-busy.js").read_text()
    assert "disabled = true" in script
    for network in ("fetch(", "XMLHttpRequest", "import("):
        assert network not in script
    # Without JavaScript it is an ordinary form: the button submits it.
    assert '<button type="submit" class="govuk-button"' in page


def test_once_signed_the_decision_page_links_to_both_pdfs(cleared, people):
    client = _client(people.dmpc)
    response = client.post(
        _url(cleared), {"declaration": "on", "credential": PASSWORD, **NO_INTERESTS}
    )
    assert response.status_code == 302
    decision = Decision.objects.get(pk=cleared.pk)
    decision_documents_issue(decision=decision, user=people.dmpc)  # after commit, normally

    detail = client.get(f"/staff/decisions/{decision.pk}/", follow=True).content.decode()
    full, public = (
        f"/staff/decisions/{decision.slug}/full.pdf",
        f"/staff/decisions/{decision.slug}/public.pdf",
    )
    assert f'href="{full}"' in detail
    assert f'href="{public}"' in detail
    assert "signed. Its signed documents are under Documents." in detail
    pdf = client.get(public)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # Not yet on the register: the public address does not serve it; staff only, signed in.
    assert Client().get(f"/decisions/{decision.slug}/signed.pdf").status_code == 404
    assert Client().get(public).status_code in (302, 403)

    services.decision_publish(decision=decision, user=people.drafter)
    detail = client.get(f"/staff/decisions/{decision.pk}/").content.decode()
    assert f'href="/decisions/{decision.slug}/signed.pdf"' in detail


def test_someone_without_a_staff_role_cannot_read_the_unpublished_public_pdf(cleared, people):
    decision = services.decision_sign(
        decision=cleared, user=people.dmpc, declaration_confirmed=True, credential=PASSWORD
    )
    decision_documents_issue(decision=decision, user=people.dmpc)
    response = _client(UserFactory(roles=[])).get(f"/staff/decisions/{decision.slug}/public.pdf")
    assert response.status_code == 403


def test_the_bodys_mark_on_the_sign_page_is_served_from_static(cleared, people, settings):
    settings.ORGANISATION_LOGO = "govuk/assets/images/icon-180.png"
    page = _client(people.dmpc).get(_url(cleared)).content.decode()
    assert re.search(
        r'<img class="logo" src="/static/govuk/assets/images/icon-180[^"]*\.png" '
        r'alt="Mayor&#x27;s Office for Policing and Crime">',
        page,
    )
