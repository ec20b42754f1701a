"""HTML to tagged PDF/UA-1 with WeasyPrint, with no network: only static files from disk."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `file:` URLs inside the static folders; refuses everything else, loudly."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.roots = [root.resolve() for root in (roots or static_roots())]

    def fetch(self, url, headers=None):
        if not url.startswith("file:"):
            raise PermissionError(f"Rendering may not fetch {url!r}: only static files")
        path = Path(url_to_path(url)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise PermissionError(f"Rendering may not read {path}: not a static file")
        return super().fetch(path.as_uri(), headers)


def url_to_path(url: str) -> str:
    from urllib.request import url2pathname

    return url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:"))


def static_roots() -> list[Path]:
    return [Path(folder) for folder in settings.STATICFILES_DIRS]


def base_url() -> str:
    """Relative URLs in the PDF templates resolve inside the first static folder."""
    return static_roots()[0].resolve().as_uri() + "/"


def html_to_pdf(html: str) -> bytes:
    """`html` as tagged PDF/UA-1 bytes; fonts come from static/fonts/ and are embedded."""
    fetcher = StaticFilesOnlyFetcher()
    document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
    return document.write_pdf(
        font_config=FontConfiguration(), pdf_variant=PDF_VARIANT, uncompressed_pdf=False
    )


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template under templates/pdf/ to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))
