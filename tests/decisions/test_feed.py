"""The Atom feed of newly published decisions."""

from datetime import datetime
from xml.etree import ElementTree

import pytest

from tests.decisions.public_data import LONDON, PART2_MARKER, published, secret_published
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(client):
    response = client.get("/decisions/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return response, feed.findall(f"{ATOM}entry")


def test_the_feed_lists_published_decisions_newest_published_first(client):
    published(title="Older", signed=datetime(2020, 1, 6, 12, tzinfo=LONDON))
    newer = published(title="Newer <b>bold</b>", signed=datetime(2021, 1, 6, 12, tzinfo=LONDON))
    DecisionFactory(title="Draft not in the feed")
    _response, entries = _entries(client)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [f"{newer.reference}: Newer <b>bold</b>", titles[1]]
    assert "Older" in titles[1]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{newer.get_absolute_url()}"
    assert entries[0].find(f"{ATOM}updated").text.startswith("2021-01-07")


def test_the_feed_never_carries_part2(client):
    secret_published()
    response, entries = _entries(client)
    assert len(entries) == 1
    assert PART2_MARKER.encode() not in response.content


def test_the_feed_holds_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(10):
        published()
    with django_assert_max_num_queries(4):
        client.get("/decisions/feed/")
