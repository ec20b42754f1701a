"""Files for the historic-import tests: small real PDFs, records, and the ZIP that holds them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "historic-import"


def tiny_pdf(text: str, padding: bytes = b"") -> bytes:
    """A one-page PDF saying `text` (ASCII): a real, minimal PDF 1.4 file; `padding` (no line
    breaks) goes in a comment of its page's content, to make a file of a given size."""
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    if padding:
        stream += b"\n%" + padding
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def decision_record(number: int, **fields) -> dict:
    """A complete decision record for PCD `number`, signed in 2018; `fields` override."""
    record = {
        "record": "decision",
        "reference": f"PCD {number}",
        "title": f"Historic decision {number}",
        "kind": "grant_funding",
        "executive_summary": f"The purpose of decision {number} was to approve funding.",
        "recommendations": ["Approve the funding."],
        "sections": [
            {"heading": "Introduction and background", "body": "Background.\n\nMore."},
            {"heading": "Financial Comments", "body": "The cost is met from the grant."},
        ],
        "decision_by": "Sophie Linden, Deputy Mayor, Policing and Crime",
        "office": "dmpc",
        "date_signed": "2018-03-01",
        "date_published": "2018-03-08",
        "value": "10,000.00",
        "part2": None,
        "links": [],
        "grant_agreements": [],
        "pdf": f"pdfs/pcd-{number}.pdf",
    }
    record.update(fields)
    return record


def write_zip(path: Path, records: list[dict], pdfs: dict[str, bytes] | None = None) -> Path:
    """A ZIP with decisions.jsonl and a PDF for each record (or the `pdfs` given)."""
    if pdfs is None:
        pdfs = {r["pdf"]: tiny_pdf(r["reference"]) for r in records if r.get("pdf")}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        lines = [json.dumps({"record": "format", "format": "alpha-hub-decisions/1"})]
        lines += [json.dumps(record, ensure_ascii=False) for record in records]
        archive.writestr("decisions.jsonl", "\n".join(lines) + "\n")
        for name, data in pdfs.items():
            archive.writestr(name, data)
    return path
