"""The Streamlit app (pages under st.navigation) in AppTest, on a home with a real index.

Every test checks what was stored (through a Workspace on the same home), not only that
the page showed no exception. The answer box is a custom component AppTest cannot type
into: typing is covered by tests/app/test_browser.py; here answers change through Overnemen,
the Citeren box and the Workspace itself.
"""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
from streamlit.testing.v1 import AppTest
from support.app_pages import PAGES, ServedFiles, after_jobs, go
from support.corpora import indexed_home
from support.project import PROJECT

from assistant.app.advice import app_message
from assistant.app.safe_text import md
from assistant.errors import AssistantError
from assistant.review import checklist, open_points
from assistant.workspace import Workspace

APP = str(PROJECT / "app.py")
PRECEDENT = (
    "Vragen van het lid Hoekstra (D66) aan de Minister van Justitie en Veiligheid over "
    "politiedrones van een Chinese fabrikant (ingezonden 2 februari 2020).\n\n"
    "Antwoord van Minister De Wit (Justitie en Veiligheid) (ontvangen 20 februari 2020).\n\n"
    "Vraag 1\nKlopt het dat de politie drones van het Chinese bedrijf DJI inzet?\n\n"
    "Antwoord 1\nJa. De politie zet drones van DJI in bij verkeersongevallen en evenementen.\n"
)
PRECEDENT_TEXT = "Ja. De politie zet drones van DJI in bij verkeersongevallen en evenementen."
PRECEDENT_QUESTION = "Klopt het dat de politie drones van het Chinese bedrijf DJI inzet?"
PASTED = (
    "Vragen van het lid Smit (SP) aan de Minister van Financiën over de btw op energie "
    "(ingezonden 3 februari 2025), 2025Z02001.\n\n"
    "1. Wat is de opbrengst van de btw op energie?\n"
    "2. Waarom stijgt die opbrengst?\n"
)
SEED_KENMERK = "2021Z16950"


@pytest.fixture(scope="module")
def home(tmp_path_factory, e5_folder):
    return indexed_home(tmp_path_factory, e5_folder, "apphome", PRECEDENT)


@pytest.fixture(scope="module")
def ws(home):
    """The same home as the app sees, to check what the app stored (no model loaded)."""
    with Workspace.open(home) as workspace:
        yield workspace


def start(home, monkeypatch, draft_id: str | None = None, page: str | None = None) -> AppTest:
    """A new browser session; ``draft_id`` in the address as after a reload."""
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=300)
    if draft_id:
        at.query_params["concept"] = draft_id
    at.run()
    assert not at.exception
    if page:
        go(at, page)
    return at


def followed_to_answers(at: AppTest) -> None:
    """After the app's own st.switch_page: AppTest keeps requesting the page last given to
    AppTest.switch_page (a browser follows the app), so point it at the Antwoorden page too
    for the next runs. No run here: the current elements are those of the switch."""
    at.switch_page(f"{PAGES}/answers.py")


def upload_seed(home, monkeypatch, shared_data) -> tuple[AppTest, str]:
    """Drop the real question set on 'Nieuwe vragenset': the draft is made and opens."""
    at = start(home, monkeypatch, page="intake")
    seed = (shared_data / "seed" / f"{SEED_KENMERK}-vragen.txt").read_bytes()
    at.file_uploader(key="upload").set_value(("vragen.txt", seed, "text/plain")).run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Concept gemaakt: 14 vragen."]
    followed_to_answers(at)
    return at, at.session_state["draft_id"]


def paste(at: AppTest, text: str) -> AppTest:
    go(at, "intake")
    at.text_area(key="paste").set_value(text)
    at.button(key="intake_go").click().run()
    assert not at.exception
    if at.success:  # a draft was made: the app went to its answers
        followed_to_answers(at)
    return at


def on_answers_page(at: AppTest, draft) -> bool:
    """The Antwoorden page of this draft: its subject as header, a section per answer."""
    sections = [e.label for e in at.expander if re.match(r"Vra(?:ag|gen) \d[\d, en]*: ", e.label)]
    return (
        [h.value for h in at.header] == [md(draft.vragen.onderwerp)]
        and len(sections) == len(draft.antwoorden)
        and any(c.value.startswith("Vraagtype:") for c in at.caption)
    )


def markdowns(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


# --- intake ---------------------------------------------------------------------------------


def test_pasted_questions_make_a_draft_that_opens_on_the_answers_page(home, ws, monkeypatch):
    before = {d.id for d in ws.drafts()}
    at = paste(start(home, monkeypatch), PASTED)
    assert [s.value for s in at.success] == ["Concept gemaakt: 2 vragen."]
    (new,) = [d for d in ws.drafts() if d.id not in before]
    draft = ws.load_draft(new.id)
    assert draft.vragen.kenmerk == "2025Z02001"
    assert [q.tekst for q in draft.vragen.vragen] == [
        "Wat is de opbrengst van de btw op energie?", "Waarom stijgt die opbrengst?"
    ]  # fmt: skip
    assert draft.ministerie == "Financiën"  # from the addressee, as the registry names it
    assert at.session_state["draft_id"] == new.id
    assert at.query_params["concept"] in (new.id, [new.id])  # a reload keeps it open
    assert on_answers_page(at, draft)
    # the success message is shown once: the next run no longer has it
    at.run()
    assert not at.success and on_answers_page(at, draft)


def test_one_pasted_question_is_counted_in_the_singular(home, monkeypatch):
    text = PASTED.split("2. ")[0]
    at = paste(start(home, monkeypatch), text)
    assert [s.value for s in at.success] == ["Concept gemaakt: 1 vraag."]


def test_an_empty_paste_asks_for_a_file_or_text(home, ws, monkeypatch):
    before = len(ws.drafts())
    at = paste(start(home, monkeypatch), "   ")
    assert [e.value for e in at.error] == [md("Kies een bestand of plak de tekst van de vragen.")]
    assert len(ws.drafts()) == before
    assert [h.value for h in at.header] == ["Nieuwe vragenset"]


def test_uploading_the_seed_makes_a_draft_with_suggestions(home, ws, shared_data, monkeypatch):
    before = ws.drafts()
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    draft = ws.load_draft(draft_id)
    assert draft.vragen.kenmerk == SEED_KENMERK
    assert [q.nr for q in draft.vragen.vragen] == list(range(1, 15))
    assert all(a.suggesties for a in draft.antwoorden)  # the index exists: precedents found
    assert {s.passage_id for a in draft.antwoorden for s in a.suggesties} == {"qa:1"}
    assert on_answers_page(at, draft)
    assert at.query_params["concept"] in (draft_id, [draft_id])
    go(at, "intake")  # back on the intake page, the dropped file is not read a second time
    go(at, "answers")
    assert len([d for d in ws.drafts() if d.kenmerk == SEED_KENMERK and d.id == draft_id]) == 1
    assert len(ws.drafts()) == len(before) + 1


def test_a_broken_pdf_gives_a_dutch_message_and_no_draft(home, ws, monkeypatch):
    before = len(ws.drafts())
    at = start(home, monkeypatch, page="intake")
    at.file_uploader(key="upload").set_value(
        ("kapot.pdf", b"%PDF-1.4 kapot", "application/pdf")
    ).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert "beschadigd" in error and md("kapot.pdf") in error
    assert len(ws.drafts()) == before
    assert [h.value for h in at.header] == ["Nieuwe vragenset"]  # the officer stays here


# --- the open draft: header, sidebar, suggestions -------------------------------------------


def test_header_shows_kenmerk_and_the_full_deadline(home, ws, shared_data, monkeypatch):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    texts = markdowns(at)
    assert f"**Kenmerk**  \n{SEED_KENMERK}" in texts
    assert "**Ingezonden**  \n1 oktober 2021" in texts
    (deadline,) = [t for t in texts if t.startswith("**Uiterste antwoorddatum**")]
    late = (date.today() - date(2021, 10, 22)).days  # the real text, in red: long past
    assert deadline == (
        f"**Uiterste antwoorddatum**  \nvrijdag 22 oktober 2021 :red[{late} dagen te laat]"
    )
    assert any(e.value.startswith("Termijn verstreken") for e in at.error)
    assert status_box(at, draft_id).value == "concept"

    status_box(at, draft_id).set_value("in review").run()
    assert not at.exception
    assert ws.load_draft(draft_id).status == "in review"


def test_the_status_shown_follows_another_tab(home, ws, monkeypatch):
    at = paste(start(home, monkeypatch), PASTED)
    draft_id = at.session_state["draft_id"]
    at.run()
    assert status_box(at, draft_id).value == "concept"
    ws.set_status(draft_id, "definitief")  # another tab, or the CLI
    at.run()
    assert status_box(at, draft_id).value == "definitief"


def status_box(at, draft_id):
    return next(s for s in at.selectbox if s.key and s.key.startswith(f"status-{draft_id}-"))


def test_sidebar_lists_drafts_by_kenmerk_and_onderwerp_and_opens_them(
    home, ws, shared_data, monkeypatch
):
    at, seed_id = upload_seed(home, monkeypatch, shared_data)
    paste(at, PASTED)
    pasted_id = at.session_state["draft_id"]
    labels = {b.key: b.label for b in at.sidebar.button}
    assert labels[f"open-{seed_id}"].startswith(f"{SEED_KENMERK} · het bericht «Hoe China")
    assert labels[f"open-{pasted_id}"].startswith("2025Z02001 · de btw op energie · ")
    assert labels[f"open-{pasted_id}"].endswith(" · concept")
    assert at.sidebar.button(key=f"open-{pasted_id}").proto.type == "primary"  # the open one

    at.sidebar.button(key=f"open-{seed_id}").click().run()
    assert not at.exception
    assert at.session_state["draft_id"] == seed_id
    assert at.query_params["concept"] in (seed_id, [seed_id])
    assert on_answers_page(at, ws.load_draft(seed_id))


def test_suggestion_cards_say_what_the_precedent_answered_and_how_strong(
    home, ws, shared_data, monkeypatch
):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    draft = ws.load_draft(draft_id)
    texts = markdowns(at)
    answered = f"*Beantwoordde de vraag:* {md(PRECEDENT_QUESTION)}"
    assert texts.count(answered) == 14
    cards = [t for t in texts if "-badge[" in t]
    assert len(cards) == 14
    for card, answer in zip(cards, draft.antwoorden, strict=True):
        (s,) = answer.suggesties
        assert s.sterkte in ("sterk", "redelijk", "zwak")
        assert f"-badge[{s.sterkte}]" in card
        assert "**politiedrones van een Chinese fabrikant**" in card
        assert "antwoord op Kamervragen · Justitie en Veiligheid · 20 februari 2020" in card
    assert f"> {md(PRECEDENT_TEXT)}" in texts
    assert not any("Officiële publicatie" in t for t in texts)  # no ah-tk id: no link


def test_overnemen_puts_the_precedent_in_the_answer_and_cites_it(
    home, ws, shared_data, monkeypatch
):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    before = ws.load_draft(draft_id)
    assert before.antwoorden[1].tekst == "[Ja/Nee], dat klopt [niet]."  # untouched opening

    at.button(key=f"take-{draft_id}-2-0").click().run()
    assert not at.exception
    after = ws.load_draft(draft_id)
    assert after.antwoorden[1].tekst == PRECEDENT_TEXT  # the markers made way
    assert after.antwoorden[1].gekozen == ("qa:1",)
    assert after.antwoorden[0] == before.antwoorden[0]
    assert after.antwoorden[2:] == before.antwoorden[2:]
    # the card now shows the precedent as cited (a new checkbox, checked)
    assert at.checkbox(key=f"cite-{draft_id}-2-0-1").value is True

    at.button(key=f"take-{draft_id}-2-0").click().run()  # a second click adds nothing
    assert ws.load_draft(draft_id).antwoorden[1] == after.antwoorden[1]


def test_overnemen_after_another_tab_regrouped_says_so_in_dutch(home, ws, shared_data, monkeypatch):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    ws.regroup(draft_id, [(2, 3)])  # another tab answers 2 and 3 together meanwhile
    before = ws.draft_data(draft_id)
    at.button(key=f"take-{draft_id}-2-0").click().run()  # this tab still shows answer 2
    assert not at.exception
    assert "dit antwoord bestaat niet meer" in [e.value for e in at.error]
    assert ws.draft_data(draft_id) == before
    titles = [e.label for e in at.expander]
    assert any(t.startswith("Vragen 2 en 3: ") for t in titles)  # the page shows the group


def test_citeren_stores_the_citation_and_unchecking_removes_it(home, ws, shared_data, monkeypatch):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    before = ws.load_draft(draft_id).antwoorden[2]
    at.checkbox(key=f"cite-{draft_id}-3-0-0").check().run()
    assert not at.exception
    cited = ws.load_draft(draft_id).antwoorden[2]
    assert cited.gekozen == ("qa:1",) and cited.tekst == before.tekst

    at.checkbox(key=f"cite-{draft_id}-3-0-1").uncheck().run()
    assert not at.exception
    assert ws.load_draft(draft_id).antwoorden[2].gekozen == ()


def test_the_whole_precedent_opens_in_a_dialog(home, shared_data, monkeypatch):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    at.button(key=f"view-{draft_id}-1-0").click().run()
    assert not at.exception
    assert "politiedrones van een Chinese fabrikant" in [s.value for s in at.subheader]
    assert f"**Vraag**  \n{md(PRECEDENT_QUESTION)}" in markdowns(at)
    sentences = at.multiselect(key="zinnen-qa:1").options
    assert sentences == [
        "Ja.", "De politie zet drones van DJI in bij verkeersongevallen en evenementen."
    ]  # fmt: skip


def test_searching_again_with_filters_adds_nothing_known(home, ws, shared_data, monkeypatch):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    before = ws.draft_data(draft_id)
    at.multiselect(key=f"fkind-{draft_id}-1").set_value(["beleid"])
    at.button(key=f"fgo-{draft_id}-1").click().run()
    assert not at.exception
    assert "Geen nieuwe precedenten met deze filters." in [i.value for i in at.info]
    assert ws.draft_data(draft_id) == before


# --- review and download --------------------------------------------------------------------


def test_review_page_shows_the_checklist_and_cited_precedents(home, ws, shared_data, monkeypatch):
    at, draft_id = upload_seed(home, monkeypatch, shared_data)
    at.button(key=f"take-{draft_id}-2-0").click().run()
    go(at, "review")
    draft = ws.load_draft(draft_id)
    shown = [("ok", s.value) for s in at.success] + [("open", e.value) for e in at.error]
    for check in checklist(draft, ws.store):
        kind = "ok" if check.ok else "open"
        assert any(k == kind and v.startswith(md(check.text)) for k, v in shown), check
    assert any(v.startswith(md("Onbeantwoord: vragen 3, 6")) for k, v in shown if k == "open")
    assert ("ok", "Elke geciteerde bron staat nog in het corpus") in shown
    assert "Antwoord op vraag 2" in [s.value for s in at.subheader]
    assert f"Beantwoordde: {md(PRECEDENT_QUESTION)}" in [c.value for c in at.caption]
    assert any(t.endswith("overeenkomst 100%") for t in markdowns(at))


def test_definitief_waits_for_confirmation_while_points_are_open(
    home, ws, shared_data, monkeypatch
):
    served = ServedFiles(monkeypatch)
    _, draft_id = upload_seed(home, monkeypatch, shared_data)
    at = start(home, monkeypatch, draft_id=draft_id, page="download")
    points = open_points(ws.load_draft(draft_id))
    assert len(points) > 1
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith(f"Nog {len(points)} open punten:")
    assert "vraag 3: leeg antwoord" in warning
    review, final, postponement = at.get("download_button")
    assert [b.proto.label for b in (review, final, postponement)] == [
        "Concept voor review (.docx)", "Definitieve versie (.docx)", "Uitstelbericht (.docx)"
    ]  # fmt: skip
    assert final.proto.disabled and not review.proto.disabled
    # what a click downloads: each letter of this draft, under its own name
    names = [served.of(b)[1] for b in (review, final, postponement)]
    assert [n.rsplit("-", 1)[1] for n in names] == [
        "review.docx",
        "definitief.docx",
        "uitstel.docx",
    ]
    assert all(n.startswith(SEED_KENMERK) for n in names), names
    review_text = served.docx_text(review)
    assert "Antwoord op vraag 2" in review_text and "Bronnen" in review_text
    assert "uitstel" in served.docx_text(postponement).lower()

    at.checkbox(key=f"confirm-{draft_id}").check().run()
    assert not at.exception
    final = at.get("download_button")[1]
    assert not final.proto.disabled
    final_text = served.docx_text(final)
    assert "Antwoord op vraag 2" in final_text and "Bronnen" not in final_text


def test_definitief_is_ready_when_every_answer_is_written(home, ws, monkeypatch):
    served = ServedFiles(monkeypatch)
    at = paste(start(home, monkeypatch), PASTED)
    draft_id = at.session_state["draft_id"]
    ws.save_answer(draft_id, (1,), tekst="De opbrengst was 20 miljard euro.")
    ws.save_answer(draft_id, (2,), tekst="Door de hogere energieprijzen.")
    assert not open_points(ws.load_draft(draft_id))
    go(at, "download")
    assert not at.warning
    assert not [c for c in at.checkbox if c.key == f"confirm-{draft_id}"]
    final = at.get("download_button")[1]
    assert not final.proto.disabled and final.proto.type == "primary"
    # the letter a click downloads is made from the draft as stored: both answers are in it
    text = served.docx_text(final)
    assert "De opbrengst was 20 miljard euro." in text
    assert "Door de hogere energieprijzen." in text

    name = next(t for t in at.text_input if t.key and t.key.startswith(f"naam-{draft_id}-"))
    name.set_value("  D.M.  van Weel ").run()
    assert not at.exception
    assert ws.load_draft(draft_id).naam_bewindspersoon == "D.M. van Weel"


def test_letter_date_and_reference_are_set_on_the_download_page(home, ws, monkeypatch):
    at = paste(start(home, monkeypatch), PASTED)
    draft_id = at.session_state["draft_id"]
    go(at, "download")
    kenmerk = next(t for t in at.text_input if t.key and t.key.startswith(f"kenmerk-{draft_id}"))
    kenmerk.set_value(" 6012345 ").run()
    assert not at.exception and ws.load_draft(draft_id).ons_kenmerk == "6012345"
    datum = next(d for d in at.date_input if d.key and d.key.startswith(f"datum-{draft_id}"))
    datum.set_value(date(2025, 3, 24)).run()
    assert not at.exception
    draft = ws.load_draft(draft_id)
    assert (draft.verzenddatum, draft.ons_kenmerk) == (date(2025, 3, 24), "6012345")
    letter = docx.Document(io.BytesIO(ws.render(draft, "definitief")))
    cells = "\n".join(c.text for t in letter.tables for r in t.rows for c in r.cells)
    assert "24 maart 2025" in cells and "6012345" in cells and "invullen" not in cells
    # emptied again: the fill-in marker comes back
    kenmerk = next(t for t in at.text_input if t.key and t.key.startswith(f"kenmerk-{draft_id}"))
    kenmerk.set_value("").run()
    assert ws.load_draft(draft_id).ons_kenmerk is None


# --- corpus ---------------------------------------------------------------------------------


def test_corpus_page_counts_what_the_store_holds(home, ws, monkeypatch):
    at = start(home, monkeypatch, page="corpus")
    counts = ws.counts()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Documenten": str(counts["documents"]),
        "Vraag/antwoord-records": str(counts["qa_records"]),
        "Beleidspassages": str(counts["passages"]),
    }
    assert metrics["Documenten"] == "1" and metrics["Vraag/antwoord-records"] == "1"
    assert not at.warning  # the index exists and is up to date
    tables = [t for t in markdowns(at) if t.startswith("| ")]  # per kind, ministry, year
    for title, key in (("Ministerie", "by_ministry"), ("Jaar", "by_year")):
        (table,) = [t for t in tables if t.startswith(f"| {title} | Aantal |")]
        assert [f"| {md(k)} | {v} |" for k, v in counts[key].items()] == table.splitlines()[2:]
    (kinds,) = [t for t in tables if t.startswith("| Soort | Aantal |")]
    assert kinds.splitlines()[2:] == ["| antwoord op Kamervragen | 1 |"]  # the kind's label
    assert counts["by_kind"] == {"antwoord": 1} and counts["by_year"] == {"2020": 1}


def test_a_damaged_index_is_rebuilt_with_the_corpus_pages_button(
    tmp_path_factory, e5_folder, monkeypatch
):
    """The app's advice for a damaged or outdated index names this button: it must be there
    and must fix the index, with no shell."""
    damaged = indexed_home(tmp_path_factory, e5_folder, "damagedhome", PRECEDENT)
    (damaged / "index" / "vectors.npy").write_bytes(b"kapot")
    with Workspace.open(damaged) as ws, pytest.raises(AssistantError) as caught:
        ws.search(["politiedrones"])
    assert caught.value.code == "index-damaged"
    assert "'Zoekindex opnieuw opbouwen'" in app_message(caught.value)

    at = start(damaged, monkeypatch, page="corpus")
    at.button(key="rebuild_go").click().run()
    after_jobs(at, damaged)
    (done,) = [s.value for s in at.success]
    assert done.startswith("De zoekindex is bijgewerkt (om ")
    with Workspace.open(damaged) as ws:
        (found,) = ws.search(["politiedrones van een Chinese fabrikant"], k=1)
    assert found[0].onderwerp == "politiedrones van een Chinese fabrikant"
