"""What the sync keeps next to the corpus, in the same SQLite file.

- ``feed_cursors``: per scope (category, and for documents the ministry; the start
  day) the skiptoken after the last entry fully handled; the next run asks the feed
  only for what became visible after it.
- ``tk_zaken``: every written-question set seen, answered or not, with its members
  and addressees (from ``tk_zaak_actoren``), so the app can list the open ones.
- ``tk_zaken_overig``: the ids of all other zaken seen (any other soort, or before
  the start day). The feed sends a zaak and its actors separately; an actor whose
  zaak is in neither table belongs to a zaak not seen yet and is kept for it.
- ``tk_documenten``: every answer, notice, withdrawal and open set's question
  document seen, with its outcome, the file version it was read from, and the
  corpus source it became (``tk:<Id>``), so a new file replaces it, new metadata
  updates it and a deletion removes it. Each row keeps the document as the feed
  sent it (``record``), so it can be decided again when one of its zaken changes
  later (deleted, another soort, or a set arriving after it); a document whose
  set has not arrived yet waits here (status ``wacht``).
- ``tk_bestand_pogingen``: per document file version the reads that were started,
  and the reason once one failed. The count is written before the file is parsed,
  so a file that kills or hangs the run (a zip or flate bomb, before a worker could
  stop it) is still on record: after ``MAX_READ_ATTEMPTS`` unfinished reads that
  version counts as failed and is not fetched again; a new file from the Kamer
  (another version, type or length) is tried afresh.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict
from datetime import UTC, date, datetime

from ..store import Store
from ..vocabulary import SyncDocumentStatus as Status
from .records import TkActor, TkDocument, TkZaak, TkZaakActor

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feed_cursors (
    scope TEXT PRIMARY KEY,
    skiptoken INTEGER NOT NULL,
    bijgewerkt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tk_zaken_overig (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tk_zaak_actoren (
    id TEXT PRIMARY KEY,
    zaak_id TEXT NOT NULL,
    naam TEXT NOT NULL,
    relatie TEXT NOT NULL,
    fractie TEXT,
    functie TEXT,
    gewijzigd_op TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tk_zaak_actoren_zaak ON tk_zaak_actoren (zaak_id);
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
    gesynct TEXT NOT NULL,
    onderwerp TEXT,
    bestand_versie TEXT,
    record TEXT
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
# outcomes not retried until the document's file changes; "metadata": a notice whose file was
# not recognised, kept for its date only, or a withdrawal (no file needed)
DONE = (Status.OPGENOMEN, Status.METADATA, Status.MISLUKT)
WAITING = Status.WACHT  # its question set has not arrived yet
# columns added since the first version of these tables (OData v4 era), added in place
_ADDED_COLUMNS = {"tk_documenten": ("onderwerp TEXT", "bestand_versie TEXT", "record TEXT")}
# a file whose reading was started this often without an outcome is given up (a Ctrl-C on a
# hang counts too: the first retry may have been bad luck, the second is not)
MAX_READ_ATTEMPTS = 2


def _migrate(cur) -> None:
    """Tables of the OData era: their cursors were times in another API's order, so they go
    (the first feed run reads everything once); new columns are added. Runs inside the
    schema's write transaction (Store.ensure_schema)."""
    if cur.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_cursors'"
    ).fetchone():
        cur.execute("DROP TABLE sync_cursors")
    for table, columns in _ADDED_COLUMNS.items():
        have = {r[1] for r in cur.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in have:
                cur.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


def corpus_source(document_id: str) -> str:
    """The corpus 'source' of a synced document: stable across file names and re-downloads."""
    return f"{SOURCE_PREFIX}{document_id}"


class SyncTables:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db
        store.ensure_part("sync", _SCHEMA, then=_migrate)

    # --- cursors ----------------------------------------------------------------------------

    def cursor(self, scope: str) -> int | None:
        row = self.db.execute(
            "SELECT skiptoken FROM feed_cursors WHERE scope = ?", (scope,)
        ).fetchone()
        return row[0] if row else None

    def _set_cursor(self, scope: str, skiptoken: int) -> None:
        self.db.execute(
            "INSERT INTO feed_cursors (scope, skiptoken, bijgewerkt) VALUES (?, ?, ?) "
            "ON CONFLICT (scope) DO UPDATE SET skiptoken = max(skiptoken, excluded.skiptoken), "
            "bijgewerkt = excluded.bijgewerkt",
            (scope, skiptoken, _now()),
        )

    # --- question sets ----------------------------------------------------------------------

    def apply_zaken(
        self, scope: str, keep: list[TkZaak], drop: list[str], other: list[str], cursor: int
    ) -> None:
        """Store or update the kept sets; remember the dropped ones (deleted, or of another soort
        now) and other zaken as not written questions, without actors; move the cursor; at once."""
        with self.store.writing():
            for zaak in keep:
                self.db.execute(
                    """INSERT INTO tk_zaken (id, nummer, onderwerp, ingezonden, afgedaan,
                       vergaderjaar, gewijzigd_op, gesynct)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (id) DO UPDATE SET nummer = excluded.nummer,
                       onderwerp = excluded.onderwerp, ingezonden = excluded.ingezonden,
                       afgedaan = excluded.afgedaan, vergaderjaar = excluded.vergaderjaar,
                       gewijzigd_op = excluded.gewijzigd_op, gesynct = excluded.gesynct""",
                    (
                        zaak.id, zaak.nummer, zaak.onderwerp,
                        zaak.gestart_op.isoformat() if zaak.gestart_op else None,
                        int(zaak.afgedaan), zaak.vergaderjaar, zaak.gewijzigd_op, _now(),
                    ),
                )  # fmt: skip
            self.db.executemany("DELETE FROM tk_zaken_overig WHERE id = ?", [(z.id,) for z in keep])
            gone = [(i,) for i in [*drop, *other]]
            self.db.executemany("DELETE FROM tk_zaken WHERE id = ?", gone)
            self.db.executemany("INSERT OR IGNORE INTO tk_zaken_overig (id) VALUES (?)", gone)
            self.db.executemany("DELETE FROM tk_zaak_actoren WHERE zaak_id = ?", gone)
            self._refresh_actors([z.id for z in keep])
            self._set_cursor(scope, cursor)

    def apply_actors(self, scope: str, actors: list[TkZaakActor], cursor: int) -> None:
        """Keep the actors of stored sets and of zaken not seen yet, forget deleted ones, and
        bring each touched set's members and ministries up to date, at once."""
        with self.store.writing():
            touched = set()
            for item in actors:
                before = self.db.execute(
                    "SELECT zaak_id FROM tk_zaak_actoren WHERE id = ?", (item.id,)
                ).fetchone()
                if before:
                    touched.add(before[0])
                if (
                    item.verwijderd
                    or item.actor is None
                    or not item.zaak_id
                    or self._other(item.zaak_id)
                ):
                    self.db.execute("DELETE FROM tk_zaak_actoren WHERE id = ?", (item.id,))
                    continue
                a = item.actor
                self.db.execute(
                    """INSERT INTO tk_zaak_actoren (id, zaak_id, naam, relatie, fractie, functie,
                       gewijzigd_op) VALUES (?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (id) DO UPDATE SET zaak_id = excluded.zaak_id,
                       naam = excluded.naam, relatie = excluded.relatie,
                       fractie = excluded.fractie, functie = excluded.functie,
                       gewijzigd_op = excluded.gewijzigd_op""",
                    (item.id, item.zaak_id, a.naam, a.relatie, a.fractie, a.functie,
                     item.gewijzigd_op),
                )  # fmt: skip
                touched.add(item.zaak_id)
            self._refresh_actors(sorted(touched))
            self._set_cursor(scope, cursor)

    def _other(self, zaak_id: str) -> bool:
        found = self.db.execute("SELECT 1 FROM tk_zaken_overig WHERE id = ?", (zaak_id,))
        return found.fetchone() is not None

    def _refresh_actors(self, zaak_ids: list[str]) -> None:
        """A set's members, addressees and ministries, from its stored actors."""
        for zaak_id in zaak_ids:
            rows = self.db.execute(
                "SELECT naam, relatie, fractie, functie FROM tk_zaak_actoren WHERE zaak_id = ? "
                "ORDER BY CASE relatie WHEN 'Indiener' THEN 0 WHEN 'Medeindiener' THEN 1 "
                "ELSE 2 END, naam, id",
                (zaak_id,),
            ).fetchall()
            actors = tuple(TkActor(r[0], r[1], r[2], r[3]) for r in rows)
            ministeries = TkZaak(id=zaak_id, gewijzigd_op="", verwijderd=False, actors=actors)
            self.db.execute(
                "UPDATE tk_zaken SET actors = ?, ministeries = ? WHERE id = ?",
                (_json([asdict(a) for a in actors]), _json(list(ministeries.ministeries)), zaak_id),
            )

    def known_zaken(self, ids: tuple[str, ...]) -> tuple[list[TkZaak], bool]:
        """The stored written-question sets among these ids, and whether any id is a zaak not
        seen yet (neither stored nor another soort)."""
        found, unknown = [], False
        for zaak_id in ids:
            row = self.db.execute("SELECT * FROM tk_zaken WHERE id = ?", (zaak_id,)).fetchone()
            if row is not None:
                found.append(_zaak(_decode(row, ("actors", "ministeries"))))
            elif not self._other(zaak_id):
                unknown = True
        return found, unknown

    def drop_zaken(self, ids: list[str]) -> None:
        with self.store.writing():
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
        cursor: int | None = None,
    ) -> None:
        """Remember a document's outcome and move the cursor past it, in one transaction."""
        record = _json(_document_json(doc))
        with self.store.writing():
            self.db.execute(
                """INSERT INTO tk_documenten (id, soort, documentnummer, datum, kenmerken,
                   publicatie, gewijzigd_op, status, reden, bron, bestand, gesynct, onderwerp,
                   bestand_versie, record)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET soort = excluded.soort,
                   documentnummer = excluded.documentnummer, datum = excluded.datum,
                   kenmerken = excluded.kenmerken, publicatie = excluded.publicatie,
                   gewijzigd_op = excluded.gewijzigd_op, status = excluded.status,
                   reden = excluded.reden, bron = excluded.bron, bestand = excluded.bestand,
                   gesynct = excluded.gesynct, onderwerp = excluded.onderwerp,
                   bestand_versie = excluded.bestand_versie, record = excluded.record""",
                (
                    doc.id, doc.soort, doc.documentnummer,
                    doc.datum.isoformat() if doc.datum else None, _json(list(doc.kenmerken)),
                    doc.publicatie, doc.gewijzigd_op, status, reden,
                    corpus_source(doc.id) if in_corpus else None, bestand, _now(),
                    doc.onderwerp, doc.bestand, record,
                ),
            )  # fmt: skip
            if cursor is not None:
                self._set_cursor(scope, cursor)

    def waiting_documents(self) -> list[TkDocument]:
        """Documents that arrived before their question set, to be taken up again."""
        rows = self.db.execute(
            "SELECT record FROM tk_documenten WHERE status = ? AND record IS NOT NULL ORDER BY id",
            (WAITING.value,),
        )
        return [_document_from_json(json.loads(r[0])) for r in rows]

    def documents_of_zaken(self, zaak_ids: set[str]) -> list[TkDocument]:
        """The documents (as the feed sent them) that refer to any of these zaken."""
        found: dict[str, TkDocument] = {}
        ids = sorted(zaak_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.db.execute(
                "SELECT DISTINCT d.id, d.record FROM tk_documenten AS d, "
                "json_each(d.record, '$.zaak_ids') AS z "
                f"WHERE d.record IS NOT NULL AND z.value IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                found[row[0]] = _document_from_json(json.loads(row[1]))
        return [found[i] for i in sorted(found)]

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

    def forget_document(self, scope: str, document_id: str, cursor: int | None) -> None:
        with self.store.writing():
            self.db.execute("DELETE FROM tk_documenten WHERE id = ?", (document_id,))
            if cursor is not None:
                self._set_cursor(scope, cursor)

    def pass_cursor(self, scope: str, cursor: int) -> None:
        """Move the cursor past entries that needed no work (skipped or unchanged)."""
        with self.store.writing():
            self._set_cursor(scope, cursor)

    def withdrawn(self) -> set[str]:
        """Kenmerken of the sets a synced Mededeling withdrew."""
        rows = self.db.execute(
            "SELECT k.value FROM tk_documenten, json_each(tk_documenten.kenmerken) AS k "
            "WHERE status = 'ingetrokken'"
        )
        return {r[0] for r in rows}

    # --- files that break the reader -----------------------------------------------------------

    def start_reading(self, document_id: str, gewijzigd_op: str) -> int:
        """Count one more read of this version's file, committed before the parse begins."""
        with self.store.writing():
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
        with self.store.writing():
            self.db.execute(
                "INSERT INTO tk_bestand_pogingen (id, gewijzigd_op, pogingen, reden, bijgewerkt) "
                "VALUES (?, ?, 1, ?, ?) ON CONFLICT (id, gewijzigd_op) DO UPDATE SET "
                "reden = excluded.reden, bijgewerkt = excluded.bijgewerkt",
                (document_id, gewijzigd_op, reden, _now()),
            )

    def read_done(self, document_id: str) -> None:
        """The file was read (or its outcome is otherwise settled): no attempts to remember."""
        with self.store.writing():
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
        with self.store.writing():
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES ('laatste_sync', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_json({"tijd": _now(), **summary}),),
            )

    def last_run(self) -> dict | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'laatste_sync'").fetchone()
        return json.loads(row[0]) if row else None


def _zaak(row: dict) -> TkZaak:
    return TkZaak(
        id=row["id"],
        gewijzigd_op=row["gewijzigd_op"],
        verwijderd=False,
        nummer=row["nummer"],
        soort="Schriftelijke vragen",
        onderwerp=row["onderwerp"],
        gestart_op=date.fromisoformat(row["ingezonden"]) if row["ingezonden"] else None,
        afgedaan=bool(row["afgedaan"]),
        vergaderjaar=row["vergaderjaar"],
        actors=tuple(TkActor(**a) for a in row["actors"]),
    )


def _document_json(doc: TkDocument) -> dict:
    """A waiting document as JSON: its own fields; its sets are looked up again later."""
    fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name != "zaken"}
    fields["datum"] = doc.datum.isoformat() if doc.datum else None
    fields["zaak_ids"] = list(doc.zaak_ids)
    return fields


def _document_from_json(fields: dict) -> TkDocument:
    fields = dict(fields)
    fields["datum"] = date.fromisoformat(fields["datum"]) if fields.get("datum") else None
    fields["zaak_ids"] = tuple(fields.get("zaak_ids") or ())
    return TkDocument(**fields)


def _decode(row, json_columns: tuple[str, ...]) -> dict:
    return {k: (json.loads(row[k]) if k in json_columns else row[k]) for k in row.keys()}  # noqa: SIM118


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
