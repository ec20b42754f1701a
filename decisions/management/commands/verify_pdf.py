"""manage.py verify_pdf FILE: is this a document the system issued, unaltered?"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpha_hub.dates import day
from alpha_hub.pdf.verify import verify_pdf
from decisions.documents import document_find_by_sha256


class Command(BaseCommand):
    help = "Check a PDF's signature, certificate and hash against the issued documents."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        verdict = verify_pdf(file.read_bytes(), find_document=document_find_by_sha256)
        for check in verdict.checks:
            mark = "ok  " if check.passed else "FAIL"
            self.stdout.write(f"{mark} {check.name}: {check.detail}")
        self.stdout.write(f"sha256: {verdict.sha256}")
        if not verdict.is_valid:
            raise CommandError(f"NOT VERIFIED: {verdict.reason}")
        document = verdict.document
        self.stdout.write(
            self.style.SUCCESS(
                f"VERIFIED: {document.decision.reference} ({document.get_variant_display()}),"
                f" signed {day(document.decision.signed_at)}"
            )
        )
