"""The Kamer's records: timestamps, Dutch calendar days, ministries, the records' identifiers
(the identifier rules themselves: test_identifiers.py)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.opendata.records import (
    TkActor,
    TkDocument,
    TkZaak,
    local_day,
    normalise_timestamp,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-19T10:59:02.367+01:00", "2024-02-19T09:59:02.367000Z"),
        ("2024-10-02T11:37:19.279192Z", "2024-10-02T11:37:19.279192Z"),
        ("2024-10-02T11:38:21.4566872Z", "2024-10-02T11:38:21.456687Z"),
        # the feed's tk:bijgewerkt has no offset: Dutch local time (summer: UTC+2)
        ("2024-10-02T11:38:21", "2024-10-02T09:38:21.000000Z"),
        ("2008-08-26T12:13:04.6270000", "2008-08-26T10:13:04.627000Z"),
        ("2024-01-15T08:00:00.0000000", "2024-01-15T07:00:00.000000Z"),
    ],
)
def test_timestamps_are_normalised_to_sortable_utc(value, expected):
    assert normalise_timestamp(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-02T00:00:00+02:00", date(2024, 10, 2)),
        # local midnight written in UTC is still that Dutch day, not the day before
        ("2024-10-01T22:00:00Z", date(2024, 10, 2)),
        ("2024-01-14T23:30:00Z", date(2024, 1, 15)),
        ("2024-10-02T00:00:00", date(2024, 10, 2)),
        ("2024-10-02", date(2024, 10, 2)),
        (None, None),
    ],
)
def test_days_are_dutch_calendar_days(value, expected):
    assert local_day(value) == expected


def test_a_set_knows_its_members_addressees_and_ministries():
    zaak = TkZaak(
        id="z1", gewijzigd_op="", verwijderd=False, nummer="2024Z14837",
        actors=(
            TkActor("A. de Boer", "Indiener", "VVD"),
            TkActor("B. Smit", "Medeindiener", "CDA"),
            TkActor("C. Jansen", "Gericht aan", functie="minister van Justitie en Veiligheid"),
            TkActor("D. Visser", "Gericht aan", functie="staatssecretaris van Financiën"),
        ),
    )  # fmt: skip
    assert [a.naam for a in zaak.indieners] == ["A. de Boer", "B. Smit"]
    assert zaak.ministeries == ("Justitie en Veiligheid", "Financiën")
    assert zaak.publicatie == "kv-tk-2024Z14837"


@pytest.mark.parametrize(
    ("soort", "onderwerp", "withdrawn"),
    [
        ("Mededeling", "Mededeling dat de vragen over bodycams zijn ingetrokken", True),
        ("Mededeling", "Intrekken van de vragen van het lid De Boer", True),
        ("Mededeling", "Mededeling over de beantwoording", False),
        ("Mededeling (uitstel antwoord)", "Uitstel; eerdere vragen ingetrokken", False),
        ("Mededeling", None, False),
    ],
)
def test_a_mededeling_withdraws_a_set_only_when_it_says_so(soort, onderwerp, withdrawn):
    doc = TkDocument(id="d", gewijzigd_op="", verwijderd=False, soort=soort, onderwerp=onderwerp)
    assert doc.is_withdrawal is withdrawn


def test_the_file_key_changes_with_the_file_not_with_the_metadata():
    doc = TkDocument(id="d", gewijzigd_op="a", verwijderd=False, versie="v1",
                     content_type="application/pdf", content_length=1000)  # fmt: skip
    later = TkDocument(id="d", gewijzigd_op="b", verwijderd=False, versie="v1",
                       content_type="application/pdf", content_length=1000,
                       aanhangselnummer="242500351")  # fmt: skip
    replaced = TkDocument(id="d", gewijzigd_op="c", verwijderd=False, versie="v2",
                          content_type="application/pdf", content_length=1200)  # fmt: skip
    assert doc.bestand == later.bestand != replaced.bestand
    assert later.publicatie == "ah-tk-20242025-351"
