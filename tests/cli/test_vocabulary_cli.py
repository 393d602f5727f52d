"""One vocabulary on the command line: --ministerie names a ministry of the registry the same
way in every command (name or abbreviation), a ministry without a letter profile is said so
(never a silent JenV), --soort everywhere with the old --kind still read, and the JSON keys
of the contract (formaat 2). In process, without a model: no index is needed here."""

from __future__ import annotations

import io
import json

import docx
import pytest
from support.commands import invoke_assistant
from support.kamer import run_sync
from support.sync_world import World

from assistant.devtools.fake_syncfeed import FakeSyncFeed
from assistant.workspace import IndexState, Workspace

DEFENSIE = (
    "Vragen van het lid Jansen (SP) aan de Minister van Defensie en de Minister van "
    "Justitie en Veiligheid over munitie (ingezonden 3 maart 2025), 2025Z04001.\n\n"
    "1. Hoeveel granaten zijn er geleverd?\n"
    "2. Wanneer volgt de volgende levering?\n"
)
SEED = "seed/2021Z16950-vragen.txt"
SAME_MINISTRY = ("JenV", "Justitie en Veiligheid", "jenv", "JUSTITIE EN VEILIGHEID")


def run(*args, home):
    return invoke_assistant(*args, home=home)


def text_of(path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def defensie(tmp_path):
    path = tmp_path / "defensie.txt"
    path.write_text(DEFENSIE, encoding="utf-8")
    return path


def test_draft_takes_a_ministry_by_name_or_abbreviation_alike(home, shared_data):
    seen = set()
    for typed in SAME_MINISTRY:
        done = run("draft", shared_data / SEED, "--ministerie", typed, "--json", "-k", "0",
                   home=home)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        data = json.loads(done.stdout)
        assert data["formaat"] == 2
        seen.add((data["ministerie"], data["ondertekening"], tuple(data["mede_namens"]),
                  data["vorm"]))  # fmt: skip
    assert seen == {("Justitie en Veiligheid", "De Minister van Justitie en Veiligheid",
                     ("de Minister van Buitenlandse Zaken",), "in_antwoord")}  # fmt: skip


def test_a_set_to_a_ministry_without_profile_gets_no_silent_jenv(home, defensie, tmp_path):
    out = tmp_path / "brief.docx"
    refused = run("draft", defensie, "-o", out, "-k", "0", home=home)
    assert refused.returncode == 2
    err = refused.stderr.decode()
    assert "voor Defensie (de eerste geadresseerde) is er geen briefprofiel" in err
    assert "JenV" in err and "Traceback" not in err  # the profiles that exist are named
    assert not out.exists()
    with Workspace.open(home) as ws:
        assert ws.drafts() == []  # nothing stored for a letter that could not be written

    stored = run("draft", defensie, "--json", "-k", "0", home=home)
    assert stored.returncode == 0
    data = json.loads(stored.stdout)
    assert data["ministerie"] is None and data["ondertekening"] == "De Minister van Defensie"
    assert "--ministerie" in stored.stderr.decode()
    # the way forward: choose the ministry when writing the letter
    unchosen = run("drafts", "export", data["id"], "-o", out, home=home)
    assert unchosen.returncode == 2 and "geen ministerie gekozen" in unchosen.stderr.decode()
    chosen = run("drafts", "export", data["id"], "-o", out, "--ministerie", "JenV", home=home)
    assert chosen.returncode == 0, chosen.stderr.decode()
    letter = text_of(out)
    assert "Ministerie van Justitie en Veiligheid" in letter
    assert "mede namens de minister van Defensie" in letter
    with Workspace.open(home) as ws:
        draft = ws.load_draft(data["id"])
    assert draft.ministerie == "Justitie en Veiligheid"
    assert draft.ondertekening == "De Minister van Justitie en Veiligheid"  # the addressee
    assert draft.mede_namens == ("de Minister van Defensie",)


def test_a_ministry_without_profile_or_unknown_is_refused_with_its_own_message(
    home, defensie, tmp_path
):
    out = tmp_path / "brief.docx"
    draft = ["draft", defensie, "-o", out, "-k", "0"]
    for command in (draft, ["uitstel", defensie, "-o", out, "--reden", "afstemming nodig is"]):
        no_profile = run(*command, "--ministerie", "Def", home=home)
        assert no_profile.returncode == 2
        assert "voor Defensie is er geen briefprofiel" in no_profile.stderr.decode()
        unknown = run(*command, "--ministerie", "Toverkunst", home=home)
        assert unknown.returncode == 2
        assert "onbekend ministerie 'Toverkunst'" in unknown.stderr.decode()
        assert "JenV (Justitie en Veiligheid)" in unknown.stderr.decode()
    assert not out.exists()


def test_uitstel_takes_the_ministry_by_name_or_abbreviation_alike(home, defensie, tmp_path):
    letters = []
    for n, typed in enumerate(SAME_MINISTRY[:2]):
        out = tmp_path / f"uitstel-{n}.docx"
        done = run("uitstel", defensie, "-o", out, "--reden", "afstemming nodig is",
                   "--ministerie", typed, home=home)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        letters.append(text_of(out))
    assert letters[0] == letters[1] and "Ministerie van Justitie en Veiligheid" in letters[0]


def test_search_filters_on_the_canonical_ministry_and_takes_soort(home, monkeypatch):
    """What search hands the index, whatever spelling was typed (the index itself is tested
    in tests/unit/test_search.py)."""
    asked = []

    def search(self, queries, k=10, filters=None, contexts=None):
        asked.append(filters)
        return [[] for _ in queries]

    monkeypatch.setattr(Workspace, "index_state", lambda self: IndexState(exists=True))
    monkeypatch.setattr(Workspace, "search", search)
    monkeypatch.setattr("assistant.cli.search.announce_preparation", lambda ws: None)
    for typed in SAME_MINISTRY:
        done = run("search", "drones", "--ministerie", typed, "--soort", "beleid", "--json",
                   home=home)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        assert json.loads(done.stdout) == {"formaat": 2, "zoekvraag": "drones", "treffers": []}
    assert {(f.ministerie, f.kinds) for f in asked} == {("Justitie en Veiligheid", ("beleid",))}
    old = run("search", "drones", "--kind", "qa", "--soort", "antwoord", home=home)
    assert old.returncode == 0 and asked[-1].kinds == ("antwoord", "qa-export")
    assert "--kind qa heet nu --soort qa-export" in old.stderr.decode()
    assert run("search", "drones", "--ministerie", "Toverkunst", home=home).returncode == 2
    assert run("search", "drones", "--soort", "policy", home=home).returncode == 2


def test_open_sets_take_a_ministry_by_name_or_abbreviation_alike(tmp_path):
    with FakeSyncFeed(page_size=2) as fake:
        World(fake)
        run_sync(tmp_path, fake)
    listed = []
    for typed in (*SAME_MINISTRY, "IenW"):
        done = run("open-vragen", "--ministerie", typed, "--json", home=tmp_path)
        assert done.returncode == 0, done.stderr.decode()
        listed.append([s["kenmerk"] for s in json.loads(done.stdout)])
    assert listed[:-1] == [["2024Z03003", "2024Z03004"]] * len(SAME_MINISTRY)
    assert listed[-1] == []
    assert run("open-vragen", "--ministerie", "Toverkunst", home=tmp_path).returncode == 2
