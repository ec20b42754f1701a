"""The public pages' cache: no cookie, validators and 304s, a new version for every change that
shows, and signed-in users kept apart (decisions/cache.py, decisions/views/cached_page.py)."""

import hashlib
import re
from datetime import datetime
from html import unescape
from io import StringIO

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.utils.http import http_date

from alpha_hub.history import stamp
from alpha_hub.roles import Role
from decisions.cache import public_version
from decisions.models import Decision, DecisionDocument, DecisionLink
from decisions.services import decision_link_add, decision_publish, section_add
from tests.decisions.public_data import LONDON, link, onward_grant, published
from tests.factories import DecisionFactory, ProgrammeFactory, mark_signed

pytestmark = pytest.mark.django_db

PUBLIC_CACHE_CONTROL = "public, max-age=300"
PDF = b"%PDF-1.7 pretend signed document"


@pytest.fixture
def decision() -> Decision:
    """A published decision approving an onward grant of a programme, as the register shows it."""
    decision = published(number=901, title="Knife crime fund", sections=("Public facts.",))
    programme = ProgrammeFactory(slug="knife-crime", name="Knife crime programme")
    onward_grant(decision, programme=programme, title="Grant to partners")
    return decision


def _anonymous_pages(decision: Decision) -> list[str]:
    return [
        "/decisions/",
        "/decisions/?q=knife&year=2021",
        decision.get_absolute_url(),
        "/programmes/knife-crime/",
        "/decisions/feed/",
        "/data/",
        "/data/decisions.json",
        "/data/360giving.json",
        "/data/360giving.csv",
        "/accessibility/",
    ]


def _text(response) -> str:
    content = response.getvalue() if response.streaming else response.content
    return content.decode()


def _visible(response) -> str:
    """The page's text as a reader sees it: no tags, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", _text(response))))


def _fresh(client, url: str, django_assert_max_num_queries, *, rendered: bool) -> str:
    """The page at `url`; `rendered`: read from the database (else the cache, no query)."""
    if rendered:
        response = client.get(url)
    else:
        with django_assert_max_num_queries(0):
            response = client.get(url)
    assert response.status_code == 200
    return _text(response)


def test_anonymous_visitors_get_cacheable_pages_that_set_no_cookie(client, decision):
    for url in _anonymous_pages(decision):
        for _visit in ("rendered", "from the cache"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert not response.cookies, url
            assert "Set-Cookie" not in response, url
            assert "cookie" not in response.get("Vary", "").lower(), url
            assert response["Cache-Control"] == PUBLIC_CACHE_CONTROL, url
            assert response["ETag"].startswith('"'), url
            assert response["Last-Modified"], url


def test_a_repeat_visit_is_served_without_the_database(
    client, decision, django_assert_max_num_queries
):
    for url in ["/decisions/", decision.get_absolute_url(), "/data/decisions.json"]:
        first = _fresh(client, url, django_assert_max_num_queries, rendered=True)
        assert _fresh(client, url, django_assert_max_num_queries, rendered=False) == first


def test_a_page_still_held_is_answered_304_and_a_stale_one_in_full(client, decision):
    url = decision.get_absolute_url()
    etag = client.get(url)["ETag"]
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert unchanged["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-older"').status_code == 200


def test_if_modified_since_holds_until_something_is_published(client, decision):
    last_modified = client.get("/decisions/")["Last-Modified"]
    assert client.get("/decisions/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    newer = DecisionFactory(title="Serious violence duty funding")
    mark_signed(newer)
    decision_publish(decision=newer, user=newer.drafted_by)
    # The same second, at the test's speed: a client that asked before the publication.
    earlier = http_date(public_version().changed_at - 1)
    response = client.get("/decisions/", HTTP_IF_MODIFIED_SINCE=earlier)
    assert response.status_code == 200
    assert "Serious violence duty funding" in _text(response)


def test_unknown_parameters_neither_make_new_entries_nor_reach_the_links(
    client, django_assert_max_num_queries
):
    for day in range(1, 23):
        published(
            title=f"Violence reduction grant {day}", signed=datetime(2020, 3, day, tzinfo=LONDON)
        )
    html = _fresh(
        client,
        "/decisions/?q=violence&utm_source=x%22",
        django_assert_max_num_queries,
        rendered=True,
    )
    assert "page=2" in html
    assert "utm_source" not in html
    assert (
        _fresh(client, "/decisions/?q=violence", django_assert_max_num_queries, rendered=False)
        == html
    )


# What starts a new public version ----------------------------------------------------------


def test_a_publication_shows_on_the_register_at_once(client, decision):
    assert "Serious violence duty funding" not in _text(client.get("/decisions/"))
    newer = DecisionFactory(title="Serious violence duty funding")
    mark_signed(newer)
    decision_publish(decision=newer, user=newer.drafted_by)
    register = _text(client.get("/decisions/"))
    assert "Serious violence duty funding" in register
    assert "Showing 1\N{EN DASH}2 of 2 results" in register
    assert "Serious violence duty funding" in _text(client.get("/data/decisions.json"))
    assert "Serious violence duty funding" in _text(client.get("/decisions/feed/"))


def test_a_later_decision_that_varies_it_appears_on_its_page_once_published(client, decision):
    url = decision.get_absolute_url()
    variation = DecisionFactory(title="Knife crime fund: extension")
    decision_link_add(
        decision=variation,
        user=variation.drafted_by,
        target=decision,
        kind=DecisionLink.Kind.VARIES,
    )
    assert "Knife crime fund: extension" not in _text(client.get(url))  # still a draft
    mark_signed(variation)
    decision_publish(decision=variation, user=variation.drafted_by)
    page = _visible(client.get(url))
    assert f"Varies by: {variation.reference}: Knife crime fund: extension" in page


def test_a_link_written_to_a_published_decision_shows(client, decision):
    earlier = published(number=545, title="Proof of concept")
    url = decision.get_absolute_url()
    assert "Proof of concept" not in _text(client.get(url))
    link(decision, earlier, DecisionLink.Kind.CONTINUES)  # a data fix past the freeze
    assert "Continues: PCD 545: Proof of concept" in _visible(client.get(url))


def test_drafting_starts_no_new_version(client, decision, django_assert_max_num_queries):
    first = _fresh(client, "/decisions/", django_assert_max_num_queries, rendered=True)
    draft = DecisionFactory(title="A draft nobody may see")
    section_add(
        decision=draft, user=draft.drafted_by, kind="introduction", heading="Intro", body="Text."
    )
    decision_link_add(decision=draft, user=draft.drafted_by, target=decision, kind="refers_to")
    again = _fresh(client, "/decisions/", django_assert_max_num_queries, rendered=False)
    assert again == first


def test_a_correction_to_the_programme_shows_on_its_pages(client, decision):
    assert "Knife crime programme" in _text(client.get("/programmes/knife-crime/"))
    programme = decision.approvals.get().agreement.programme
    programme.name = "Knife crime and violence programme"
    stamp(programme, user=None, reason="Renamed")
    programme.save()
    assert "Knife crime and violence programme" in _text(client.get("/programmes/knife-crime/"))
    assert "Knife crime and violence programme" in _text(client.get(decision.get_absolute_url()))


def test_a_renamed_organisation_shows_on_the_decision_and_in_open_data(client, decision):
    url = decision.get_absolute_url()
    client.get(url), client.get("/data/360giving.json")
    funder = decision.approvals.get().agreement.funder
    funder.name = "Home Office (renamed)"
    stamp(funder, user=None, reason="Renamed")
    funder.save()
    assert "Home Office (renamed)" in _text(client.get(url))
    assert "Home Office (renamed)" in _text(client.get("/data/360giving.json"))


def test_a_change_to_an_approved_grant_shows_in_open_data(client, decision):
    assert "Grant to partners" in _text(client.get("/data/360giving.csv"))
    agreement = decision.approvals.get().agreement
    agreement.title = "Grant to local partners"
    stamp(agreement, user=None, reason="Title corrected")
    agreement.save()
    assert "Grant to local partners" in _text(client.get("/data/360giving.csv"))
    assert "Grant to local partners" in _text(client.get(decision.get_absolute_url()))


def test_a_renamed_series_shows_in_the_registers_filters(client, decision):
    client.get("/decisions/")
    series = decision.series
    series.name = "Policing and crime decisions"
    stamp(series, user=None, reason="Renamed")
    series.save()
    assert "PCD: Policing and crime decisions" in _text(client.get("/decisions/"))


def test_a_renamed_office_shows_as_the_addressee(client, decision):
    url = decision.get_absolute_url()
    client.get(url)
    office = decision.office
    office.title = "Deputy Mayor for Policing and Crime (London)"
    stamp(office, user=None, reason="Renamed")
    office.save()
    assert "The Deputy Mayor for Policing and Crime (London) is recommended" in _text(
        client.get(url)
    )


def test_volume_data_written_in_bulk_starts_a_new_version(client, demo):
    before = _text(client.get("/decisions/"))
    call_command("generate_demo_volume", total=30, stdout=StringIO())
    assert before != _text(client.get("/decisions/"))
    assert "of 30 results" in _text(client.get("/decisions/"))


def test_the_new_version_starts_again_once_the_change_commits(
    decision, django_capture_on_commit_callbacks
):
    newer = DecisionFactory()
    mark_signed(newer)
    with django_capture_on_commit_callbacks() as callbacks:
        decision_publish(decision=newer, user=newer.drafted_by)
        # A page rendered now, before the commit, reads the rows as they were: it is kept under
        # this version, which the commit leaves behind.
        during = public_version().token
    assert callbacks
    for callback in callbacks:
        callback()
    assert public_version().token != during


# Who gets the shared copy ------------------------------------------------------------------


def test_signed_in_users_get_their_own_fresh_page_never_stored(
    client, client_for, decision, django_assert_max_num_queries
):
    anonymous = _fresh(client, "/decisions/", django_assert_max_num_queries, rendered=True)
    officer = client_for(Role.OFFICER)
    response = officer.get("/decisions/")
    assert "Sign out" in _text(response)
    assert response["Cache-Control"] == "no-store, private"
    assert "ETag" not in response
    assert "Sign out" not in anonymous
    again = _fresh(client, "/decisions/", django_assert_max_num_queries, rendered=False)
    assert "Sign out" not in again


def test_a_visitor_with_a_message_sees_it_and_the_page_is_not_stored(client, rf, decision):
    storage = CookieStorage(rf.get("/"))
    storage.add(message_levels.SUCCESS, "You have signed out")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response = client.get("/decisions/")
    assert "You have signed out" in _text(response)
    assert response["Cache-Control"] == "no-store, private"
    assert "You have signed out" not in _text(Client().get("/decisions/"))


def test_a_cache_that_stops_answering_costs_speed_not_pages(client, decision, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for url in ["/decisions/", decision.get_absolute_url(), "/data/decisions.json"]:
        assert client.get(url).status_code == 200
    newer = DecisionFactory()
    mark_signed(newer)
    decision_publish(decision=newer, user=newer.drafted_by)  # publishing does not fail
    assert Decision.objects.get(pk=newer.pk).status == Decision.Status.PUBLISHED


# The signed PDF ----------------------------------------------------------------------------


def _documents(decision: Decision) -> dict[str, DecisionDocument]:
    documents = {}
    for variant in DecisionDocument.Variant.values:
        content = PDF + variant.encode()
        document = DecisionDocument(
            decision=decision,
            variant=variant,
            sha256=hashlib.sha256(content).hexdigest(),
            template_version="test",
        )
        document.file.save(f"{decision.slug}-{variant}.pdf", ContentFile(content), False)
        document.save()
        documents[variant] = document
    return documents


def test_the_public_pdf_never_changes_so_it_is_kept_a_year_by_its_sha256(client, decision):
    document = _documents(decision)[DecisionDocument.Variant.PUBLIC]
    url = f"/decisions/{decision.slug}/signed.pdf"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{document.sha256}"'
    assert not response.cookies
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=f'"{document.sha256}"')
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == f'"{document.sha256}"'
    assert unchanged["Cache-Control"] == "public, max-age=31536000, immutable"


def test_signed_in_readers_are_never_sent_a_pdf_to_keep(client_for, decision):
    _documents(decision)
    auditor = client_for(Role.AUDITOR)
    for url in [
        f"/decisions/{decision.slug}/signed.pdf",
        f"/staff/decisions/{decision.slug}/full.pdf",
    ]:
        response = auditor.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private", url
