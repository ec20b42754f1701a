"""The public page of PCD 867 shows the record exactly as the register does."""

import re
from html import unescape
from pathlib import Path

import pytest

from decisions.models import Decision
from demo import content as demo_content
from tests.factories import DecisionFactory, SectionFactory

pytestmark = pytest.mark.django_db

# A copy of shared/seeds/PCD-867-project-alpha-social-media-hub.txt: the record as published.
SEED = Path(__file__).resolve().parents[1] / "fixtures/PCD-867-project-alpha-social-media-hub.txt"
# Lines of the stored web page that are the site's furniture, not the decision's text.
PAGE_FURNITURE = {
    "Skip to main content", "Mayor of London logo London Assembly logo", "Home", "Key information",
    "Date signed:", "Executive summary", "Recommendation", "Signed decision document",
}  # fmt: skip


def _page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(text))


def _seed_paragraphs() -> list[str]:
    text = SEED.read_text()
    body = text.split("Signed decision document\n")[0]
    lines = (line.strip() for line in body.splitlines())
    return [line for line in lines if line and line not in PAGE_FURNITURE]


@pytest.fixture
def pcd867_page(client, demo):
    return client.get("/decisions/pcd-867/")


def test_every_paragraph_of_the_seed_is_on_the_page_with_its_numbering(pcd867_page):
    assert pcd867_page.status_code == 200
    shown = _page_text(pcd867_page)
    seed = _seed_paragraphs()
    assert len(seed) > 30
    for paragraph in seed:
        paragraph = paragraph.replace("Reference code: ", "Reference code ").replace(
            "Decision by: ", "Decision by "
        )
        if paragraph.startswith("• "):
            paragraph = paragraph[2:]
        if re.match(r"^\d\. (Approve|Note)", paragraph):  # recommendations: numbered by the list
            paragraph = paragraph[3:]
        assert paragraph in shown, f"missing from the page: {paragraph[:80]}"


def test_the_page_keeps_the_registers_order_and_restores_legal_comments(pcd867_page):
    shown = _page_text(pcd867_page)
    landmarks = [
        "Project Alpha Social Media Hub", "Key information", "Reference code PCD 867",
        "Date signed", "Decision by Sophie Linden, Deputy Mayor, Policing and Crime",
        "Executive summary", "Recommendation",
        "Non-confidential facts and advice to the Deputy Mayor for Policing and Crime (DMPC)",
        "1. Introduction and background", "2. Issues for consideration", "3. Financial Comments",
        "4. Legal Comments", "4.1. The Home Office will pay", "5. GDPR and Data Privacy",
        "6. Equality Comments", "7. Background/supporting papers", "Related decisions",
        "Signed decision document",
    ]  # fmt: skip
    positions = [shown.find(landmark) for landmark in landmarks]
    assert -1 not in positions, landmarks[positions.index(-1)]
    assert positions == sorted(positions)


def test_bullets_are_a_list_and_recommendations_are_numbered(pcd867_page):
    html = pcd867_page.content.decode()
    assert html.count('<ul class="govuk-list govuk-list--bullet">') == 1
    bullets = re.search(r'govuk-list--bullet">(.*?)</ul>', html, re.S).group(1)
    assert bullets.count("<li>") == 4
    recommendations = re.search(r'govuk-list--number">(.*?)</ol>', html, re.S).group(1)
    assert recommendations.count("<li>") == 2


def test_part_2_is_announced_but_never_shown(pcd867_page):
    shown = _page_text(pcd867_page)
    assert "This decision has a Part 2 that is not published." in shown
    assert demo_content.PCD_867["part2"]["exemption_ground"] in shown
    assert "Breakdown of costs" not in shown


def test_the_page_links_to_the_decision_it_continues(pcd867_page):
    assert 'href="/decisions/pcd-545/"' in pcd867_page.content.decode()
    assert "Continues" in _page_text(pcd867_page)


def test_the_page_has_the_structure_assistive_technology_needs(pcd867_page):
    html = pcd867_page.content.decode()
    assert '<html lang="en"' in html
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert html.count("<h1") == 1
    assert "<title>PCD 867: Project Alpha Social Media Hub \N{EN DASH} Alpha Hub</title>" in html


@pytest.mark.parametrize("status", ["draft", "submitted", "cleared", "rejected", "withdrawn"])
def test_anonymous_users_see_only_published_decisions(client, status):
    decision = DecisionFactory(status=status)
    assert client.get(f"/decisions/{decision.slug}/").status_code == 404
    assert decision.title not in client.get("/decisions/").content.decode()


@pytest.mark.parametrize("slug", ["pcd-0", "pcd-99999999999", "pcd867x", "nonsense"])
def test_unknown_references_are_not_found(client, demo, slug):
    assert client.get(f"/decisions/{slug}/").status_code == 404


@pytest.mark.parametrize("slug", ["PCD-867", "Pcd-867", "pCd-867"])
def test_a_reference_in_any_case_reaches_the_decisions_one_address(client, demo, slug):
    response = client.get(f"/decisions/{slug}/")
    assert (response.status_code, response["Location"]) == (301, "/decisions/pcd-867/")
    assert client.get("/decisions/NONSENSE-1/", follow=True).status_code == 404


def test_the_register_lists_published_decisions_newest_first(client, demo):
    shown = _page_text(client.get("/decisions/"))
    assert shown.index("PCD 867") < shown.index("PCD 545")


def test_typed_markup_is_shown_as_text(client, demo):
    decision = DecisionFactory(title="<b>Bold</b> title")
    SectionFactory(decision=decision, body='<script>alert("x")</script>')
    signed = Decision.objects.get(number=867)
    Decision.objects.filter(pk=decision.pk).update(
        status="published", signed_by=signed.signed_by, signed_by_name="<i>Someone</i>",
        signed_at=signed.signed_at, published_at=signed.published_at,
    )  # fmt: skip
    html = client.get(f"/decisions/{decision.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in html


def test_the_page_runs_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    # One query per kind of part (and the request's savepoint), however many parts there are;
    # the money section (issue 10) reads variations, match funding, onward grants and the
    # incoming grant's variations, one query each; the supporting papers (issue 13) one more.
    with django_assert_max_num_queries(13):
        client.get("/decisions/pcd-867/")


def test_a_withheld_value_is_not_given_away_by_the_agreements_it_approves(client):
    from decisions.models import ApprovedAgreement
    from tests.factories import GrantAgreementFactory, mark_signed

    decision = DecisionFactory(title="Settlement", financial_value="123456.78")
    agreement = GrantAgreementFactory(amount_awarded="123456.78")
    ApprovedAgreement.objects.create(decision=decision, agreement=agreement)
    mark_signed(decision, published=True, value_publication="withheld")
    page = client.get(f"/decisions/{decision.slug}/").content.decode()
    assert "Withheld (confidential, Part 2)" in page
    assert "123,456.78" not in page
    assert "123456.78" not in page
