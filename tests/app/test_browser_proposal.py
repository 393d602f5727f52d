"""'Voorstel overnemen' in a real browser (Debian's Chromium through playwright) against the
app as a subprocess: a hurried officer types in the answer box and at once double-clicks
'Voorstel overnemen', then reloads. What was typed and the proposal's text must both be in the
stored answer exactly once, without source markers. Every wait is for a condition (the port
open, a text shown, the store holding the answer), never a fixed pause; the app is always
stopped. No model or index is needed: the draft is made by hand (tests/app/test_app_proposal.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from support.project import CHROMIUM, require_chromium
from support.proposal_draft import SENTENCE_1, SENTENCE_2, make_draft

from assistant.workspace import Workspace

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000  # a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds: float, what: str):
    """Poll ``condition`` until it returns something true; fail naming ``what``."""
    end = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"waited {seconds:.0f} s for {what}")
        time.sleep(0.2)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def app(tmp_path):
    """The app on a free port over a home with one hand-made draft; stopped afterwards."""
    require_chromium()
    from assistant.app.server import streamlit_command

    home = tmp_path / "home"
    with Workspace.open(home) as ws:
        draft_id = make_draft(ws)
    port = free_port()
    env = dict(os.environ, ASSISTANT_HOME=str(home))
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen(
            streamlit_command(port, headless=True, address="127.0.0.1"),
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        wait_for(lambda: port_open(port) or server.poll() is not None, 180, "the app to start")
        assert server.poll() is None, (tmp_path / "server.log").read_text()
        yield f"http://127.0.0.1:{port}", home, draft_id
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def stored_answer(home: Path, draft_id: str, nr: int):
    with Workspace.open(home) as ws:
        return next(a for a in ws.load_draft(draft_id).antwoorden if nr in a.nrs)


@pytest.mark.slow
def test_browser_typed_text_and_the_accepted_proposal_are_both_kept_once(app):
    from playwright.sync_api import expect, sync_playwright

    url, home, draft_id = app
    typed = "Eigen zin vooraf, getypt en meteen het voorstel overgenomen."
    expected = f"{typed}\n{SENTENCE_1} {SENTENCE_2}"  # what was typed, then the sources' text
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{url}/?concept={draft_id}")
            box = page.locator("[data-testid=stExpander]").filter(has_text="Vraag 1:").first
            accept = box.get_by_role("button", name="Voorstel overnemen")
            accept.wait_for()
            area = box.locator("textarea").first
            area.click()
            area.press("Control+a")
            area.press_sequentially(typed, delay=5)
            accept.dblclick()  # at once: no Tab, no pause

            box.get_by_text("Voorstel overgenomen").wait_for()
            wait_for(lambda: stored_answer(home, draft_id, 1).tekst == expected, 60,
                     "the typed text and the proposal in the store")  # fmt: skip
            page.reload()
            box = page.locator("[data-testid=stExpander]").filter(has_text="Vraag 1:").first
            box.get_by_text("Voorstel overgenomen").wait_for()
            expect(box.locator("textarea").first).to_have_value(expected, timeout=TIMEOUT_MS)
        finally:
            browser.close()
    answer = stored_answer(home, draft_id, 1)
    assert answer.tekst == expected
    assert answer.tekst.count(typed) == 1 and answer.tekst.count(SENTENCE_1) == 1
    assert "[Bron" not in answer.tekst
    assert answer.voorstel.status == "aanvaard" and answer.gekozen == ("qa:254",)
