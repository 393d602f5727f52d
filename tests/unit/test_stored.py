"""Typed store reads: one metadata rule for Q/A records, the same in the index, search hits,
the export and the precedent panel.

The rule: a record's own kenmerk, datum, ministerie and onderwerp, else its answer
document's; a record of a Q/A export keeps only its own (the export document's fields are
a summary of unrelated rows: the most common ministry, the latest date)."""

import hashlib
import json
from datetime import date

import numpy as np
import pytest

from assistant.config import SearchSettings
from assistant.export import passage_lines, qa_lines
from assistant.index import build_index, corpus_items
from assistant.models import CorpusDocument, Member, Passage, QARecord
from assistant.parse.qa_export import parse_export
from assistant.passage_id import PassageId
from assistant.precedent import load_precedent
from assistant.search import Filters, Searcher
from assistant.store import Store

ANSWERS = CorpusDocument(
    kind="antwoord", kenmerk="2021Z16950", ah_id="ah-tk-20212022-765",
    ministerie="Justitie en Veiligheid", datum=date(2021, 11, 18), onderwerp="drones",
    indieners=(Member("Michon-Derkzen", "VVD"),),
    records=(
        QARecord(1, "Gebruikt de politie drones?", "Ja, de politie gebruikt drones van DJI.", (1,)),
        QARecord(2, "Gaan beelden naar China?", "Nee, de drones worden offline gebruikt.", (2,),
                 onderwerp="beelden"),
    ),
)  # fmt: skip
POLICY = CorpusDocument(
    kind="beleid", title="Kamerbrief stikstof", ministerie="Landbouw, Natuur en Voedselkwaliteit",
    datum=date(2023, 5, 1), meta={"bron": "kamerbrief-stikstof.pdf"},
    passages=(Passage(0, "De stikstofuitstoot moet in 2030 gehalveerd zijn.", ("Stikstof",)),),
)  # fmt: skip
# rows of a document system's export: two carry their own ministry and date, one none
EXPORT_ROWS = [
    {"id": "fin-1", "vraag": "Wat kost de belastingdienst?", "antwoord":
     "De belastingdienst kost jaarlijks ongeveer drie miljard euro.",
     "ministerie": "Financiën", "datum": "2020-03-01", "onderwerp": "belastingdienst"},
    {"id": "x-2", "vraag": "Hoeveel agenten zijn er?", "antwoord":
     "Er werken ongeveer vijftigduizend mensen bij de politie."},
    {"id": "fin-3", "vraag": "Wanneer komt de toeslagenwet?", "antwoord":
     "De nieuwe toeslagenwet gaat naar verwachting in 2026 in.",
     "ministerie": "Financiën", "datum": "2024-05-05"},
]  # fmt: skip


class HashEmbedder:
    """Deterministic vectors per text: enough to build and search an index."""

    name = "hash-model"
    dim = 16

    def passages(self, texts, progress=None):
        out = np.array([self._vector(t) for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    queries = passages

    def _vector(self, text: str) -> list[float]:
        seed = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
        return list(np.random.default_rng(seed).normal(size=self.dim))


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("stored")
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in EXPORT_ROWS).encode()
    ((_, export),) = parse_export(lines, "export.jsonl")
    assert (export.ministerie, export.datum) == ("Financiën", date(2024, 5, 5))  # a summary
    with Store.in_home(home) as store:
        store.put("/drones.pdf", "drones.pdf", "h1", 1, [("", ANSWERS)])
        store.put("/stikstof.pdf", "stikstof.pdf", "h2", 1, [("", POLICY)])
        store.put("/export.jsonl", "export.jsonl", "h3", 1, [("", export)])
        build_index(store, HashEmbedder(), home, SearchSettings())
    return home


def _entries(home) -> dict[str, object]:
    with Store.in_home(home) as store:
        return {qa.external_id or f"nr{qa.nr}": qa for qa in store.qa_entries()}


def test_a_record_of_an_answer_document_takes_the_documents_metadata(home):
    qa = _entries(home)
    assert (qa["nr1"].kenmerk, qa["nr1"].datum, qa["nr1"].ministerie, qa["nr1"].onderwerp) == (
        "2021Z16950",
        "2021-11-18",
        "Justitie en Veiligheid",
        "drones",
    )
    assert qa["nr2"].onderwerp == "beelden"  # its own comes first
    assert qa["nr1"].bron == "ah-tk-20212022-765" and qa["nr1"].numbers == (1,)
    assert qa["nr1"].document.indieners == (Member("Michon-Derkzen", "VVD"),)


def test_a_record_of_an_export_keeps_only_its_own_metadata(home):
    qa = _entries(home)
    own = qa["fin-1"]
    assert (own.ministerie, own.datum, own.onderwerp) == ("Financiën", "2020-03-01",
                                                         "belastingdienst")  # fmt: skip
    bare = qa["x-2"]  # not the export's most common ministry, nor its latest date
    assert (bare.kenmerk, bare.datum, bare.ministerie, bare.onderwerp) == (None,) * 4
    assert bare.subject is None  # not the file name either
    assert bare.bron == "export.jsonl"  # where it came from still holds


def test_index_export_precedent_and_hits_follow_the_same_rule(home):
    qa = _entries(home)
    with Store.in_home(home) as store:
        items = {str(item.id): item for item in corpus_items(store)}
        lines = {line["id"]: line for line in qa_lines(store)}
        precedents = {key: load_precedent(store, str(e.passage_id)) for key, e in qa.items()}
    searcher = Searcher(home, HashEmbedder())
    try:
        hits = {h.passage_id: h for h in searcher.search("vraag", k=10)}
        in_finance = searcher.search("vraag", k=10, filters=Filters(ministerie="Financiën"))
    finally:
        searcher.close()
    for key, entry in qa.items():
        pid = str(entry.passage_id)
        expected = (entry.datum, entry.ministerie)
        assert (items[pid].datum, items[pid].ministerie) == expected, key
        assert (hits[pid].datum, hits[pid].ministerie, hits[pid].kenmerk) == (
            *expected,
            entry.kenmerk,
        ), key
        line = lines[entry.external_id or f"ah-tk-20212022-765#{entry.nr}"]
        assert (line["datum"], line["ministerie"], line["kenmerk"], line["onderwerp"]) == (
            *expected,
            entry.kenmerk,
            entry.onderwerp,
        ), key
        shown = precedents[key]
        assert (shown.datum, shown.ministerie, shown.kenmerk, shown.onderwerp) == (
            *expected,
            entry.kenmerk,
            entry.onderwerp,
        ), key
    assert hits[str(qa["nr1"].passage_id)].onderwerp == "drones"
    assert hits[str(qa["x-2"].passage_id)].onderwerp is None
    assert {h.passage_id for h in in_finance} == {
        str(qa["fin-1"].passage_id),
        str(qa["fin-3"].passage_id),
    }


def test_passages_read_with_their_document(home):
    with Store.in_home(home) as store:
        (passage,) = store.passage_entries()
        (line,) = passage_lines(store)
        precedent = load_precedent(store, str(passage.passage_id))
    assert passage.heading == "Stikstof" and passage.document.bron == "kamerbrief-stikstof.pdf"
    assert line["id"] == "kamerbrief-stikstof.pdf#0" and line["kop"] == ["Stikstof"]
    assert (precedent.onderwerp, precedent.datum, precedent.bron) == (
        "Kamerbrief stikstof",
        "2023-05-01",
        "kamerbrief-stikstof.pdf",
    )
    assert precedent.parts[0].is_cited and precedent.parts[0].kop == ("Stikstof",)


def test_entries_by_passage_id_leave_out_what_is_gone(home):
    with Store.in_home(home) as store:
        ids = [e.passage_id for e in store.qa_entries()][:2]
        (passage,) = store.passage_entries()
        asked = [*ids, passage.passage_id, PassageId.qa(9999), PassageId.passage(9999)]
        found = store.entries(asked)
        assert list(found) == [*ids, passage.passage_id]
        assert found[passage.passage_id] == passage
        assert store.entry(PassageId.qa(9999)) is None
