"""Reading the Gegevensmagazijn's JSON: identifiers, timestamps, tombstones, ministries."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.opendata.records import (
    aanhangsel_id,
    document_from_json,
    normalise_timestamp,
    publication_url,
    question_set_id,
    zaak_from_json,
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("232401314", "ah-tk-20232024-1314"),
        ("151601580", "ah-tk-20152016-1580"),
        ("242500007", "ah-tk-20242025-7"),
        ("990000012", "ah-tk-19992000-12"),
        ("2324-1314", None),
        ("", None),
        (None, None),
    ],
)
def test_aanhangsel_number_becomes_the_official_identifier(number, expected):
    assert aanhangsel_id(number) == expected


def test_question_set_identifier_and_links():
    assert question_set_id("2021Z16950") == "kv-tk-2021Z16950"
    assert question_set_id("2021D16950") is None
    assert publication_url("kv-tk-2021Z16950") == (
        "https://zoek.officielebekendmakingen.nl/kv-tk-2021Z16950.html"
    )
    assert publication_url("ah-tk-20232024-1314").endswith("/ah-tk-20232024-1314.html")
    assert publication_url("javascript:alert(1)") is None


@pytest.mark.parametrize(
    "identifier",
    [
        "demo-ah-20232024-9325",  # the demo corpus's fictional Aanhangsel ids
        "ah-tk-2023-9325",
        "ah-tk-20232024-",
        "ah-tk-20232024-9325-extra",
        "kv-tk-2021D16950",
        "kv-tk-2021Z1695",
        "kv-tk-ABC",
        " ah-tk-20232024-9325",
        "",
        None,
    ],
)
def test_only_real_publication_ids_become_links(identifier):
    assert publication_url(identifier) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-19T10:59:02.367+01:00", "2024-02-19T09:59:02.367000Z"),
        ("2024-10-02T11:37:19.279192Z", "2024-10-02T11:37:19.279192Z"),
        ("2024-10-02T11:38:21.4566872Z", "2024-10-02T11:38:21.456687Z"),
        ("2024-10-02T11:38:21", "2024-10-02T11:38:21.000000Z"),
    ],
)
def test_timestamps_are_normalised_to_sortable_utc(value, expected):
    assert normalise_timestamp(value) == expected


def test_zaak_with_members_addressees_and_ministries():
    zaak = zaak_from_json(
        {
            "Id": "z1",
            "Nummer": "2024Z14837",
            "Soort": "Schriftelijke vragen",
            "Onderwerp": "Het  bericht over\nbodycams",
            "GestartOp": "2024-10-02T00:00:00+02:00",
            "Afgedaan": False,
            "GewijzigdOp": "2024-10-02T13:36:43.887+02:00",
            "Verwijderd": False,
            "ZaakActor": [
                {"ActorNaam": "A. de Boer", "ActorFractie": "VVD", "Relatie": "Indiener"},
                {"ActorNaam": "B. Smit", "ActorFractie": "CDA", "Relatie": "Medeindiener"},
                {
                    "ActorNaam": "C. Jansen",
                    "Functie": "minister van Justitie en Veiligheid",
                    "Relatie": "Gericht aan",
                },
                {
                    "ActorNaam": "D. Visser",
                    "Functie": "staatssecretaris van Financiën",
                    "Relatie": "Gericht aan",
                },
                {"ActorNaam": "E. Oud", "Relatie": "Indiener", "Verwijderd": True},
            ],
        }
    )
    assert zaak.nummer == "2024Z14837" and zaak.onderwerp == "Het bericht over bodycams"
    assert zaak.gestart_op == date(2024, 10, 2)  # the local calendar day, not UTC's 1 October
    assert [a.naam for a in zaak.indieners] == ["A. de Boer", "B. Smit"]
    assert zaak.ministeries == ("Justitie en Veiligheid", "Financiën")
    assert zaak.publicatie == "kv-tk-2024Z14837"


def test_a_tombstone_with_only_an_id_is_read_without_error():
    doc = document_from_json(
        {"Id": "d1", "Verwijderd": True, "GewijzigdOp": "2025-01-01T00:00:00Z", "Soort": None}
    )
    assert doc.verwijderd and doc.soort is None and doc.zaken == () and doc.kenmerken == ()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_document_links_to_its_question_sets():
    doc = document_from_json(
        {
            "Id": "d2",
            "Soort": "Antwoord schriftelijke vragen",
            "DocumentNummer": "2024D40001",
            "Datum": "2024-10-20T00:00:00+02:00",
            "Aanhangselnummer": "242500351",
            "ContentType": DOCX,
            "GewijzigdOp": "2024-10-21T08:00:00Z",
            "Verwijderd": False,
            "Zaak": [
                {"Id": "z1", "Nummer": "2024Z14837", "ZaakActor": []},
                {"Id": "z2", "Nummer": "2024Z14839"},
            ],
        }
    )
    assert doc.kenmerken == ("2024Z14837", "2024Z14839")
    assert doc.publicatie == "ah-tk-20242025-351"
    assert doc.extension == ".docx" and doc.datum == date(2024, 10, 20)
