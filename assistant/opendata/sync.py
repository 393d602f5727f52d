"""Keep the corpus current with the Tweede Kamer's published questions and answers.

Three passes over the Kamer's feed (reader.py; syncfeed.py reads the SyncFeed),
each resumable from its cursor, the feed's own resume token (the order in which
objects became visible, so an object that appears late is never skipped):

1. Zaken: the written-question sets (soort 'Schriftelijke vragen') from the start
   day on are stored; the ids of all others are remembered, so their actors are not.
2. ZaakActoren: the members who asked and the ministers asked, per stored set.
3. Documents: answers and postponement notices are downloaded, read by the same
   parser as ``assistant ingest`` and stored as corpus source ``tk:<Id>`` with
   the API's kenmerk and the official publication id; an open set's question
   document is kept for the app; a Mededeling that withdraws a set closes it.
   A document is linked to its written-question sets (never a deleted one or one
   of another soort); one whose set has not arrived yet waits for the next run.
   A new file replaces the old version, new metadata alone (an Aanhangselnummer
   assigned later) is applied from the file already on disk, without a download;
   a deleted document leaves the corpus.

The cursor moves only past entries that are fully handled, each in the same
transaction as the result, so an interruption (Ctrl-C, a network failure)
loses nothing and the next run neither repeats downloads nor stores twice.
Calendar days (the start day, a document's date) are Dutch local days.

A hostile or broken service cannot stall it: the client refuses what is not a
feed, too large or elsewhere, and stops a listing after MAX_PAGES pages (the run
ends normally, ``stopped_at_page_cap``, and the next one resumes from the
cursor; a ``--volledig`` run then removes nothing). A file that cannot be read
is recorded as failed for its version and not fetched again until the Kamer
changes it, also when reading it killed the run (see tables.py). Files are named
and read by their bytes, whatever type the Kamer declares (it may call a Word
file a PDF while it converts it, OpenDataPortaal issues #15 and #174).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..atomic import write_bytes
from ..errors import AssistantError
from ..extract import sniff_extension
from ..ingest import read_document
from ..intake import parse_question_bytes
from ..models import CorpusDocument
from ..store import Store
from ..vocabulary import SyncDocumentStatus as Status
from .client import ApiError, MissingResource, one_line
from .reader import DOCUMENT, ZAAK, ZAAK_ACTOR, KamerReader
from .records import SYNCED_SOORTEN, ZAAK_SOORT, TkDocument, TkZaak
from .tables import DONE, WAITING, SyncTables, corpus_source

DEFAULT_SINCE = date(2018, 1, 1)
FILES_DIR = "opendata"  # downloaded originals, under the home folder


@dataclass(frozen=True)
class SyncOptions:
    since: date = DEFAULT_SINCE
    ministry: str | None = None  # canonical name (see parse.ministries); None = all ministries
    limit: int | None = None  # most documents to download in this run
    full: bool = False  # list everything again (downloads only what changed) and reconcile


@dataclass
class SyncReport:
    zaken_opgeslagen: int = 0
    zaken_verwijderd: int = 0
    added: list[str] = field(default_factory=list)  # document ids
    replaced: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)  # new metadata, the same file
    unchanged: int = 0
    waiting: int = 0  # documents whose question set has not arrived yet
    withdrawn: list[str] = field(default_factory=list)  # kenmerken of withdrawn sets
    removed: list[str] = field(default_factory=list)
    question_files: list[str] = field(default_factory=list)  # open sets' question documents
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id or number, reason)
    other_ministry: int = 0
    stopped_at_limit: bool = False
    stopped_at_page_cap: bool = False  # the service had more pages than one run takes
    requests: int = 0
    retries: int = 0

    @property
    def corpus_changed(self) -> bool:
        return bool(self.added or self.replaced or self.metadata or self.removed)

    def to_dict(self) -> dict:
        return {
            "zaken_opgeslagen": self.zaken_opgeslagen,
            "zaken_verwijderd": self.zaken_verwijderd,
            "documenten_nieuw": len(self.added),
            "documenten_vervangen": len(self.replaced),
            "documenten_metadata": len(self.metadata),
            "documenten_ongewijzigd": self.unchanged,
            "documenten_wachtend": self.waiting,
            "ingetrokken": list(self.withdrawn),
            "documenten_verwijderd": len(self.removed),
            "vragen_opgehaald": len(self.question_files),
            "mislukt": [{"document": d, "reden": r} for d, r in self.failed],
            "ander_ministerie": self.other_ministry,
            "gestopt_bij_limiet": self.stopped_at_limit,
            "gestopt_bij_paginalimiet": self.stopped_at_page_cap,
            "verzoeken": self.requests,
            "herhaald": self.retries,
        }


Progress = Callable[[str], None]


def sync(
    store: Store,
    kamer: KamerReader,
    home: Path,
    options: SyncOptions = SyncOptions(),
    progress: Progress | None = None,
) -> SyncReport:
    """Run the passes; raises NetworkError (nothing lost) when the service stays unreachable."""
    tables = SyncTables(store)
    report = SyncReport()
    tell = progress or (lambda _msg: None)
    try:
        changed: set[str] = set()  # zaken stored, changed or dropped in this run
        if _sync_zaken(tables, kamer, options, report, tell, changed) and _sync_actors(
            tables, kamer, options, report, tell
        ):
            files = Path(home) / FILES_DIR
            _sync_documents(store, tables, kamer, files, options, report, tell, changed)
    finally:
        report.requests, report.retries = kamer.requests, kamer.retried
    tables.set_last_run({"ministerie": options.ministry, **report.to_dict()})  # completed runs
    return report


def scope(what: str, options: SyncOptions) -> str:
    """Cursors are kept per question: an earlier start day, or for documents another ministry,
    needs its own pass."""
    ministry = (options.ministry or "alle") if what == "document" else "alle"
    return f"{what}|{ministry}|{options.since.isoformat()}"


def _capped(listing, what: str, report: SyncReport, tell: Progress) -> bool:
    """Whether the listing reached the present; says so when a page cap stopped it."""
    if listing.complete:
        return True
    report.stopped_at_page_cap = True
    tell(f"gestopt na {listing.pages} pagina's {what}; de volgende sync gaat verder")
    return False


# --- pass 1 and 2: question sets and who is in them ---------------------------------------------


def _sync_zaken(tables: SyncTables, kamer, options, report, tell: Progress, changed: set) -> bool:
    key = scope("zaak", options)
    cursor = None if options.full else tables.cursor(key)
    tell("Kamervragen (zaken) ophalen ...")
    listed: set[str] = set()
    listing = kamer.changes(ZAAK, cursor)
    for page in listing:
        if not page:
            continue
        zaken: list[TkZaak] = [c.record for c in page]
        stored = tables.zaak_versions([z.id for z in zaken])
        keep, drop, other = [], [], []
        for zaak in zaken:
            if zaak.verwijderd or zaak.soort != ZAAK_SOORT:
                (drop if zaak.id in stored else other).append(zaak.id)
            elif zaak.id not in stored and not _from_start_day(zaak, options):
                other.append(zaak.id)
            else:
                listed.add(zaak.id)
                if stored.get(zaak.id) != zaak.gewijzigd_op:
                    keep.append(zaak)
        tables.apply_zaken(key, keep, drop, other, page[-1].cursor)
        changed.update([z.id for z in keep], drop, other)
        report.zaken_opgeslagen += len(keep)
        report.zaken_verwijderd += len(drop)
    if not _capped(listing, "zaken", report, tell):
        return False
    if options.full:  # what the complete listing no longer holds is gone at the Kamer
        gone = [z["id"] for z in tables.zaken() if _in_scope_zaak(z, options)]
        gone = [i for i in gone if i not in listed]
        tables.drop_zaken(gone)
        changed.update(gone)
        report.zaken_verwijderd += len(gone)
    return True


def _from_start_day(zaak: TkZaak, options: SyncOptions) -> bool:
    return zaak.gestart_op is not None and zaak.gestart_op >= options.since


def _sync_actors(tables: SyncTables, kamer, options, report: SyncReport, tell: Progress) -> bool:
    key = scope("zaakactor", options)
    cursor = None if options.full else tables.cursor(key)
    tell("Vragenstellers en bewindspersonen ophalen ...")
    listing = kamer.changes(ZAAK_ACTOR, cursor)
    for page in listing:
        if page:
            tables.apply_actors(key, [c.record for c in page], page[-1].cursor)
    return _capped(listing, "vragenstellers", report, tell)


def _in_scope_zaak(row: dict, options: SyncOptions) -> bool:
    return bool(row["ingezonden"]) and row["ingezonden"] >= options.since.isoformat()


# --- pass 3: answers, notices, withdrawals and open sets' questions -----------------------------


class _LimitReached(Exception):
    """The run's download limit: stop here, the cursor stays before this document."""


def _sync_documents(store, tables, kamer, files: Path, options, report, tell, changed) -> None:
    key = scope("document", options)
    cursor = None if options.full else tables.cursor(key)
    run = _DocumentRun(store, tables, kamer, files, key, options, report, tell)
    tell("Antwoorden, uitstelberichten en open vragen ophalen ...")
    listed: set[str] = set()
    try:
        # decided before: waiting for their set, or one of their zaken changed in pass 1
        again = {d.id: d for d in tables.waiting_documents()}
        again.update((d.id, d) for d in tables.documents_of_zaken(changed))
        for doc in again.values():
            run.handle(doc, None)
        listing = kamer.changes(DOCUMENT, cursor)
        for page in listing:
            for change in page:
                listed.add(change.record.id)
                run.handle(change.record, change.cursor)
            run.flush()
    except _LimitReached:
        report.stopped_at_limit = True
        return
    if _capped(listing, "documenten", report, tell) and options.full:
        # a complete listing: what we hold but it no longer lists is gone
        for row in tables.documents():
            if row["id"] not in listed and _in_scope_document(row, options, tables):
                gone = TkDocument(id=row["id"], gewijzigd_op=row["gewijzigd_op"], verwijderd=True)
                run.forget(gone, row, None)


def _in_scope_document(row: dict, options: SyncOptions, tables: SyncTables) -> bool:
    if not row["datum"] or row["datum"] < options.since.isoformat():
        return False
    kenmerken = tuple(row["kenmerken"])
    return not options.ministry or options.ministry in tables.ministries_of(kenmerken)


class _DocumentRun:
    """One pass over the documents: what to do with each, and the bookkeeping for it."""

    def __init__(self, store, tables: SyncTables, kamer, files: Path, key: str, options,
                 report: SyncReport, tell: Progress):  # fmt: skip
        self.store, self.tables, self.kamer, self.files = store, tables, kamer, files
        self.key, self.options, self.report, self.tell = key, options, report, tell
        self.downloads = 0
        self.passed: int | None = None  # the cursor past entries that needed no work

    def flush(self) -> None:
        """Write the cursor past entries that needed no work: once per page, not per entry (a
        first run passes hundreds of thousands of documents that are no written questions)."""
        if self.passed is not None:
            self.tables.pass_cursor(self.key, self.passed)
            self.passed = None

    def handle(self, doc: TkDocument, cursor: int | None) -> None:
        """Decide about one document; `cursor` is None for a waiting one taken up again."""
        tables, options, report = self.tables, self.options, self.report
        known = tables.document(doc.id)
        if doc.verwijderd or not (doc.soort in SYNCED_SOORTEN or doc.is_withdrawal):
            self.forget(doc, known, cursor)
            return
        if known is None and (doc.datum is None or doc.datum < options.since):
            self.skip(known, doc, cursor)  # before the start day (a Dutch calendar day)
            return
        zaken, unknown = tables.known_zaken(doc.zaak_ids)
        if not zaken:
            if unknown:  # its question set is not here yet: wait for the next pass over them
                report.waiting += 1
                self.take_out(doc, known)  # a set it was filed under is gone
                tables.record_document(self.key, doc, WAITING, cursor=cursor)
            else:  # about zaken of another soort: not a written question
                self.forget(doc, known, cursor)
            return
        doc = dataclasses.replace(doc, zaken=tuple(zaken))
        if doc.is_withdrawal:
            # news once, not on every look
            if not (known and known["status"] == Status.INGETROKKEN):
                report.withdrawn.extend(doc.kenmerken)
                self.tell(f"ingetrokken: {', '.join(doc.kenmerken) or doc.id}")
            tables.record_document(self.key, doc, Status.INGETROKKEN, cursor=cursor)
            return
        if options.ministry and not _for_ministry(doc, options.ministry, tables):
            report.other_ministry += 1
            self.skip(known, doc, cursor)
            return
        if known and known["status"] in DONE and known["bestand_versie"] == doc.bestand:
            self.same_file(doc, known, cursor)
            return
        if doc.is_questions and not _still_open(doc, tables):
            self.skip(known, doc, cursor)  # answered sets need no question file
            return
        given_up = tables.given_up(doc.id, doc.bestand)
        if given_up:  # reading this file failed or killed an earlier run
            self.failed(doc, given_up, cursor)
            return
        if options.limit is not None and self.downloads >= options.limit:
            self.flush()
            raise _LimitReached
        self.downloads += 1
        try:
            resource = self.kamer.resource(doc)
        except (MissingResource, ApiError) as exc:  # this document's problem: note it, go on
            self.failed(doc, exc.message, cursor)
            return
        if doc.is_questions:
            self.take_questions(doc, resource.content, cursor)
        else:
            self.take_document(doc, resource.content, cursor)

    # --- outcomes --------------------------------------------------------------------------------

    def skip(self, known: dict | None, doc: TkDocument, cursor: int | None) -> None:
        if known and known["status"] == WAITING:
            self.tables.forget_document(self.key, doc.id, cursor)
        elif cursor is not None:
            self.passed = cursor

    def take_out(self, doc: TkDocument, known: dict | None) -> None:
        """Out of the corpus and off the disk (its record is the caller's business)."""
        source = corpus_source(doc.id)
        if self.store.find_source(source) is not None:
            self.store.remove(source)
            self.report.removed.append(doc.id)
            self.tell(f"verwijderd: {(known or {}).get('documentnummer') or doc.id}")
        if known and known["bestand"]:
            Path(known["bestand"]).unlink(missing_ok=True)

    def forget(self, doc: TkDocument, known: dict | None, cursor: int | None) -> None:
        """A deleted document (or one that is no longer an answer) leaves corpus and disk."""
        self.take_out(doc, known)
        if known:
            self.tables.forget_document(self.key, doc.id, cursor)
        elif cursor is not None:
            self.passed = cursor

    def failed(self, doc: TkDocument, reason: str, cursor, bestand: str | None = None) -> None:
        label = doc.documentnummer or doc.id
        self.report.failed.append((label, reason))
        self.tables.record_document(self.key, doc, Status.MISLUKT, reason, bestand, cursor=cursor)
        self.tell(f"mislukt: {label}: {reason}")

    def same_file(self, doc: TkDocument, known: dict, cursor: int | None) -> None:
        """The file is the one already read: apply new metadata without downloading it."""
        path = Path(known["bestand"]) if known["bestand"] else None
        changed = _metadata_changed(doc, known)
        if changed and known["bron"] and path and path.is_file():
            self.take_document(doc, path.read_bytes(), cursor, metadata_only=True)
            return
        self.report.unchanged += 1
        self.tables.record_document(
            self.key, doc, known["status"], known["reden"], known["bestand"],
            in_corpus=bool(known["bron"]), cursor=cursor,
        )  # fmt: skip

    def take_document(self, doc: TkDocument, content: bytes, cursor, metadata_only=False) -> None:
        tables, label = self.tables, doc.documentnummer or doc.id
        path = _keep_original(self.files, doc, content)
        source = corpus_source(doc.id)
        digest = hashlib.sha256(content).hexdigest()
        before = self.store.find_source(source)
        if before is not None and before["content_hash"] == digest and not metadata_only:
            self.report.unchanged += 1  # a resumed run after the store write
            tables.record_document(self.key, doc, Status.OPGENOMEN, bestand=str(path),
                                   in_corpus=True, cursor=cursor)  # fmt: skip
            return
        tables.start_reading(doc.id, doc.bestand)  # on record before a bomb can strike
        try:
            parsed = read_document(content, path.name)
            _check_kind(parsed, doc)
        except Exception as exc:  # whatever the file does, the sync goes on
            reason = _failure(exc)
            if doc.is_notice and isinstance(exc, AssistantError):  # its date is what matters
                tables.record_document(
                    self.key, doc, Status.METADATA, reason, str(path), cursor=cursor
                )
                tables.read_done(doc.id)
                self.tell(f"uitstelbericht {label}: alleen de datum gebruikt ({reason})")
                return
            self.failed(doc, reason, cursor, str(path))
            tables.read_failed(doc.id, doc.bestand, reason)
            return
        enriched = _enrich(parsed, doc)
        outcome = self.store.put(source, path.name, digest, len(content), [("", enriched)])
        if metadata_only:
            self.report.metadata.append(doc.id)
        else:
            (self.report.replaced if outcome == "replaced" else self.report.added).append(doc.id)
        tables.record_document(self.key, doc, Status.OPGENOMEN, bestand=str(path), in_corpus=True,
                               cursor=cursor)  # fmt: skip
        tables.read_done(doc.id)
        verb = "metadata" if metadata_only else "vervangen" if outcome == "replaced" else "nieuw"
        self.tell(f"{verb}: {label}")

    def take_questions(self, doc: TkDocument, content: bytes, cursor) -> None:
        """Keep an open set's question file, so the app can start its draft from it."""
        label = doc.documentnummer or doc.id
        self.tables.start_reading(doc.id, doc.bestand)
        try:
            parse_question_bytes(content, name=f"{label}{sniff_extension(content)}")
        except Exception as exc:  # whatever the file does, the sync goes on
            reason = _failure(exc)
            self.failed(doc, reason, cursor)
            self.tables.read_failed(doc.id, doc.bestand, reason)
            return
        path = _keep_original(self.files / "vragen", doc, content)
        self.tables.record_document(
            self.key, doc, Status.OPGENOMEN, bestand=str(path), cursor=cursor
        )
        self.tables.read_done(doc.id)
        self.report.question_files.append(doc.id)
        self.tell(f"open vragen: {', '.join(doc.kenmerken) or label}")


def _metadata_changed(doc: TkDocument, known: dict) -> bool:
    now = (doc.soort, doc.documentnummer, doc.datum.isoformat() if doc.datum else None,
           list(doc.kenmerken), doc.publicatie, doc.onderwerp)  # fmt: skip
    before = (known["soort"], known["documentnummer"], known["datum"], known["kenmerken"],
              known["publicatie"], known["onderwerp"])  # fmt: skip
    return now != before


def _still_open(doc: TkDocument, tables: SyncTables) -> bool:
    return any(not z.afgedaan and z.nummer and not tables.answered(z.nummer) for z in doc.zaken)


def _for_ministry(doc: TkDocument, ministry: str, tables: SyncTables) -> bool:
    return ministry in doc.ministeries or ministry in tables.ministries_of(doc.kenmerken)


def _failure(exc: Exception) -> str:
    """One line on why a file could not be read; a reader's own bug is named as such."""
    if isinstance(exc, AssistantError):
        return one_line(exc.message, 300)
    if isinstance(exc, MemoryError):
        return "bestand kon niet worden gelezen: te veel geheugen nodig (beschadigd of een bom?)"
    return one_line(
        f"bestand kon niet worden gelezen: interne fout {type(exc).__name__}: {exc}", 300
    )


def _check_kind(parsed: CorpusDocument, doc: TkDocument) -> None:
    expected = ("mededeling",) if doc.is_notice else ("antwoord", "mededeling")
    if parsed.kind not in expected:
        raise AssistantError(
            f"bestand is geen {'uitstelbericht' if doc.is_notice else 'antwoorddocument'} "
            "(geen genummerde vragen en antwoorden gevonden)"
        )


def _enrich(parsed: CorpusDocument, doc: TkDocument) -> CorpusDocument:
    """The API knows the kenmerk and the publication id for sure; the text may not."""
    kenmerk = doc.kenmerken[0] if doc.kenmerken else parsed.kenmerk
    records = tuple(
        r if r.kenmerk else dataclasses.replace(r, kenmerk=kenmerk) for r in parsed.records
    )
    zaak = doc.zaken[0] if doc.zaken else None
    return dataclasses.replace(
        parsed,
        kenmerk=kenmerk,
        ah_id=doc.publicatie or parsed.ah_id,
        onderwerp=parsed.onderwerp or doc.onderwerp or (zaak.onderwerp if zaak else None),
        ingezonden=parsed.ingezonden or (zaak.gestart_op if zaak else None),
        datum=parsed.datum or doc.datum,
        ministerie=parsed.ministerie or (doc.ministeries[0] if doc.ministeries else None),
        records=records,
        meta={
            **parsed.meta,
            "tk": {
                "document_id": doc.id,
                "documentnummer": doc.documentnummer,
                "soort": doc.soort,
                "kenmerken": list(doc.kenmerken),
                "publicatie": doc.publicatie,
                "gewijzigd_op": doc.gewijzigd_op,
            },
        },
    )


def _keep_original(folder: Path, doc: TkDocument, content: bytes) -> Path:
    """Write the downloaded file atomically (a re-parse later needs no new download)."""
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", doc.documentnummer or doc.id)
    # the content decides the extension: the declared ContentType may be wrong
    return write_bytes(folder / f"{stem}{sniff_extension(content, doc.extension)}", content)
