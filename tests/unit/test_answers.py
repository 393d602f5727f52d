"""Past answer documents on self-written (fictional) texts: pairing, groups, notices."""

from datetime import date

import pytest

from assistant import InputError
from assistant.extract import extract_bytes
from assistant.parse.answers import looks_like_answers, parse_answer_document

HEAD = (
    "Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2024–2025\n\n"
    "Vragen van het lid Bakker (SP) aan de Minister van Justitie en Veiligheid over "
    "camera’s bij de politie (ingezonden 3 februari 2025).\n\n"
    "Antwoord van Minister Van Dam (Justitie en Veiligheid), mede namens de Minister van "
    "Binnenlandse Zaken en Koninkrijksrelaties (ontvangen 24 februari 2025).\n\n"
)


def parse(text: str):
    return parse_answer_document(extract_bytes(text.encode("utf-8"), "antwoorden.txt"))


def test_metadata_of_an_aanhangsel_answer():
    doc = parse(HEAD + "Vraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n\nah-tk-20242025-999\n")
    assert doc.kind == "antwoord"
    assert doc.beantwoord_door == "Minister Van Dam"
    assert doc.ministerie == "Justitie en Veiligheid"
    assert doc.mede_namens == ("Minister van Binnenlandse Zaken en Koninkrijksrelaties",)
    assert doc.ingezonden == date(2025, 2, 3)
    assert doc.ontvangen == date(2025, 2, 24)
    assert doc.vergaderjaar == "2024-2025"
    assert doc.ah_id == "ah-tk-20242025-999"
    assert doc.onderwerp == "camera’s bij de politie"
    assert [(r.nr, r.vraag, r.antwoord) for r in doc.records] == [(1, "Kent u het bericht?", "Ja.")]


def test_a_demo_identifier_is_read_like_an_aanhangsel_id_and_is_no_text():
    doc = parse(HEAD + "Vraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n\ndemo-ah-20242025-9001\n")
    assert doc.ah_id == "demo-ah-20242025-9001"
    assert [r.antwoord for r in doc.records] == ["Ja."]  # the id line is furniture


def test_grouped_answers_and_a_question_without_its_own_heading():
    doc = parse(
        HEAD + "Vraag 1\nEen?\n\nAntwoord 1\nEen.\n\n"
        "Vraag 2\nTwee?\n\nVraag 3\nDrie?\n\nAntwoord op vragen 2 en 3\nTwee en drie.\n\n"
        "Vraag 4\nVier?\n\nAntwoord op vraag 4\nVier.\n\n"
        "Vraag 5\nVijf?\n\nVraag 6\nZes?\n\nAntwoord op vraag 6\nZes.\n\n"
        "Vraag 7\nZeven?\n\nVraag 8\nAcht?\n\nVraag 9\nNegen?\n\nAntwoord 7, 8 en 9\nSamen.\n\n"
        "Vraag 10\nTien?\n\nAntwoord op vraag 5 en 10\nVijf en tien.\n"
    )
    got = {r.nr: (r.vraag_nrs, r.antwoord) for r in doc.records}
    assert got[1] == ((1,), "Een.")
    assert got[2] == got[3] == ((2, 3), "Twee en drie.")
    assert got[4] == ((4,), "Vier.")
    assert got[5] == got[10] == ((5, 10), "Vijf en tien.")  # non-contiguous, answered later
    assert got[6] == ((6,), "Zes.")
    assert got[7] == got[8] == got[9] == ((7, 8, 9), "Samen.")
    assert not [w for w in doc.warnings if "geen antwoord" in w]


def test_unnumbered_answer_heading_covers_the_question_before():
    doc = parse(HEAD + "1. Een?\n\nAntwoord:\nJa, dat klopt.\n\n2. Twee?\n\nAntwoord\nNee.\n")
    assert [(r.nr, r.antwoord) for r in doc.records] == [(1, "Ja, dat klopt."), (2, "Nee.")]


def test_answer_without_heading_is_kept():
    doc = parse(
        HEAD + "Vraag 1\nEen?\n\nAntwoord op vraag 1\nJa.\n\n"
        "Vraag 2\nKent u het rapport?\n\nIk ken het rapport. Het wordt besproken.\n\n"
        "Vraag 3\nDrie?\n\nAntwoord op vraag 3\nNee.\n"
    )
    rec = {r.nr: r for r in doc.records}
    assert rec[2].vraag == "Kent u het rapport?"
    assert rec[2].antwoord == "Ik ken het rapport. Het wordt besproken."
    assert any("ontbreekt de kop" in w for w in doc.warnings)


def test_footnotes_go_with_question_and_answer_not_into_text():
    doc = parse(
        HEAD + "Vraag 1\nKent u het bericht «Camera’s»?1\n\nAntwoord 1\nJa, zie de brief.2\n\n"
        "1 NOS, 1 februari 2025 (https://voorbeeld.invalid/cameras)\n\n"
        "2 Kamerstuk 12 345, nr. 6\n"
    )
    (rec,) = doc.records
    assert rec.vraag == "Kent u het bericht «Camera’s»?"
    assert rec.antwoord == "Ja, zie de brief."
    assert [f.tekst for f in rec.vraag_voetnoten] == [
        "NOS, 1 februari 2025 (https://voorbeeld.invalid/cameras)"
    ]
    assert [f.tekst for f in rec.antwoord_voetnoten] == ["Kamerstuk 12 345, nr. 6"]


def test_postponement_notice_is_stored_as_notice():
    text = (
        "Vragen van het lid Bakker (SP) aan de Minister van Financiën over de btw "
        "(ingezonden 3 februari 2025).\n\n"
        "Mededeling van Minister Jansen (Financiën) (ontvangen 24 februari 2025).\n\n"
        "Vraag 1\nWat is de opbrengst?\n\nVraag 2\nWaarom?\n\nMededeling\n"
        "De vragen van het lid Bakker kunnen niet binnen de gebruikelijke termijn van drie weken "
        "worden beantwoord, omdat afstemming met andere departementen nodig is.\n"
    )
    doc = parse(text)
    assert doc.kind == "mededeling"
    assert "niet binnen de gebruikelijke termijn" in doc.mededeling
    assert [(r.nr, r.antwoord) for r in doc.records] == [(1, None), (2, None)]


def test_incoming_question_set_is_no_precedent():
    extracted = extract_bytes(
        (HEAD.split("Antwoord van")[0] + "Vraag 1\nEen?\n\nVraag 2\nTwee?\n").encode(), "set.txt"
    )
    assert looks_like_answers(extracted) == "vragen"
    with pytest.raises(InputError, match="binnenkomende vragenset"):
        parse_answer_document(extracted)


def test_ministry_letter_docx(tmp_path):
    import io

    import docx

    d = docx.Document()
    table = d.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        table.rows,
        [("Datum", "20 maart 2025"), ("Onderwerp", "Beantwoording Kamervragen"),
         ("Ons kenmerk", "1234567")],
        strict=True,
    ):  # fmt: skip
        row.cells[0].text, row.cells[1].text = label, value
    d.add_paragraph(
        "In antwoord op uw brief van 4 maart 2025, nr. 2025Z04711, deel ik u mede dat de vragen "
        "van de leden Verbeek (VVD) en Ouadi (CDA) over politiedrones worden beantwoord zoals "
        "aangegeven in de bijlage van deze brief."
    )
    d.add_paragraph("Mede namens de minister van Economische Zaken,")
    d.add_paragraph("De minister van Justitie en Veiligheid,")
    d.add_paragraph("A.B. de Vries")
    for text in ["Vraag 1", "Kent u het bericht?", "Antwoord op vraag 1", "Ja.",
                 "Vraag 2", "Klopt het?", "Vraag 3", "En dit?",
                 "Antwoord op vragen 2 en 3", "Beide kloppen."]:  # fmt: skip
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    doc = parse_answer_document(extract_bytes(buf.getvalue(), "brief.docx"))
    assert doc.kenmerk == "2025Z04711"
    assert doc.beantwoord_door == "Minister van Justitie en Veiligheid"
    assert doc.ministerie == "Justitie en Veiligheid"
    assert doc.mede_namens == ("Minister van Economische Zaken",)
    assert doc.ontvangen == date(2025, 3, 20)
    assert doc.meta["ons_kenmerk"] == "1234567"
    assert [(r.nr, r.vraag_nrs, r.antwoord) for r in doc.records] == [
        (1, (1,), "Ja."),
        (2, (2, 3), "Beide kloppen."),
        (3, (2, 3), "Beide kloppen."),
    ]
