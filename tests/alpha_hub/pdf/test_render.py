"""Rendering: tagged PDF/UA-1, fonts embedded from the repository, no network."""

from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint.urls import FatalURLFetchingError

from alpha_hub.pdf.render import StaticFilesOnlyFetcher, base_url, html_to_pdf


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/style.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
        base_url() + "../pyproject.toml",
        base_url() + "fonts/no-such-font.ttf",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(PermissionError):
        StaticFilesOnlyFetcher().fetch(url)


def test_the_fetcher_serves_a_shipped_font():
    response = StaticFilesOnlyFetcher().fetch(base_url() + "fonts/LiberationSans-Regular.ttf")
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"
    finally:
        response.close()


def test_a_template_that_reaches_for_the_network_fails_loudly():
    html = (
        '<html lang="en"><head><title>x</title></head>'
        '<body><img src="http://example.org/x.png" alt=""></body></html>'
    )
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(html)


def test_the_pdf_is_tagged_with_language_title_and_embedded_fonts(unsigned_pdf):
    root = PdfFileReader(BytesIO(unsigned_pdf)).root
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value
    assert str(root["/Lang"]) == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value
    page = PdfFileReader(BytesIO(unsigned_pdf)).root["/Pages"]["/Kids"][0]
    fonts = page["/Resources"]["/Font"]
    for name in fonts:
        descendant = fonts[name]["/DescendantFonts"][0]
        assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded from static/fonts/
        assert "Alpha-Sans" in str(descendant["/BaseFont"])
