"""Q/A exports (JSONL, CSV): rows, optional fields, bad rows reported, bad files refused."""

import json

import pytest

from assistant import InputError
from assistant.parse.qa_export import parse_export


def rows_of(data: bytes, name: str):
    ((key, doc),) = parse_export(data, name)
    assert key == ""
    return doc


def test_jsonl_rows_with_optional_fields_and_a_bad_line():
    lines = [
        json.dumps({"id": "JV-1", "vraag": "Kent u X?", "antwoord": "Ja.", "kenmerk": "2024Z00001",
                    "datum": "2024-03-01", "ministerie": "JenV", "vraag_nrs": "2 en 3"}),
        "{dit is geen json",
        json.dumps({"id": "JV-2", "vraag": "", "antwoord": "Een antwoord zonder vraag."}),
        json.dumps({"id": "JV-3", "vraag": "Leeg?", "antwoord": ""}),
    ]  # fmt: skip
    doc = rows_of("\n".join(lines).encode(), "export.jsonl")
    first, second = doc.records
    assert first.external_id == "JV-1"
    assert first.vraag_nrs == (2, 3)
    assert first.ministerie == "Justitie en Veiligheid"
    assert first.datum.isoformat() == "2024-03-01"
    assert second.vraag == "" and second.antwoord == "Een antwoord zonder vraag."
    assert any("regel 2" in w and "JSON" in w for w in doc.warnings)
    assert any("regel 4" in w and "leeg antwoord" in w for w in doc.warnings)


def test_csv_with_semicolons():
    data = "id;vraag;antwoord;ministerie\nA1;Kent u Y?;Nee.;VWS\n".encode("utf-8-sig")
    (rec,) = rows_of(data, "export.csv").records
    assert (rec.external_id, rec.vraag, rec.antwoord, rec.ministerie) == (
        "A1", "Kent u Y?", "Nee.", "Volksgezondheid, Welzijn en Sport"
    )  # fmt: skip


def test_csv_without_needed_columns():
    with pytest.raises(InputError, match="mist de kolom"):
        parse_export(b"nummer,tekst\n1,hallo\n", "export.csv")


def test_jsonl_without_any_good_row():
    with pytest.raises(InputError, match="geen bruikbare"):
        parse_export(b"niet json\n", "export.jsonl")
