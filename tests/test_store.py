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
