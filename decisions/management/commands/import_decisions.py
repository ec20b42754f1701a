"""manage.py import_decisions FILE --as USERNAME [--apply]: historic decisions and their signed
PDFs from a ZIP file or a folder (docs/import.md). Without --apply it only checks the file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alpha_hub.models import User
from decisions.historic_import.check import Report
from decisions.services import (
    DecisionRefusedError,
    ImportRefusedError,
    decision_import_apply,
    decision_import_check,
)


class Command(BaseCommand):
    help = "Check, and with --apply import, a file of historic decisions (docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a ZIP file, or a folder, with decisions.jsonl")
        parser.add_argument(
            "--as", dest="username", required=True,
            help="the administrator or governance officer the import is recorded as",
        )  # fmt: skip
        parser.add_argument("--apply", action="store_true", help="import it (all or nothing)")

    def handle(self, *args, file: Path, username: str, apply: bool, **options):
        if not file.exists():
            raise CommandError(f"No such file or folder: {file}")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username}.")
        try:
            if apply:
                report, batch = decision_import_apply(user=user, path=file)
            else:
                report, batch = decision_import_check(user=user, path=file), None
        except ImportRefusedError as refused:
            self._report(refused.report)
            raise CommandError(refused.problems[0]) from refused
        except DecisionRefusedError as refused:
            raise CommandError(" ".join(refused.problems)) from refused
        self._report(report)
        if not apply:
            self.stdout.write("Checked only: run again with --apply to import.")
        elif batch is None:
            self.stdout.write(self.style.SUCCESS("Nothing to import: the register has it all."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {len(report.new):,} decisions (import {batch.pk}).")
            )

    def _report(self, report: Report) -> None:
        self.stdout.write(f"{report.file_name} (sha256 {report.sha256})")
        self.stdout.write(
            f"  decisions: {report.decisions:,}; new: {len(report.new):,}; "
            f"already imported, unchanged: {report.unchanged:,}; "
            f"new office holders' terms: {report.holders_new:,}; refused: {report.refused:,}"
        )
        for refusal in report.refusals:
            self.stdout.write(f"  line {refusal.line} {refusal.reference}: {refusal.reason}")
