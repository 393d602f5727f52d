"""The sync on real Aanhangsel PDFs: the 21 files in ../shared/data served by the local fake.

The metadata the fake serves (Id, kenmerk, Aanhangselnummer) is taken from the
reference file at test time; the PDFs are the real ones, read from their folder.
"""

from __future__ import annotations

import pytest
from support.kamer import serve_real_aanhangsels

from assistant.devtools.fake_syncfeed import FakeSyncFeed
from assistant.opendata import ClientSettings, SyncFeed, SyncOptions, sync
from assistant.store import Store

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


def test_real_aanhangsels_arrive_with_kenmerk_and_publication_id(tmp_path, shared_data):
    with FakeSyncFeed(page_size=5) as fake:
        served = serve_real_aanhangsels(fake, shared_data)
        with (
            SyncFeed(fake.base_url, ClientSettings(interval=0)) as kamer,
            Store.in_home(tmp_path) as store,
        ):
            report = sync(store, kamer, tmp_path, SyncOptions())
            docs = {d["source"]: d for d in store.documents()}
            records = list(store.qa_records())

    assert len(served) == 21
    assert report.failed == [] and len(report.added) == 21
    kinds = sorted(d["kind"] for d in docs.values())
    assert kinds == ["antwoord"] * 20 + ["mededeling"]
    for doc_id, (kenmerk, ah_id) in served.items():
        stored = docs[f"tk:{doc_id}"]
        assert (stored["kenmerk"], stored["ah_id"]) == (kenmerk, ah_id)
    answered = [r for r, d in records if r["antwoord"]]
    assert len(answered) >= 150  # about 160 Q/A pairs in these files
    assert all(r["kenmerk"] for r, _ in records)
