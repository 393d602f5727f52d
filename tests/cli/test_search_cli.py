"""`assistant index` and `assistant search` as a user runs them (in this process, as main()
runs them)."""

import json

import pytest
from support.commands import invoke_assistant

from assistant.embed import _CONVERTED_DIR

ANSWERS = (
    "Vragen van het lid Bakker (SP) aan de Minister van Justitie en Veiligheid over "
    "politiedrones (ingezonden 3 februari 2025).\n\n"
    "Antwoord van Minister Van Dam (Justitie en Veiligheid) (ontvangen 24 februari 2025).\n\n"
    "Vraag 1\nGebruikt de politie drones van een Chinese fabrikant?\n\n"
    "Antwoord 1\nJa, de politie gebruikt drones van DJI voor verkeersongevallen.\n\n"
    "Vraag 2\nHoeveel woningen worden er gebouwd?\n\n"
    "Antwoord 2\nDat valt buiten mijn portefeuille; de bouw van woningen loopt via gemeenten.\n"
)


def run(*args, home, stdin=None):
    return invoke_assistant(*args, home=home, input=stdin)


@pytest.fixture(scope="module")
def home(tmp_path_factory, e5_folder):
    home = tmp_path_factory.mktemp("home")
    (home / "models").mkdir()
    (home / "models" / _CONVERTED_DIR).symlink_to(e5_folder)  # reuse the converted model
    src = home.parent / "antwoorden.txt"
    src.write_text(ANSWERS, encoding="utf-8")
    assert run("ingest", str(src), home=home).returncode == 0
    return home


def test_search_before_index_says_what_to_do(home):
    result = run("search", "drones", home=home)
    assert result.returncode == 2
    assert b"assistant index" in result.stderr


def test_index_then_search_json_and_queries_file(home, tmp_path):
    built = run("index", home=home)
    assert built.returncode == 0, built.stderr.decode()
    assert b"2 passages" in built.stdout

    result = run("search", "Chinese drones bij de politie", "--json", "-k", "2", home=home)
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert list(data) == ["formaat", "zoekvraag", "treffers"] and data["formaat"] == 2
    assert data["zoekvraag"] == "Chinese drones bij de politie"
    top = data["treffers"][0]
    for key in ("rang", "score", "dense_score", "bm25_score", "passage_id", "document_id",
                "external_id", "soort", "tekst", "kenmerk", "ah_id", "datum", "ministerie",
                "vraag_nrs", "titel"):  # fmt: skip
        assert key in top
    assert not {"rank", "kind", "text"} & set(top)  # one name per concept
    assert "DJI" in top["tekst"] and top["vraag_nrs"] == [1] and top["soort"] == "antwoord"

    # the ministry typed as name or abbreviation filters alike (documents: "Justitie en
    # Veiligheid"); another ministry finds nothing here
    found = {}
    for typed in ("JenV", "Justitie en Veiligheid", "BZK"):
        done = run("search", "drones", "--ministerie", typed, "--soort", "antwoord", "--json",
                   home=home)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        found[typed] = [h["passage_id"] for h in json.loads(done.stdout)["treffers"]]
    assert found["JenV"] == found["Justitie en Veiligheid"] and found["JenV"]
    assert found["BZK"] == []

    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "tekst": "drones"})
        + "\n"
        + json.dumps({"id": 7, "text": "woningbouw"})  # the key of format 1 is still read
        + "\n",
        encoding="utf-8",
    )
    many = run("search", "--queries", str(queries), "-k", "1", home=home)
    lines = [json.loads(x) for x in many.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == ["a", 7]
    assert all(len(x["treffers"]) == 1 and x["formaat"] == 2 for x in lines)


def test_search_input_errors(home):
    assert run("search", home=home).returncode == 2
    bad_date = run("search", "drones", "--sinds", "gisteren", home=home)
    assert bad_date.returncode == 2 and b"2020-01-31" in bad_date.stderr
    assert b"Traceback" not in bad_date.stderr
