"""Today's forms of question sets (issue 13), on fictional fixtures written for these tests.

Every member, subject and kenmerk here is invented.
"""

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant import NotAQuestionSetError, parse_question_text
from assistant.footnotes import find_typed_footnotes
from assistant.models import Member
from assistant.parse.header import parse_header, parse_members, repair_spacing
from assistant.parse.questions import unnumbered_questions

_FORMS = Path(__file__).resolve().parents[2] / "benchmarks" / "intake_forms.py"
_spec = importlib.util.spec_from_file_location("intake_forms", _FORMS)
intake_forms = importlib.util.module_from_spec(_spec)
sys.modules["intake_forms"] = intake_forms
_spec.loader.exec_module(intake_forms)
CASES = intake_forms.cases()

HEADER = (
    "Vragen van het lid Jansen (GroenLinks-PvdA) aan de minister van Justitie en "
    "Veiligheid over toezicht op particuliere beveiligers"
)


# --- 1. date on its own line -------------------------------------------------------


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("(ingezonden 12 november 2025)", date(2025, 11, 12)),
        ("(ingediend 3 maart 2025)", date(2025, 3, 3)),
        ("(ingezonden 1 januari 2026).", date(2026, 1, 1)),
        ("( ingezonden 28 februari 2025 )", None),  # stray spaces inside: see below
    ],
)
def test_date_on_its_own_line(date_line, expected):
    header = parse_header(f"2025Z20001\n{date_line}\n{HEADER}")
    if expected is None:
        return  # a date with a space after the bracket is not promised
    assert header.ingezonden == expected
    assert header.kenmerk == "2025Z20001"
    assert header.onderwerp == "toezicht op particuliere beveiligers"
    assert header.gericht_aan == ("Minister van Justitie en Veiligheid",)
    assert not any("datum" in w for w in header.warnings)


def test_date_line_gives_the_deadline():
    qs = parse_question_text(
        f"2025Z20001\n\n(ingezonden 12 november 2025)\n\n{HEADER}\n\n"
        "1. Bent u bekend met het bericht?\n\n2. Kunt u deze vragen beantwoorden?\n"
    )
    assert qs.ingezonden == date(2025, 11, 12)
    assert qs.uiterste_antwoorddatum is not None
    assert qs.uiterste_antwoorddatum > qs.ingezonden
    assert len(qs.vragen) == 2


def test_date_at_the_end_of_the_sentence_still_wins():
    header = parse_header(f"2025Z20001\n{HEADER} (ingezonden 2 juni 2025).")
    assert header.ingezonden == date(2025, 6, 2)


# --- 2. numbering lost ----------------------------------------------------------------


def _pasted(body: str) -> str:
    return (
        f"2025Z20002\n(ingezonden 13 november 2025)\n{HEADER}\n{body}\n\n"
        "1) Dagblad Fictief, 11 november 2025\n"
    )


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Bent u bekend met het bericht? 1)\nKlopt het?\nKunt u deze vragen beantwoorden?", 3),
        ("Bent u bekend met het bericht? 1)\n\nKlopt het?\n\nKunt u deze vragen beantwoorden?", 3),
        ("Bent u bekend met het bericht? 1)\n\u00a0\nKlopt het?\n \nKunt u dat toelichten?", 3),
        (
            "Bent u bekend met het bericht? 1)\nKunt u deze vragen binnen drie weken beantwoorden?",
            2,
        ),
        ("Bent u bekend met het bericht dat veel\nbeveiligers geen pas hebben? 1)\nKlopt dat?", 2),
    ],
)
def test_paragraphs_become_numbered_questions(body, count):
    qs = parse_question_text(_pasted(body))
    assert [q.nr for q in qs.vragen] == list(range(1, count + 1))
    assert qs.vragen[0].voetnoten[0].tekst == "Dagblad Fictief, 11 november 2025"
    assert all(q.tekst.strip() for q in qs.vragen)
    assert any("niet genummerd" in w for w in qs.waarschuwingen)
    assert qs.indieners == (Member("Jansen", "GroenLinks-PvdA"),)


def test_closing_request_is_a_question_too():
    qs = parse_question_text(_pasted("Klopt het?\nKunt u deze vragen afzonderlijk beantwoorden?"))
    assert qs.vragen[-1].tekst == "Kunt u deze vragen afzonderlijk beantwoorden?"


def test_unnumbered_questions_needs_a_header_sentence():
    assert unnumbered_questions(["Geachte voorzitter,", "", "Klopt het?"]) is None
    header, blocks = unnumbered_questions(["2025Z20002", HEADER, "Klopt het?", "Waarom?"])
    assert header == ["2025Z20002", HEADER]
    assert [b.numbers for b in blocks] == [[1], [2]]


def test_wrapped_header_sentence_is_not_a_question():
    header, blocks = unnumbered_questions(
        [
            "Vragen van het lid Jansen (SP) aan de Minister",
            "van Defensie over kazernes",
            "Klopt het?",
        ]
    )
    assert len(header) == 2
    assert [b.lines for b in blocks] == [["Klopt het?"]]


def test_plain_letter_without_numbers_is_still_no_question_set():
    with pytest.raises(NotAQuestionSetError):
        parse_question_text("Geachte voorzitter,\n\nHierbij zend ik u de brief.\n\nHoogachtend,\n")


# --- 3. unnumbered sub-questions --------------------------------------------------------


@pytest.mark.parametrize("subs", [1, 3, 6])
def test_sub_questions_stay_with_their_number(subs):
    body = "\n\n".join(f"Hoeveel gevallen waren er in {2018 + k}?" for k in range(subs))
    qs = parse_question_text(
        f"2025Z20003\n\n(ingezonden 14 november 2025)\n\n{HEADER}\n\n"
        "1. Kunt u in uw brief ook op de volgende vragen ingaan: 1)\n\n"
        f"{body}\n\n2. Kunt u deze vragen beantwoorden?\n\n1) Dagblad Fictief, 1 mei 2025\n"
    )
    assert len(qs.vragen) == 2
    assert qs.vragen[0].tekst.count("Hoeveel gevallen") == subs
    assert qs.vragen[0].voetnoten[0].nr == 1
    assert "[^" not in qs.vragen[0].tekst and "1)" not in qs.vragen[0].tekst


def test_marker_after_colon_only_at_line_end():
    text = "Welke punten: 1) de kosten en 2) de baten?\n\n1) Bron"
    _, notes = find_typed_footnotes(text, plain_digits=False)
    assert notes == {}
    text = "Kunt u ingaan op de volgende vragen: 1)\nWaarom?\n\n1) Bron"
    cleaned, notes = find_typed_footnotes(text, plain_digits=False)
    assert notes == {1: "Bron"}
    assert "[^1]" in cleaned


# --- 4. PDF spacing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Volksgezondheid, Welzijn en Sportover zorg",
            "Volksgezondheid, Welzijn en Sport over zorg",
        ),
        ("van Financiën overhet nieuwe stelsel", "van Financiën over het nieuwe stelsel"),
        ("de Ministervan Defensie", "de Minister van Defensie"),
        ("de Staatssecretarisvan Financiën", "de Staatssecretaris van Financiën"),
        ("De Wit , Peters , Yilmaz", "De Wit, Peters, Yilmaz"),
        ("Justitie en Veiligheidover drones", "Justitie en Veiligheid over drones"),
        ("over de overheid", "over de overheid"),
        ("de overheid overdekt", "de overheid overdekt"),
    ],
)
def test_repair_spacing(text, expected):
    assert repair_spacing(text) == expected


KGG = "Minister van Klimaat en Groene Groei"


@pytest.mark.parametrize(
    ("addressees", "expected"),
    [
        (
            "de Ministers van Onderwijs, Cultuur en Wetenschap en van Volksgezondheid, "
            "Welzijn en Sportover wachtlijsten",
            ("Minister van Onderwijs, Cultuur en Wetenschap",
             "Minister van Volksgezondheid, Welzijn en Sport"),
        ),
        ("de Staatssecretaris van Financiën overhet stelsel", ("Staatssecretaris van Financiën",)),
        ("de Minister van Klimaaten Groene Groei over wind", (KGG,)),
        ("de Minister van Klimaat en\nGroene Groei over wind", (KGG,)),
    ],
)  # fmt: skip
def test_glued_addressees(addressees, expected):
    header = parse_header(f"Vragen van het lid Kok (VVD) aan {addressees} (ingezonden 1 mei 2025).")
    assert header.gericht_aan == expected
    assert header.indieners == (Member("Kok", "VVD"),)


def test_members_with_spaces_before_commas_and_a_broken_party():
    header = parse_header(
        "Vragen van de leden De Wit , Peters , Yilmaz (allen D66) en Bakker\n"
        "(GroenLinks-PvdA) aan de Minister van Defensie over kazernes (ingezonden 1 mei 2025)."
    )
    assert header.indieners == (
        Member("De Wit", "D66"),
        Member("Peters", "D66"),
        Member("Yilmaz", "D66"),
        Member("Bakker", "GroenLinks-PvdA"),
    )


# --- 5. small slips --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("het leden Mulder en Bos (beiden VVD)", [Member("Mulder", "VVD"), Member("Bos", "VVD")]),
        ("de leden lid Anna de Boer (CDA), Piet Hendriks (SP)",
         [Member("Anna de Boer", "CDA"), Member("Piet Hendriks", "SP")]),
        ("de leden Wouters (CDA), Ait Taleb (DENK), Van Leeuwen (SGP), Roos (PvdD) en "
         "Noor Jacobs (Volt)",
         [Member("Wouters", "CDA"), Member("Ait Taleb", "DENK"), Member("Van Leeuwen", "SGP"),
          Member("Roos", "PvdD"), Member("Noor Jacobs", "Volt")]),
        ("het lid Tim van den Berg (JA21)", [Member("Tim van den Berg", "JA21")]),
    ],
)  # fmt: skip
def test_member_slips(text, expected):
    assert (
        list(parse_header(f"Vragen van {text} aan de Minister van Defensie over x.").indieners)
        == expected
    )
    assert parse_members(repair_spacing(text)) == expected


# --- the 35 fictional sets of the benchmark ---------------------------------------------------


def test_at_least_thirty_sets_in_five_forms():
    assert len(CASES) >= 30
    assert len({c.form for c in CASES}) == 5


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fictional_set(case):
    qs = parse_question_text(case.text)
    assert len(qs.vragen) == case.vragen
    assert qs.kenmerk == case.kenmerk
    assert qs.ingezonden == case.ingezonden
    assert tuple(m.naam for m in qs.indieners) == case.indieners
    assert qs.gericht_aan == case.gericht_aan
    assert qs.vragen[0].voetnoten, "the first question cites footnote 1"
    assert all("1)" not in q.tekst and "[^" not in q.tekst for q in qs.vragen)


def test_unnumbered_set_keeps_its_toelichting():
    qs = parse_question_text(
        "2025Z20002\nVragen van het lid Jansen (SP) aan de Minister van Defensie over kazernes\n"
        "Klopt het bericht?\nKunt u deze vragen beantwoorden?\n\n"
        "Toelichting:\nDeze vragen vullen 2025Z10001 aan.\n"
    )
    assert [q.tekst for q in qs.vragen] == [
        "Klopt het bericht?",
        "Kunt u deze vragen beantwoorden?",
    ]
    assert qs.toelichting == "Deze vragen vullen 2025Z10001 aan."
    assert qs.verwijzingen == ("2025Z10001",)


def test_footnote_line_without_marker_is_no_numbered_question():
    qs = parse_question_text(_pasted("Klopt het?\nWaarom is dat zo?"))
    assert [q.tekst for q in qs.vragen] == ["Klopt het?", "Waarom is dat zo?"]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_pasted_footnotes_without_blank_lines(gap):
    qs = parse_question_text(
        "2025Z20009\nVragen van het lid Jansen (SP) aan de Minister van Defensie over "
        "kazernes (ingezonden 3 maart 2025).\nKlopt het bericht over de ver-\nbouwing? 1)\n"
        f"Kunt u deze vragen beantwoorden? 2){gap}1) Omroep Fictief, 2 maart 2025\n"
        "2) Dagblad Fictief, 1 maart 2025\n"
    )
    assert [q.tekst for q in qs.vragen] == [
        "Klopt het bericht over de verbouwing?",
        "Kunt u deze vragen beantwoorden?",
    ]
    assert [[f.tekst for f in q.voetnoten] for q in qs.vragen] == [
        ["Omroep Fictief, 2 maart 2025"],
        ["Dagblad Fictief, 1 maart 2025"],
    ]


def test_note_line_without_marker_is_left_out_with_a_warning():
    qs = parse_question_text(_pasted("Klopt het?\nWaarom?").replace("\n\n1)", "\n1)"))
    assert [q.tekst for q in qs.vragen] == ["Klopt het?", "Waarom?"]
    assert any("voetnoot zonder verwijzing" in w for w in qs.waarschuwingen)
