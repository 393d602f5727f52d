"""What the sync keeps next to the corpus, in the same SQLite file.

- ``sync_cursors``: per scope (what, ministry, since) the GewijzigdOp of the
  last object fully handled; the next run asks only for what changed from there.
- ``tk_zaken``: every question set seen, answered or not, so the app can list
  the open ones with their deadline.
- ``tk_documenten``: every answer or notice seen, with its outcome and the
  corpus source it became (``tk:<Id>``), so a change replaces it and a deletion
  removes it.
- ``tk_bestand_pogingen``: per document version (Id and GewijzigdOp) the reads of its
  file that were started, and the reason once it failed. The count is written before
  the file is parsed, so a file that kills or hangs the run (a zip or flate bomb, before
  a worker could stop it) is still on record: after ``MAX_READ_ATTEMPTS`` unfinished
  reads that version counts as failed and is not fetched again; a new version from the
  Kamer (another GewijzigdOp) is tried afresh.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

from ..store import Store
from .records import TkDocument, TkZaak

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sync_cursors (
    scope TEXT PRIMARY KEY,
    gewijzigd_op TEXT NOT NULL,
    bijgewerkt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tk_zaken (
    id TEXT PRIMARY KEY,
    nummer TEXT,
    onderwerp TEXT,
    ingezonden TEXT,
    afgedaan INTEGER NOT NULL,
    vergaderjaar TEXT,
    actors TEXT NOT NULL DEFAULT '[]',
    ministeries TEXT NOT NULL DEFAULT '[]',
    gewijzigd_op TEXT NOT NULL,
    gesynct TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tk_zaken_nummer ON tk_zaken (nummer);
CREATE TABLE IF NOT EXISTS tk_documenten (
    id TEXT PRIMARY KEY,
    soort TEXT,
    documentnummer TEXT,
    datum TEXT,
    kenmerken TEXT NOT NULL DEFAULT '[]',
    publicatie TEXT,
    gewijzigd_op TEXT NOT NULL,
    status TEXT NOT NULL,
    reden TEXT,
    bron TEXT,
    bestand TEXT,
    gesynct TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tk_bestand_pogingen (
    id TEXT NOT NULL,
    gewijzigd_op TEXT NOT NULL,
    pogingen INTEGER NOT NULL,
    reden TEXT,
    bijgewerkt TEXT NOT NULL,
    PRIMARY KEY (id, gewijzigd_op)
);
"""

SOURCE_PREFIX = "tk:"
# outcomes not retried until the document changes; "metadata": a notice whose file was not
# recognised, kept for its date only
DONE = ("opgenomen", "metadata", "mislukt")
# a file whose reading was started this often without an outcome is given up (a Ctrl-C on a
# hang counts too: the first retry may have been bad luck, the second is not)
MAX_READ_ATTEMPTS = 2


def corpus_source(document_id: str) -> str:
    """The corpus 'source' of a synced document: stable across file names and re-downloads."""
    return f"{SOURCE_PREFIX}{document_id}"


class SyncTables:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db
        self.db.executescript(_SCHEMA)

    # --- cursors ----------------------------------------------------------------------------

    def cursor(self, scope: str) -> str | None:
        row = self.db.execute(
            "SELECT gewijzigd_op FROM sync_cursors WHERE scope = ?", (scope,)
        ).fetchone()
        return row[0] if row else None

    def _set_cursor(self, scope: str, gewijzigd_op: str) -> None:
        self.db.execute(
            "INSERT INTO sync_cursors (scope, gewijzigd_op, bijgewerkt) VALUES (?, ?, ?) "
            "ON CONFLICT (scope) DO UPDATE SET gewijzigd_op = max(gewijzigd_op, "
            "excluded.gewijzigd_op), bijgewerkt = excluded.bijgewerkt",
            (scope, gewijzigd_op, _now()),
        )

    # --- question sets ----------------------------------------------------------------------

    def apply_zaken(self, scope: str, keep: list[TkZaak], drop: list[str], cursor: str) -> None:
        """Store or update the kept sets, forget the dropped ids and move the cursor, at once."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for zaak in keep:
                self.db.execute(
                    """INSERT INTO tk_zaken (id, nummer, onderwerp, ingezonden, afgedaan,
                       vergaderjaar, actors, ministeries, gewijzigd_op, gesynct)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (id) DO UPDATE SET nummer = excluded.nummer,
                       onderwerp = excluded.onderwerp, ingezonden = excluded.ingezonden,
                       afgedaan = excluded.afgedaan, vergaderjaar = excluded.vergaderjaar,
                       actors = excluded.actors, ministeries = excluded.ministeries,
                       gewijzigd_op = excluded.gewijzigd_op, gesynct = excluded.gesynct""",
                    (
                        zaak.id, zaak.nummer, zaak.onderwerp,
                        zaak.gestart_op.isoformat() if zaak.gestart_op else None,
                        int(zaak.afgedaan), zaak.vergaderjaar,
                        _json([asdict(a) for a in zaak.actors]), _json(list(zaak.ministeries)),
                        zaak.gewijzigd_op, _now(),
                    ),
                )  # fmt: skip
            self.db.executemany("DELETE FROM tk_zaken WHERE id = ?", [(i,) for i in drop])
            self._set_cursor(scope, cursor)

    def drop_zaken(self, ids: list[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM tk_zaken WHERE id = ?", [(i,) for i in ids])

    def zaken(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM tk_zaken ORDER BY ingezonden, nummer")
        return [_decode(r, ("actors", "ministeries")) for r in rows]

    def zaak_versions(self, ids: list[str]) -> dict[str, str]:
        """id -> stored GewijzigdOp, for the ids that are stored."""
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, gewijzigd_op FROM tk_zaken WHERE id IN ({marks})", ids)
        return {r[0]: r[1] for r in rows}

    def ministries_of(self, kenmerken: tuple[str, ...]) -> set[str]:
        """The ministries addressed by the stored question sets with these kenmerken."""
        marks = ",".join("?" * len(kenmerken))
        rows = self.db.execute(
            f"SELECT ministeries FROM tk_zaken WHERE nummer IN ({marks})", kenmerken
        )
        return {m for r in rows for m in json.loads(r[0])}

    # --- documents --------------------------------------------------------------------------

    def document(self, document_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM tk_documenten WHERE id = ?", (document_id,)).fetchone()
        return _decode(row, ("kenmerken",)) if row else None

    def documents(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM tk_documenten ORDER BY datum, id")
        return [_decode(r, ("kenmerken",)) for r in rows]

    def record_document(
        self,
        scope: str,
        doc: TkDocument,
        status: str,
        reden: str | None = None,
        bestand: str | None = None,
        in_corpus: bool = False,
    ) -> None:
        """Remember a document's outcome and move the cursor past it, in one transaction."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(
                """INSERT INTO tk_documenten (id, soort, documentnummer, datum, kenmerken,
                   publicatie, gewijzigd_op, status, reden, bron, bestand, gesynct)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET soort = excluded.soort,
                   documentnummer = excluded.documentnummer, datum = excluded.datum,
                   kenmerken = excluded.kenmerken, publicatie = excluded.publicatie,
                   gewijzigd_op = excluded.gewijzigd_op, status = excluded.status,
                   reden = excluded.reden, bron = excluded.bron, bestand = excluded.bestand,
                   gesynct = excluded.gesynct""",
                (
                    doc.id, doc.soort, doc.documentnummer,
                    doc.datum.isoformat() if doc.datum else None, _json(list(doc.kenmerken)),
                    doc.publicatie, doc.gewijzigd_op, status, reden,
                    corpus_source(doc.id) if in_corpus else None, bestand, _now(),
                ),
            )  # fmt: skip
            self._set_cursor(scope, doc.gewijzigd_op)

    def answered(self, kenmerk: str) -> bool:
        """Whether an answer to this question set was synced or ingested."""
        synced = self.db.execute(
            "SELECT 1 FROM tk_documenten, json_each(tk_documenten.kenmerken) AS k "
            "WHERE k.value = ? AND soort LIKE 'Antwoord%' LIMIT 1",
            (kenmerk,),
        ).fetchone()
        ingested = self.db.execute(
            "SELECT 1 FROM documents WHERE kenmerk = ? AND kind = 'antwoord' LIMIT 1", (kenmerk,)
        ).fetchone()
        return bool(synced or ingested)

    def last_notice(self, kenmerk: str, notice_soort: str) -> str | None:
        """ISO date of the latest postponement notice for one set, synced or ingested."""
        synced = self.db.execute(
            "SELECT max(datum) FROM tk_documenten, json_each(tk_documenten.kenmerken) AS k "
            "WHERE k.value = ? AND soort = ?",
            (kenmerk, notice_soort),
        ).fetchone()[0]
        ingested = self.db.execute(
            "SELECT max(COALESCE(datum, ontvangen)) FROM documents "
            "WHERE kenmerk = ? AND kind = 'mededeling'",
            (kenmerk,),
        ).fetchone()[0]
        found = [d[:10] for d in (synced, ingested) if d]
        return max(found) if found else None

    def forget_document(self, scope: str, document_id: str, gewijzigd_op: str) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("DELETE FROM tk_documenten WHERE id = ?", (document_id,))
            self._set_cursor(scope, gewijzigd_op)

    def pass_cursor(self, scope: str, gewijzigd_op: str) -> None:
        """Move the cursor past an object that needed no work (skipped or unchanged)."""
        with self.db:
            self._set_cursor(scope, gewijzigd_op)

    # --- files that break the reader -----------------------------------------------------------

    def start_reading(self, document_id: str, gewijzigd_op: str) -> int:
        """Count one more read of this version's file, committed before the parse begins."""
        with self.db:
            self.db.execute(
                "INSERT INTO tk_bestand_pogingen (id, gewijzigd_op, pogingen, bijgewerkt) "
                "VALUES (?, ?, 1, ?) ON CONFLICT (id, gewijzigd_op) DO UPDATE SET "
                "pogingen = pogingen + 1, bijgewerkt = excluded.bijgewerkt",
                (document_id, gewijzigd_op, _now()),
            )
        return self.read_attempts(document_id, gewijzigd_op)

    def read_attempts(self, document_id: str, gewijzigd_op: str) -> int:
        row = self.db.execute(
            "SELECT pogingen FROM tk_bestand_pogingen WHERE id = ? AND gewijzigd_op = ?",
            (document_id, gewijzigd_op),
        ).fetchone()
        return row[0] if row else 0

    def read_failed(self, document_id: str, gewijzigd_op: str, reden: str) -> None:
        """This version's file could not be read: keep the reason next to the count."""
        with self.db:
            self.db.execute(
                "INSERT INTO tk_bestand_pogingen (id, gewijzigd_op, pogingen, reden, bijgewerkt) "
                "VALUES (?, ?, 1, ?, ?) ON CONFLICT (id, gewijzigd_op) DO UPDATE SET "
                "reden = excluded.reden, bijgewerkt = excluded.bijgewerkt",
                (document_id, gewijzigd_op, reden, _now()),
            )

    def read_done(self, document_id: str) -> None:
        """The file was read (or its outcome is otherwise settled): no attempts to remember."""
        with self.db:
            self.db.execute(
                "DELETE FROM tk_bestand_pogingen WHERE id = ? AND reden IS NULL", (document_id,)
            )

    def given_up(self, document_id: str, gewijzigd_op: str) -> str | None:
        """Why this version's file is not fetched again, or None to fetch it."""
        row = self.db.execute(
            "SELECT pogingen, reden FROM tk_bestand_pogingen WHERE id = ? AND gewijzigd_op = ?",
            (document_id, gewijzigd_op),
        ).fetchone()
        if row is None:
            return None
        if row[1]:
            return row[1]
        if row[0] >= MAX_READ_ATTEMPTS:
            return (
                f"het lezen van het bestand brak {row[0]} keer af (te groot, beschadigd of te "
                "traag); niet opnieuw geprobeerd tot de Kamer het document wijzigt"
            )
        return None

    def failed_reads(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM tk_bestand_pogingen ORDER BY bijgewerkt, id")
        return [dict(r) for r in rows]

    # --- the last run -----------------------------------------------------------------------

    def set_last_run(self, summary: dict) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES ('laatste_sync', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_json({"tijd": _now(), **summary}),),
            )

    def last_run(self) -> dict | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'laatste_sync'").fetchone()
        return json.loads(row[0]) if row else None


def _decode(row, json_columns: tuple[str, ...]) -> dict:
    return {k: (json.loads(row[k]) if k in json_columns else row[k]) for k in row.keys()}  # noqa: SIM118


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
