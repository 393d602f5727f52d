"""The SQLite store: replace by source, transactions, damaged files."""

import sqlite3

import pytest

from assistant import AssistantError
from assistant.models import CorpusDocument, QARecord
from assistant.store import Store


def doc(answer: str, n: int = 3) -> CorpusDocument:
    return CorpusDocument(
        kind="antwoord",
        ministerie="Justitie en Veiligheid",
        records=tuple(
            QARecord(nr=i, vraag=f"Vraag {i}?", antwoord=answer) for i in range(1, n + 1)
        ),
    )


def test_put_replace_and_counts(tmp_path):
    with Store.in_home(tmp_path) as store:
        assert store.put("/a.pdf", "a.pdf", "h1", 10, [("", doc("Ja."))]) == "added"
        assert store.put("/a.pdf", "a.pdf", "h2", 10, [("", doc("Nee.", 2))]) == "replaced"
        counts = store.counts()
        assert counts["documents"] == 1 and counts["qa_records"] == 2
        assert {r["antwoord"] for r, _ in store.qa_records()} == {"Nee."}
        assert store.find_hash("h2")["name"] == "a.pdf"


def test_interrupted_write_keeps_the_previous_state(tmp_path, monkeypatch):
    with Store.in_home(tmp_path) as store:
        store.put("/a.pdf", "a.pdf", "h1", 10, [("", doc("Ja."))])

        def explode(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(Store, "_insert", staticmethod(explode))
        with pytest.raises(KeyboardInterrupt):
            store.put("/a.pdf", "a.pdf", "h2", 10, [("", doc("Nee."))])
    with Store.in_home(tmp_path) as store:
        assert store.counts()["qa_records"] == 3
        assert {r["antwoord"] for r, _ in store.qa_records()} == {"Ja."}


def test_damaged_database_file(tmp_path):
    (tmp_path / "corpus.sqlite3").write_bytes(b"dit is geen sqlite-bestand" * 100)
    with pytest.raises(AssistantError, match="beschadigd"):
        Store.in_home(tmp_path)


def test_other_schema_version(tmp_path):
    Store.in_home(tmp_path).close()
    db = sqlite3.connect(tmp_path / "corpus.sqlite3")
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(AssistantError, match="schemaversie"):
        Store.in_home(tmp_path)


# --- many processes open one new store at once -----------------------------------------------

PROCESSES = 8
THREADS = 3
ROUNDS = 8  # new stores, each opened by all at once: the race is not hit every time


def _open_new_stores(folder: str, start, results) -> None:
    """One process opening each new store (and the sync's tables, as the app and `sync` do)
    from a few threads, at the moment all the other processes do; puts one outcome per
    opening: "ok" or what went wrong."""
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from assistant.opendata.tables import SyncTables

    def open_store(path: Path) -> str:
        try:
            with Store(path) as store:
                SyncTables(store)
                store.counts()
            return "ok"
        except BaseException as exc:  # reported to the test, whatever it is
            return f"{type(exc).__name__}: {exc}"

    with ThreadPoolExecutor(THREADS) as pool:
        for round_ in range(ROUNDS):
            start.wait()
            path = Path(folder) / str(round_) / "corpus.sqlite3"
            for outcome in pool.map(open_store, [path] * THREADS):
                results.put(outcome)


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_many_processes_create_one_new_store_at_once(tmp_path):
    import multiprocessing
    import queue

    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [
        ctx.Process(target=_open_new_stores, args=(str(tmp_path), start, results))
        for _ in range(PROCESSES)
    ]
    outcomes = []
    try:
        for proc in procs:
            proc.start()
        for _ in range(PROCESSES * THREADS * ROUNDS):
            try:  # a bound against a hang, not a timing assertion
                outcomes.append(results.get(timeout=600))
            except queue.Empty:
                break
    finally:
        for proc in procs:
            proc.join(timeout=60)
            if proc.is_alive():
                proc.kill()
                proc.join()
        results.close()
        results.join_thread()
    assert [x for x in outcomes if x != "ok"] == []
    assert len(outcomes) == PROCESSES * THREADS * ROUNDS
    for round_ in range(ROUNDS):
        db = sqlite3.connect(tmp_path / str(round_) / "corpus.sqlite3")
        try:
            keys = [k for (k,) in db.execute("SELECT key FROM meta ORDER BY key")]
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        finally:
            db.close()
        assert keys == ["generation", "schema_version"]
        assert mode == "wal"


def test_a_store_of_another_version_is_refused_and_not_changed(tmp_path):
    Store.in_home(tmp_path).close()
    db = sqlite3.connect(tmp_path / "corpus.sqlite3")
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.execute("DELETE FROM meta WHERE key = 'generation'")
    db.commit()
    db.close()
    with pytest.raises(AssistantError, match="schemaversie 99"):
        Store.in_home(tmp_path)
    db = sqlite3.connect(tmp_path / "corpus.sqlite3")
    try:  # the refused open rolled back: it added nothing to the other version's file
        assert db.execute("SELECT key, value FROM meta").fetchall() == [("schema_version", "99")]
    finally:
        db.close()


# --- an index built while the corpus changes -----------------------------------------------


class FakeEmbedder:
    """Enough of an Embedder for build_index; ``during`` runs while it embeds (the time an
    ingest in another process may store a document)."""

    name = "nep-model"
    dim = 4

    def __init__(self, during=None) -> None:
        self.during = during

    def passages(self, texts):
        import numpy as np

        if self.during is not None:
            self.during()
            self.during = None
        return np.full((len(texts), self.dim), 0.5, dtype=np.float32)

    def queries(self, texts):
        return self.passages(texts)


def _add_document(path, source: str) -> None:
    """Another writer (its own connection, as another process) stores a document."""
    with Store(path) as other:
        other.put(source, source, f"hash-{source}", 1, [("", doc(f"Antwoord in {source}."))])


def test_an_index_built_while_a_document_is_added_is_stale(tmp_path):
    from assistant.config import SearchSettings
    from assistant.index import build_index, load_index

    with Store.in_home(tmp_path) as store:
        store.put("/a.txt", "a.txt", "h1", 1, [("", doc("Ja."))])
        read_at = store.generation()
        embedder = FakeEmbedder(during=lambda: _add_document(store.path, "/b.txt"))
        report = build_index(store, embedder, tmp_path, SearchSettings())
        assert report.items == 3  # the index holds what was read: /b.txt came later
        now = store.generation()
        assert now == read_at + 1
        index = load_index(tmp_path, embedder.name, store_generation=now)
        assert index.manifest["store_generation"] == read_at
        assert index.stale  # search warns "corpus gewijzigd"

        assert build_index(store, FakeEmbedder(), tmp_path, SearchSettings()).items == 6
        assert not load_index(tmp_path, embedder.name, store_generation=now).stale


def test_index_items_and_generation_are_read_in_one_go(tmp_path, monkeypatch):
    """A document stored between reading the Q/A records and the passages is either wholly
    in the snapshot (with its generation) or not at all."""
    from assistant.index import corpus_snapshot

    with Store.in_home(tmp_path) as store:
        store.put("/a.txt", "a.txt", "h1", 1, [("", doc("Ja."))])
        before = store.generation()
        read_passages = Store.passage_entries

        def passages_after_a_write(self):
            _add_document(self.path, "/b.txt")
            return read_passages(self)

        monkeypatch.setattr(Store, "passage_entries", passages_after_a_write)
        items, generation = corpus_snapshot(store)
        monkeypatch.undo()
        assert (len(items), generation) == (3, before)
        items, generation = corpus_snapshot(store)
        assert (len(items), generation) == (6, before + 1)


# --- schema versions: older stores are migrated, newer ones refused ---------------------------


def _version_1_store(path) -> None:
    """A store as version 1 of the program left it, with a document in it."""
    import assistant.store as store_module

    assert store_module.schema_version() == 1 + len(store_module.MIGRATIONS)
    with Store(path) as store:
        store.put("/a.pdf", "a.pdf", "h1", 10, [("", doc("Ja."))])
        store.save_draft("d1", _draft_data())
    db = sqlite3.connect(path)
    try:  # written by hand: version 1 whatever this program's version is
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.commit()
    finally:
        db.close()


def _draft_data() -> dict:
    return {"vragen": {"kenmerk": "2025Z00001", "onderwerp": "drones"}, "status": "concept",
            "aangemaakt": "2025-01-01T10:00:00", "gewijzigd": "2025-01-01T10:00:00"}  # fmt: skip


def _meta(path) -> dict:
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT key, value FROM meta"))
    finally:
        db.close()


def test_an_older_store_is_migrated_on_open_and_keeps_its_data(tmp_path, monkeypatch):
    import assistant.store as store_module

    path = tmp_path / "corpus.sqlite3"
    _version_1_store(path)
    generation = _meta(path)["generation"]
    ran = []

    def add_kenmerk_index(cur):  # a real step: an index the program would want
        ran.append(cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
        cur.execute("CREATE INDEX documents_kenmerk ON documents (kenmerk)")

    monkeypatch.setattr(store_module, "MIGRATIONS", (add_kenmerk_index,))
    with Store(path) as store:
        assert store.version() == 2
        assert [qa.antwoord for qa in store.qa_entries()] == ["Ja.", "Ja.", "Ja."]
        assert store.get_draft("d1") == _draft_data()
        plan = store.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE kenmerk = 'x'"
        ).fetchall()
        assert "documents_kenmerk" in " ".join(str(tuple(r)) for r in plan)
    assert ran == ["1"]  # run once, on the version-1 file, before it was marked 2
    assert _meta(path) == {"schema_version": "2", "generation": generation}
    with Store(path) as store:  # opened again: nothing left to do
        assert store.version() == 2
    assert len(ran) == 1


def test_a_new_store_is_made_at_the_current_version_without_migrating(tmp_path, monkeypatch):
    import assistant.store as store_module

    ran = []
    monkeypatch.setattr(store_module, "MIGRATIONS", (ran.append, ran.append))
    with Store.in_home(tmp_path) as store:
        assert store.version() == 3
    assert ran == []


def test_a_failing_migration_leaves_the_older_store_as_it_was(tmp_path, monkeypatch):
    import assistant.store as store_module

    path = tmp_path / "corpus.sqlite3"
    _version_1_store(path)
    before = _meta(path)

    def first(cur):
        cur.execute("ALTER TABLE documents ADD COLUMN taal TEXT")

    def second(cur):
        raise KeyboardInterrupt  # an interruption halfway through the steps

    monkeypatch.setattr(store_module, "MIGRATIONS", (first, second))
    with pytest.raises(KeyboardInterrupt):
        Store(path)
    assert _meta(path) == before
    db = sqlite3.connect(path)
    try:
        columns = {r[1] for r in db.execute("PRAGMA table_info(documents)")}
        assert "taal" not in columns
        assert db.execute("SELECT COUNT(*) FROM qa_records").fetchone()[0] == 3
    finally:
        db.close()


def test_a_store_of_a_newer_program_is_refused_with_a_code(tmp_path):
    Store.in_home(tmp_path).close()
    db = sqlite3.connect(tmp_path / "corpus.sqlite3")
    db.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(AssistantError) as refused:
        Store.in_home(tmp_path)
    assert refused.value.code == "store-too-new"
    assert "nieuwere versie" in refused.value.message and "werk de assistent bij" in (
        refused.value.message
    )


def test_a_store_with_a_nonsense_version_is_reported_unreadable(tmp_path):
    Store.in_home(tmp_path).close()
    db = sqlite3.connect(tmp_path / "corpus.sqlite3")
    db.execute("UPDATE meta SET value = 'twee' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(AssistantError, match="beschadigd") as refused:
        Store.in_home(tmp_path)
    assert refused.value.code == "store-unreadable"


# --- one way to write -------------------------------------------------------------------------


def test_writing_commits_or_rolls_back_as_one(tmp_path):
    with Store.in_home(tmp_path) as store:
        store.put("/a.pdf", "a.pdf", "h1", 10, [("", doc("Ja."))])
        with pytest.raises(RuntimeError), store.writing() as cur:
            cur.execute("DELETE FROM qa_records")
            with store.writing() as inner:  # joins the outer transaction
                inner.execute("DELETE FROM documents")
            raise RuntimeError("halverwege")
        assert not store.db.in_transaction
        assert store.counts()["qa_records"] == 3 and store.counts()["documents"] == 1
        with store.writing() as cur:
            cur.execute("DELETE FROM qa_records WHERE seq = 0")
        with Store.in_home(tmp_path) as other:  # committed: another connection sees it
            assert other.counts()["qa_records"] == 2


def test_a_write_waits_for_another_process_writing(tmp_path):
    import threading

    with Store.in_home(tmp_path) as store:
        blocker = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
        blocker.execute("BEGIN IMMEDIATE")
        releaser = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
        releaser.start()
        try:
            assert store.put("/a.pdf", "a.pdf", "h1", 10, [("", doc("Ja."))]) == "added"
        finally:
            releaser.join()
            blocker.close()
        assert store.counts()["documents"] == 1


def test_sync_tables_write_in_one_transaction(tmp_path, monkeypatch):
    from assistant.opendata.tables import SyncTables

    with Store.in_home(tmp_path) as store:
        tables = SyncTables(store)
        tables.pass_cursor("vragen", 10)

        def explode(self, scope, cursor):
            raise KeyboardInterrupt

        monkeypatch.setattr(SyncTables, "_set_cursor", explode)
        with pytest.raises(KeyboardInterrupt):
            tables.apply_zaken("vragen", [], ["zaak-1"], [], 20)
        monkeypatch.undo()
        assert not store.db.in_transaction
        assert tables.cursor("vragen") == 10
        assert store.db.execute("SELECT COUNT(*) FROM tk_zaken_overig").fetchone()[0] == 0
