"""The `assistant` command as a user runs it: exit codes, messages. In this process through
click's CliRunner, run as main() runs it; a few real processes (marked slow) for what only a
process shows: the console script, main()'s exit code and a stderr without traceback."""

import json
import os
import subprocess
import sys

import pytest
from support.commands import invoke_assistant

SEED = "seed/2021Z16950-vragen.txt"


def run(*args, stdin: bytes | None = None, env_home=None):
    env = {"ASSISTANT_HOME": str(env_home)} if env_home is not None else None
    return invoke_assistant(*args, home=None, input=stdin, env=env)


def run_process(*args, env_home):
    env = dict(os.environ, ASSISTANT_HOME=str(env_home))
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_seed_json_is_the_documented_object(shared_data):
    result = run("questions", str(shared_data / SEED), "--json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert list(data) == [
        "formaat", "kenmerk", "indieners", "gericht_aan", "onderwerp", "ingezonden",
        "uiterste_antwoorddatum", "vragen", "toelichting", "verwijzingen", "waarschuwingen",
    ]  # fmt: skip
    assert data["formaat"] == 2
    assert data["kenmerk"] == "2021Z16950"
    assert data["indieners"] == [
        {"naam": "Michon-Derkzen", "partij": "VVD"},
        {"naam": "Brekelmans", "partij": "VVD"},
        {"naam": "Rajkowski", "partij": "VVD"},
    ]
    assert data["gericht_aan"] == [
        "Minister van Justitie en Veiligheid",
        "Minister van Buitenlandse Zaken",
    ]
    assert data["onderwerp"] == "het bericht «Hoe China met de Nederlandse politie meekijkt»"
    assert data["ingezonden"] == "2021-10-01"
    assert data["uiterste_antwoorddatum"] == "2021-10-22"
    questions = data["vragen"]
    assert [q["nr"] for q in questions] == list(range(1, 15))
    first = questions[0]
    assert first["tekst"] == (
        "Bent u bekend met het bericht «Hoe China met de Nederlandse politie meekijkt»?"
    )
    assert len(first["voetnoten"]) == 1
    note = first["voetnoten"][0]
    assert note["nr"] == 1
    assert note["tekst"].startswith("Website Trouw, 30 september 2021 (https://")
    assert note["tekst"].endswith(")") and " " not in note["tekst"].split("(", 1)[1]
    assert all(not q["voetnoten"] for q in questions[1:])
    texts = {q["nr"]: q["tekst"] for q in questions}
    assert "veiligheidsoogpunt" in texts[5]
    assert "DJI-bedrijfssoftware" in texts[6]
    assert "produceren?" in texts[11]
    for nr, text in texts.items():
        assert "Website" not in text and "trouw.nl" not in text, nr
        assert "««" not in text and "»»" not in text, nr
        assert "\n" not in text, nr
        assert text.endswith("?"), nr
    assert data["toelichting"].startswith("Deze vragen dienen ter aanvulling op")
    assert data["verwijzingen"] == ["2021Z16860"]
    assert data["waarschuwingen"] == []


def test_readable_output_shows_deadline_with_weekday(shared_data):
    result = run("questions", str(shared_data / SEED))
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "vrijdag 22 oktober 2021" in out
    assert "14 vragen" in out
    assert "Vraag 14" in out


def test_standard_input(shared_data):
    data = (shared_data / SEED).read_bytes()
    result = run("questions", "-", "--json", stdin=data)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["vragen"]) == 14


def test_home_option_before_and_after_the_command(tmp_path, shared_data):
    for args in (
        ["--home", str(tmp_path / "a"), "questions", str(shared_data / SEED)],
        ["questions", str(shared_data / SEED), "--home", str(tmp_path / "b")],
    ):
        assert run(*args).returncode == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.txt", b"", "leeg"),
        (
            "brief.txt",
            b"Geachte voorzitter,\n\nHierbij informeer ik u.\n",
            "geen genummerde vragen",
        ),
        ("rommel.txt", bytes(range(256)) * 20, "binaire inhoud"),
        ("nep.docx", b"geen word-bestand", "Word-bestand"),
        ("kapot.pdf", b"%PDF-1.7\n\x00\x01 kapot", "PDF"),
    ],
)
def test_bad_input_exit_2_one_line_no_traceback(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("questions", str(path), env_home=tmp_path / "home")
    err = result.stderr.decode()
    assert result.returncode == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert name in err  # the one line says which file
    assert result.stdout == b""


@pytest.mark.slow
def test_a_real_process_exits_2_with_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_bytes(b"Geachte voorzitter,\n\nHierbij informeer ik u.\n")
    result = run_process("questions", str(path), env_home=tmp_path / "home")
    err = result.stderr.decode()
    assert result.returncode == 2
    assert "geen genummerde vragen" in err and "brief.txt" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert result.stdout == b""


def test_missing_file_exit_2(tmp_path):
    result = run("questions", str(tmp_path / "weg.pdf"))
    assert result.returncode == 2
    assert "niet gevonden" in result.stderr.decode()


@pytest.mark.slow
def test_console_script_is_installed():
    bin_dir = os.path.dirname(sys.executable)
    script = os.path.join(bin_dir, "assistant")
    assert os.path.exists(script)
    result = subprocess.run([script, "--help"], capture_output=True, timeout=60)
    assert result.returncode == 0
    assert b"questions" in result.stdout
