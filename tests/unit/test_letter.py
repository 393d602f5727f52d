"""The letter in the Rijkshuisstijl, read back from the .docx: page, headers, column,
footnotes, fill-in fields, wording, a ministry's own logo and Word template."""

import io
import shutil
import zipfile
from dataclasses import replace
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from assistant import AssistantError, parse_question_text
from assistant.draft import compose_draft
from assistant.letter.page import FILL_IN_DATE, FILL_IN_REFERENCE
from assistant.models import Member
from assistant.nl import members_text, reason_sentence
from assistant.render import render_draft, render_postponement

QUESTIONS = (
    "2025Z04711\n\nVragen van de leden Verbeek (VVD) en Ouadi (CDA) aan de Ministers van "
    "Justitie en Veiligheid en van Economische Zaken over politiedrones (ingezonden 3 maart "
    "2025).\n\n"
    "Vraag 1\nBent u bekend met het bericht «Drones sturen data naar China»?1\n\n"
    "Vraag 2\nKlopt het dat de politie drones gebruikt?2\n\n"
    "Vraag 3\nHoeveel drones zijn er?\n\n"
    "1 Dagblad Voorbeeld, 1 maart 2025\n"
    "2 Omroep Voorbeeld, 2 maart 2025\n"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def qs():
    return parse_question_text(QUESTIONS)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def part_text(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode() if name in z.namelist() else ""


def texts(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def test_page_is_the_rijkshuisstijl_page(qs):
    document = open_docx(render_draft(compose_draft(qs, None, "JenV"), "definitief"))
    section = document.sections[0]
    cm = [round(x.cm, 2) for x in (section.top_margin, section.right_margin,
                                    section.left_margin, section.bottom_margin)]  # fmt: skip
    assert cm == [4.23, 4.97, 2.8, 1.9]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.different_first_page_header_footer
    later = texts(section.header._element)
    assert "Directoraat-Generaal Politie en Veiligheidsregio's" in later
    assert "Datum" in later and "Ons kenmerk" in later
    for footer in (section.footer, section.first_page_footer):
        instructions = [i.text.strip() for i in footer._element.iter(f"{W}instrText")]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert texts(footer._element).startswith("Pagina ")
    column = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for line in (
        "Turfmarkt 147",
        "Contactpersoon",
        "Ons kenmerk",
        "Uw kenmerk",
        "2025Z04711",
        "Bijlage(n)",
        "Bij beantwoording de datum en ons kenmerk vermelden",
    ):
        assert line in column, line  # fmt: skip
    floating = document.element.body.findall(f".//{W}tblpPr")
    assert {(f.get(qn("w:tblpX")), f.get(qn("w:tblpY"))) for f in floating} >= {("9357", "3074")}


def test_footnotes_are_word_footnotes(qs):
    data = render_draft(compose_draft(qs, None, "JenV"), "definitief")
    notes = part_text(data, "word/footnotes.xml")
    assert "Dagblad Voorbeeld, 1 maart 2025" in notes and "Omroep Voorbeeld" in notes
    assert notes.count('w:type="separator"') == 1
    document = open_docx(data)
    questions = [p for p in document.paragraphs if p.style.name == "Vraag"]
    refs = [[r.get(qn("w:id")) for r in p._p.iter(f"{W}footnoteReference")] for p in questions]
    assert refs == [["1"], ["2"], []]
    assert questions[0].text.endswith("China»?") and "[^" not in questions[0].text
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Dagblad" not in body and "1)" not in body
    assert document.styles["footnote reference"].font.superscript


def test_datum_and_ons_kenmerk_are_fill_in_fields_until_set(qs):
    draft = compose_draft(qs, None, "JenV")
    data = render_draft(draft, "definitief")
    document = open_docx(data)
    highlighted = [r.text for p in document.element.body.iter(f"{W}p")
                   for r in docx.text.paragraph.Paragraph(p, None).runs
                   if r.font.highlight_color is not None]  # fmt: skip
    assert highlighted == [FILL_IN_DATE, FILL_IN_REFERENCE]
    header = texts(document.sections[0].header._element)
    assert FILL_IN_DATE in header and FILL_IN_REFERENCE in header

    filled = replace(draft, verzenddatum=date(2025, 3, 24), ons_kenmerk="6012345")
    data = render_draft(filled, "definitief")
    document = open_docx(data)
    header = texts(document.sections[0].header._element)
    assert "24 maart 2025" in header and "6012345" in header
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "24 maart 2025" in cells and "6012345" in cells and "invullen" not in cells


def test_subject_opening_title_and_signature_as_ministries_write_them(qs):
    draft = compose_draft(qs, None, "JenV")
    document = open_docx(render_draft(draft, "definitief"))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Beantwoording Kamervragen van de leden Verbeek (VVD) en Ouadi (CDA) over "\
        "politiedrones" in cells  # fmt: skip
    body = [p.text for p in document.paragraphs if p.text]
    assert body[0] == (
        "In antwoord op uw brief van 3 maart 2025, nr. 2025Z04711, deel ik u mede dat de "
        "vragen van de leden Verbeek (VVD) en Ouadi (CDA) aan de minister van Justitie en "
        "Veiligheid en de minister van Economische Zaken over politiedrones worden beantwoord "
        "zoals aangegeven in de bijlage van deze brief."
    )
    assert body[1:3] == ["Mede namens de minister van Economische Zaken,",
                         "De Minister van Justitie en Veiligheid,"]  # fmt: skip
    title = (
        "Antwoorden van de minister van Justitie en Veiligheid mede namens de minister van "
        "Economische Zaken op Kamervragen van de leden Verbeek (VVD) en Ouadi (CDA) over "
        "politiedrones (ingezonden 3 maart 2025)."
    )
    assert [p.text for p in document.paragraphs if p.style.name == "Titel antwoorden"] == [title]
    assert document.core_properties.title == title


def test_members_named_as_in_the_letters():
    assert members_text([Member("Eerdmans", "JA21")]) == "het lid Eerdmans (JA21)"
    assert members_text([Member("Lahlah", "GL-PvdA"), Member("Chakor", "GL-PvdA")]) == (
        "de leden Lahlah en Chakor (GL-PvdA)")  # fmt: skip
    assert members_text([Member("Mutluer", "GL-PvdA"), Member("Lahlah", "GL-PvdA"),
                         Member("Boswijk", "CDA"), Member("Helder", "BBB")]) == (
        "de leden Mutluer, Lahlah (GL-PvdA), Boswijk (CDA) en Helder (BBB)")  # fmt: skip
    assert members_text([Member("Smit", None), Member("Bos", "SP")]) == "de leden Smit en Bos (SP)"
    assert members_text([]) == "de leden van uw Kamer"


def test_postponement_reason_is_a_whole_sentence():
    assert reason_sentence("afstemming met EZ nodig is") == (
        "De reden hiervan is dat afstemming met EZ nodig is.")  # fmt: skip
    assert reason_sentence("dat de cijfers nog niet bekend zijn.") == (
        "De reden hiervan is dat de cijfers nog niet bekend zijn.")  # fmt: skip
    assert reason_sentence("De reden hiervan is dat het lang duurt") == (
        "De reden hiervan is dat het lang duurt.")  # fmt: skip
    assert reason_sentence("Afstemming met EZ vraagt meer tijd.") == (
        "Afstemming met EZ vraagt meer tijd.")  # fmt: skip
    assert reason_sentence("  ") == ""


def test_postponement_is_on_the_same_letterhead(qs):
    data = render_postponement(qs, "afstemming met EZ nodig is", date(2025, 4, 4), "JenV",
                               date(2025, 3, 21), "6012399")  # fmt: skip
    document = open_docx(data)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Uitstel beantwoording Kamervragen van de leden Verbeek (VVD) en Ouadi (CDA)" in cells
    assert "21 maart 2025" in cells and "6012399" in cells and "Turfmarkt 147" in cells
    text = " ".join(p.text for p in document.paragraphs)
    assert "termijn van drie weken worden beantwoord. De reden hiervan is dat afstemming" in text
    assert round(document.sections[0].right_margin.cm, 2) == 4.97


def profile_folder(tmp_path, monkeypatch, extra: str):
    """A copy of the project's templates whose JenV profile has `extra` lines."""
    from assistant.config import PROJECT_TEMPLATES

    folder = tmp_path / "templates"
    shutil.copytree(PROJECT_TEMPLATES, folder)
    profile = folder / "ministries" / "JenV.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + extra, encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_TEMPLATES", str(folder))
    return folder


def test_a_ministry_puts_in_its_own_logo(qs, tmp_path, monkeypatch):
    from PIL import Image

    logo = tmp_path / "eigen-logo.png"
    Image.new("RGB", (600, 300), (200, 30, 30)).save(logo)
    profile_folder(tmp_path, monkeypatch,
                   f'logo = "{logo}"\nlogo_breedte_cm = 6.0\nwoordmerk = false\n')  # fmt: skip
    data = render_draft(compose_draft(qs, None, "JenV"), "definitief")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert media == [logo.read_bytes()]
    extent = open_docx(data).element.body.find(".//{*}anchor/{*}extent")
    assert round(int(extent.get("cx")) / 360000, 2) == 6.0
    assert "Ministerie van Justitie en Veiligheid" not in [
        c.text for t in open_docx(data).tables for r in t.rows for c in r.cells]  # fmt: skip


def test_default_logo_is_our_placeholder_with_the_name_beside_it(qs):
    from assistant.config import PROJECT_TEMPLATES

    data = render_draft(compose_draft(qs, None, "BZK"), "definitief")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert media == [(PROJECT_TEMPLATES / "logo" / "beeldmerk-placeholder.png").read_bytes()]
    cells = [c.text for t in open_docx(data).tables for r in t.rows for c in r.cells]
    assert "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties" in cells


def make_template(path, dotx: bool = False):
    """A ministry's own Word template: its header text, a style of its own, an old note."""
    from docx.shared import Pt

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "EIGEN SJABLOON KOPTEKST"
    document.sections[0].footer.paragraphs[0].text = "EIGEN SJABLOON VOET"
    style = document.styles.add_style("Vraagkop", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.font.name, style.font.size = "Georgia", Pt(11)
    document.add_paragraph("Tekst uit het sjabloon die weg moet.")
    document.save(path)
    if dotx:
        data = path.read_bytes()
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                content = src.read(info)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(b"document.main+xml", b"template.main+xml")
                dst.writestr(info, content)
        path.write_bytes(out.getvalue())


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_a_ministry_gives_its_own_word_template(qs, tmp_path, monkeypatch, suffix):
    template = tmp_path / f"ministerie{suffix}"
    make_template(template, dotx=suffix == ".dotx")
    profile_folder(tmp_path, monkeypatch, f'sjabloon = "{template}"\n')
    data = render_draft(compose_draft(qs, None, "JenV"), "definitief")
    document = open_docx(data)
    section = document.sections[0]
    assert texts(section.header._element) == "EIGEN SJABLOON KOPTEKST"
    assert texts(section.footer._element) == "EIGEN SJABLOON VOET"
    assert document.styles["Vraagkop"].font.name == "Georgia"  # the template's style is kept
    body = [p.text for p in document.paragraphs]
    assert "Tekst uit het sjabloon die weg moet." not in body
    assert "Vraag 1" in body and "Antwoord op vraag 3" in body
    assert "Dagblad Voorbeeld" in part_text(data, "word/footnotes.xml")
    assert "template.main" not in part_text(data, "[Content_Types].xml")


def test_a_broken_word_template_is_named(qs, tmp_path, monkeypatch):
    template = tmp_path / "kapot.dotx"
    template.write_bytes(b"PK\x03\x04 geen echt sjabloon")
    profile_folder(tmp_path, monkeypatch, f'sjabloon = "{template}"\n')
    with pytest.raises(AssistantError, match=r"Word-sjabloon kapot\.dotx"):
        render_draft(compose_draft(qs, None, "JenV"), "definitief")


def templates_copy(tmp_path, monkeypatch, edits: dict[str, list[tuple[str, str]]]):
    """A copy of the project's templates with (old, new) text replaced per file, in use."""
    from assistant.config import PROJECT_TEMPLATES

    folder = tmp_path / "eigen-sjablonen"
    shutil.copytree(PROJECT_TEMPLATES, folder)
    for name, changes in edits.items():
        text = (folder / name).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, (name, old)
            text = text.replace(old, new)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_TEMPLATES", str(folder))


def test_a_ministry_words_the_letters_in_its_own_templates(qs, tmp_path, monkeypatch):
    """Every sentence and heading comes from the templates: a ministry's copy changes them."""
    templates_copy(tmp_path, monkeypatch, {
        "aanbiedingsbrief.j2": [("Hierbij zend ik u", "Hierbij bied ik u"),
                                ("@onderwerp: Beantwoording", "@onderwerp: Antwoorden op")],
        "antwoorden.j2": [("Antwoord op {{", "Reactie op {{"),
                          ("@titel: Antwoorden van", "@titel: Beantwoording door"),
                          ("Bronnen (alleen voor de review", "Gebruikte bronnen (intern"),
                          ("@antwoord: [antwoord]", "@antwoord: [hier het antwoord]")],
        "uitstelbericht.j2": [("@onderwerp: Uitstel beantwoording", "@onderwerp: Later antwoord")],
    })  # fmt: skip
    draft = compose_draft(qs, None, "JenV")
    unanswered = replace(draft.antwoorden[0], tekst="")
    draft = replace(draft, vorm="hierbij", antwoorden=(unanswered, *draft.antwoorden[1:]))
    document = open_docx(render_draft(draft, "review"))
    body = [p.text for p in document.paragraphs if p.text]
    assert body[0].startswith("Hierbij bied ik u, mede namens de minister van Economische Zaken,")
    assert body[3].startswith("Beantwoording door de minister van Justitie en Veiligheid")
    assert document.core_properties.title == body[3]
    assert "Reactie op vraag 1" in body and "Antwoord op vraag 1" not in body
    assert "[hier het antwoord]" in body
    assert "Gebruikte bronnen (intern, niet versturen)" in body
    assert any(t.startswith("Reactie op vraag 1: [Bron: ") for t in body)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Antwoorden op Kamervragen van de leden Verbeek (VVD) en Ouadi (CDA) over "\
        "politiedrones" in cells  # fmt: skip
    notice = open_docx(render_postponement(qs, "", None, "JenV"))
    cells = [c.text for t in notice.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("Later antwoord Kamervragen van de leden Verbeek") for c in cells)


def test_a_template_without_a_subject_line_leaves_it_to_fill_in(qs, tmp_path, monkeypatch):
    from assistant.letter.page import FILL_IN_SUBJECT

    templates_copy(tmp_path, monkeypatch, {"aanbiedingsbrief.j2": [
        ("@onderwerp: Beantwoording Kamervragen van {{ indieners_tekst }} over {{ onderwerp }}\n",
         "")]})  # fmt: skip
    document = open_docx(render_draft(compose_draft(qs, None, "JenV"), "definitief"))
    cells = [c for t in document.tables for r in t.rows for c in r.cells]
    label = next(i for i, c in enumerate(cells) if c.text == "Onderwerp")
    subject = cells[label + 1].paragraphs[0]
    assert subject.text == FILL_IN_SUBJECT
    assert subject.runs[0].font.highlight_color is not None
    assert not any(p.text.startswith("Beantwoording") for p in document.paragraphs)


def test_an_unknown_style_in_a_template_is_named_with_a_code(qs, tmp_path, monkeypatch):
    templates_copy(tmp_path, monkeypatch,
                   {"antwoorden.j2": [("@vraagkop: Vraag", "@kopje: Vraag")]})  # fmt: skip
    with pytest.raises(AssistantError, match=r"onbekende stijl '@kopje:'.*@vraagkop:") as bad:
        render_draft(compose_draft(qs, None, "JenV"), "definitief")
    assert bad.value.code == "bad-template"


def test_an_unknown_opening_in_a_profile_is_refused(tmp_path, monkeypatch):
    from assistant.profiles import load_profiles

    folder = profile_folder(tmp_path, monkeypatch, "")
    path = folder / "ministries" / "JenV.toml"
    path.write_text(path.read_text().replace('opening = "in_antwoord"', 'opening = "groet"'))
    with pytest.raises(AssistantError, match=r"JenV\.toml is ongeldig: opening"):
        load_profiles(folder)


@pytest.mark.realdata
def test_a_real_departmental_letter_as_template_keeps_its_headers(qs, shared_data, tmp_path,
                                                                  monkeypatch):  # fmt: skip
    real = next((shared_data / "ministerie-docx").glob("*Eerdmans*.docx"))
    profile_folder(tmp_path, monkeypatch, f'sjabloon = "{real}"\n')
    data = render_draft(compose_draft(qs, None, "JenV"), "definitief")
    document = open_docx(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        headers = " ".join(z.read(n).decode() for n in z.namelist() if "word/header" in n)
    assert "Directoraat-Generaal Politie en Veiligheidsregio" in headers  # the template's
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Vraag 1" in body and "ME'er" not in body  # the real letter's text is gone
    notes = part_text(data, "word/footnotes.xml")
    assert "Dagblad Voorbeeld" in notes and "Aanhangsel van de Handelingen" not in notes
