"""The corpus store: one SQLite file in the home folder.

Tables: documents (one row per source file, with its content hash and
metadata), qa_records and passages (both deleted with their document).
Every document is written in one transaction (Store.writing): an interruption leaves
the previous state intact, and re-ingesting the same content changes nothing. Reads for
the search side return frozen values (stored.py). A store of an older schema version is
brought up to date on open (MIGRATIONS); a newer one is refused.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from .errors import AssistantError
from .models import CorpusDocument
from .passage_id import PassageId
from .stored import Stored, StoredDocument, StoredPassage, StoredQA

DB_NAME = "corpus.sqlite3"
# how long a process waits for another one's write (an ingest storing a document, a second
# process creating the same new store) before it reports the file as busy
BUSY_TIMEOUT_SECONDS = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    title TEXT, kenmerk TEXT, ah_id TEXT, vergaderjaar TEXT,
    ingezonden TEXT, ontvangen TEXT, datum TEXT,
    indieners TEXT NOT NULL DEFAULT '[]',
    gericht_aan TEXT NOT NULL DEFAULT '[]',
    beantwoord_door TEXT, ministerie TEXT,
    mede_namens TEXT NOT NULL DEFAULT '[]',
    onderwerp TEXT, mededeling TEXT,
    warnings TEXT NOT NULL DEFAULT '[]',
    meta TEXT NOT NULL DEFAULT '{}',
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);
CREATE TABLE IF NOT EXISTS qa_records (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    nr INTEGER,
    vraag_nrs TEXT NOT NULL DEFAULT '[]',
    vraag TEXT NOT NULL,
    antwoord TEXT,
    vraag_voetnoten TEXT NOT NULL DEFAULT '[]',
    antwoord_voetnoten TEXT NOT NULL DEFAULT '[]',
    external_id TEXT, kenmerk TEXT, datum TEXT, ministerie TEXT, onderwerp TEXT, bron TEXT,
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS qa_document ON qa_records (document_id);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kop TEXT NOT NULL DEFAULT '[]',
    tekst TEXT NOT NULL,
    words INTEGER NOT NULL,
    voetnoten TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS passages_document ON passages (document_id);
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    kenmerk TEXT, onderwerp TEXT,
    status TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL,
    data TEXT NOT NULL
);
"""

# The schema's history: step i brings a store from version i + 1 to i + 2, and the
# current version is 1 + the number of steps. _SCHEMA above is always the current
# schema (a new store is made with it at once); an older store gets the steps it
# misses, in the transaction that opens it. Add a step (and change _SCHEMA to match)
# when a table, column or index changes; never change a step that shipped.
MIGRATIONS: tuple[Callable[[sqlite3.Cursor], None], ...] = ()


def schema_version() -> int:
    """The schema version this program writes."""
    return 1 + len(MIGRATIONS)


class Store:
    """Open (and create) the corpus database of a home folder."""

    def __init__(self, path: Path):
        self.path = path
        self._parts: set[str] = set()  # parts whose own tables are ensured (ensure_part)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # the app uses one store from several script threads (one at a time); the busy
            # timeout lets a second process (app and CLI, a test and its ingest) wait its turn
            self.db = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
            )
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self._use_wal()
            self._open_schema()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise AssistantError(
                f"corpus-database is onleesbaar of beschadigd: {path} ({exc})",
                code="store-unreadable",
            ) from exc
        except BaseException:
            self._close_quietly()
            raise

    @classmethod
    def in_home(cls, home: Path) -> Store:
        return cls(Path(home) / DB_NAME)

    def close(self) -> None:
        self.db.close()

    def _close_quietly(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _use_wal(self) -> None:
        """Switch a new file to WAL (readers never block the writer). The switch needs the
        file to itself, and SQLite reports a busy file at once instead of waiting, so several
        processes creating the same store take turns here; the mode is kept in the file."""
        _retry_busy(lambda: self.db.execute("PRAGMA journal_mode = WAL").fetchone())

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Cursor]:
        """One write transaction: BEGIN IMMEDIATE (waiting while another process writes),
        COMMIT at the end, ROLLBACK on any error or interruption. Inside another write
        transaction it joins that one (the outer one commits)."""
        cur = self.db.cursor()
        if self.db.in_transaction:
            yield cur
            return
        _retry_busy(lambda: cur.execute("BEGIN IMMEDIATE"))
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                cur.execute("ROLLBACK")
            raise

    def ensure_schema(self, ddl: str, then=None) -> None:
        """Create tables (``CREATE ... IF NOT EXISTS``) in one write transaction, then run
        ``then(cursor)`` inside it: processes opening a new store at the same time take
        turns, and each sees the schema whole or not at all. Other parts that keep tables in
        this file (the sync) create theirs with this too. Statements are separated by ";"
        (none holds one inside)."""
        with self.writing() as cur:
            for statement in _statements(ddl):
                cur.execute(statement)
            if then is not None:
                then(cur)

    def ensure_part(self, name: str, ddl: str, then=None) -> None:
        """ensure_schema for a part that keeps its own tables here (the sync), once per open
        store: the app builds such a part on every rerun, and needs no write each time."""
        if name not in self._parts:
            self.ensure_schema(ddl, then)
            self._parts.add(name)

    def _open_schema(self) -> None:
        """Make a new store, or bring an older one up to date, in one write transaction
        (whoever opens it first does the work); refuse a store of a newer program."""
        current = schema_version()
        with self.writing() as cur:
            found = _stored_version(cur)
            if found is not None and found > current:
                raise AssistantError(
                    f"de corpus-database {self.path} is gemaakt door een nieuwere versie van "
                    f"de assistent (schemaversie {found}; deze versie kent tot en met "
                    f"{current}): werk de assistent bij",
                    code="store-too-new",
                )
            if found is not None:
                for step in MIGRATIONS[found - 1 :]:
                    step(cur)
            for statement in _statements(_SCHEMA):
                cur.execute(statement)
            cur.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(current),),
            )
            cur.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0')")

    def version(self) -> int:
        """The schema version of the open store."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row["value"])

    # --- lookups -------------------------------------------------------------------------

    def find_source(self, source: str) -> sqlite3.Row | None:
        """The stored document(s) of a source file (an export may hold several: source#key)."""
        return self.db.execute(
            "SELECT id, name, content_hash FROM documents "
            "WHERE source = ? OR source LIKE ? ESCAPE '\\' ORDER BY id LIMIT 1",
            (source, _like_prefix(source)),
        ).fetchone()

    def is_synced(self, document_id: int) -> bool:
        """Whether a document came from the Tweede Kamer sync: only then is its publication
        id confirmed by the Kamer (demo and hand-ingested ids may not exist online)."""
        row = self.db.execute("SELECT source FROM documents WHERE id = ?", (document_id,))
        found = row.fetchone()
        return bool(found and found["source"].startswith("tk:"))

    def count_synced(self) -> int:
        """How many documents came from the Tweede Kamer sync."""
        return self.db.execute(
            "SELECT COUNT(*) FROM documents WHERE source LIKE 'tk:%'"
        ).fetchone()[0]

    def find_hash(self, content_hash: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT id, name, source FROM documents WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()

    # --- writes ---------------------------------------------------------------------------

    def put(
        self,
        source: str,
        name: str,
        content_hash: str,
        size: int,
        docs: list[tuple[str, CorpusDocument]],
    ) -> str:
        """Store the document(s) of one source file in one transaction, replacing what that
        file gave before; returns 'added' or 'replaced'. A key other than "" stores the
        document as source#key (an export file holding several documents)."""
        with self.writing() as cur:
            old = cur.execute(
                "DELETE FROM documents WHERE source = ? OR source LIKE ? ESCAPE '\\'",
                (source, _like_prefix(source)),
            ).rowcount
            for key, doc in docs:
                self._insert(
                    cur, f"{source}#{key}" if key else source, name, content_hash, size, doc
                )
            _bump(cur)
        return "replaced" if old else "added"

    @staticmethod
    def _insert(cur, source: str, name: str, content_hash: str, size: int, doc) -> None:
        doc_id = cur.execute(
            """INSERT INTO documents (source, name, kind, content_hash, size, title, kenmerk,
               ah_id, vergaderjaar, ingezonden, ontvangen, datum, indieners, gericht_aan,
               beantwoord_door, ministerie, mede_namens, onderwerp, mededeling, warnings,
               meta, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                source, name, doc.kind, content_hash, size, doc.title, doc.kenmerk,
                doc.ah_id, doc.vergaderjaar, _iso(doc.ingezonden), _iso(doc.ontvangen),
                _iso(doc.datum), _json([asdict(m) for m in doc.indieners]),
                _json(list(doc.gericht_aan)), doc.beantwoord_door, doc.ministerie,
                _json(list(doc.mede_namens)), doc.onderwerp, doc.mededeling,
                _json(list(doc.warnings)), _json(doc.meta), _now(),
            ),
        ).lastrowid  # fmt: skip
        cur.executemany(
            """INSERT INTO qa_records (document_id, seq, nr, vraag_nrs, vraag, antwoord,
               vraag_voetnoten, antwoord_voetnoten, external_id, kenmerk, datum, ministerie,
               onderwerp, bron, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    doc_id, seq, r.nr, _json(list(r.vraag_nrs)), r.vraag, r.antwoord,
                    _json([asdict(f) for f in r.vraag_voetnoten]),
                    _json([asdict(f) for f in r.antwoord_voetnoten]),
                    r.external_id, r.kenmerk, _iso(r.datum), r.ministerie, r.onderwerp,
                    r.bron, _json(r.extra),
                )
                for seq, r in enumerate(doc.records)
            ],
        )  # fmt: skip
        cur.executemany(
            """INSERT INTO passages (document_id, seq, kop, tekst, words, voetnoten)
               VALUES (?, ?, ?, ?, ?, ?)""",
            [
                (
                    doc_id, p.seq, _json(list(p.kop)), p.tekst, len(p.tekst.split()),
                    _json([asdict(f) for f in p.voetnoten]),
                )
                for p in doc.passages
            ],
        )  # fmt: skip

    def remove(self, source: str) -> bool:
        """Delete a document and its records; True if it was there."""
        with self.writing() as cur:
            deleted = cur.execute(
                "DELETE FROM documents WHERE source = ? OR source LIKE ? ESCAPE '\\'",
                (source, _like_prefix(source)),
            ).rowcount
            if deleted:
                _bump(cur)
        return deleted > 0

    # --- drafts -----------------------------------------------------------------------------

    def save_draft(self, draft_id: str, data: dict) -> None:
        """Insert or replace a draft (its JSON form, see draft.draft_to_dict) in one step."""
        vragen = data["vragen"]
        with self.writing() as cur:
            cur.execute(
                """INSERT INTO drafts (id, kenmerk, onderwerp, status, created, updated, data)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET kenmerk = excluded.kenmerk,
                   onderwerp = excluded.onderwerp, status = excluded.status,
                   updated = excluded.updated, data = excluded.data""",
                (draft_id, vragen.get("kenmerk"), vragen.get("onderwerp"), data["status"],
                 data["aangemaakt"], data["gewijzigd"], _json(data)),
            )  # fmt: skip

    def change_draft(self, draft_id: str, change) -> dict | None:
        """Read, change and write one draft in one transaction: two browser tabs editing
        different answers of the same draft never overwrite each other's work.

        ``change`` gets the stored JSON form and returns the new one (or None: no change)."""
        with self.writing() as cur:
            row = cur.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                return None
            data = change(json.loads(row["data"]))
            if data is None:
                return None
            vragen = data["vragen"]
            cur.execute(
                "UPDATE drafts SET kenmerk = ?, onderwerp = ?, status = ?, updated = ?, data = ? "
                "WHERE id = ?",
                (vragen.get("kenmerk"), vragen.get("onderwerp"), data["status"],
                 data["gewijzigd"], _json(data), draft_id),
            )  # fmt: skip
            return data

    def list_drafts(self) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, kenmerk, onderwerp, status, created, updated FROM drafts "
            "ORDER BY created DESC, id"
        )
        return [dict(r) for r in rows]

    def get_draft(self, draft_id: str) -> dict | None:
        row = self.db.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    # --- reading --------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that see one state of the store (one read transaction: a writer in
        another process may go on, its changes are not seen here), e.g. the items an index
        is built from together with the generation they belong to."""
        if self.db.in_transaction:  # already inside one: it decides
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def generation(self) -> int:
        """A counter raised by every change: an index built at another generation is stale."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row["value"]) if row else 0

    # typed reads: what search, the index, export and precedents work with (stored.py)

    def document(self, document_id: int) -> StoredDocument | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        return StoredDocument.from_row(row) if row else None

    def qa_entries(self) -> Iterator[StoredQA]:
        """Every Q/A record with its document, in document order."""
        docs = self._typed_documents()
        for row in self.db.execute("SELECT * FROM qa_records ORDER BY document_id, seq"):
            yield StoredQA.from_row(row, docs[row["document_id"]])

    def passage_entries(self) -> Iterator[StoredPassage]:
        """Every policy passage with its document, in document order."""
        docs = self._typed_documents()
        for row in self.db.execute("SELECT * FROM passages ORDER BY document_id, seq"):
            yield StoredPassage.from_row(row, docs[row["document_id"]])

    def entries(self, ids: Iterable[PassageId]) -> dict[PassageId, Stored]:
        """The stored records and passages behind these ids (two queries in all, however
        many ids); an id whose row is gone (removed since the index was built) is left out."""
        ids = list(ids)
        qa = self.qa_by_ids([i.number for i in ids if i.is_qa])
        passages = self.passages_by_ids([i.number for i in ids if not i.is_qa])
        found: dict[PassageId, Stored] = {}
        for pid in ids:
            entry = (qa if pid.is_qa else passages).get(pid.number)
            if entry is not None:
                found[pid] = entry
        return found

    def entry(self, pid: PassageId) -> Stored | None:
        return self.entries([pid]).get(pid)

    def qa_by_ids(self, ids: list[int]) -> dict[int, StoredQA]:
        rows, docs = self._rows_by_ids("qa_records", ids)
        return {r["id"]: StoredQA.from_row(r, docs[r["document_id"]]) for r in rows}

    def passages_by_ids(self, ids: list[int]) -> dict[int, StoredPassage]:
        rows, docs = self._rows_by_ids("passages", ids)
        return {r["id"]: StoredPassage.from_row(r, docs[r["document_id"]]) for r in rows}

    def _rows_by_ids(self, table: str, ids: list[int]) -> tuple[list, dict[int, StoredDocument]]:
        if not ids:
            return [], {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", ids).fetchall()
        doc_ids = sorted({r["document_id"] for r in rows})
        dmarks = ",".join("?" * len(doc_ids))
        docs = self.db.execute(f"SELECT * FROM documents WHERE id IN ({dmarks})", doc_ids)
        return rows, {d["id"]: StoredDocument.from_row(d) for d in docs}

    def qa_of_document(self, document_id: int) -> list[StoredQA]:
        """Every Q/A record of one document, in its order (the whole precedent)."""
        doc = self.document(document_id)
        rows = self.db.execute(
            "SELECT * FROM qa_records WHERE document_id = ? ORDER BY seq", (document_id,)
        )
        return [StoredQA.from_row(r, doc) for r in rows] if doc else []

    def passages_of_document(self, document_id: int) -> list[StoredPassage]:
        doc = self.document(document_id)
        rows = self.db.execute(
            "SELECT * FROM passages WHERE document_id = ? ORDER BY seq", (document_id,)
        )
        return [StoredPassage.from_row(r, doc) for r in rows] if doc else []

    def _typed_documents(self) -> dict[int, StoredDocument]:
        rows = self.db.execute("SELECT * FROM documents ORDER BY id")
        return {r["id"]: StoredDocument.from_row(r) for r in rows}

    # plain rows: what the corpus overview shows, and tools and tests that look at the tables

    def counts(self) -> dict:
        """{"documents", "qa_records", "passages", "by_kind", "by_ministry", "by_year"}.

        The three breakdowns count documents; a year is that of the document's own
        date (ontvangen, letter date), else of ingezonden.
        """
        one = self.db.execute
        rows = one("SELECT kind, ministerie, COALESCE(datum, ingezonden) AS d FROM documents")
        by_kind: Counter = Counter()
        by_ministry: Counter = Counter()
        by_year: Counter = Counter()
        for row in rows:
            by_kind[row["kind"]] += 1
            by_ministry[row["ministerie"] or "onbekend"] += 1
            by_year[row["d"][:4] if row["d"] else "onbekend"] += 1
        return {
            "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "qa_records": one("SELECT COUNT(*) FROM qa_records").fetchone()[0],
            "passages": one("SELECT COUNT(*) FROM passages").fetchone()[0],
            "by_kind": dict(sorted(by_kind.items())),
            "by_ministry": dict(sorted(by_ministry.items())),
            "by_year": dict(sorted(by_year.items())),
        }

    def documents(self) -> list[dict]:
        return [_row(r) for r in self.db.execute("SELECT * FROM documents ORDER BY id")]

    def qa_records(self) -> Iterator[tuple[dict, dict]]:
        """(record row, its document row) for every Q/A record, in document order: the
        stored columns as they are, no metadata rule applied (see qa_entries)."""
        docs = {d["id"]: d for d in self.documents()}
        for row in self.db.execute("SELECT * FROM qa_records ORDER BY document_id, seq"):
            yield _row(row), docs[row["document_id"]]

    def passages(self) -> Iterator[tuple[dict, dict]]:
        """(passage row, its document row), in document order (see passage_entries)."""
        docs = {d["id"]: d for d in self.documents()}
        for row in self.db.execute("SELECT * FROM passages ORDER BY document_id, seq"):
            yield _row(row), docs[row["document_id"]]


_JSON_COLUMNS = {
    "indieners", "gericht_aan", "mede_namens", "warnings", "meta", "vraag_nrs",
    "vraag_voetnoten", "antwoord_voetnoten", "extra", "kop", "voetnoten",
}  # fmt: skip


def _bump(cur) -> None:
    cur.execute(
        "INSERT INTO meta (key, value) VALUES ('generation', '1') "
        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _retry_busy(step):
    """Run ``step`` again while SQLite reports the file busy without waiting itself (the
    switch to WAL; a write transaction's start when the busy handler gives up early), for
    at most BUSY_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _statements(ddl: str) -> list[str]:
    return [x.strip() for x in ddl.split(";") if x.strip()]


def _stored_version(cur) -> int | None:
    """The schema version a store records, None for a new (empty) file."""
    has_meta = cur.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    row = has_meta and cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if not row:
        return None
    if not str(row["value"]).isdigit() or int(row["value"]) < 1:
        raise sqlite3.DatabaseError(f"onbekende schemaversie {row['value']!r}")
    return int(row["value"])


def _like_prefix(source: str) -> str:
    escaped = source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "#%"


def _row(row: sqlite3.Row) -> dict:
    return {k: (json.loads(row[k]) if k in _JSON_COLUMNS else row[k]) for k in row.keys()}  # noqa: SIM118


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
