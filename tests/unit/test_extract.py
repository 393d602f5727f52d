"""Readers: PDF layout (footnotes, footers, hyphenation), Word numbering and footnotes,
and every kind of bad input giving an InputError with a Dutch message."""

import io
import zipfile

import docx
import pytest
from support.docxmaker import docx_with_footnotes

from assistant import InputError, parse_question_bytes
from assistant.devtools.tiny_pdf import Run, line, make_pdf
from assistant.extract import extract_bytes, extract_file

HEADER_LINES = [
    line(790, "2024Z00042"),
    line(760, "Vragen van het lid Visser (D66) aan de Minister van Justitie en Veiligheid over"),
    line(748, "camerabeelden (ingezonden 3 september 2024)."),
]


def _aanhangsel_like_pdf() -> bytes:
    page1 = [
        *HEADER_LINES,
        line(720, "Vraag 1"),
        line(708, "Bent u bekend met het bericht «Camera’s kijken mee»?", Run("1", 6, 4)),
        line(684, "Vraag 2"),
        line(672, "Welke camera’s gebruikt de politie en hoe worden de beelden opge-"),
        line(660, "slagen? Zo ja, waar precies? Worden deze camera’s ook ingezet bij"),
        # footnote block and running footer at the bottom of page 1
        line(110, Run("1", 5, 3), Run(" Website NOS, 2 september 2024 (https://nos.nl/camera-", 8)),
        line(100, "beelden-politie)", size=8),
        line(60, "ah-tk-20242025-123", size=7),
        line(50, "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1", size=9),
    ]
    page2 = [
        line(790, "demonstraties?"),
        line(766, "Vraag 3 en 4"),
        line(754, "Deelt u de mening dat dit moet stoppen?"),
        line(742, "Bent u bereid de Kamer te informeren?"),
        line(718, "Antwoord 1"),
        line(706, "Ja."),
        line(50, "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2", size=9),
    ]
    return make_pdf([page1, page2])


def test_pdf_layout_footnotes_footers_and_page_break():
    qs = parse_question_bytes(_aanhangsel_like_pdf(), "set.pdf")
    assert qs.kenmerk == "2024Z00042"
    q1, q2, q3, q4 = qs.vragen
    assert q1.tekst == "Bent u bekend met het bericht «Camera’s kijken mee»?"
    assert [(f.nr, f.tekst) for f in q1.voetnoten] == [
        (1, "Website NOS, 2 september 2024 (https://nos.nl/camera-beelden-politie)")
    ]
    # the question runs over the page break; footnote and footer stay out of it
    assert q2.tekst == (
        "Welke camera’s gebruikt de politie en hoe worden de beelden opgeslagen? Zo ja, waar "
        "precies? Worden deze camera’s ook ingezet bij demonstraties?"
    )
    # a grouped heading whose questions are separate lines ending in "?"
    assert q3.tekst == "Deelt u de mening dat dit moet stoppen?"
    assert q4.tekst == "Bent u bereid de Kamer te informeren?"


def test_pdf_furniture_identifier_is_kept_as_metadata():
    extracted = extract_bytes(_aanhangsel_like_pdf(), "set.pdf")
    assert extracted.meta == {"ah_id": "ah-tk-20242025-123"}
    assert "ah-tk" not in extracted.text and "Aanhangsel 1" not in extracted.text


def test_docx_list_numbering_is_read():
    document = docx.Document()
    document.add_paragraph(
        "Vragen van het lid Visser (D66) aan de Minister van Financiën over de btw "
        "(ingezonden 3 september 2024)."
    )
    for text in ["Wat is de opbrengst?", "Klopt het dat die daalt? Zo ja, waarom?"]:
        document.add_paragraph(text, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    qs = parse_question_bytes(buffer.getvalue(), "set.docx")
    assert [(q.nr, q.tekst) for q in qs.vragen] == [
        (1, "Wat is de opbrengst?"),
        (2, "Klopt het dat die daalt? Zo ja, waarom?"),
    ]


def test_docx_footnotes_are_attached_not_inlined():
    data = docx_with_footnotes(
        [
            "Vragen van het lid Visser (D66) aan de Minister van Financiën over de btw "
            "(ingezonden 3 september 2024).",
            "Vraag 1",
            "Kent u het bericht «Btw omhoog»?{fn:7}",
            "Vraag 2",
            "Wat vindt u daarvan?",
        ],
        {7: "NRC, 1 september 2024"},
    )
    qs = parse_question_bytes(data, "set.docx")
    assert qs.vragen[0].tekst == "Kent u het bericht «Btw omhoog»?"
    assert [(f.nr, f.tekst) for f in qs.vragen[0].voetnoten] == [(1, "NRC, 1 september 2024")]


def test_cp1252_text_is_read_with_a_warning():
    text = (
        "Vragen van het lid Müller (PvdD) aan de Minister van Financiën over café’s "
        "(ingezonden 3 september 2024).\n\nVraag 1\nKent u café’s?\n"
    )
    qs = parse_question_bytes(text.encode("cp1252"), "set.txt")
    assert qs.indieners[0].naam == "Müller"
    assert qs.vragen[0].tekst == "Kent u café’s?"
    assert any("Windows-1252" in w for w in qs.waarschuwingen)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leeg.txt", "leeg"),
        (b"   \n\n ", "leeg.txt", "leeg"),
        (bytes(range(256)) * 40, "rommel.bin", "binaire inhoud"),
        (b"dit is geen word", "brief.docx", "geen geldig Word-bestand"),
        (b"PK\x03\x04 kapot zip-bestand", "brief.docx", "Word-bestand"),
        (b"%PDF-1.4\n kapot", "set.pdf", "PDF is beschadigd"),
        (b"geen pdf", "set.pdf", "geen geldig PDF-bestand"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "oud.doc", "oud Word-formaat"),
    ],
)
def test_bad_input_gives_clear_message(data, name, message):
    with pytest.raises(InputError, match=message):
        extract_bytes(data, name)


def test_zip_that_is_no_word_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hallo.txt", "geen word")
    with pytest.raises(InputError, match="Word-bestand"):
        extract_bytes(buffer.getvalue(), "brief.docx")


def test_encrypted_pdf():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(_aanhangsel_like_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="geheim", owner_password="nog-geheimer")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(InputError, match="wachtwoord"):
        extract_bytes(buffer.getvalue(), "beveiligd.pdf")


def test_pdf_without_text():
    with pytest.raises(InputError, match="geen tekst"):
        extract_bytes(make_pdf([[]]), "scan.pdf")


def test_file_above_size_limit(tmp_path):
    path = tmp_path / "groot.txt"
    path.write_bytes(b"Vraag 1\nWat?\n" * 1000)
    with pytest.raises(InputError, match="te groot"):
        extract_file(path, max_bytes=1000)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="niet gevonden"):
        extract_file(tmp_path / "bestaat-niet.pdf")
    with pytest.raises(InputError, match="map"):
        extract_file(tmp_path)
