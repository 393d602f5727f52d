"""The sync on real Aanhangsel PDFs: the 21 files in ../shared/data served by the local fake.

The metadata the fake serves (Id, kenmerk, Aanhangselnummer) is taken from the
reference file at test time; the PDFs are the real ones, read from their folder.
"""

from __future__ import annotations

import json

import pytest
from fake_odata import FakeFile, FakeOData
from odata_fixtures import document, zaak

from assistant.opendata import ClientSettings, ODataClient, SyncOptions, sync
from assistant.store import Store

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


def aanhangselnummer(ah_id: str) -> str:
    """'ah-tk-20232024-1314' -> '232401314' (the API's YY YY NNNNN form)."""
    _, _, years, nr = ah_id.split("-")
    return f"{years[2:4]}{years[6:8]}{int(nr):05d}"


def test_real_aanhangsels_arrive_with_kenmerk_and_publication_id(tmp_path, shared_data):
    meta = {}
    reference = shared_data / "reference" / "qa-pairs-reference.jsonl"
    for line in reference.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("tk_document_id"):
            meta[rec["tk_document_id"]] = (rec["zaak_nummer"], rec["ah_id"], rec["ingezonden"])
    pdfs = sorted((shared_data / "aanhangsel-pdf").glob("*.pdf"))
    assert len(pdfs) == 21 and all(p.stem in meta for p in pdfs)

    with FakeOData(page_size=5) as fake:
        for i, pdf in enumerate(pdfs):
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
        with (
            ODataClient(fake.base_url, ClientSettings(interval=0)) as client,
            Store.in_home(tmp_path) as store,
        ):
            report = sync(store, client, tmp_path, SyncOptions())
            docs = {d["source"]: d for d in store.documents()}
            records = list(store.qa_records())

    assert report.failed == [] and len(report.added) == 21
    kinds = sorted(d["kind"] for d in docs.values())
    assert kinds == ["antwoord"] * 20 + ["mededeling"]
    for pdf in pdfs:
        kenmerk, ah_id, _ = meta[pdf.stem]
        stored = docs[f"tk:{pdf.stem}"]
        assert (stored["kenmerk"], stored["ah_id"]) == (kenmerk, ah_id)
    answered = [r for r, d in records if r["antwoord"]]
    assert len(answered) >= 150  # about 160 Q/A pairs in these files
    assert all(r["kenmerk"] for r, _ in records)
