"""The app's 'Open Kamervragen' page, filled by a sync against the local fake API."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from support.app_pages import go
from support.kamer import run_sync
from support.project import PROJECT
from support.sync_world import World

from assistant.app import jobs
from assistant.devtools.fake_syncfeed import FakeSyncFeed
from assistant.workspace import Workspace

APP = str(PROJECT / "app.py")


def start(home, monkeypatch) -> AppTest:
    """A new session on the 'Open Kamervragen' page."""
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    go(at, "open_sets")
    assert [h.value for h in at.header] == ["Open Kamervragen"]
    return at


def test_before_any_sync_the_page_says_how_to_start(tmp_path, monkeypatch):
    at = start(tmp_path / "leeg", monkeypatch)
    assert any("assistant sync" in i.value for i in at.info)


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_the_update_button_syncs_from_the_api(tmp_path, monkeypatch):
    with FakeSyncFeed(page_size=2) as fake:
        World(fake)
        monkeypatch.setenv("ASSISTANT_TK_API", fake.base_url)
        at = start(tmp_path / "home", monkeypatch)
        at.selectbox(key="open_min").set_value("Justitie en Veiligheid").run()
        fake.delay = 0.3  # each file takes a moment: the sync is still running below
        at.button(key="sync_go").click().run()
        assert not at.exception
        job = jobs.latest(tmp_path / "home", "sync")
        assert job is not None and job.running
        assert any(i.value.startswith("Bezig met bijwerken") for i in at.info)
        # a hurried officer clicks on while it runs: the page runs again, the sync goes on
        at.number_input(key="sync_n").increment().run()
        assert not at.exception and at.button(key="sync_go").disabled
        assert jobs.latest(tmp_path / "home", "sync") is job  # not started twice
        assert job.wait(timeout=300)
        at.run()
        assert not at.exception
    assert job.error is None, job.error
    assert any(s.value.startswith("Bijgewerkt: 3 nieuwe") for s in at.success), [
        s.value for s in at.success
    ]
    assert list(at.dataframe[0].value["Kenmerk"]) == ["2024Z03003", "2024Z03004"]
    assert not at.button(key="sync_go").disabled


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_an_unreachable_api_gives_a_dutch_message(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TK_API", "http://127.0.0.1:9/SyncFeed/2.0")
    at = start(tmp_path / "home", monkeypatch)
    at.button(key="sync_go").click().run()
    assert jobs.latest(tmp_path / "home", "sync").wait(timeout=300)
    at.run()
    assert not at.exception
    assert any("niet bereikbaar" in e.value for e in at.error)


@pytest.fixture
def synced_home(tmp_path):
    with FakeSyncFeed(page_size=2) as fake:
        World(fake)
        run_sync(tmp_path, fake)
    return tmp_path


def test_open_sets_with_deadline_postponement_and_ministry_choice(synced_home, monkeypatch):
    at = start(synced_home, monkeypatch)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Open vragensets": "2", "Termijn verstreken": "2", "Binnen 5 dagen": "0"}
    table = at.dataframe[0].value
    assert list(table["Kenmerk"]) == ["2024Z03003", "2024Z03004"]
    assert list(table["Uiterste datum"]) == ["woensdag 27 maart 2024", "donderdag 28 maart 2024"]
    assert table["Uitstel"][1] == "27 maart 2024" and "uitstel gemeld" in table["Status"][1]
    assert table["Publicatie"][0].endswith("/kv-tk-2024Z03003.html")

    choice = at.selectbox(key="open_min")
    assert choice.options == [  # the registry's names, with the abbreviation a person types
        "alle ministeries", "Infrastructuur en Waterstaat (IenW)", "Justitie en Veiligheid (JenV)"
    ]  # fmt: skip
    choice.set_value("Infrastructuur en Waterstaat").run()
    assert not at.exception
    assert any("Geen open Kamervragen" in s.value for s in at.success)


def test_a_draft_starts_from_an_open_sets_question_document(synced_home, monkeypatch):
    at = start(synced_home, monkeypatch)
    pick = at.selectbox(key="open_pick")
    assert [o.split(" · ")[0] for o in pick.options] == ["2024Z03003", "2024Z03004"]
    pick.set_value(pick.options[1]).run()
    at.button(key="open_go").click().run()
    assert not at.exception
    # the new draft opens on the Antwoorden page (the wording of "1 vraag(en)" is checked in
    # test_app.py)
    (made,) = [s.value for s in at.success]
    assert made.startswith("Concept gemaakt: 1 ")
    draft_id = at.session_state["draft_id"]
    with Workspace.open(synced_home) as ws:
        draft = ws.load_draft(draft_id)
    assert draft.vragen.kenmerk == "2024Z03004" and len(draft.vragen.vragen) == 1
    assert [h.value for h in at.header] == [draft.vragen.onderwerp]
    assert "**Kenmerk**  \n2024Z03004" in [m.value for m in at.markdown]
    (deadline,) = [m.value for m in at.markdown if m.value.startswith("**Uiterste")]
    assert "donderdag 28 maart 2024" in deadline and "te laat" in deadline
    # long overdue, but the sync saw the postponement notice: no call to send one
    assert "Uitstel gemeld op 27 maart 2024." in [c.value for c in at.caption]
    assert not any("stuur een uitstelbericht" in e.value for e in at.error)
    # a reload (the draft in the address) shows the same draft again
    again = AppTest.from_file(APP, default_timeout=120)
    again.query_params["concept"] = draft_id
    again.run()
    assert not again.exception
    assert [h.value for h in again.header] == [draft.vragen.onderwerp]


def test_corpus_page_tells_how_much_came_from_the_sync(synced_home, monkeypatch):
    at = start(synced_home, monkeypatch)
    go(at, "corpus")
    assert {m.label: m.value for m in at.metric}["Documenten"] == "4"
    assert any("4 documenten komen uit de open data" in c.value for c in at.caption)
