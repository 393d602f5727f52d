"""(style, text) blocks -> a .docx in the format of a ministry's answer letter.

All formatting comes from named paragraph styles defined here once
("Vraagkop", "Antwoord", ...), never from runs. The first page carries the
letterhead: return address, the addressee, and a right-hand column with the
ministry, directorate, addresses, website and the reference numbers.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .profiles import MinistryProfile

FONT = "Verdana"
# style name in templates -> (Word style name, size pt, bold, italic, space after pt)
STYLES = {
    "brief": ("Brieftekst", 9, False, False, 0),
    "witregel": ("Witregel", 9, False, False, 0),
    "ondertekening": ("Ondertekening", 9, False, False, 0),
    "titel": ("Titel antwoorden", 9, True, False, 0),
    "vraagkop": ("Vraagkop", 9, True, False, 0),
    "vraag": ("Vraag", 9, True, False, 0),
    "antwoordkop": ("Antwoordkop", 9, True, False, 0),
    "antwoord": ("Antwoord", 9, False, False, 6),
    "suggestie": ("Suggestie", 8, False, True, 6),
    "voetnoot": ("Voetnoottekst", 7, False, False, 0),
    "bronnenkop": ("Bronnenkop", 9, True, False, 6),
    "bron": ("Bron", 8, False, False, 3),
    "retouradres": ("Retouradres", 6.5, False, False, 6),
    "kolomkop": ("Kolomkop", 6.5, True, False, 0),
    "kolom": ("Kolomtekst", 6.5, False, False, 0),
    "adres": ("Adresblok", 9, False, False, 0),
}
_MARKER = re.compile(r"\[\^(\d+)\]")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TWEEDE_KAMER = (
    "Aan de Voorzitter van de Tweede Kamer",
    "der Staten-Generaal",
    "Postbus 20018",
    "2500 EA  DEN HAAG",
)


@dataclass(frozen=True)
class Letterhead:
    profile: MinistryProfile
    datum: str
    onderwerp: str
    ons_kenmerk: str
    uw_kenmerk: str | None


def write_letter(letterhead: Letterhead, body: list[tuple[str, str]],
                 annex: list[tuple[str, str]] | None, properties: dict) -> bytes:  # fmt: skip
    """The letter: letterhead, body blocks, then (after a page break) the annex blocks."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    _define_styles(document)
    _letterhead(document, letterhead)
    for style, text in body:
        _paragraph(document, style, text)
    if annex:
        document.add_page_break()
        for style, text in annex:
            _paragraph(document, style, text)
    _header(section, letterhead.profile)
    _footer(section)
    props = document.core_properties
    for name in ("title", "subject", "keywords", "author", "comments", "category"):
        setattr(props, name, _property(properties.get(name, "")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _property(value: str) -> str:
    """Word's core properties hold at most 255 characters (and no control characters)."""
    value = _XML_INVALID.sub("", str(value or ""))
    return value if len(value) <= 255 else value[:254] + "…"


def _define_styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    for key, (name, size, bold, italic, after) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.paragraph_format.space_after = Pt(after)
        if key in ("vraagkop", "antwoordkop"):
            style.paragraph_format.keep_with_next = True
        if key == "suggestie":
            style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            style.paragraph_format.left_indent = Pt(12)


def _paragraph(container, style: str, text: str):
    from docx.shared import Pt

    if style not in STYLES:
        raise ValueError(f"onbekende stijl '{style}' in sjabloon")
    paragraph = container.add_paragraph(style=STYLES[style][0])
    text = _XML_INVALID.sub("", text)
    pos = 0
    for m in _MARKER.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        run = paragraph.add_run(m.group(1) + ")")  # "1)", as ministries type their notes
        run.font.superscript = True
        run.font.size = Pt(6)
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])
    return paragraph


def _letterhead(document, head: Letterhead) -> None:
    from docx.shared import Cm

    p = head.profile
    _paragraph(document, "retouradres", f"> Retouradres {'  '.join(p.postadres)}")
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    widths = (Cm(11.2), Cm(4.5))
    table.columns[0].width, table.columns[1].width = widths
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    left, right = table.rows[0].cells
    left.paragraphs[0].style = document.styles[STYLES["adres"][0]]
    left.paragraphs[0].text = TWEEDE_KAMER[0]
    for line in TWEEDE_KAMER[1:]:
        _paragraph(left, "adres", line)
    right.paragraphs[0].style = document.styles[STYLES["kolomkop"][0]]
    right.paragraphs[0].text = p.naam
    rows = [
        ("kolom", p.directie), ("witregel", ""),
        *[("kolom", x) for x in p.bezoekadres], *[("kolom", x) for x in p.postadres],
        ("kolom", p.website), ("witregel", ""),
        ("kolomkop", "Ons kenmerk"), ("kolom", head.ons_kenmerk),
    ]  # fmt: skip
    if head.uw_kenmerk:
        rows += [("witregel", ""), ("kolomkop", "Uw kenmerk"), ("kolom", head.uw_kenmerk)]
    for style, text in rows:
        _paragraph(right, style, text)
    _paragraph(document, "witregel", "")
    meta = document.add_table(rows=2, cols=2)
    meta.autofit = False
    meta.columns[0].width, meta.columns[1].width = Cm(2.2), Cm(9.0)
    labels = [("Datum", head.datum), ("Onderwerp", head.onderwerp)]
    for row, (label, value) in zip(meta.rows, labels, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(2.2), Cm(9.0)
        row.cells[0].paragraphs[0].style = document.styles[STYLES["brief"][0]]
        row.cells[0].paragraphs[0].text = label
        row.cells[1].paragraphs[0].style = document.styles[STYLES["brief"][0]]
        row.cells[1].paragraphs[0].text = _XML_INVALID.sub("", value)
    _paragraph(document, "witregel", "")
    _paragraph(document, "witregel", "")


def _header(section, profile: MinistryProfile) -> None:
    """The ministry's name at the top right of every page (in place of the logo)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(profile.naam)
    run.font.name = FONT
    run.font.size = Pt(11)


def _footer(section) -> None:
    """'Pagina X van Y' with Word fields, right-aligned in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Pagina ")
    for i, code in enumerate(("PAGE", "NUMPAGES")):
        if i:
            paragraph.add_run(" van ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), code)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
