"""`assistant draft`, `drafts` and `uitstel` on the seed question set, as a user runs them
(in this process, as main() runs them)."""

import io
import json

import docx
import pytest
from support.commands import invoke_assistant
from support.corpora import indexed_home

PRECEDENT = (
    "Vragen van het lid Hoekstra (D66) aan de Minister van Justitie en Veiligheid over "
    "politiedrones van een Chinese fabrikant (ingezonden 2 februari 2020).\n\n"
    "Antwoord van Minister De Wit (Justitie en Veiligheid) (ontvangen 20 februari 2020).\n\n"
    "Vraag 1\nKlopt het dat de politie drones van het Chinese bedrijf DJI inzet?\n\n"
    "Antwoord 1\nJa. De politie zet drones van DJI in bij verkeersongevallen en evenementen. "
    "De drones worden offline gebruikt, zodat geen gegevens naar de fabrikant gaan.\n"
)


def run(*args, home):
    return invoke_assistant(*args, home=home)


@pytest.fixture(scope="module")
def home(tmp_path_factory, e5_folder):
    return indexed_home(tmp_path_factory, e5_folder, "draft", PRECEDENT)


def test_draft_of_the_seed_set(home, shared_data, tmp_path):
    out = tmp_path / "concept.docx"
    seed = shared_data / "seed" / "2021Z16950-vragen.txt"
    result = run("draft", str(seed), "-o", str(out), "--ministerie", "JenV", "--json", home=home)
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["formaat"] == 2 and data["ministerie"] == "Justitie en Veiligheid"
    answers = data["antwoorden"]
    assert len(answers) == 14 and answers[0]["tekst"] == "Ja."
    assert answers[1]["suggesties"][0]["label"] == (
        "draft-precedent.txt, antwoord 1, 20 februari 2020"
    )
    assert answers[1]["suggesties"][0]["soort"] == "antwoord"
    assert "kind" not in answers[1]["suggesties"][0]
    document = docx.Document(io.BytesIO(out.read_bytes()))
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    assert [t for s, t in paras if s == "Vraagkop"] == [f"Vraag {n}" for n in range(1, 15)]
    assert next(t for s, t in paras if s == "Antwoord") == "Ja."
    assert any("[Bron: " in t for _, t in paras)
    assert document.core_properties.keywords == "2021Z16950"

    listed = run("drafts", home=home).stdout.decode()
    assert data["id"] in listed and "2021Z16950" in listed
    again = tmp_path / "definitief.docx"
    exported = run("drafts", "export", data["id"], "-o", str(again), "--versie", "definitief",
                   home=home)  # fmt: skip
    assert exported.returncode == 0
    final = "\n".join(p.text for p in docx.Document(str(again)).paragraphs)
    assert "[Bron:" not in final
    shown = json.loads(run("drafts", "show", data["id"], home=home).stdout)
    assert shown["vragen"]["kenmerk"] == "2021Z16950"
    assert shown == data  # the same contract as draft --json


def test_uitstel_and_errors(home, shared_data, tmp_path):
    seed = shared_data / "seed" / "2021Z16950-vragen.txt"
    out = tmp_path / "uitstel.docx"
    result = run("uitstel", str(seed), "-o", str(out), "--reden", "Afstemming met BZ is nodig",
                 "--verwacht", "2021-11-12", home=home)  # fmt: skip
    assert result.returncode == 0
    text = " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "niet binnen de gebruikelijke termijn van drie weken" in text
    bad = run("draft", str(seed), "--groepen", "2,x", home=home)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr
    missing = run("drafts", "show", "bestaatniet", home=home)
    assert missing.returncode == 2
