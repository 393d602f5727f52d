"""The answering ministry in the app: a set addressed to a ministry without a letter profile
(Defensie) makes a draft without one, and the officer chooses it before downloading; never
a silent JenV letterhead, never a traceback. No index: these pages need no model."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from support.app_pages import PAGES, ServedFiles, go
from support.project import PROJECT

from assistant.workspace import Workspace

APP = str(PROJECT / "app.py")
DEFENSIE = (
    "Vragen van het lid Jansen (SP) aan de Minister van Defensie over munitie voor "
    "Oekraïne (ingezonden 3 maart 2025), 2025Z04001.\n\n"
    "1. Hoeveel granaten zijn er geleverd?\n"
    "2. Wanneer volgt de volgende levering?\n"
)


def made_draft(home, monkeypatch) -> tuple[AppTest, str]:
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    go(at, "intake")
    at.text_area(key="paste").set_value(DEFENSIE)
    at.button(key="intake_go").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Concept gemaakt: 2 vragen."]
    at.switch_page(f"{PAGES}/answers.py")
    return at, at.session_state["draft_id"]


def test_a_set_to_a_ministry_without_profile_asks_for_the_ministry_before_download(
    home, monkeypatch
):
    served = ServedFiles(monkeypatch)
    at, draft_id = made_draft(home, monkeypatch)
    with Workspace.open(home) as ws:
        draft = ws.load_draft(draft_id)
    assert draft.ministerie is None  # not JenV: nobody chose yet
    assert draft.ondertekening == "De Minister van Defensie"

    go(at, "download")
    assert not at.get("download_button")  # no letterhead to write with yet
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith("Kies het ministerie dat antwoordt")
    choice = at.selectbox(key=f"ministerie-{draft_id}-None")
    assert choice.value is None
    assert "Justitie en Veiligheid (JenV)" in choice.options  # labelled with its abbreviation
    assert "Defensie (Def)" not in choice.options  # only ministries with a letter profile

    choice.set_value("Justitie en Veiligheid").run()
    assert not at.exception
    with Workspace.open(home) as ws:
        draft = ws.load_draft(draft_id)
    assert draft.ministerie == "Justitie en Veiligheid"
    assert draft.ondertekening == "De Minister van Justitie en Veiligheid"
    assert draft.mede_namens == ("de Minister van Defensie",)
    assert draft.vorm == "in_antwoord"  # JenV's own opening
    review, _, postponement = at.get("download_button")
    text = served.docx_text(review)
    assert "Ministerie van Justitie en Veiligheid" in text
    assert "mede namens de minister van Defensie" in text
    assert "Ministerie van Justitie en Veiligheid" in served.docx_text(postponement)


def test_a_set_to_a_ministry_with_a_profile_takes_it_from_the_addressee(home, monkeypatch):
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    go(at, "intake")
    at.text_area(key="paste").set_value(DEFENSIE.replace("Defensie", "Financiën"))
    at.button(key="intake_go").click().run()
    draft_id = at.session_state["draft_id"]
    with Workspace.open(home) as ws:
        draft = ws.load_draft(draft_id)
    assert draft.ministerie == "Financiën"
    go(at, "download")
    assert len(at.get("download_button")) == 3
    assert not [w for w in at.warning if w.value.startswith("Kies het ministerie")]
    assert at.selectbox(key=f"ministerie-{draft_id}-Financiën").value == "Financiën"
