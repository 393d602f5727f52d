"""How fast the open-data sync runs: the SyncFeed reader and sync against the local fake SyncFeed.

The sync reads the Tweede Kamer's SyncFeed 2.0 (Atom XML) through
assistant/opendata/syncfeed.py. There is no old path to compare with any more: the OData
v4 endpoint the sync used to read is switched off, so this prints what the new path costs
per feed entry (ms per entry, entries per second) and which share of a run goes to reading
the XML (time in syncfeed.parse_page against the whole run).

Each round starts a fresh fake (assistant/devtools/fake_syncfeed.py) with pages of 250
entries, the size
a third party saw on the real service, and measures:

1. the first sync of --sets question sets, each with two actors and an answer (a generated,
   fictional Aanhangsel PDF): three feeds, every file downloaded, parsed and stored;
2. a second sync with nothing changed: one request per category;
3. a sync after a few changes: --changes new sets with answers and --changes corrected files;
4. a sync after metadata-only changes: --changes answers get an Aanhangselnummer (new
   metadata, the same file: no download, the file on disk is read again);
5. the first sync of --zaken question sets without documents (feed paging alone), and
   listing the open sets among them;
6. the first sync of a feed like the real one, where written questions are a small part:
   --mixed zaken of which 5% are written questions, two actors each, and as many documents
   of other soorten: what the feed costs per entry and what the store keeps of it (the ids
   of other zaken), in MB per 100,000 zaken.

Network latency is not modelled: on the real service add its round trips and the polite
pause (default 0.25 s a request). The fake runs in this process, so a run's time includes
the fake writing its pages (the XML share does not). Medians over the rounds; requests,
downloads and entries are the same in every round. Peak memory is the process's peak RSS.

    .venv/bin/python benchmarks/sync_speed.py [--repeat 3] [--sets 200] [--zaken 5000]
                                              [--changes 5] [--mixed 20000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed
from assistant.devtools.kamer_world import answer_pdf, document, zaak
from assistant.opendata import (
    ClientSettings,
    SyncFeed,
    SyncOptions,
    open_question_sets,
    sync,
    syncfeed,
)
from assistant.store import Store

FAST = ClientSettings(interval=0)
PAGE_SIZE = 250
PAIRS = [
    ("Bent u bekend met het bericht over de verzonnen storing?", "Ja."),
    ("Hoeveel mensen zijn hierdoor getroffen?", "Ongeveer tweehonderd, volgens de gemeente."),
    ("Welke maatregelen neemt u?", "Ik laat dit onderzoeken en informeer uw Kamer voor de zomer."),
]


class ParseClock:
    """Times syncfeed.parse_page (the XML of every feed page) and counts what it read."""

    def __init__(self):
        self.seconds, self.pages, self.entries = 0.0, 0, 0
        self._parse = syncfeed.parse_page

    def __call__(self, data: bytes, category: str):
        start = time.perf_counter()
        page = self._parse(data, category)
        self.seconds += time.perf_counter() - start
        self.pages += 1
        self.entries += len(page.entries)
        return page

    def reset(self) -> None:
        self.seconds, self.pages, self.entries = 0.0, 0, 0


CLOCK = ParseClock()
syncfeed.parse_page = CLOCK  # FeedListing looks it up in the module on every page


@dataclass
class Run:
    seconds: float
    requests: int
    downloads: int
    entries: int
    parse_seconds: float
    report: object


def timed_sync(home: Path, fake: FakeSyncFeed) -> Run:
    hits = sum(fake.resource_hits.values())
    CLOCK.reset()
    with SyncFeed(fake.base_url, FAST) as kamer, Store.in_home(home) as store:
        start = time.perf_counter()
        report = sync(store, kamer, home, SyncOptions())
        seconds = time.perf_counter() - start
    downloads = sum(fake.resource_hits.values()) - hits
    return Run(seconds, report.requests, downloads, CLOCK.entries, CLOCK.seconds, report)


def question_set(i: int, afgedaan: bool) -> dict:
    minute = f"{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}"
    return zaak(f"2024Z{i:05d}", f"Onderwerp {i}", "2024-09-02T00:00:00+02:00",
                f"2024-09-03T{minute}+02:00", afgedaan=afgedaan)  # fmt: skip


def publish_answered(fake: FakeSyncFeed, i: int, pdf: bytes) -> str:
    z = question_set(i, afgedaan=True)
    fake.put("Zaak", z)
    doc = document("Antwoord schriftelijke vragen", [z], "2024-09-20T00:00:00+02:00",
                   f"2024-09-20T10:{i // 60 % 60:02d}:{i % 60:02d}+02:00",
                   documentnummer=f"2024D{i:05d}")  # fmt: skip
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(pdf, "application/pdf"))
    return doc["Id"]


def answer(i: int, version: int = 1) -> bytes:
    pairs = [*PAIRS[:-1], (PAIRS[-1][0], f"{PAIRS[-1][1]} (versie {version})")]
    return answer_pdf(f"2024Z{i:05d}", f"Onderwerp {i}", pairs)


def answers_round(sets: int, changes: int, pdfs: dict[int, bytes]) -> dict[str, Run]:
    runs = {}
    with FakeSyncFeed(page_size=PAGE_SIZE) as fake, tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        ids = [publish_answered(fake, i, pdfs[i]) for i in range(sets)]
        runs["first"] = run = timed_sync(home, fake)
        assert len(run.report.added) == sets and not run.report.failed, run.report.failed
        runs["again"] = run = timed_sync(home, fake)
        assert run.requests == 3 and not run.downloads and not run.report.corpus_changed
        for i in range(sets, sets + changes):  # a few new sets with answers ...
            publish_answered(fake, i, pdfs[i])
        for i in range(changes):  # ... and a few corrected files
            fake.put_file(ids[i], FakeFile(answer(i, version=2), "application/pdf"))
        runs["few"] = run = timed_sync(home, fake)
        assert len(run.report.added) == changes and len(run.report.replaced) == changes
        for i in range(changes, 2 * changes):  # an Aanhangselnummer, the same file
            doc = fake.get("Document", ids[i])
            fake.put("Document", dict(doc, Aanhangselnummer=f"2425{i + 1:05d}",
                                      GewijzigdOp="2024-10-01T10:00:00+02:00"))  # fmt: skip
        runs["metadata"] = run = timed_sync(home, fake)
        assert len(run.report.metadata) == changes and not run.downloads, run.report.to_dict()
    return runs


def paging_round(zaken: int) -> tuple[Run, float]:
    with FakeSyncFeed(page_size=PAGE_SIZE) as fake, tempfile.TemporaryDirectory() as tmp:
        for i in range(zaken):
            fake.put("Zaak", question_set(i, afgedaan=i % 10 != 0))
        run = timed_sync(Path(tmp), fake)
        assert run.report.zaken_opgeslagen == zaken
        with Store.in_home(Path(tmp)) as store:
            start = time.perf_counter()
            sets = open_question_sets(store, "Justitie en Veiligheid")
            listing = time.perf_counter() - start
        assert len(sets) == zaken // 10
    return run, listing


def mixed_round(zaken: int) -> tuple[Run, int]:
    """A first sync where 5% of the zaken are written questions; returns the run and the size
    of the store (SQLite file and its WAL) afterwards."""
    with FakeSyncFeed(page_size=PAGE_SIZE) as fake, tempfile.TemporaryDirectory() as tmp:
        for i in range(zaken):
            z = question_set(i, afgedaan=True)
            if i % 20:
                z = dict(z, Soort="Motie", Nummer=f"2024Z{i:05d}")
            fake.put("Zaak", z)
            other = document("Motie", [z], "2024-09-20T00:00:00+02:00", "2024-09-20T10:00:00+02:00",
                             documentnummer=f"2024D{i:05d}", content_length=1000)  # fmt: skip
            fake.put("Document", other)
        run = timed_sync(Path(tmp), fake)
        assert run.report.zaken_opgeslagen == len(range(0, zaken, 20))
        size = sum(f.stat().st_size for f in Path(tmp).glob("*.sqlite*"))
    return run, size


def row(what: str, runs: list[Run]) -> tuple:
    seconds = statistics.median(r.seconds for r in runs)
    parse = statistics.median(r.parse_seconds / r.seconds for r in runs)
    first = runs[0]
    per_entry = seconds * 1000 / first.entries if first.entries else None
    rate = first.entries / seconds if first.entries else None
    return (what, seconds, first.requests, first.downloads, first.entries, per_entry, rate, parse)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sets", type=int, default=200)
    parser.add_argument("--zaken", type=int, default=5000)
    parser.add_argument("--changes", type=int, default=5)
    parser.add_argument("--mixed", type=int, default=20000)
    args = parser.parse_args()
    if args.sets < 2 * args.changes:
        sys.exit("--sets must be at least twice --changes")

    pdfs = {i: answer(i) for i in range(args.sets + args.changes)}  # made once, not timed
    rounds: dict[str, list[Run]] = {}
    for _ in range(args.repeat):
        for name, run in answers_round(args.sets, args.changes, pdfs).items():
            rounds.setdefault(name, []).append(run)
    answers_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    paging, listing = [], []
    for _ in range(args.repeat):
        run, seconds = paging_round(args.zaken)
        paging.append(run)
        listing.append(seconds)
    mixed, sizes = [], []
    for _ in range(args.repeat if args.mixed else 0):
        run, size = mixed_round(args.mixed)
        mixed.append(run)
        sizes.append(size)
    n, k = args.sets, args.changes
    rows = [
        row(f"first sync, {n} sets with answer PDFs", rounds["first"]),
        row("second sync, nothing changed", rounds["again"]),
        row(f"sync after {k} new sets and {k} new files", rounds["few"]),
        row(f"sync after {k} Aanhangselnummers (metadata)", rounds["metadata"]),
        row(f"first sync, {args.zaken} sets, no documents", paging),
    ]
    if mixed:
        rows.append(row(f"first sync, {args.mixed} zaken (5% questions), mixed", mixed))
    per_doc = statistics.median(r.seconds / n for r in rounds["first"])

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"SyncFeed sync against the local fake (pages of {PAGE_SIZE}; median of "
        f"{args.repeat} rounds; no old path to compare: the OData API is switched off)\n"
    )
    head = ("what", "time", "requests", "downloads", "entries", "ms/entry", "entries/s", "XML")
    print(f"| {head[0]:<46} | {head[1]:>9} | " + " | ".join(f"{h:>9}" for h in head[2:]) + " |")
    print(f"|{'-' * 48}|" + "|".join("-" * 10 + ":" for _ in head[1:]) + "|")
    for what, seconds, requests, downloads, entries, per_entry, rate, parse in rows:
        cells = [
            str(requests),
            str(downloads),
            str(entries),
            f"{per_entry:.3f}" if per_entry is not None else "-",
            f"{rate:,.0f}" if rate is not None else "-",
            f"{parse:.0%}",
        ]
        print(f"| {what:<46} | {seconds * 1000:>6.0f} ms | " + " | ".join(f"{c:>9}" for c in cells)
              + " |")  # fmt: skip
    print(
        f"\nfirst sync per answer (download, parse, store): {per_doc * 1000:.0f} ms; "
        f"list open sets ({args.zaken // 10} of {args.zaken}): "
        f"{statistics.median(listing) * 1000:.0f} ms"
    )
    print("XML: share of the run spent in syncfeed.parse_page (reading the feed pages)")
    if mixed:
        mb = statistics.median(sizes) / 1_048_576
        print(
            f"mixed feed: store {mb:.1f} MB after {args.mixed} zaken, {2 * args.mixed} actors "
            f"and {args.mixed} documents: {mb * 100_000 / args.mixed:.1f} MB per 100,000 zaken"
        )
    print(
        f"peak RSS {answers_rss:.0f} MB after the answer rounds, {peak:.0f} MB in all "
        "(this process holds the fake server and its world too)"
    )


if __name__ == "__main__":
    main()
