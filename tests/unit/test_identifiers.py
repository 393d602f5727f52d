"""The Kamer's identifiers: kenmerk, kv-tk, ah-tk from the Aanhangselnummer, demo ids, links."""

from __future__ import annotations

import pytest

from assistant.identifiers import (
    AANHANGSEL_ID,
    ANY_AANHANGSEL_ID,
    KENMERK,
    aanhangsel_id,
    is_demo_id,
    is_id_line,
    publication_url,
    question_set_id,
    vergaderjaar,
)
from assistant.textclean import is_furniture


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("232401314", "ah-tk-20232024-1314"),
        ("151601580", "ah-tk-20152016-1580"),
        ("242500007", "ah-tk-20242025-7"),
        ("990000012", "ah-tk-19992000-12"),
        ("2324-1314", None),
        ("23240131", None),
        ("", None),
        (None, None),
    ],
)
def test_aanhangsel_number_becomes_the_official_identifier(number, expected):
    assert aanhangsel_id(number) == expected


@pytest.mark.parametrize(
    ("kenmerk", "expected"),
    [
        ("2021Z16950", "kv-tk-2021Z16950"),
        ("2024Z03568", "kv-tk-2024Z03568"),
        ("2021D16950", None),  # a document number, not a set
        ("2021Z1695", None),
        (" 2021Z16950", None),
        ("", None),
        (None, None),
    ],
)
def test_question_set_identifier(kenmerk, expected):
    assert question_set_id(kenmerk) == expected


def test_real_identifiers_become_links():
    assert publication_url("kv-tk-2021Z16950") == (
        "https://zoek.officielebekendmakingen.nl/kv-tk-2021Z16950.html"
    )
    assert publication_url("ah-tk-20232024-1314") == (
        "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-1314.html"
    )


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
        "javascript:alert(1)",
        "",
        None,
    ],
)
def test_only_real_publication_ids_become_links(identifier):
    assert publication_url(identifier) is None


def test_demo_ids():
    assert is_demo_id("demo-ah-20232024-9325") and is_demo_id("demo-ah-1")
    assert not is_demo_id("ah-tk-20232024-1314")
    assert not is_demo_id("") and not is_demo_id(None)


def test_ids_in_running_text():
    footer = "ah-tk-20232024-1314\nISSN 0921-7398\n’s-Gravenhage 2024"
    assert AANHANGSEL_ID.search(footer).group(0) == "ah-tk-20232024-1314"
    assert AANHANGSEL_ID.search("zie demo-ah-20232024-9325") is None  # real ids only
    text = "Antwoord (ah-tk-20192020-77), later demo-ah-20242025-9089."
    assert [m.group(0) for m in ANY_AANHANGSEL_ID.finditer(text)] == [
        "ah-tk-20192020-77",
        "demo-ah-20242025-9089",
    ]
    assert KENMERK.findall("nr. 2024Z11859 en (2021Z16950); niet 2021D16950 of 12021Z169501") == [
        "2024Z11859",
        "2021Z16950",
    ]


@pytest.mark.parametrize(
    ("ah_id", "expected"),
    [
        ("ah-tk-20232024-1314", "2023-2024"),
        ("demo-ah-20192020-9001", "2019-2020"),
        ("kv-tk-2021Z16950", None),
        (None, None),
    ],
)
def test_the_vergaderjaar_of_an_aanhangsel_id(ah_id, expected):
    assert vergaderjaar(ah_id) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ah-tk-20232024-1314", True),
        ("  ah-tk-20232024-1314 ", True),
        ("demo-ah-20232024-9325", True),
        ("kv-tk-2021Z16950", True),
        ("Zie ah-tk-20232024-1314", False),  # a sentence that cites an id is text
        ("ah-tk-20232024-1314.", False),
        ("kv-tk-2021D16950", False),
    ],
)
def test_a_line_that_is_only_an_id_is_page_furniture(line, expected):
    assert is_id_line(line) is expected
    assert is_furniture(line) is expected
