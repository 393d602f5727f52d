"""The Workspace service on a real SQLite home: drafts, answers, Overnemen, precedents, index.

Most tests need no model: drafts are made with k=0 and suggestions are hand-made Citations
that point at Q/A records really ingested from small Aanhangsel-style texts. One test uses
the real model for suggestions and for searching again with filters.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support.corpora import indexed_home

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.models import Citation, Draft, DraftAnswer
from assistant.search import Filters
from assistant.workspace import STATUSES, Workspace

HEAD = (
    "Vragen van het lid Hoekstra (D66) aan de Minister van Justitie en Veiligheid over "
    "politiedrones van een Chinese fabrikant (ingezonden 2 februari 2020).\n\n"
    "Antwoord van Minister De Wit (Justitie en Veiligheid) (ontvangen 20 februari 2020).\n\n"
)
BODY = (
    "Vraag 1\nKlopt het dat de politie drones van het Chinese bedrijf DJI inzet?\n\n"
    "Antwoord 1\nJa. De politie zet drones van DJI in bij verkeersongevallen en evenementen.\n\n"
    "Vraag 2\nWorden de beelden van deze drones opgeslagen?\n\n"
    "Vraag 3\nWaar worden de beelden opgeslagen?\n\n"
    "Antwoord op vragen 2 en 3\nDe beelden worden alleen op servers van de politie bewaard.\n\n"
    "Vraag 4\nHeeft de politie een risicoanalyse gedaan?\n\n"
    "Antwoord 4\nJa, in 2019 heeft de politie een risicoanalyse laten uitvoeren.\n\n"
)
REAL = HEAD + BODY + "ah-tk-20192020-1234\n"  # a real Aanhangsel id: a publication link
DEMO = (
    "[Fictief demomateriaal, geschreven voor een test.]\n\n"
    + HEAD.replace("politiedrones", "fietsen").replace(" 2020).", " 2020), 2020Z02020.", 1)
    + BODY
    + "demo-ah-20192020-77\n"
)  # fmt: skip
NO_ID = HEAD.replace("politiedrones", "camera's") + BODY  # neither an ah-tk id nor a kenmerk
POLICY = (
    "# Kamerbrief drones\n\n## Inzet\n\n"
    + "De politie gebruikt drones voor verkeersongevallen en evenementen. " * 30
    + "\n\n## Opslag van beelden\n\n"
    + "Beelden van politiedrones worden op eigen servers van de politie bewaard. " * 30
    + "\n\n## Leveranciers\n\n"
    + "Bij de aanschaf van drones weegt de politie de risico's van leveranciers. " * 30
)
QUESTIONS = (
    "Vragen van het lid Smit (SP) aan de Minister van Justitie en Veiligheid over drones "
    "bij de politie (ingezonden 3 februari 2025).\n\n"
    "Vraag 1\nKlopt het dat de politie drones van DJI gebruikt?\n\n"
    "Vraag 2\nWorden de beelden van die drones bewaard?\n\n"
    "Vraag 3\nWaar worden de beelden bewaard?\n"
)


@pytest.fixture
def ws(tmp_path) -> Workspace:
    with Workspace(Settings(home=tmp_path / "home")) as workspace:
        yield workspace


@pytest.fixture
def corpus(ws, tmp_path) -> dict[str, dict]:
    """Three answer documents ingested: real (ah-tk id), demo (fictief) and one without ids.
    Returns {file name: {question nr: (record, document)}}."""
    for name, text in (("echt.txt", REAL), ("demo.txt", DEMO), ("zonder.txt", NO_ID)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = ws.ingest([tmp_path / n for n in ("echt.txt", "demo.txt", "zonder.txt")])
    assert len(report.added) == 3 and not report.failed
    out: dict[str, dict] = {}
    for row, doc in ws.store.qa_records():
        out.setdefault(doc["name"], {})[row["nr"]] = (row, doc)
    return out


def citation(row: dict, doc: dict, score: float = 0.5) -> Citation:
    return Citation(
        passage_id=f"qa:{row['id']}",
        label=f"{doc['ah_id'] or doc['name']}, antwoord {row['nr']}",
        tekst=row["antwoord"],
        score=score,
        kind=doc["kind"],
        document_id=doc["id"],
        datum=doc["datum"],
        ministerie=doc["ministerie"],
        vraag=row["vraag"],
        onderwerp=doc["onderwerp"],
        ah_id=doc["ah_id"],
        fictief=bool(doc["meta"].get("fictief")),
        sterkte="redelijk",
    )


def new_draft(ws: Workspace) -> Draft:
    return ws.new_draft(ws.read_questions(QUESTIONS.encode(), "vragen.txt"), k=0)


def draft_with_suggestions(ws: Workspace, corpus, openings=None) -> Draft:
    """A stored draft whose three answers carry hand-made suggestions from the real document.
    ``openings`` maps a question number to (opening, tekst)."""
    draft = new_draft(ws)
    real = corpus["echt.txt"]
    cites = {
        1: (citation(*real[1]), citation(*real[4], score=0.3)),
        2: (citation(*real[2]),),
        3: (citation(*real[2]), citation(*real[1], score=0.2)),
    }
    openings = openings or {}
    answers = []
    for a in draft.antwoorden:
        opening, tekst = openings.get(a.nrs[0], (a.opening, a.tekst))
        answers.append(replace(a, opening=opening, tekst=tekst, suggesties=cites[a.nrs[0]]))
    draft = replace(draft, antwoorden=tuple(answers))
    ws.save_draft(draft)
    return draft


def answer(ws: Workspace, draft_id: str, nrs: tuple[int, ...]) -> DraftAnswer:
    return next(a for a in ws.load_draft(draft_id).antwoorden if a.nrs == nrs)


# --- drafts ---------------------------------------------------------------------------------


def test_new_draft_without_search_is_stored_and_listed(ws):
    draft = new_draft(ws)
    stored = ws.load_draft(draft.id)
    assert stored == draft
    assert [a.nrs for a in stored.antwoorden] == [(1,), (2,), (3,)]
    assert all(not a.suggesties and a.tekst == a.opening for a in stored.antwoorden)
    assert stored.vragen.ingezonden == date(2025, 2, 3)
    assert stored.vragen.uiterste_antwoorddatum == date(2025, 2, 24)
    (summary,) = ws.drafts()
    assert (summary.id, summary.status) == (draft.id, "concept")
    assert summary.onderwerp == stored.vragen.onderwerp and "drones" in summary.onderwerp
    assert ws.draft_data(draft.id)["vragen"]["vragen"][0]["nr"] == 1


def test_new_draft_asking_for_suggestions_without_an_index_gives_none(ws):
    assert ws.searcher() is None
    draft = ws.new_draft(ws.read_questions(QUESTIONS.encode(), "vragen.txt"), k=3)
    assert all(not a.suggesties for a in ws.load_draft(draft.id).antwoorden)
    with pytest.raises(AssistantError) as err:
        ws.search(["drones"])
    assert err.value.code == "no-index"


def test_loading_a_missing_draft_says_so(ws):
    for call in (ws.load_draft, ws.draft_data):
        with pytest.raises(AssistantError) as err:
            call("bestaatniet")
        assert err.value.code == "no-draft"


def test_save_answer_changes_only_that_answer(ws):
    draft = new_draft(ws)
    ws.save_answer(draft.id, (2,), tekst="De beelden blijven bij de politie.")
    stored = ws.load_draft(draft.id)
    assert stored.antwoorden[1].tekst == "De beelden blijven bij de politie."
    assert [a.tekst for a in stored.antwoorden[::2]] == [a.tekst for a in draft.antwoorden[::2]]
    assert stored.vragen == draft.vragen and stored.status == draft.status

    ws.save_answer(draft.id, (2,), gekozen=("qa:1",))  # the citations alone; the text stays
    again = ws.load_draft(draft.id).antwoorden[1]
    assert (again.tekst, again.gekozen) == ("De beelden blijven bij de politie.", ("qa:1",))


def test_save_answer_without_a_change_writes_nothing(ws):
    draft = new_draft(ws)
    old = "2000-01-01T00:00:00+00:00"
    ws.save_draft(replace(draft, gewijzigd=old))
    before = ws.draft_data(draft.id)

    ws.save_answer(draft.id, (1,), tekst=draft.antwoorden[0].tekst)
    ws.save_answer(draft.id, (1,), gekozen=())
    ws.save_answer(draft.id, (1,))
    assert ws.draft_data(draft.id) == before
    assert ws.drafts()[0].updated == old

    ws.save_answer(draft.id, (1,), tekst="Ja.")
    assert ws.load_draft(draft.id).gewijzigd != old
    assert ws.drafts()[0].updated != old


def test_two_tabs_saving_different_answers_both_survive(tmp_path):
    home = tmp_path / "home"
    with Workspace(Settings(home=home)) as first, Workspace(Settings(home=home)) as second:
        draft = new_draft(first)
        # both tabs show the draft as it was stored, then each saves its own answer
        shown_first, shown_second = first.load_draft(draft.id), second.load_draft(draft.id)
        assert shown_first == shown_second
        first.save_answer(draft.id, (1,), tekst="Ja, uit het eerste tabblad.")
        second.save_answer(draft.id, (3,), tekst="Bij de politie, uit het tweede tabblad.")
        second.save_answer(draft.id, (2,), gekozen=("qa:9",))
        for ws in (first, second):
            texts = [a.tekst for a in ws.load_draft(draft.id).antwoorden]
            assert texts[0] == "Ja, uit het eerste tabblad."
            assert texts[2] == "Bij de politie, uit het tweede tabblad."
            assert ws.load_draft(draft.id).antwoorden[1].gekozen == ("qa:9",)


def test_two_tabs_saving_at_the_same_time_lose_nothing(tmp_path):
    """Many saves from two threads (two tabs, own store connections) interleave safely."""
    home = tmp_path / "home"
    with Workspace(Settings(home=home)) as maker:
        draft = new_draft(maker)
    errors: list[BaseException] = []

    def tab(nr: int) -> None:
        try:
            with Workspace(Settings(home=home)) as ws:
                for i in range(25):
                    ws.save_answer(draft.id, (nr,), tekst=f"vraag {nr}, versie {i}")
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(nr,)) for nr in (1, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with Workspace(Settings(home=home)) as ws:
        texts = [a.tekst for a in ws.load_draft(draft.id).antwoorden]
    assert texts[0] == "vraag 1, versie 24" and texts[2] == "vraag 3, versie 24"
    assert texts[1] == draft.antwoorden[1].tekst


def test_saving_an_answer_that_was_regrouped_away_is_refused(ws):
    draft = new_draft(ws)
    ws.save_answer(draft.id, (2,), tekst="Tekst van twee.")
    ws.save_answer(draft.id, (3,), tekst="Tekst van drie.")
    regrouped = ws.regroup(draft.id, [(2, 3)])
    assert [a.nrs for a in regrouped.antwoorden] == [(1,), (2, 3)]
    assert regrouped.antwoorden[1].tekst == "Tekst van twee.\nTekst van drie."
    before = ws.draft_data(draft.id)
    for call in (
        lambda: ws.save_answer(draft.id, (2,), tekst="te laat"),
        lambda: ws.take_over(draft.id, (3,), "qa:1"),
    ):
        with pytest.raises(AssistantError) as err:
            call()
        assert err.value.code == "no-answer"
    assert ws.draft_data(draft.id) == before
    ws.save_answer(draft.id, (2, 3), tekst="Samen.")  # the group itself can be saved
    assert ws.load_draft(draft.id).antwoorden[1].tekst == "Samen."


def test_set_status_validates_and_stores(ws):
    draft = new_draft(ws)
    assert STATUSES == ("concept", "in review", "definitief")
    with pytest.raises(AssistantError) as err:
        ws.set_status(draft.id, "klaar")
    assert err.value.code == "bad-status"
    assert ws.load_draft(draft.id).status == "concept"
    assert ws.set_status(draft.id, "in review").status == "in review"
    assert ws.drafts()[0].status == "in review"
    assert ws.load_draft(draft.id).status == "in review"


def test_edit_header_moves_the_deadline_along(ws):
    draft = new_draft(ws)
    changed = ws.edit_header(draft.id, " 2025Z01234 ", "Drones", date(2025, 3, 3))
    assert (changed.vragen.kenmerk, changed.vragen.onderwerp) == ("2025Z01234", "Drones")
    assert changed.vragen.uiterste_antwoorddatum == date(2025, 3, 24)
    assert ws.drafts()[0].kenmerk == "2025Z01234"
    assert ws.load_draft(draft.id).vragen.vragen == draft.vragen.vragen


# --- Overnemen ------------------------------------------------------------------------------


def test_take_over_replaces_an_untouched_opening_with_markers_and_cites(ws, corpus):
    draft = draft_with_suggestions(
        ws, corpus, {2: ("[Ja/Nee], dat klopt [niet].", "[Ja/Nee], dat klopt [niet].")}
    )
    source = draft.antwoorden[1].suggesties[0]
    changed = ws.take_over(draft.id, (2,), source.passage_id)
    stored = answer(ws, draft.id, (2,))
    assert stored.tekst == "De beelden worden alleen op servers van de politie bewaard."
    assert stored.gekozen == (source.passage_id,)
    assert changed.antwoorden[1] == stored
    assert [a.tekst for a in changed.antwoorden[::2]] == [a.tekst for a in draft.antwoorden[::2]]


def test_take_over_appends_to_written_text_and_never_duplicates(ws, corpus):
    draft = draft_with_suggestions(ws, corpus, {1: ("Ja.", "Ja, dat klopt.")})
    first, second = draft.antwoorden[0].suggesties
    ws.take_over(draft.id, (1,), first.passage_id)
    expected = f"Ja, dat klopt.\n{first.tekst}"
    assert answer(ws, draft.id, (1,)).tekst == expected

    ws.take_over(draft.id, (1,), first.passage_id)  # a second click adds nothing
    again = answer(ws, draft.id, (1,))
    assert again.tekst == expected and again.gekozen == (first.passage_id,)

    ws.take_over(draft.id, (1,), second.passage_id)
    both = answer(ws, draft.id, (1,))
    assert both.tekst == f"{expected}\n{second.tekst}"
    assert both.gekozen == (first.passage_id, second.passage_id)


def test_take_over_keeps_an_opening_without_markers(ws, corpus):
    draft = draft_with_suggestions(ws, corpus, {1: ("Ja.", "Ja.")})
    source = draft.antwoorden[0].suggesties[0]
    ws.take_over(draft.id, (1,), source.passage_id)
    assert answer(ws, draft.id, (1,)).tekst == f"Ja.\n{source.tekst}"


def test_take_over_fills_an_empty_answer(ws, corpus):
    draft = draft_with_suggestions(ws, corpus, {3: ("", "  ")})
    source = draft.antwoorden[2].suggesties[0]
    ws.take_over(draft.id, (3,), source.passage_id)
    assert answer(ws, draft.id, (3,)).tekst == source.tekst


def test_take_over_of_chosen_sentences_only(ws, corpus):
    draft = draft_with_suggestions(ws, corpus, {1: ("[Ja/Nee].", "[Ja/Nee].")})
    source = draft.antwoorden[0].suggesties[0]
    assert source.tekst.startswith("Ja. De politie zet drones")
    chosen = "De politie zet drones van DJI in bij verkeersongevallen en evenementen."
    ws.take_over(draft.id, (1,), source.passage_id, text=f"  {chosen} ")
    stored = answer(ws, draft.id, (1,))
    assert stored.tekst == chosen
    assert stored.gekozen == (source.passage_id,)


def test_take_over_of_a_passage_that_is_no_suggestion_of_the_answer(ws, corpus):
    draft = draft_with_suggestions(ws, corpus)
    other = citation(*corpus["echt.txt"][4])  # suggested for answer 1, not for answer 2
    before = ws.draft_data(draft.id)
    with pytest.raises(AssistantError) as err:
        ws.take_over(draft.id, (2,), other.passage_id)
    assert err.value.code == "no-source"
    assert ws.draft_data(draft.id) == before


# --- the whole precedent --------------------------------------------------------------------


def test_precedent_of_a_qa_record_holds_its_whole_document(ws, corpus):
    row, _ = corpus["echt.txt"][3]  # question 3 of "Antwoord op vragen 2 en 3"
    p = ws.precedent(f"qa:{row['id']}")
    assert p.passage_id == f"qa:{row['id']}"
    assert (p.kind, p.soort) == ("antwoord", "antwoord op Kamervragen")
    assert p.vraag == "Waar worden de beelden opgeslagen?"
    assert p.tekst == "De beelden worden alleen op servers van de politie bewaard."
    assert p.nrs == (2, 3)
    assert p.onderwerp == "politiedrones van een Chinese fabrikant"
    assert (p.ministerie, p.datum) == ("Justitie en Veiligheid", "2020-02-20")
    assert p.ah_id == "ah-tk-20192020-1234" and not p.fictief
    assert p.url == "https://zoek.officielebekendmakingen.nl/ah-tk-20192020-1234.html"
    assert p.bron == "echt.txt"
    # every Q/A pair of the document; the grouped answer once, after both its questions
    assert [(part.nrs, part.is_cited) for part in p.parts] == [
        ((1,), False), ((2, 3), True), ((4,), False)
    ]  # fmt: skip
    grouped = p.parts[1]
    assert grouped.vraag == (
        "Worden de beelden van deze drones opgeslagen?\nWaar worden de beelden opgeslagen?"
    )
    assert grouped.tekst == p.tekst
    assert p.parts[0].tekst.startswith("Ja. De politie zet drones")
    assert sum(part.tekst == p.tekst for part in p.parts) == 1


def test_precedent_links_never_point_at_demo_material(ws, corpus):
    demo_row, demo_doc = corpus["demo.txt"][1]
    assert demo_doc["meta"].get("fictief") and demo_doc["kenmerk"] == "2020Z02020"
    demo = ws.precedent(f"qa:{demo_row['id']}")
    assert demo.fictief and demo.ah_id == "demo-ah-20192020-77"
    assert demo.url is None  # neither its demo id nor its kenmerk becomes a link

    bare_row, bare_doc = corpus["zonder.txt"][1]
    assert bare_doc["ah_id"] is None and bare_doc["kenmerk"] is None
    bare = ws.precedent(f"qa:{bare_row['id']}")
    assert bare.url is None and not bare.fictief and bare.bron == "zonder.txt"


def test_precedent_of_a_policy_passage(ws, tmp_path):
    (tmp_path / "brief.md").write_text(POLICY, encoding="utf-8")
    ws.ingest([tmp_path / "brief.md"])
    rows = list(ws.store.passages())
    assert rows
    row, _ = rows[-1]
    p = ws.precedent(f"p:{row['id']}")
    assert (p.kind, p.vraag, p.nrs, p.url) == ("beleid", None, (), None)
    assert p.tekst == row["tekst"]
    assert len(p.parts) == len(rows)
    assert [part.is_cited for part in p.parts].count(True) == 1
    assert p.parts[-1].is_cited and p.parts[-1].kop == tuple(row["kop"])


def test_precedent_of_an_unknown_or_removed_source(ws, corpus, tmp_path):
    for bad in ("qa:999999", "x:1", "qa:abc", ""):
        with pytest.raises(AssistantError) as err:
            ws.precedent(bad)
        assert err.value.code == "no-source"
    row, _ = corpus["zonder.txt"][1]
    assert ws.store.remove(str(tmp_path / "zonder.txt"))
    with pytest.raises(AssistantError) as err:
        ws.precedent(f"qa:{row['id']}")
    assert err.value.code == "no-source"


# --- index state ----------------------------------------------------------------------------


def test_index_state_without_an_index(ws, corpus):
    state = ws.index_state()
    assert (state.exists, state.stale, state.items, state.stamp) == (False, False, 0, "")
    assert ws.searcher() is None
    assert ws.counts()["documents"] == 3


def test_index_state_with_an_unreadable_manifest(ws):
    from assistant.index import INDEX_DIR

    (ws.home / INDEX_DIR).mkdir(parents=True)
    (ws.home / INDEX_DIR / "manifest.json").write_text("{kapot", encoding="utf-8")
    state = ws.index_state()
    assert state.exists and state.stale


# --- with the real model --------------------------------------------------------------------


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, e5_folder) -> Path:
    return indexed_home(tmp_path_factory, e5_folder, "wshome", REAL)


def test_suggestions_explain_themselves_and_filters_add_only_new_ones(indexed, tmp_path):
    with Workspace.open(indexed) as ws:
        state = ws.index_state()
        assert state.exists and not state.stale and state.items >= 4

        (tmp_path / "brief.md").write_text(POLICY, encoding="utf-8")
        report, built = ws.ingest_and_update_index([tmp_path / "brief.md"])
        assert report.added and built is not None  # the index followed the corpus
        after = ws.index_state()
        assert not after.stale and after.stamp != state.stamp

        draft = ws.new_draft(ws.read_questions(QUESTIONS.encode(), "vragen.txt"), k=3)
        stored = ws.load_draft(draft.id)
        assert stored == draft
        for a in stored.antwoorden:
            assert 1 <= len(a.suggesties) <= 3
            for s in a.suggesties:
                assert s.sterkte in ("sterk", "redelijk", "zwak")
                assert s.onderwerp
                if s.kind == "antwoord":
                    assert s.vraag and s.ah_id == "ah-tk-20192020-1234"
        first = stored.antwoorden[0].suggesties[0]
        assert first.kind == "antwoord" and "drones" in first.vraag

        known = stored.antwoorden[1].suggesties
        added = ws.add_suggestions(draft.id, (2,), Filters(kinds=("beleid",)), k=5)
        now = ws.load_draft(draft.id)
        new = now.antwoorden[1].suggesties[len(known) :]
        assert now.antwoorden[1].suggesties[: len(known)] == known
        assert added == len(new) and added >= 1
        assert all(s.kind == "beleid" and s.sterkte for s in new)
        assert not {s.passage_id for s in new} & {s.passage_id for s in known}
        assert now.antwoorden[0] == stored.antwoorden[0]  # other answers untouched
        assert now.antwoorden[2] == stored.antwoorden[2]

        before = ws.draft_data(draft.id)
        assert ws.add_suggestions(draft.id, (2,), Filters(kinds=("beleid",)), k=5) == 0
        assert ws.draft_data(draft.id) == before  # nothing new: nothing written
        nothing = Filters(ministerie="Financiën")
        assert ws.add_suggestions(draft.id, (2,), nothing, k=5) == 0
        assert ws.draft_data(draft.id) == before


def test_an_upload_replaces_its_earlier_version_by_name(ws, tmp_path):
    """Each upload lands in a new temporary folder: its source is its name, not the path."""

    def upload(batch: str, text: str):
        folder = tmp_path / batch
        folder.mkdir()
        (folder / "brief.md").write_text(text, encoding="utf-8")
        return ws.ingest([folder], source_of=lambda path: f"upload:{path.name}")

    first = upload("upload-1", POLICY)
    second = upload("upload-2", POLICY + "\n\nEen nieuwe alinea over hetzelfde beleid.\n")
    assert (len(first.added), len(second.replaced), len(second.added)) == (1, 1, 0)
    assert ws.store.counts()["documents"] == 1
