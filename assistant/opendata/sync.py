"""Keep the corpus current with the Tweede Kamer's published questions and answers.

Two passes, each ordered by GewijzigdOp and resumable from its cursor:

1. Question sets (Zaak, soort 'Schriftelijke vragen'): stored with members,
   addressees and whether they are done, so open sets can be listed.
2. Answers and postponement notices (Document): the file is downloaded, read
   by the same parser as ``assistant ingest`` and stored as corpus source
   ``tk:<Id>`` with the API's kenmerk and the official publication id. A changed
   document replaces its old version; a deleted one leaves the corpus.

The cursor moves only past objects that are fully handled, each in the same
transaction as the result, so an interruption (Ctrl-C, a network failure)
loses nothing and the next run neither repeats downloads nor stores twice.

A hostile or broken service cannot stall it: the client (client.py) refuses
what is not OData, too large or elsewhere, and stops a listing after MAX_PAGES
pages (the run ends normally, ``stopped_at_page_cap``, and the next one resumes
from the cursor; a ``--volledig`` run then removes nothing). A file that cannot
be read is recorded as failed for its version and not fetched again until the
Kamer changes it, also when reading it killed the run (see tables.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import AssistantError
from ..ingest import read_document
from ..intake import parse_question_bytes
from ..models import CorpusDocument
from ..store import Store
from .client import ApiError, MissingResource, ODataClient, one_line
from .records import (
    SYNCED_SOORTEN,
    ZAAK_SOORT,
    TkDocument,
    document_from_json,
    zaak_from_json,
)
from .tables import DONE, SyncTables, corpus_source

DEFAULT_SINCE = date(2018, 1, 1)
FILES_DIR = "opendata"  # downloaded originals, under the home folder

_ZAAK_EXPAND = "ZaakActor($select=ActorNaam,ActorFractie,Functie,Relatie,Verwijderd)"
_DOCUMENT_EXPAND = (
    f"Zaak($select=Id,Nummer,Soort,Onderwerp,GestartOp,Afgedaan,Verwijderd;$expand={_ZAAK_EXPAND})"
)


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
    unchanged: int = 0
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
        return bool(self.added or self.replaced or self.removed)

    def to_dict(self) -> dict:
        return {
            "zaken_opgeslagen": self.zaken_opgeslagen,
            "zaken_verwijderd": self.zaken_verwijderd,
            "documenten_nieuw": len(self.added),
            "documenten_vervangen": len(self.replaced),
            "documenten_ongewijzigd": self.unchanged,
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
    client: ODataClient,
    home: Path,
    options: SyncOptions = SyncOptions(),
    progress: Progress | None = None,
) -> SyncReport:
    """Run both passes; raises NetworkError (nothing lost) when the service stays unreachable."""
    tables = SyncTables(store)
    report = SyncReport()
    tell = progress or (lambda _msg: None)
    try:
        _sync_zaken(tables, client, options, report, tell)
        _sync_documents(store, tables, client, Path(home) / FILES_DIR, options, report, tell)
    finally:
        report.requests, report.retries = client.requests, client.retried
    tables.set_last_run({"ministerie": options.ministry, **report.to_dict()})  # completed runs
    return report


def scope(what: str, options: SyncOptions) -> str:
    """Cursors are kept per question: another ministry or an earlier start needs its own pass."""
    return f"{what}|{options.ministry or 'alle'}|{options.since.isoformat()}"


def _filter(soorten: tuple[str, ...], date_field: str, options: SyncOptions, cursor: str | None):
    kinds = " or ".join(f"Soort eq '{_quote(s)}'" for s in soorten)
    wanted = f"({kinds}) and {date_field} ge {options.since.isoformat()}T00:00:00Z"
    if cursor is None:
        return f"Verwijderd eq false and {wanted}"  # a first run has nothing to delete
    # a deleted object may come back as a bare tombstone: ask for those by their flag alone
    return f"(({wanted}) or Verwijderd eq true) and GewijzigdOp ge {cursor}"


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _params(filter_: str, expand: str) -> dict[str, str]:
    return {"$filter": filter_, "$orderby": "GewijzigdOp asc,Id asc", "$expand": expand}


# --- pass 1: question sets ----------------------------------------------------------------------


def _sync_zaken(tables: SyncTables, client, options, report: SyncReport, tell: Progress) -> None:
    key = scope("zaak", options)
    cursor = None if options.full else tables.cursor(key)
    params = _params(_filter((ZAAK_SOORT,), "GestartOp", options, cursor), _ZAAK_EXPAND)
    tell("Kamervragen (zaken) ophalen ...")
    listed: set[str] = set()
    listing = client.pages("Zaak", params)
    for page in listing:
        zaken = [zaak_from_json(obj) for obj in page if obj.get("Id") is not None]
        if not zaken:
            continue
        listed.update(z.id for z in zaken if not z.verwijderd)
        stored = tables.zaak_versions([z.id for z in zaken])
        keep, drop = [], []
        for zaak in zaken:
            if zaak.verwijderd or (options.ministry and options.ministry not in zaak.ministeries):
                if zaak.id in stored:
                    drop.append(zaak.id)
            elif stored.get(zaak.id) != zaak.gewijzigd_op:
                keep.append(zaak)
        tables.apply_zaken(key, keep, drop, max(z.gewijzigd_op for z in zaken))
        report.zaken_opgeslagen += len(keep)
        report.zaken_verwijderd += len(drop)
    if not listing.complete:
        report.stopped_at_page_cap = True
        tell(f"gestopt na {listing.pages} pagina's zaken; de volgende sync gaat verder")
    elif options.full:  # what the complete listing no longer holds is gone at the Kamer
        gone = [z["id"] for z in tables.zaken() if _in_scope_zaak(z, options)]
        gone = [i for i in gone if i not in listed]
        tables.drop_zaken(gone)
        report.zaken_verwijderd += len(gone)


def _in_scope_zaak(row: dict, options: SyncOptions) -> bool:
    return (
        bool(row["ingezonden"])
        and row["ingezonden"] >= options.since.isoformat()
        and (not options.ministry or options.ministry in row["ministeries"])
    )


# --- pass 2: answers and notices ----------------------------------------------------------------


def _sync_documents(store, tables, client, files: Path, options, report, tell) -> None:
    key = scope("document", options)
    cursor = None if options.full else tables.cursor(key)
    params = _params(_filter(SYNCED_SOORTEN, "Datum", options, cursor), _DOCUMENT_EXPAND)
    downloads = 0
    listed: set[str] = set()
    tell("Antwoorden, uitstelberichten en open vragen ophalen ...")
    listing = client.pages("Document", params)
    for page in listing:
        for obj in page:
            if obj.get("Id") is None:
                continue
            doc = document_from_json(obj)
            listed.add(doc.id)
            known = tables.document(doc.id)
            if doc.verwijderd or doc.soort not in SYNCED_SOORTEN:
                _forget(store, tables, key, doc, known, report, tell)
                continue
            if options.ministry and not _for_ministry(doc, options.ministry, tables):
                report.other_ministry += 1
                tables.pass_cursor(key, doc.gewijzigd_op)
                continue
            if known and known["gewijzigd_op"] == doc.gewijzigd_op and known["status"] in DONE:
                report.unchanged += 1
                tables.pass_cursor(key, doc.gewijzigd_op)
                continue
            if doc.is_questions and not _still_open(doc, tables):
                tables.pass_cursor(key, doc.gewijzigd_op)  # answered sets need no question file
                continue
            given_up = tables.given_up(doc.id, doc.gewijzigd_op)
            if given_up:  # reading this version's file failed or killed an earlier run
                label = doc.documentnummer or doc.id
                report.failed.append((label, given_up))
                tables.record_document(key, doc, "mislukt", given_up)
                tell(f"mislukt: {label}: {given_up}")
                continue
            if options.limit is not None and downloads >= options.limit:
                report.stopped_at_limit = True
                return
            downloads += 1
            take = _take_questions if doc.is_questions else _take_document
            take(store, tables, client, files, key, doc, report, tell)
    if not listing.complete:
        report.stopped_at_page_cap = True
        tell(f"gestopt na {listing.pages} pagina's documenten; de volgende sync gaat verder")
    elif options.full:  # a complete listing: what we hold but it no longer lists is gone
        for row in tables.documents():
            if row["id"] not in listed and _in_scope_document(row, options, tables):
                gone = TkDocument(id=row["id"], gewijzigd_op=row["gewijzigd_op"], verwijderd=True)
                _forget(store, tables, key, gone, row, report, tell)


def _in_scope_document(row: dict, options: SyncOptions, tables: SyncTables) -> bool:
    if not row["datum"] or row["datum"] < options.since.isoformat():
        return False
    kenmerken = tuple(row["kenmerken"])
    return not options.ministry or options.ministry in tables.ministries_of(kenmerken)


def _forget(store, tables, key, doc: TkDocument, known: dict | None, report, tell) -> None:
    """A deleted document (or one that is no longer an answer) leaves corpus and disk."""
    source = corpus_source(doc.id)
    if store.find_source(source) is not None:
        store.remove(source)
        report.removed.append(doc.id)
        tell(f"verwijderd: {(known or {}).get('documentnummer') or doc.id}")
    if known and known["bestand"]:
        Path(known["bestand"]).unlink(missing_ok=True)
    tables.forget_document(key, doc.id, doc.gewijzigd_op)


def _still_open(doc: TkDocument, tables: SyncTables) -> bool:
    return any(not z.afgedaan and z.nummer and not tables.answered(z.nummer) for z in doc.zaken)


def _for_ministry(doc: TkDocument, ministry: str, tables: SyncTables) -> bool:
    if ministry in doc.ministeries:
        return True
    # the expansion may lack addressees; the stored question set may know them
    return not doc.ministeries and ministry in tables.ministries_of(doc.kenmerken)


def _take_document(store, tables, client, files: Path, key, doc: TkDocument, report, tell):
    label = doc.documentnummer or doc.id
    try:
        resource = client.resource(doc.id)
    except (MissingResource, ApiError) as exc:  # this document's problem: note it, go on
        report.failed.append((label, exc.message))
        tables.record_document(key, doc, "mislukt", exc.message)
        tell(f"mislukt: {label}: {exc.message}")
        return
    path = _keep_original(files, doc, resource.content)
    source = corpus_source(doc.id)
    digest = hashlib.sha256(resource.content).hexdigest()
    before = store.find_source(source)
    if before is not None and before["content_hash"] == digest:
        report.unchanged += 1  # metadata changed only, or a resumed run after the store write
        tables.record_document(key, doc, "opgenomen", bestand=str(path), in_corpus=True)
        return
    tables.start_reading(doc.id, doc.gewijzigd_op)  # on record before a bomb can strike
    try:
        parsed = read_document(resource.content, path.name)
        _check_kind(parsed, doc)
    except Exception as exc:  # whatever the file does, the sync goes on
        reason = _failure(exc)
        if doc.is_notice and isinstance(exc, AssistantError):  # its date is what matters
            tables.record_document(key, doc, "metadata", reason, bestand=str(path))
            tables.read_done(doc.id)
            tell(f"uitstelbericht {label}: alleen de datum gebruikt ({reason})")
            return
        report.failed.append((label, reason))
        tables.record_document(key, doc, "mislukt", reason, bestand=str(path))
        tables.read_failed(doc.id, doc.gewijzigd_op, reason)
        tell(f"mislukt: {label}: {reason}")
        return
    enriched = _enrich(parsed, doc)
    outcome = store.put(source, path.name, digest, len(resource.content), [("", enriched)])
    (report.replaced if outcome == "replaced" else report.added).append(doc.id)
    tables.record_document(key, doc, "opgenomen", bestand=str(path), in_corpus=True)
    tables.read_done(doc.id)
    tell(f"{'vervangen' if outcome == 'replaced' else 'nieuw'}: {label}")


def _take_questions(store, tables, client, files: Path, key, doc: TkDocument, report, tell):
    """Keep an open set's question file, so the app can start its draft from it."""
    label = doc.documentnummer or doc.id
    try:
        resource = client.resource(doc.id)
    except (MissingResource, ApiError) as exc:
        report.failed.append((label, exc.message))
        tables.record_document(key, doc, "mislukt", exc.message)
        tell(f"mislukt: {label}: {exc.message}")
        return
    tables.start_reading(doc.id, doc.gewijzigd_op)
    try:
        parse_question_bytes(resource.content, name=f"{label}{doc.extension}")
    except Exception as exc:  # whatever the file does, the sync goes on
        reason = _failure(exc)
        report.failed.append((label, reason))
        tables.record_document(key, doc, "mislukt", reason)
        tables.read_failed(doc.id, doc.gewijzigd_op, reason)
        tell(f"mislukt: {label}: {reason}")
        return
    path = _keep_original(files / "vragen", doc, resource.content)
    tables.record_document(key, doc, "opgenomen", bestand=str(path))
    tables.read_done(doc.id)
    report.question_files.append(doc.id)
    tell(f"open vragen: {', '.join(doc.kenmerken) or label}")


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
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", doc.documentnummer or doc.id)
    # the content decides the extension; the declared ContentType may be generic
    sniffed = {b"%PDF": ".pdf", b"PK\x03\x04": ".docx"}.get(content[:4], doc.extension)
    path = folder / f"{stem}{sniffed}"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".download-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
