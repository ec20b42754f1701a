"""The public register: newest first, 20 a page, search, filters, counts and pagination."""

import re
from datetime import datetime
from html import unescape

import pytest

from decisions.models import Decision
from tests.decisions.public_data import LONDON, PART2_MARKER, published, secret_published, series
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    html = response.content.decode()
    return [
        unescape(t)
        for t in re.findall(r'<h3 class="govuk-heading-s[^"]*"><a [^>]*>([^<]*)</a>', html)
    ]


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _signed(year: int, month: int = 6, day: int = 1) -> datetime:
    return datetime(year, month, day, 12, tzinfo=LONDON)


def test_the_register_lists_only_published_decisions_newest_first(client):
    older = published(title="Older decision", signed=_signed(2019))
    newer = published(title="Newer decision", signed=_signed(2021))
    DecisionFactory(title="A draft nobody may see")
    response = client.get("/decisions/")
    assert response.status_code == 200
    assert _titles(response) == [newer.title, older.title]
    assert "A draft nobody may see" not in response.content.decode()
    assert "Showing 1\N{EN DASH}2 of 2 results" in _text(response)


def test_each_entry_shows_reference_date_signed_and_a_summary_line(client):
    published(number=901, title="Knife crime fund", executive_summary="To fund work. " * 5)
    text = _text(client.get("/decisions/"))
    assert "PCD 901" in text
    assert "Signed 4 May 2021" in text
    assert "To fund work." in text


def test_twenty_a_page_and_the_count_says_which(client):
    for day in range(1, 26):
        published(signed=_signed(2020, 1, day))
    first = client.get("/decisions/")
    assert len(_titles(first)) == 20
    assert "Showing 1\N{EN DASH}20 of 25 results" in _text(first)
    second = client.get("/decisions/?page=2")
    assert len(_titles(second)) == 5
    assert "Showing 21\N{EN DASH}25 of 25 results" in _text(second)


def test_pagination_links_keep_the_search_and_filters(client):
    for day in range(1, 23):
        published(title=f"Violence reduction grant {day}", signed=_signed(2020, 3, day))
    response = client.get("/decisions/?q=violence&year=2020&series=PCD")
    html = unescape(response.content.decode())
    assert "Showing 1\N{EN DASH}20 of 22 results" in _text(response)
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "q=violence" in next_link
    assert "year=2020" in next_link
    assert "series=PCD" in next_link
    assert "page=2" in next_link
    assert len(_titles(client.get("/decisions/" + next_link))) == 2


@pytest.mark.parametrize("typed", ["PCD 867", "pcd867", "867", "PCD-867", " pcd 867 "])
def test_search_by_reference_in_any_usual_form(client, typed):
    wanted = published(number=867, title="Project Alpha Social Media Hub")
    published(number=868, title="Something else")
    titles = _titles(client.get("/decisions/", {"q": typed}))
    assert titles[0] == wanted.title


def test_title_matches_rank_before_matches_in_the_text(client):
    in_summary = published(
        title="Annual funding round",
        executive_summary="Funding for the gangs unit and the gangs matrix review.",
        signed=_signed(2022),
    )
    in_title = published(title="Gangs violence unit", signed=_signed(2019))
    assert _titles(client.get("/decisions/", {"q": "gangs"})) == [in_title.title, in_summary.title]


def test_full_text_search_finds_words_in_sections_with_stemming(client):
    decision = published(
        title="Plain title", sections=("The hub refers harmful content to platforms.",)
    )
    published(title="Unrelated")
    assert _titles(client.get("/decisions/", {"q": "refer platforms"})) == [decision.title]


def test_search_ignores_drafts_and_never_searches_part2(client):
    secret = secret_published()
    DecisionFactory(title="Draft about hubs")
    assert _titles(client.get("/decisions/", {"q": "hubs"})) == []
    assert _titles(client.get("/decisions/", {"q": PART2_MARKER})) == []
    assert secret.title in _titles(client.get("/decisions/"))


def test_filters_by_year_decision_maker_and_series(client):
    a = published(title="Signed in 2019", signed=_signed(2019), decision_by="Sophie Linden")
    b = published(title="Signed in 2020", signed=_signed(2020), decision_by="Kit Malthouse")
    c = published(
        title="A CEO decision",
        signed=_signed(2020),
        series=series("CEOD"),
        decision_by="Kit Malthouse",
    )
    assert _titles(client.get("/decisions/?year=2019")) == [a.title]
    assert set(_titles(client.get("/decisions/", {"decision_by": "Kit Malthouse"}))) == {
        b.title,
        c.title,
    }
    assert _titles(client.get("/decisions/?series=ceod")) == [c.title]
    assert _titles(client.get("/decisions/?year=2020&series=PCD")) == [b.title]


def test_the_year_filter_counts_in_london_time(client):
    new_years_eve = datetime(2020, 12, 31, 23, 30, tzinfo=LONDON)
    decision = published(title="Late on new year's eve", signed=new_years_eve)
    assert _titles(client.get("/decisions/?year=2020")) == [decision.title]
    assert _titles(client.get("/decisions/?year=2021")) == []


def test_filter_options_list_what_was_published(client):
    published(signed=_signed(2019), decision_by="Sophie Linden")
    DecisionFactory(title="Draft")  # its maker and series must not leak into the options
    html = client.get("/decisions/").content.decode()
    assert '<option value="2019">2019</option>' in html
    assert '<option value="Sophie Linden">Sophie Linden</option>' in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999"},
        {"decision_by": "Nobody at all"},
        {"series": "ZZZ"},
        {"q": "x" * 10_000},
        {"q": "'; DROP TABLE decisions_decision; --"},
        {"q": '<script>alert("x")</script>'},
        {"q": "a & | ! ( ) : * <->"},
        {"q": "\x00\x01 null bytes"},
        {"q": '"unterminated'},
    ],
)
def test_odd_input_gives_a_normal_page(client, params):
    published()
    response = client.get("/decisions/", params)
    assert response.status_code == 200
    assert Decision.objects.count() == 1


def test_search_text_is_shown_back_as_text(client):
    response = client.get("/decisions/", {"q": '<script>alert("x")</script>'})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc", "1.5", "9" * 30])
def test_a_page_that_does_not_exist_is_not_found(client, page):
    published()
    assert client.get("/decisions/", {"page": page}).status_code == 404


def test_titles_with_html_are_shown_as_text(client):
    published(title="<b>Bold</b> & <i>brave</i>")
    html = client.get("/decisions/").content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;i&gt;brave&lt;/i&gt;" in html


def test_part2_never_appears_on_the_register(client):
    secret_published()
    assert PART2_MARKER not in client.get("/decisions/").content.decode()


@pytest.mark.parametrize("query", ["", "?q=funding", "?q=pcd 1001&year=2021&decision_by=X"])
def test_the_register_runs_a_constant_number_of_queries(  # 5, and the request's savepoint
    client, django_assert_max_num_queries, query
):
    published()
    with django_assert_max_num_queries(7):
        client.get("/decisions/" + query)
    for day in range(1, 30):
        published(signed=_signed(2020, 2, day % 28 + 1), title=f"Funding decision {day}")
    with django_assert_max_num_queries(7):
        response = client.get("/decisions/" + query)
    assert response.status_code == 200
