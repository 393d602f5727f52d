"""Question-set parsing rules on small self-written texts (fictional members)."""

from datetime import date

import pytest

from assistant import NotAQuestionSetError, parse_question_text
from assistant.models import Member

HEADER = (
    "2023Z01234\n\n"
    "Vragen van het lid Bakker (SP) aan de Minister van Sociale Zaken en Werkgelegenheid "
    "over wachtlijsten bij de schuldhulp (ingezonden 14 februari 2023).\n\n"
)


def test_numbering_with_dots():
    qs = parse_question_text(
        HEADER + "1.\nBent u bekend met het rapport?\n\n2. Klopt het dat de wachttijd is "
        "verdubbeld?\nZo ja, waarom?\n\n3. Bent u bereid in te grijpen?\n"
    )
    assert [q.nr for q in qs.vragen] == [1, 2, 3]
    assert qs.vragen[0].tekst == "Bent u bekend met het rapport?"
    assert qs.vragen[1].tekst == "Klopt het dat de wachttijd is verdubbeld? Zo ja, waarom?"


def test_numbering_with_brackets():
    qs = parse_question_text(HEADER + "1) Eerste vraag?\n2) Tweede vraag?\n")
    assert [q.tekst for q in qs.vragen] == ["Eerste vraag?", "Tweede vraag?"]


def test_vraag_colon_numbering():
    qs = parse_question_text(HEADER + "Vraag 1: Eerste vraag?\nVraag 2: Tweede\nvraag?\n")
    assert [q.tekst for q in qs.vragen] == ["Eerste vraag?", "Tweede vraag?"]


def test_question_over_several_lines_and_a_page_break_with_sub_questions():
    qs = parse_question_text(
        HEADER
        + "Vraag 1\nHoeveel mensen wachten langer dan\n\fdrie maanden op hulp? Zo ja, hoeveel?"
        "\nZo nee, waarom niet?\n\nVraag 2\nWat gaat u doen?\n"
    )
    assert qs.vragen[0].tekst == (
        "Hoeveel mensen wachten langer dan drie maanden op hulp? Zo ja, hoeveel? "
        "Zo nee, waarom niet?"
    )
    assert len(qs.vragen) == 2


def test_header_fields_and_deadline():
    qs = parse_question_text(HEADER + "Vraag 1\nBent u bekend met het rapport?\n")
    assert qs.kenmerk == "2023Z01234"
    assert qs.indieners == (Member("Bakker", "SP"),)
    assert qs.gericht_aan == ("Minister van Sociale Zaken en Werkgelegenheid",)
    assert qs.onderwerp == "wachtlijsten bij de schuldhulp"
    assert qs.ingezonden == date(2023, 2, 14)
    assert qs.uiterste_antwoorddatum == date(2023, 3, 7)
    assert qs.waarschuwingen == ()


def test_staatssecretaris_and_many_members():
    qs = parse_question_text(
        "Vragen van de leden De Vries (VVD) en Smit (CDA) aan de Staatssecretaris van "
        "Infrastructuur en Waterstaat over fietspaden (ingezonden 2 januari 2024).\n\n"
        "Vraag 1\nKent u het bericht?\n"
    )
    assert qs.indieners == (Member("De Vries", "VVD"), Member("Smit", "CDA"))
    assert qs.gericht_aan == ("Staatssecretaris van Infrastructuur en Waterstaat",)


def test_numbering_gap_is_a_warning_not_a_failure():
    qs = parse_question_text(HEADER + "Vraag 1\nEen?\nVraag 2\nTwee?\nVraag 4\nVier?\n")
    assert [q.nr for q in qs.vragen] == [1, 2, 4]
    assert any("vraag 3 ontbreekt" in w for w in qs.waarschuwingen)


def test_missing_kenmerk_and_date_are_warnings():
    qs = parse_question_text(
        "Vragen van het lid Bakker (SP) aan de Minister van Financiën over de btw.\n\n"
        "1. Wat is de opbrengst?\n"
    )
    assert qs.kenmerk is None
    assert qs.ingezonden is None and qs.uiterste_antwoorddatum is None
    assert any("kenmerk" in w for w in qs.waarschuwingen)
    assert any("datum" in w for w in qs.waarschuwingen)
    assert qs.onderwerp == "de btw"


def test_toelichting_and_references():
    qs = parse_question_text(
        HEADER + "Vraag 1\nEen vraag?\n\nToelichting:\nDeze vragen dienen ter aanvulling op "
        "eerdere vragen (vraagnummer 2023Z00999).\n"
    )
    assert qs.toelichting == (
        "Deze vragen dienen ter aanvulling op eerdere vragen (vraagnummer 2023Z00999)."
    )
    assert qs.verwijzingen == ("2023Z00999",)
    assert qs.vragen[0].tekst == "Een vraag?"


def test_answers_are_not_part_of_the_question():
    qs = parse_question_text(
        HEADER + "Vraag 1\nEen vraag?\n\nAntwoord 1\nJa.\n\nVraag 2\nTwee?\n\n"
        "Antwoord op vraag 2\nNee.\n"
    )
    assert [q.tekst for q in qs.vragen] == ["Een vraag?", "Twee?"]


def test_grouped_heading_split_by_paragraphs():
    qs = parse_question_text(
        HEADER + "Vraag 1\nEen?\n\nVraag 2 en 3\n\nKent u het rapport?\n\n"
        "Wat vindt u ervan?\n\nAntwoord 2 en 3\nJa.\n"
    )
    assert [(q.nr, q.tekst) for q in qs.vragen] == [
        (1, "Een?"),
        (2, "Kent u het rapport?"),
        (3, "Wat vindt u ervan?"),
    ]


def test_grouped_heading_that_cannot_be_split_warns():
    qs = parse_question_text(HEADER + "Vraag 1 en 2\nEén vraag over twee punten?\n")
    assert [q.tekst for q in qs.vragen] == ["Eén vraag over twee punten?"] * 2
    assert any("één kop" in w for w in qs.waarschuwingen)


def test_sentence_starting_with_vraag_is_no_heading():
    qs = parse_question_text(
        HEADER + "Vraag 1\nIn uw antwoord op eerdere vragen\nvraag 2 en 3 gaan over hetzelfde?\n"
    )
    assert len(qs.vragen) == 1


def test_policy_letter_is_not_a_question_set():
    with pytest.raises(NotAQuestionSetError, match="geen genummerde vragen gevonden"):
        parse_question_text(
            "Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de voortgang van het "
            "programma. Het kabinet zet in op drie lijnen.\n\nHoogachtend,\n\nDe minister"
        )


def test_letter_with_numbered_list_is_not_a_question_set():
    with pytest.raises(NotAQuestionSetError, match="geen genummerde vragen gevonden"):
        parse_question_text(
            "Geachte voorzitter,\n\nHet kabinet kiest drie lijnen:\n"
            "1. Vermindering van het gebruik van grondstoffen;\n2. Substitutie;\n"
            "3. Levensduurverlenging.\n\nHoogachtend,\n"
        )


def test_single_numbered_question_needs_a_header():
    with pytest.raises(NotAQuestionSetError):
        parse_question_text("Notitie\n\n1. Wat betekent dit voor gemeenten?\n")
    qs = parse_question_text(HEADER + "1. Wat betekent dit voor gemeenten?\n")
    assert len(qs.vragen) == 1
