"""The Streamlit app in AppTest: intake, suggestions, editing, download, autosave, errors."""

import pytest
from conftest import PROJECT, indexed_home
from streamlit.testing.v1 import AppTest

from assistant.store import Store

APP = str(PROJECT / "app.py")
PRECEDENT = (
    "Vragen van het lid Hoekstra (D66) aan de Minister van Justitie en Veiligheid over "
    "politiedrones van een Chinese fabrikant (ingezonden 2 februari 2020).\n\n"
    "Antwoord van Minister De Wit (Justitie en Veiligheid) (ontvangen 20 februari 2020).\n\n"
    "Vraag 1\nKlopt het dat de politie drones van het Chinese bedrijf DJI inzet?\n\n"
    "Antwoord 1\nJa. De politie zet drones van DJI in bij verkeersongevallen en evenementen.\n"
)


@pytest.fixture(scope="module")
def home(tmp_path_factory, e5_folder):
    return indexed_home(tmp_path_factory, e5_folder, "apphome", PRECEDENT)


def start(home, monkeypatch) -> AppTest:
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception
    return at


def test_intake_suggestions_edit_download_and_autosave(home, shared_data, monkeypatch):
    at = start(home, monkeypatch)
    at.sidebar.radio(key="page").set_value("Nieuwe vragenset").run()
    seed = (shared_data / "seed" / "2021Z16950-vragen.txt").read_bytes()
    at.file_uploader(key="upload").set_value(("vragen.txt", seed, "text/plain")).run()
    at.button(key="intake_go").click().run()
    assert not at.exception
    assert any("14 vragen" in s.value for s in at.success)

    at.sidebar.radio(key="page").set_value("Concept").run()
    assert not at.exception
    assert at.metric[0].value == "2021Z16950"
    answers = [t for t in at.text_area if t.key and t.key.startswith("answer-")]
    assert len(answers) == 14 and answers[0].value == "Ja."
    labels = [c.label for c in at.checkbox]
    assert any("precedent.txt, antwoord 1, 20 februari 2020" in label for label in labels)

    answers[1].set_value("Ja, dat klopt. De politie zet deze drones offline in.").run()
    cite = next(c for c in at.checkbox if c.key.endswith("-2-0"))  # question 2, suggestion 1
    cite.check().run()
    assert not at.exception
    section = next(r for r in at.radio if r.key.startswith("section-"))
    section.set_value("Downloaden").run()
    downloads = at.get("download_button")
    assert len(downloads) == 3

    with Store.in_home(home) as store:
        (row,) = [d for d in store.list_drafts() if d["kenmerk"] == "2021Z16950"]
        data = store.get_draft(row["id"])
    assert data["antwoorden"][1]["tekst"].startswith("Ja, dat klopt.")
    assert data["antwoorden"][1]["gekozen"]

    fresh = start(home, monkeypatch)  # a new session: closing the browser lost nothing
    fresh.sidebar.radio(key="page").set_value("Concept").run()
    restored = [t for t in fresh.text_area if t.key and t.key.startswith("answer-")]
    assert restored[1].value.startswith("Ja, dat klopt.")
    section = next(r for r in fresh.radio if r.key.startswith("section-"))
    section.set_value("Review").run()
    review = [e.value for e in fresh.success] + [e.value for e in fresh.error]
    assert any("dagen" in v for v in review)  # the checklist names the deadline


def test_header_can_be_corrected(home, monkeypatch):
    at = start(home, monkeypatch)
    at.sidebar.radio(key="page").set_value("Nieuwe vragenset").run()
    text = (
        "Vragen van het lid Smit (SP) aan de Minister van Financiën over de btw.\n\n"
        "1. Wat is de opbrengst?\n2. Waarom stijgt die?\n"
    )
    at.text_area(key="paste").set_value(text).run()
    at.button(key="intake_go").click().run()
    at.sidebar.radio(key="page").set_value("Concept").run()
    assert any("datum van indiening" in w.value for w in at.warning)
    kenmerk = next(t for t in at.text_input if t.key.startswith("hk-"))
    kenmerk.set_value("2025Z09999").run()
    assert not at.exception
    with Store.in_home(home) as store:
        kenmerken = {d["kenmerk"] for d in store.list_drafts()}
    assert "2025Z09999" in kenmerken


def test_bad_upload_shows_a_dutch_error(home, monkeypatch):
    at = start(home, monkeypatch)
    at.sidebar.radio(key="page").set_value("Nieuwe vragenset").run()
    at.file_uploader(key="upload").set_value(
        ("kapot.pdf", b"%PDF-1.4 kapot", "application/pdf")
    ).run()
    at.button(key="intake_go").click().run()
    assert not at.exception
    assert any("PDF is beschadigd" in e.value for e in at.error)


def test_corpus_page_counts(home, monkeypatch):
    at = start(home, monkeypatch)
    at.sidebar.radio(key="page").set_value("Corpus").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Documenten"] == "1"
