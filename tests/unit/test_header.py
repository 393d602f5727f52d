from datetime import date

import pytest

from assistant.models import Member
from assistant.parse.header import parse_addressees, parse_header, parse_members


def test_members_share_the_party_in_brackets():
    assert parse_members("de leden Michon-Derkzen, Brekelmans en Rajkowski (allen VVD)") == [
        Member("Michon-Derkzen", "VVD"),
        Member("Brekelmans", "VVD"),
        Member("Rajkowski", "VVD"),
    ]


def test_members_each_with_own_party():
    assert parse_members(
        "de leden Mutluer, Lahlah (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB)"
    ) == [
        Member("Mutluer", "GroenLinks-PvdA"),
        Member("Lahlah", "GroenLinks-PvdA"),
        Member("Boswijk", "CDA"),
        Member("Helder", "BBB"),
    ]


def test_single_member():
    assert parse_members("het lid Van der Lee (GroenLinks-PvdA)") == [
        Member("Van der Lee", "GroenLinks-PvdA")
    ]
    assert parse_members("de leden Temmink en Van Nispen (beiden SP)") == [
        Member("Temmink", "SP"),
        Member("Van Nispen", "SP"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "de Ministers van Justitie en Veiligheid en van Buitenlandse Zaken",
            ["Minister van Justitie en Veiligheid", "Minister van Buitenlandse Zaken"],
        ),
        (
            "de Staatssecretaris van Financiën en de Minister voor Buitenlandse Handel en "
            "Ontwikkelingssamenwerking",
            [
                "Staatssecretaris van Financiën",
                "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking",
            ],
        ),
        (
            "de Staatssecretaris en de Minister van Volksgezondheid, Welzijn en Sport",
            [
                "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
                "Minister van Volksgezondheid, Welzijn en Sport",
            ],
        ),
        (
            "de ministers van Justitie en Veiligheid en Binnenlandse Zaken en Koninkrijkrelaties",
            [
                "Minister van Justitie en Veiligheid",
                "Minister van Binnenlandse Zaken en Koninkrijksrelaties",
            ],
        ),
        (
            "de Staatssecretarissen van Volksgezondheid, Welzijn en Sport en van Binnenlandse "
            "Zaken en Koninkrijksrelaties",
            [
                "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
                "Staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties",
            ],
        ),
        ("de Minister-President", ["Minister-President"]),
    ],
)
def test_addressees(text, expected):
    assert parse_addressees(text) == expected


def test_kamer_header():
    header = parse_header(
        "2021Z16950\nVragen van de leden Michon-Derkzen, Brekelmans en Rajkowski (allen VVD) aan "
        "de Ministers van Justitie en Veiligheid en van Buitenlandse Zaken over het bericht "
        "«Hoe China met de Nederlandse politie meekijkt» (ingezonden 1 oktober 2021)."
    )
    assert header.kenmerk == "2021Z16950"
    assert header.onderwerp == "het bericht «Hoe China met de Nederlandse politie meekijkt»"
    assert header.ingezonden == date(2021, 10, 1)
    assert header.warnings == ()


def test_ministry_letter_header():
    header = parse_header(
        "Datum\t16 juli 2024\n"
        "In antwoord op uw brief van 5 juli 2024, nr. 2024Z11859, deel ik u mede dat de vragen "
        "van de leden Mutluer (GroenLinks-PvdA) en Boswijk (CDA) aan de minister van Justitie en "
        "Veiligheid over de sluiting van het politiebureau in Wolvega worden beantwoord zoals "
        "aangegeven in de bijlage van deze brief."
    )
    assert header.kenmerk == "2024Z11859"
    assert header.indieners == (Member("Mutluer", "GroenLinks-PvdA"), Member("Boswijk", "CDA"))
    assert header.gericht_aan == ("Minister van Justitie en Veiligheid",)
    assert header.onderwerp == "de sluiting van het politiebureau in Wolvega"
    assert header.ingezonden == date(2024, 7, 5)
    assert any("brief van de Kamer" in w for w in header.warnings)
