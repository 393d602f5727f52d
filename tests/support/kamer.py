"""The test-only part of the sync's world: real Aanhangsels behind the fake, bombs, one sync run."""

from __future__ import annotations

from pathlib import Path

from assistant.devtools.kamer_world import aanhangselnummer, document, zaak
from assistant.opendata import ClientSettings, SyncFeed, SyncOptions, SyncReport, sync
from assistant.store import Store


def serve_real_aanhangsels(fake, data: Path) -> dict[str, tuple[str, str]]:
    """Put the real PDFs behind `fake` with metadata from the reference file (read at run
    time, never copied); returns document Id -> (kenmerk, ah-tk id)."""
    import json

    from assistant.devtools.fake_syncfeed import FakeFile

    meta = {}
    reference = data / "reference" / "qa-pairs-reference.jsonl"
    for row in reference.read_text(encoding="utf-8").splitlines():
        rec = json.loads(row)
        if rec.get("tk_document_id"):
            meta[rec["tk_document_id"]] = (rec["zaak_nummer"], rec["ah_id"], rec["ingezonden"])
    served = {}
    for i, pdf in enumerate(sorted((data / "aanhangsel-pdf").glob("*.pdf"))):
        kenmerk, ah_id, ingezonden = meta[pdf.stem]
        z = zaak(kenmerk, "(onderwerp)", f"{ingezonden}T00:00:00+02:00",
                 f"2024-09-01T10:{i:02d}:00+02:00", afgedaan=True)  # fmt: skip
        fake.put("Zaak", z)
        doc = document(
            "Antwoord schriftelijke vragen", [z], "2024-06-01T00:00:00+02:00",
            f"2024-09-02T10:{i:02d}:00+02:00", documentnummer=f"2024D{90000 + i}",
            aanhangselnummer=aanhangselnummer(ah_id), id=pdf.stem,
        )  # fmt: skip
        fake.put("Document", doc)
        fake.put_file(pdf.stem, FakeFile(pdf.read_bytes(), "application/pdf"))
        served[pdf.stem] = (kenmerk, ah_id)
    return served


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


_CHUNK = 1 << 20


def docx_bomb(inflated: int) -> bytes:
    """A .docx whose word/document.xml inflates to about `inflated` bytes (one endless text
    run); written through zipfile's streaming writer, so the builder never holds it whole."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>'.encode())
            block, written = b"Antwoord " * (_CHUNK // 9), 0
            while written < inflated:
                part.write(block[: inflated - written])
                written += len(block)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def pdf_flate_bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream (FlateDecode) inflates to about `inflated` bytes."""
    import zlib

    packer, parts = zlib.compressobj(9), []
    block, written = b"0 0 m 1 1 l S\n" * (_CHUNK // 14), 0
    while written < inflated:
        parts.append(packer.compress(block[: inflated - written]))
        written += len(block)
    stream = b"".join(parts) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
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


FAST = ClientSettings(interval=0, backoff=0.01)  # no politeness pause against a local fake


def run_sync(home, fake, settings: ClientSettings = FAST, **options) -> SyncReport:
    """One sync of `home` from the fake SyncFeed, with these SyncOptions."""
    with SyncFeed(fake.base_url, settings) as kamer, Store.in_home(home) as store:
        return sync(store, kamer, home, SyncOptions(**options))
