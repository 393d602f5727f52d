"""The app against hostile and careless input: Markdown in a question set or a precedent is
shown as text (no image is loaded, no link is made), any upload name ends in a Dutch message,
the upload folder is gone after ingest, and an exception shows a Dutch sentence, never a
stack trace. Hostile inputs are built here, by small functions."""

from __future__ import annotations

import html
import os
import re
import shutil
import time

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest
from support.app_pages import after_jobs, go
from support.corpora import indexed_home
from support.project import PROJECT

from assistant.app.safe_text import JOINER, code, md
from assistant.workspace import Workspace

APP = str(PROJECT / "app.py")
PAGES = "assistant/app/pages"
IMAGE = "![x](http://127.0.0.1:9/x.png)"
LINK = "[klik](http://example.org)"
FAILED = "Er ging iets mis (interne fout: RuntimeError)."
OFFICIAL_LINK = r"\[Officiële publicatie\]\(https://zoek\.officielebekendmakingen\.nl/[\w.-]+\)"


def hostile_set(ingezonden: str = "3 februari 2025") -> str:
    """A pasted question set whose onderwerp and question carry an image and a link."""
    return (
        "Vragen van het lid Smit (SP) aan de Minister van Financiën over de btw op energie "
        f"{IMAGE} en {LINK} (ingezonden {ingezonden}), 2025Z02001.\n\n"
        f"1. Wat is de opbrengst {IMAGE} van de btw? Zie {LINK}.\n"
        "2. Waarom stijgt die opbrengst <img src=x onerror=alert(1)>?\n"
    )


def hostile_precedent(kenmerk: str = "2020Z02002", nr: int = 1) -> str:
    """An answer document (a precedent) with Markdown, HTML and a bare address in it."""
    return (
        f"Vragen van het lid Hoekstra (D66) aan de Minister van Justitie en Veiligheid over "
        f"politiedrones {IMAGE} (ingezonden 2 februari 2020), {kenmerk}.\n\n"
        "Antwoord van Minister De Wit (Justitie en Veiligheid) (ontvangen 20 februari 2020).\n\n"
        f"Vraag {nr}\nKlopt het dat de politie drones van DJI inzet? {LINK}\n\n"
        f"Antwoord {nr}\nJa. De politie zet drones van DJI in {IMAGE}, zie www.example.org "
        "en <b>vet</b>.\n"
    )


def rendered(body: str) -> str:
    """Markdown as CommonMark with GFM tables and strikethrough renders it (Streamlit's
    react-markdown adds GFM's bare-address links, which the second check below covers)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(body)


def live_markup(body: str) -> list[str]:
    """What in one element's Markdown would be an image, a link or HTML in the browser."""
    if re.fullmatch(OFFICIAL_LINK, body):  # ours, built from a checked identifier
        return []
    ours = r'<a href="#antwoord-[\d-]+">'  # the review checklist's links to an answer
    found = [t for t in re.findall(r"<(?:img|a|b|script)\b[^>]*>", rendered(body))
             if not re.fullmatch(ours, t)]  # fmt: skip
    # GFM links bare addresses after reading escapes: only the joiner in front stops that
    found += re.findall(rf"(?<!{JOINER})(?:https?\\?:|www\\?\.|\\?@(?!{JOINER}))", body)
    return found


def shown_bodies(at: AppTest) -> list[str]:
    """Every piece of Markdown the page shows: text, headers, captions, alerts, labels."""
    kinds = ("markdown", "header", "subheader", "caption", "error", "warning", "info", "success")
    bodies = [e.value for kind in kinds for e in getattr(at, kind)]
    bodies += [e.label for e in at.expander] + [b.label for b in at.button]
    bodies += [b.label for b in at.sidebar.button]
    return bodies


def literal_text(at: AppTest) -> str:
    """All the page's Markdown as the reader sees it (tags dropped, entities resolved)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(map(rendered, shown_bodies(at)))))
    return text.replace(JOINER, "")  # invisible


def start(home, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception
    if page:
        go(at, page)
    return at


def paste(at: AppTest, text: str) -> AppTest:
    go(at, "intake")
    at.text_area(key="paste").set_value(text)
    at.button(key="intake_go").click().run()
    assert not at.exception, at.exception
    if at.success:  # a draft was made and opened: follow the app to its answers
        at.switch_page(f"{PAGES}/answers.py")
    return at


def uploads_left(home) -> list[str]:
    return sorted(p.name for p in home.iterdir() if p.name.startswith("upload-"))


# --- the helper itself ----------------------------------------------------------------------

HOSTILE_TEXTS = [
    IMAGE,
    LINK,
    "<img src=x onerror=alert(1)> & &amp; <script>x</script>",
    "*vet* _schuin_ ~~weg~~ `code` $x^2$ :red[rood] :material/home:",
    "# kop",
    "1. lijst",
    "- lijst",
    "> citaat",
    "| a | b |",
    "www.example.org en iemand@example.org en https://example.org/a_(b)",
    "eind met een backslash \\",
    "[a]: http://example.org\n\n[a]",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_escaped_text_renders_as_itself_and_nothing_else(text):
    body = md(text)
    assert not live_markup(body), body
    shown = html.unescape(re.sub(r"</?p>", "", rendered(body))).replace(JOINER, "").strip()
    assert " ".join(shown.split()) == " ".join(text.split())


def test_code_span_cannot_be_left():
    body = code("a` ![x](http://127.0.0.1:9/x.png) `b")
    assert rendered(body).count("<code>") == 1 and "<img" not in rendered(body)


# --- Markdown from a pasted question set ----------------------------------------------------


def test_pasted_markdown_is_shown_literally_on_every_draft_page(tmp_path, monkeypatch):
    home = tmp_path / "home"
    at = paste(start(home, monkeypatch), hostile_set())
    assert [s.value for s in at.success] == ["Concept gemaakt: 2 vragen."]
    draft_id = at.session_state["draft_id"]
    with Workspace.open(home) as ws:
        onderwerp = ws.load_draft(draft_id).vragen.onderwerp
    assert IMAGE in onderwerp and LINK in onderwerp  # stored as written
    for page in ("answers", "review", "download"):
        go(at, page)
        assert [h.value for h in at.header] == [md(onderwerp)], page
        for body in shown_bodies(at):
            assert not live_markup(body), (page, body)
        text = literal_text(at)
        assert IMAGE in text and LINK in text, page  # the reader sees what was written
        if page != "download":  # the letter page shows no questions
            assert "<img src=x onerror=alert(1)>" in text, page
    go(at, "answers")
    questions = [m.value for m in at.markdown if m.value.startswith("**Vraag 1**")]
    assert questions == [
        f"**Vraag 1** {md(f'Wat is de opbrengst {IMAGE} van de btw? Zie {LINK}.')}"
    ]
    assert any(e.label.startswith(f"Vraag 1: {md('Wat is de opbrengst')}") for e in at.expander)
    (draft_button,) = [b for b in at.sidebar.button if b.key == f"open-{draft_id}"]
    assert "![" not in draft_button.label and not live_markup(draft_button.label)


@pytest.mark.parametrize("page", ["intake", "answers"])
def test_a_year_9999_set_gives_a_dutch_message_and_no_stack_trace(tmp_path, monkeypatch, page):
    home = tmp_path / "home"
    at = paste(start(home, monkeypatch), hostile_set(ingezonden="31 december 9999"))
    if not at.success:  # refused: said in Dutch, no draft stored
        messages = [e.value for e in at.error]
        assert messages and all(not live_markup(m) for m in messages)
        assert not any("Traceback" in m or "Error:" in m for m in messages)
    go(at, page)  # asserts no exception
    assert all("Traceback" not in e.value for e in at.error)


# --- uploads --------------------------------------------------------------------------------

BAD_QUESTION_NAMES = {
    "..": "geen geldige bestandsnaam",
    ".": "geen geldige bestandsnaam",
    "": "geen geldige bestandsnaam",
    ".hidden.pdf": "verborgen bestand",
    "x.exe": "bestandstype .exe wordt niet gelezen",
    "geen-punt": "bestandstype (geen) wordt niet gelezen",
}


@pytest.mark.parametrize("name", sorted(BAD_QUESTION_NAMES))
def test_a_question_file_with_a_bad_name_gets_a_dutch_message(tmp_path, monkeypatch, name):
    home = tmp_path / "home"
    at = start(home, monkeypatch, page="intake")
    at.file_uploader(key="upload").set_value((name, b"1. Een vraag?\n", "text/plain")).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert md(BAD_QUESTION_NAMES[name]) in error
    assert [h.value for h in at.header] == ["Nieuwe vragenset"]
    with Workspace.open(home) as ws:
        assert not ws.drafts()


@pytest.mark.parametrize("name", ["a\x00b.txt", "x" * 300 + ".txt", "../../etc/vragen.txt"])
def test_odd_but_readable_question_file_names_are_read(tmp_path, monkeypatch, name):
    home = tmp_path / "home"
    at = start(home, monkeypatch, page="intake")
    data = hostile_set().encode("utf-8")
    at.file_uploader(key="upload").set_value((name, data, "text/plain")).run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Concept gemaakt: 2 vragen."]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, e5_folder):
    """A home with a real index over one hostile precedent."""
    return indexed_home(tmp_path_factory, e5_folder, "hostilehome", hostile_precedent())


def test_corpus_uploads_with_any_name_end_in_dutch_messages_and_leave_no_folder(
    indexed, monkeypatch
):
    at = start(indexed, monkeypatch, page="corpus")
    files = [
        ("..", b"x", "text/plain"),
        ("", b"x", "text/plain"),
        ("a\x00b.txt", hostile_precedent("2020Z03001").encode(), "text/plain"),
        ("y" * 300 + ".txt", hostile_precedent("2020Z03002").encode(), "text/plain"),
        ("dubbel.txt", hostile_precedent("2020Z03003").encode(), "text/plain"),
        ("dubbel.txt", hostile_precedent("2020Z03004").encode(), "text/plain"),
        (".hidden.pdf", b"%PDF-1.4", "application/pdf"),
        ("x.exe", b"MZ", "application/octet-stream"),
        (f"{IMAGE}.txt", b"%PDF-1.4 kapot", "text/plain"),
    ]
    with Workspace.open(indexed) as ws:
        before = ws.counts()["documents"]
    at.file_uploader(key="corpus_upload").set_value(files).run()
    at.button(key="corpus_go").click().run()
    after_jobs(at, indexed)
    warnings = [w.value for w in at.warning]
    assert sum(w.startswith("Niet gelezen") for w in warnings) == 4
    for reason in ("geen geldige bestandsnaam", "verborgen bestand", "bestandstype \\.exe"):
        assert any(reason in w for w in warnings), reason
    # four read (the two with one name both), the Markdown-named one fails by name, in Dutch
    (success,) = [s.value for s in at.success]
    assert re.fullmatch(r"Toegevoegd: 4, .*mislukt: 1 \(om \d\d:\d\d\)", success), success
    (error,) = [e.value for e in at.error]
    assert error.startswith(md(f"{IMAGE}.txt") + ": ")
    for body in shown_bodies(at):
        assert not live_markup(body), body
    with Workspace.open(indexed) as ws:
        assert ws.counts()["documents"] == before + 4
    assert uploads_left(indexed) == []


def test_the_upload_folder_goes_when_ingest_fails(indexed, monkeypatch):
    def broken(self, paths, kind=None, progress=None, source_of=None):
        assert [p.name for p in paths[0].iterdir()] == ["nota.txt"]  # saved before the failure
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(Workspace, "ingest", broken)
    at = start(indexed, monkeypatch, page="corpus")
    at.file_uploader(key="corpus_upload").set_value([("nota.txt", b"tekst", "text/plain")]).run()
    at.button(key="corpus_go").click().run()
    after_jobs(at, indexed)
    assert next(e.value for e in at.error).startswith(FAILED)
    assert uploads_left(indexed) == []


def test_upload_folders_left_by_a_stopped_server_go_with_the_next_upload(indexed, monkeypatch):
    old, recent = indexed / "upload-oud", indexed / "upload-nieuw"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "nota.txt").write_text("tekst", encoding="utf-8")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    at = start(indexed, monkeypatch, page="corpus")
    at.file_uploader(key="corpus_upload").set_value([("x.exe", b"MZ", "text/plain")]).run()
    at.button(key="corpus_go").click().run()
    assert not at.exception
    assert uploads_left(indexed) == ["upload-nieuw"]  # another tab may still be reading it
    shutil.rmtree(recent)


# --- precedents from the corpus -------------------------------------------------------------


def test_a_hostile_precedent_is_shown_literally_in_cards_dialog_and_review(indexed, monkeypatch):
    at = paste(start(indexed, monkeypatch), hostile_set())
    draft_id = at.session_state["draft_id"]
    at.run()
    cards = [m.value for m in at.markdown if m.value.startswith("> ")]
    assert cards and all(not live_markup(c) for c in cards)
    assert IMAGE in literal_text(at)
    at.button(key=f"view-{draft_id}-1-0").click().run()  # the whole precedent in a dialog
    assert not at.exception
    assert any(md("politiedrones") in s.value for s in at.subheader)
    for body in shown_bodies(at):
        assert not live_markup(body), body
    at.button(key=f"take-{draft_id}-1-0").click().run()  # cite it: review shows it too
    go(at, "review")
    for body in shown_bodies(at):
        assert not live_markup(body), body
    assert "www.example.org" in literal_text(at)


# --- exceptions -----------------------------------------------------------------------------


def failing(*args, **kwargs):
    raise RuntimeError(f"kapot {IMAGE}")


@pytest.mark.parametrize(
    ("method", "page"),
    [
        ("counts", "corpus"),
        ("open_sets", "open_sets"),
        ("drafts", "intake"),
        ("load_draft", ""),
        ("render", "download"),
    ],
)
def test_an_exception_in_a_page_shows_a_dutch_message_and_no_traceback(
    tmp_path, monkeypatch, method, page
):
    home = tmp_path / "home"
    at = paste(start(home, monkeypatch), hostile_set())  # a draft, so every page has work
    if method == "open_sets":  # the page asks for open sets only after a sync
        from assistant.opendata.tables import SyncTables

        monkeypatch.setattr(SyncTables, "last_run", lambda self: {"tijd": "2025-03-01T10:00"})
    monkeypatch.setattr(Workspace, method, failing)
    if page:
        at.switch_page(f"{PAGES}/{page}.py")
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith(FAILED) for e in errors), errors
    assert not any("kapot" in e or "Traceback" in e for e in errors)  # no exception text
