"""The composed proposal in the app (AppTest): the proposal box with each sentence's source,
'Voorstel overnemen' and 'Verwerpen', the outdated badge on a suggestion, the policy line,
the review page, and what reaches the definitief letter.

No model and no index: each test saves a draft with hand-made citations and proposals through
the Workspace, the way compose.py and outdated.py would have made them, and checks what the
app stored, not only what it showed.
"""

from __future__ import annotations

import io

import docx
import pytest
from streamlit.testing.v1 import AppTest
from support.app_pages import go
from support.project import PROJECT
from support.proposal_draft import (
    HINT,
    NEW,
    NEW_LABEL,
    OLD_LABEL,
    OLD_TEXT,
    PLAN_LABEL,
    PLAN_TEXT,
    SENTENCE_1,
    SENTENCE_2,
    make_draft,
)

from assistant.app.proposal import HEADING
from assistant.app.safe_text import md
from assistant.workspace import Workspace

APP = str(PROJECT / "app.py")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A home without index or model: the drafts are made by hand."""
    return tmp_path_factory.mktemp("proposalhome")


@pytest.fixture(scope="module")
def ws(home):
    with Workspace.open(home) as workspace:
        yield workspace


@pytest.fixture
def draft_id(ws) -> str:
    return make_draft(ws)


def start(home, monkeypatch, draft_id: str, page: str = "answers") -> AppTest:
    """A new browser session with the draft in the address, on ``page``."""
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["concept"] = draft_id
    at.run()
    assert not at.exception, at.exception
    return go(at, page)


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def unexpected_errors(at) -> list[str]:
    """Errors other than the header's deadline (the set was sent in early 2025)."""
    return [e for e in texts(at.error) if not e.startswith("Termijn verstreken")]


def answer_of(ws, draft_id: str, nr: int):
    return next(a for a in ws.load_draft(draft_id).antwoorden if nr in a.nrs)


def letter_text(ws, draft_id: str) -> str:
    """The definitief letter as python-docx reads it: paragraphs and table cells."""
    letter = docx.Document(io.BytesIO(ws.render(ws.load_draft(draft_id), "definitief")))
    cells = [c.text for t in letter.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in letter.paragraphs] + cells)


def test_the_proposal_box_shows_each_sentence_with_its_source(home, ws, draft_id, monkeypatch):
    at = start(home, monkeypatch, draft_id)
    markdowns, captions = texts(at.markdown), texts(at.caption)
    assert "**Voorstel (nog niet overgenomen)**" in HEADING
    assert markdowns.count(HEADING) == 2  # answers 1 and 2; the kennisname question has none
    first = answer_of(ws, draft_id, 1)
    for sentence in (first.opening, SENTENCE_1, SENTENCE_2, PLAN_TEXT):
        assert md(sentence) in markdowns
    assert captions.count(md(f"[Bron: {NEW_LABEL}]")) == 2
    assert md(f"[Bron: {PLAN_LABEL}]") in captions
    assert md("[Openingszin bij vraagtype feitelijk; geen bron]") in captions
    assert md("Methode: extractief (zinnen letterlijk uit de precedenten)") in captions
    assert md("Methode: herschreven (demo-model), getoetst aan de geciteerde zinnen") in captions
    assert md("C" + HINT[1:]) in texts(at.warning)
    assert md("Herschrijving geweigerd: een zin stond niet in de bron") in texts(at.info)
    buttons = {b.key: b for b in at.button}
    accept = buttons[f"accept-{draft_id}-1"]
    assert accept.label == "Voorstel overnemen" and accept.proto.type == "primary"
    assert buttons[f"reject-{draft_id}-1"].label == "Verwerpen"
    assert f"accept-{draft_id}-2" in buttons
    assert f"accept-{draft_id}-3" not in buttons and f"reject-{draft_id}-3" not in buttons
    # a proposal is never in the answer before it is accepted
    assert answer_of(ws, draft_id, 1).tekst == first.opening


def test_voorstel_overnemen_puts_the_plain_text_in_the_answer_and_cites_the_sources(
    home, ws, draft_id, monkeypatch
):
    at = start(home, monkeypatch, draft_id)
    before = ws.load_draft(draft_id)
    at.button(key=f"accept-{draft_id}-1").click().run()
    assert not at.exception and not unexpected_errors(at)
    after = answer_of(ws, draft_id, 1)
    assert after.tekst == before.antwoorden[0].voorstel.plain_text()
    assert after.tekst == f"{before.antwoorden[0].opening} {SENTENCE_1} {SENTENCE_2}"
    assert "[Bron" not in after.tekst and "Voorstel" not in after.tekst
    assert after.gekozen == (NEW.passage_id,)
    assert after.voorstel.status == "aanvaard"
    assert ws.load_draft(draft_id).antwoorden[1:] == before.antwoorden[1:]
    # the page says so, keeps the hint, and offers answer 1's proposal no more
    assert "Voorstel overgenomen" in texts(at.success)
    assert md("C" + HINT[1:]) in texts(at.warning)
    keys = {b.key for b in at.button}
    assert f"accept-{draft_id}-1" not in keys and f"accept-{draft_id}-2" in keys
    assert texts(at.markdown).count(HEADING) == 1
    # the answer stays open for the officer, and a new session shows the same
    assert at.session_state[f"_taken-{draft_id}"] == (1,)
    again = start(home, monkeypatch, draft_id)
    assert "Voorstel overgenomen" in texts(again.success)


def test_voorstel_follows_what_was_typed(home, ws, draft_id, monkeypatch):
    typed = "Eigen zin vooraf."
    ws.save_answer(draft_id, (1,), tekst=typed)
    at = start(home, monkeypatch, draft_id)
    at.button(key=f"accept-{draft_id}-1").click().run()
    assert not at.exception
    # the opening is not repeated after the officer's own text; the sources' sentences are
    assert answer_of(ws, draft_id, 1).tekst == f"{typed}\n{SENTENCE_1} {SENTENCE_2}"


def test_verwerpen_leaves_the_answer_text_unchanged(home, ws, draft_id, monkeypatch):
    typed = "Ja, ik informeer de Kamer voor de zomer."
    ws.save_answer(draft_id, (2,), tekst=typed)
    before = answer_of(ws, draft_id, 2)
    at = start(home, monkeypatch, draft_id)
    at.button(key=f"reject-{draft_id}-2").click().run()
    assert not at.exception and not unexpected_errors(at)
    after = answer_of(ws, draft_id, 2)
    assert after.tekst == typed and after.gekozen == before.gekozen == ()
    assert after.voorstel.status == "verworpen"
    assert "Voorstel verworpen" in texts(at.caption)
    keys = {b.key for b in at.button}
    assert f"reject-{draft_id}-2" not in keys and f"accept-{draft_id}-1" in keys
    assert answer_of(ws, draft_id, 1).voorstel.status == "open"


def test_an_outdated_suggestion_has_an_orange_badge_naming_the_newer_answer(
    home, draft_id, monkeypatch
):
    at = start(home, monkeypatch, draft_id)
    cards = [m for m in texts(at.markdown) if "-badge[sterk]" in m]
    assert len(cards) == 3  # old, new (answer 1), plan (answer 2)
    outdated = [c for c in cards if ":orange-badge[Mogelijk achterhaald]" in c]
    assert len(outdated) == 1 and f"`{OLD_LABEL}`" in outdated[0]  # the card's source
    warning = md(
        "Mogelijk achterhaald: nieuwer antwoord van 3 juli 2025 (demo-ah-20242025-9089). "
        "Dat staat ook bij deze suggesties."
    )
    assert texts(at.warning).count(warning) == 1


def test_the_policy_line_lists_the_precedents_oldest_first(home, draft_id, monkeypatch):
    at = start(home, monkeypatch, draft_id)
    lines = [e for e in at.expander if e.label == "Beleidslijn (oudste eerst)"]
    assert len(lines) == 1  # answer 2 has one precedent, answer 3 none: nothing to compare
    shown = texts(lines[0].markdown)
    assert shown == [
        f"**5 november 2019** · {md('demo-ah-20192020-9001, antwoord 2')}  \n{md(OLD_TEXT)}",
        ":orange[**Mogelijk achterhaald:**] "
        + md("nieuwer antwoord van 3 juli 2025 (demo-ah-20242025-9089)"),
        f"**3 juli 2025** · {md('demo-ah-20242025-9089, antwoord 1')}  \n{md(SENTENCE_1)}",
    ]


def test_the_review_page_shows_each_proposals_status_and_the_policy_line(
    home, ws, draft_id, monkeypatch
):
    at = start(home, monkeypatch, draft_id, page="review")
    assert [c for c in texts(at.caption) if c.startswith("Voorstel:")] == [
        "Voorstel: open", "Voorstel: open"
    ]  # fmt: skip
    assert any("Voorstel nog niet overgenomen of verworpen bij vragen 1 en 2" in e
               for e in texts(at.error))  # fmt: skip
    (line,) = [e for e in at.expander if e.label == "Beleidslijn (oudste eerst)"]
    assert line.proto.expanded  # an outdated precedent: the reviewer sees the line at once
    assert len(line.markdown) == 3

    ws.accept_proposal(draft_id, (1,))
    ws.reject_proposal(draft_id, (2,))
    at.run()
    assert not at.exception
    assert [c for c in texts(at.caption) if c.startswith("Voorstel:")] == [
        "Voorstel: overgenomen", "Voorstel: verworpen"
    ]  # fmt: skip
    assert "Elk voorstel is overgenomen of verworpen" in texts(at.success)


def test_the_definitief_letter_holds_the_proposal_only_once_accepted(
    home, ws, draft_id, monkeypatch
):
    before = letter_text(ws, draft_id)
    assert "[Bron" not in before and "Voorstel" not in before
    assert SENTENCE_1 not in before and PLAN_TEXT not in before

    at = start(home, monkeypatch, draft_id)
    at.button(key=f"accept-{draft_id}-1").click().run()
    assert not at.exception
    after = letter_text(ws, draft_id)
    assert SENTENCE_1 in after and SENTENCE_2 in after
    assert "[Bron" not in after and "Voorstel" not in after
    assert PLAN_TEXT not in after  # answer 2's proposal is still open


def test_a_second_click_on_overnemen_is_silent_but_a_rejected_proposal_is_named(
    home, ws, draft_id, monkeypatch
):
    at = start(home, monkeypatch, draft_id)
    ws.accept_proposal(draft_id, (1,))  # the first click of a double-click, already handled
    accepted = ws.draft_data(draft_id)
    at.button(key=f"accept-{draft_id}-1").click().run()
    assert not at.exception and not unexpected_errors(at)
    assert ws.draft_data(draft_id) == accepted  # nothing added twice
    assert "Voorstel overgenomen" in texts(at.success)

    at = start(home, monkeypatch, draft_id)
    ws.reject_proposal(draft_id, (2,))  # another tab set it aside meanwhile
    rejected = ws.draft_data(draft_id)
    at.button(key=f"accept-{draft_id}-2").click().run()
    assert not at.exception
    assert unexpected_errors(at) == [md("antwoord op vraag 2 heeft geen open voorstel")]
    assert ws.draft_data(draft_id) == rejected
