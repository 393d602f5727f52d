"""How fast the open-data sync runs, against the local fake Gegevensmagazijn.

The fake serves the 21 real Aanhangsel PDFs of ../shared/data (metadata from the
reference file) and, for the paging measurement, thousands of generated question
sets in pages of 250 like the real service. Network latency is not modelled: on
the real API add its round trips and the polite pause (default 0.25 s a request).

    .venv/bin/python benchmarks/sync_speed.py [--repeat 3] [--zaken 5000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "tests"))

from fake_odata import FakeOData  # noqa: E402
from odata_fixtures import serve_real_aanhangsels, zaak  # noqa: E402

from assistant.opendata import (  # noqa: E402
    ClientSettings,
    ODataClient,
    SyncOptions,
    open_question_sets,
    sync,
)
from assistant.store import Store  # noqa: E402

DATA = PROJECT.parent / "shared" / "data"
FAST = ClientSettings(interval=0)


def timed_sync(home: Path, fake: FakeOData, times: list[float] | None = None):
    stamps = []

    def progress(message: str) -> None:
        if message.startswith(("nieuw:", "vervangen:")):
            stamps.append(time.perf_counter())

    with ODataClient(fake.base_url, FAST) as client, Store.in_home(home) as store:
        start = time.perf_counter()
        report = sync(store, client, home, SyncOptions(), progress=progress)
        elapsed = time.perf_counter() - start
    if times is not None:
        times.extend(b - a for a, b in zip([start, *stamps], stamps, strict=False))
    return report, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--zaken", type=int, default=5000)
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"real documents not found at {DATA}")

    rows = []
    per_doc: list[float] = []
    first, again, changed = [], [], []
    for _ in range(args.repeat):
        with FakeOData(page_size=250) as fake, tempfile.TemporaryDirectory() as tmp:
            served = serve_real_aanhangsels(fake, DATA)
            docs = [fake.get("Document", doc_id) for doc_id in served]
            report, seconds = timed_sync(Path(tmp), fake, per_doc)
            assert len(report.added) == len(docs) and not report.failed
            first.append(seconds)
            report, seconds = timed_sync(Path(tmp), fake)
            assert not report.added and not report.replaced
            again.append((seconds, report.requests))
            fake.put("Document", dict(docs[0], GewijzigdOp="2024-10-01T10:00:00+02:00"))
            report, seconds = timed_sync(Path(tmp), fake)
            changed.append((seconds, report.requests))
    n, med = len(docs), statistics.median
    rows += [
        ("first sync, 21 real PDFs (download+parse+store)", med(first),
         f"{n / med(first):.1f} docs/s"),
        ("  per document (median / max)", med(per_doc), f"max {max(per_doc) * 1000:.0f} ms"),
        ("second sync, nothing changed", med(s for s, _ in again), f"{again[0][1]} requests"),
        ("sync after one document's metadata changed", med(s for s, _ in changed),
         f"{changed[0][1]} requests"),
    ]  # fmt: skip

    paging, listing = [], []
    for _ in range(args.repeat):
        with FakeOData(page_size=250) as fake, tempfile.TemporaryDirectory() as tmp:
            for i in range(args.zaken):
                fake.put("Zaak", zaak(
                    f"2024Z{i:05d}", f"Onderwerp {i}", "2024-09-02T00:00:00+02:00",
                    f"2024-09-03T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}+02:00",
                    afgedaan=i % 10 != 0,
                ))  # fmt: skip
            report, seconds = timed_sync(Path(tmp), fake)
            assert report.zaken_opgeslagen == args.zaken
            paging.append((seconds, report.requests))
            with Store.in_home(Path(tmp)) as store:
                start = time.perf_counter()
                sets = open_question_sets(store, "Justitie en Veiligheid")
                listing.append(time.perf_counter() - start)
            assert len(sets) == args.zaken // 10
    pages_time = med(s for s, _ in paging)
    rows += [
        (f"first sync, {args.zaken} question sets (pages of 250)", pages_time,
         f"{paging[0][1]} requests, {args.zaken / pages_time:.0f} sets/s"),
        (f"list open sets ({args.zaken // 10} of {args.zaken})", med(listing), ""),
    ]  # fmt: skip

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Open-data sync against the local fake API (median of {args.repeat} runs, 2 cores)\n")
    print(f"| {'what':<52} | {'time':>9} | notes |")
    print(f"|{'-' * 54}|{'-' * 11}|-------|")
    for what, seconds, note in rows:
        print(f"| {what:<52} | {seconds * 1000:>6.0f} ms | {note} |")
    print(f"\npeak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
