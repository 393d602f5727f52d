"""Dutch wording: enumerations, counts, question numbers, days left, the asking members."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.models import Member, QuestionSet
from assistant.nl import (
    count_text,
    days_left_text,
    days_text,
    deadline_text,
    enumerate_nl,
    member_text,
    members_list,
    members_text,
    numbers_text,
)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["Ja21"], "Ja21"),
        (["Justitie en Veiligheid", "Defensie"], "Justitie en Veiligheid en Defensie"),
        (["Mutluer", "Lahlah", "Boswijk"], "Mutluer, Lahlah en Boswijk"),
        ([7, 8, 9], "7, 8 en 9"),
        ((n for n in (3, 8)), "3 en 8"),  # any iterable; non-contiguous numbers as they come
    ],
)
def test_enumeration(items, expected):
    assert enumerate_nl(items) == expected


@pytest.mark.parametrize(
    ("nrs", "expected"),
    [
        ((4,), "vraag 4"),
        ((2, 3), "vragen 2 en 3"),  # was "vragen 2, 3" in the precedent dialog
        ((7, 8, 9), "vragen 7, 8 en 9"),
        ([3, 4, 5, 9, 10], "vragen 3, 4, 5, 9 en 10"),
    ],
)
def test_question_numbers(nrs, expected):
    assert numbers_text(nrs) == expected


def test_counts_choose_singular_or_plural():
    assert count_text(1) == "1 vraag"
    assert count_text(14) == "14 vragen"
    assert count_text(0) == "0 vragen"
    assert count_text(1, "deel", "delen") == "1 deel"
    assert count_text(3, "deel", "delen") == "3 delen"
    assert (days_text(1), days_text(2), days_text(0)) == ("1 dag", "2 dagen", "0 dagen")


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (21, "nog 21 dagen"),
        (2, "nog 2 dagen"),
        (1, "nog 1 dag"),  # was "nog 1 dagen" in the CLI's question set summary
        (0, "vandaag"),
        (-1, "1 dag te laat"),
        (-2, "2 dagen te laat"),
        (-30, "30 dagen te laat"),
    ],
)
def test_days_left(days, expected):
    assert days_left_text(days) == expected


def test_deadline_text_counts_calendar_days():
    # 2021Z16950, ingezonden 1 oktober 2021: answer due three weeks later, 22 oktober
    due = date(2021, 10, 22)
    assert deadline_text(due, date(2021, 10, 21)) == "nog 1 dag"
    assert deadline_text(due, date(2021, 10, 22)) == "vandaag"
    assert deadline_text(due, date(2021, 10, 23)) == "1 dag te laat"
    assert deadline_text(due, date(2021, 11, 1)) == "10 dagen te laat"


def test_a_member_with_and_without_party():
    assert member_text("Eerdmans", "JA21") == "Eerdmans (JA21)"
    assert member_text("Eerdmans", None) == "Eerdmans"
    assert member_text("Eerdmans", "") == "Eerdmans"


def test_members_as_a_list():
    # 2024Z03568 (ah-tk-20232024-1314)
    members = [Member("Mutluer", "GroenLinks-PvdA"), Member("Kostić", "PvdD")]
    assert members_list(members) == "Mutluer (GroenLinks-PvdA), Kostić (PvdD)"
    assert members_list([Member("Smit", None)]) == "Smit"
    assert members_list([]) == ""


def test_members_as_a_letter_names_them():
    # 2021Z16950: three VVD members, the party once after the run
    vvd = [Member("Michon-Derkzen", "VVD"), Member("Brekelmans", "VVD"), Member("Rajkowski", "VVD")]
    assert members_text(vvd) == "de leden Michon-Derkzen, Brekelmans en Rajkowski (VVD)"
    assert members_text([Member("Mutluer", "GroenLinks-PvdA"), Member("Kostić", "PvdD")]) == (
        "de leden Mutluer (GroenLinks-PvdA) en Kostić (PvdD)"
    )
    assert members_text([Member("Eerdmans", "JA21")]) == "het lid Eerdmans (JA21)"
    assert members_text([Member("Eerdmans", None)]) == "het lid Eerdmans"
    assert members_text([]) == "de leden van uw Kamer"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2021, 10, 21), "vrijdag 22 oktober 2021 (nog 1 dag)"),
        (date(2021, 10, 22), "vrijdag 22 oktober 2021 (vandaag)"),
        (date(2021, 10, 25), "vrijdag 22 oktober 2021 (3 dagen te laat)"),
    ],
)
def test_the_terminal_summary_uses_the_same_wording(today, expected):
    from assistant.show import format_question_set

    qs = QuestionSet(
        kenmerk="2021Z16950",
        indieners=(Member("Michon-Derkzen", "VVD"), Member("Brekelmans", "VVD")),
        gericht_aan=("Minister van Justitie en Veiligheid",),
        onderwerp="het gebruik van drones van DJI door de politie",
        ingezonden=date(2021, 10, 1),
        uiterste_antwoorddatum=date(2021, 10, 22),
        vragen=(),
    )
    lines = format_question_set(qs, today=today).splitlines()
    assert "Indieners:              Michon-Derkzen (VVD), Brekelmans (VVD)" in lines
    assert f"Uiterste antwoorddatum: {expected}" in lines
