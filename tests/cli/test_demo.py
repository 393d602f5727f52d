"""The bundled demo corpus: complete, clean, and good enough to show the assistant at work."""

import re
import zipfile
from datetime import date

import pytest
from support.project import PROJECT

from assistant.fictional import says_fictional
from assistant.identifiers import publication_url
from assistant.index import build_index
from assistant.ingest import ingest
from assistant.intake import read_question_set
from assistant.search import Searcher
from assistant.store import Store

DEMO = PROJECT / "corpus" / "demo"
SOURCES = PROJECT / "corpus" / "demo-bron"
EXAMPLES = PROJECT / "corpus" / "examples"
# example set -> (question numbers that must find a precedent, words the source file name has)
KEY_QUESTIONS = {
    "2025Z04711-politiedrones.txt": ([2, 3, 4, 5], ("drones", "camera", "bzk-brief")),
    "2025Z05120-ggz-wachtlijsten.txt": ([1, 2, 3], ("ggz", "vws")),
    "2025Z05388-lerarentekort.txt": ([1, 2, 3], ("onderwijs", "ocw", "lerarentekort")),
}


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory, e5):
    home = tmp_path_factory.mktemp("demo")
    with Store.in_home(home) as store:
        report = ingest([DEMO], store)
        build_index(store, e5, home, _settings())
    return home, report


def _settings():
    from assistant.config import SearchSettings

    return SearchSettings()


def test_demo_corpus_is_complete_and_clean(demo_home):
    home, report = demo_home
    assert report.failed == []
    assert report.warnings == []
    with Store.in_home(home) as store:
        docs = store.documents()
        counts = store.counts()
    answers = [d for d in docs if d["kind"] == "antwoord"]
    assert len(answers) >= 40
    assert counts["by_kind"].get("mededeling", 0) >= 1
    assert counts["by_kind"]["beleid"] >= 10
    assert len({d["ministerie"] for d in answers}) >= 6
    years = {(d["datum"] or "")[:4] for d in answers}
    assert {"2019", "2020", "2021", "2022", "2023", "2024", "2025"} <= years
    assert any(d["name"].endswith(".docx") for d in answers)
    assert any(d["mede_namens"] for d in answers)
    assert sum(1 for d in docs if d["kind"] == "beleid") >= 10


def _demo_texts():
    """(name, text) of every demo source: the texts, the letters' sources and the letters."""
    from assistant.extract import extract_file

    paths = sorted([*DEMO.rglob("*"), *SOURCES.glob("*")])
    for path in paths:
        if path.suffix in (".txt", ".md"):
            yield path.name, path.read_text(encoding="utf-8")
        elif path.suffix == ".docx":
            yield path.name, extract_file(path).text


def test_every_demo_file_says_it_is_fictional():
    seen = 0
    for name, text in _demo_texts():
        seen += 1
        assert says_fictional(text), name
    assert seen >= 60


def test_demo_material_has_no_real_looking_identifiers():
    for name, text in _demo_texts():
        assert "ah-tk-" not in text, name
    for letter in (DEMO / "brieven").glob("*.docx"):
        with zipfile.ZipFile(letter) as packed:
            for member in packed.namelist():
                assert b"ah-tk-" not in packed.read(member), (letter.name, member)


def test_ingested_demo_is_stored_as_fictional_with_demo_ids(tmp_path):
    with Store.in_home(tmp_path) as store:
        report = ingest([DEMO], store)
        docs = store.documents()
    assert report.failed == [] and len(docs) >= 50
    assert all(d["meta"].get("fictief") is True for d in docs)
    assert not [d["ah_id"] for d in docs if (d["ah_id"] or "").startswith("ah-tk-")]
    ids = {d["name"]: d["ah_id"] for d in docs}
    assert ids["2023-stikstof-1.txt"] == "demo-ah-20232024-9325"
    (stikstof,) = [d for d in docs if d["name"] == "2023-stikstof-1.txt"]
    assert stikstof["vergaderjaar"] == "2023-2024"
    answers = [d for d in docs if d["kind"] in ("antwoord", "mededeling") and d["ah_id"]]
    assert len(answers) >= 30 and all(d["ah_id"].startswith("demo-ah-") for d in answers)
    assert all(publication_url(d["ah_id"]) is None for d in answers)


def test_example_sets_find_their_precedents(demo_home, e5):
    home, _ = demo_home
    searcher = Searcher(home, e5)
    try:
        for name, (numbers, words) in KEY_QUESTIONS.items():
            qs = read_question_set(EXAMPLES / name)
            by_nr = {q.nr: q.tekst for q in qs.vragen}
            for nr in numbers:
                hits = searcher.search(by_nr[nr], k=3)
                sources = [_source(searcher, h) for h in hits]
                assert any(any(w in s for w in words) for s in sources), (name, nr, sources)
        drone = searcher.search("politiedrones van een Chinese fabrikant", k=3)
        assert any("drones" in _source(searcher, h) for h in drone)
    finally:
        searcher.close()


def _source(searcher, hit) -> str:
    (doc,) = [d for d in searcher.store.documents() if d["id"] == hit.document_id]
    return re.sub(r"\W", "-", doc["name"].lower())


def test_example_sets_read_the_same_from_text_and_word():
    for txt in sorted(EXAMPLES.glob("*.txt")):
        from_text = read_question_set(txt).to_dict()
        from_word = read_question_set(txt.with_suffix(".docx")).to_dict()
        assert from_word == from_text, txt.name


# --- the composed draft on the demo corpus ---------------------------------------------------


@pytest.fixture(scope="module")
def drones_draft(demo_home, e5):
    from assistant.draft import compose_draft

    home, _ = demo_home
    searcher = Searcher(home, e5)
    try:
        yield compose_draft(read_question_set(EXAMPLES / "2025Z04711-politiedrones.txt"),
                            searcher, k=3)  # fmt: skip
    finally:
        searcher.close()


def test_drones_line_2019_answers_are_flagged_with_the_newer_one_named(drones_draft):
    old = [
        (a, c) for a in drones_draft.antwoorden for c in a.suggesties
        if (c.datum or "").startswith("2019") and "drone" in (c.onderwerp or "").lower()
    ]  # fmt: skip
    assert old, "the drones set finds the 2019 answers"
    for answer, c in old:
        assert c.achterhaald and c.achterhaald.startswith("mogelijk achterhaald: nieuwer"), c.label
        (newer,) = [n for n in answer.suggesties if n.passage_id == c.nieuwer]
        assert newer.datum > c.datum and newer.ministerie == c.ministerie
        assert newer.ah_id in c.achterhaald
    assert any(
        (n.datum or "") >= "2024" for a, c in old for n in a.suggesties if n.passage_id == c.nieuwer
    )


def test_demo_proposals_cite_every_sentence(drones_draft):
    from assistant.sentences import sentences

    proposals = [a for a in drones_draft.antwoorden if a.voorstel]
    assert len(proposals) >= 4
    for a in proposals:
        by_id = {c.passage_id: c for c in a.suggesties}
        zinnen = a.voorstel.zinnen
        assert zinnen[0].passage_id is None or not a.opening.strip()
        cited = [z for z in zinnen if z.passage_id]
        assert cited and all(z.tekst in sentences(by_id[z.passage_id].tekst) for z in cited)


def test_rewrite_by_a_local_chat_server_is_checked(demo_home, e5_folder, tmp_path):
    """The whole path with the optional rewrite on: an honest server's rewrite replaces the
    extractive proposal, an inventing server's is refused and the proposal stays."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from assistant.config import RewriteSettings, Settings
    from assistant.workspace import Workspace

    home = _with_model(demo_home, e5_folder)
    mode = {"invent": False, "down": False, "requests": 0}

    class Chat(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            mode["requests"] += 1
            if mode["down"]:
                self.send_error(500)
                return
            user = body["messages"][-1]["content"]
            numbered = user.split("Bronzinnen:\n", 1)[1].splitlines()
            sources = [line.split(". ", 1)[1] for line in numbered if ". " in line]
            opening = (
                user.split("Openingszin:\n", 1)[1].split("\n\n")[0]
                if "Openingszin:" in user
                else ""
            )
            text = " ".join([opening, *reversed(sources)]).strip()
            if mode["invent"]:
                text += " De politie heeft inmiddels 999 drones besteld."
            data = json.dumps({"choices": [{"message": {"content": text}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        settings = Settings(home=home, rewrite=RewriteSettings(url=url, model="lokaal"))
        qs = read_question_set(EXAMPLES / "2025Z04711-politiedrones.txt")
        with Workspace(settings) as ws:
            draft = ws.new_draft(qs, k=3)
            mode["invent"] = True
            refused = ws.new_draft(qs, k=3)
            mode["down"], before = True, mode["requests"]
            down = ws.new_draft(qs, k=3)
            asked_when_down = mode["requests"] - before
            stored = ws.load_draft(draft.id)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    proposals = [a.voorstel for a in stored.antwoorden if a.voorstel]
    assert before == 2 * len(proposals) > 0
    assert all(p.methode == "herschreven (lokaal)" for p in proposals)
    assert all(z.passage_id for p in proposals for z in p.zinnen if "[" not in z.tekst)
    kept = [a.voorstel for a in refused.antwoorden if a.voorstel]
    assert all(p.methode == "extractief" for p in kept)
    assert all(p.opmerking and p.opmerking.startswith("herschrijving verworpen") for p in kept)
    # a failing server is asked once per draft, not once per answer
    assert asked_when_down == 1
    notes = [a.voorstel.opmerking for a in down.antwoorden if a.voorstel]
    assert notes[0].startswith("herschrijving niet gelukt")
    assert all(n.startswith("herschrijving overgeslagen") for n in notes[1:])


def _with_model(demo_home, e5_folder):
    """The demo home with the converted model linked in, so a Workspace can search."""
    from assistant.embed import _CONVERTED_DIR

    home, _ = demo_home
    models = home / "models"
    models.mkdir(exist_ok=True)
    if not (models / _CONVERTED_DIR).exists():
        (models / _CONVERTED_DIR).symlink_to(e5_folder)
    return home


def test_searching_on_with_a_later_period_marks_an_old_suggestion(demo_home, e5_folder):
    """'Verder zoeken' with "vanaf 2024" finds the answer that overtakes a 2019 suggestion:
    the old one is marked and the new one added."""
    from dataclasses import replace

    from assistant.search import Filters
    from assistant.workspace import Workspace

    home = _with_model(demo_home, e5_folder)
    qs = read_question_set(EXAMPLES / "2025Z04711-politiedrones.txt")
    with Workspace.open(home) as ws:
        draft = ws.new_draft(qs, k=3)
        (answer,) = [a for a in draft.antwoorden if a.nrs == (2,)]
        old = [replace(c, achterhaald=None, nieuwer=None) for c in answer.suggesties
               if (c.datum or "") < "2020"]  # fmt: skip
        assert old, "question 2 finds a 2019 answer"
        answers = tuple(replace(a, suggesties=tuple(old)) if a.nrs == (2,) else a
                        for a in draft.antwoorden)  # fmt: skip
        ws.save_draft(replace(draft, antwoorden=answers))
        added = ws.add_suggestions(draft.id, (2,), Filters(sinds=date(2024, 1, 1)), k=3)
        (answer,) = [a for a in ws.load_draft(draft.id).antwoorden if a.nrs == (2,)]
    assert added >= 1
    by_id = {c.passage_id: c for c in answer.suggesties}
    marked = [c for c in answer.suggesties if c.passage_id in {o.passage_id for o in old}
              and c.achterhaald]  # fmt: skip
    assert marked, [c.label for c in answer.suggesties]
    assert all(by_id[c.nieuwer].datum >= "2024" for c in marked)
