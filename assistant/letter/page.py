"""The Rijkshuisstijl page around the letter's text: the first page's letterhead (logo
block, return address, addressee, Datum and Onderwerp, the right-hand column), the
later pages' column (directorate, Datum, Ons kenmerk) and "Pagina X van Y".

Datum and Ons kenmerk are known only when the letter goes out. Set on the draft, they
are printed on the first page and in the later pages' column; until then both places
show a highlighted fill-in marker. (Not REF fields to a bookmark: LibreOffice cannot
resolve a bookmark inside the floating column, and Word updates header fields only when
printing, so a repeated field would show the old value.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..profiles import MinistryProfile
from . import geometry as g
from .styles import apply_style, document_part_of
from .xml import add_field, clean, exact_row_height, fill_in, float_table, plain_table

TWEEDE_KAMER = (
    "Aan de Voorzitter van de Tweede Kamer",
    "der Staten-Generaal",
    "Postbus 20018",
    "2500 EA  DEN HAAG",
)
FILL_IN_DATE, FILL_IN_REFERENCE = "[datum invullen]", "[kenmerk invullen]"
FILL_IN_SUBJECT = "[onderwerp invullen]"  # a ministry's template without an @onderwerp line
CLAUSE = "Bij beantwoording de datum en ons kenmerk vermelden. Wilt u slechts één zaak in uw brief behandelen."  # noqa: E501


@dataclass(frozen=True)
class Letterhead:
    """What the first page says besides the letter's text. Onderwerp, Datum and Ons kenmerk
    stay fill-in fields while None."""

    profile: MinistryProfile
    onderwerp: str | None
    uw_kenmerk: str | None
    datum: str | None = None
    ons_kenmerk: str | None = None
    bijlagen: str | None = None


def set_up_section(section) -> None:
    from docx.shared import Twips

    section.page_width, section.page_height = Twips(g.PAGE_WIDTH), Twips(g.PAGE_HEIGHT)
    section.top_margin, section.right_margin = Twips(g.MARGIN_TOP), Twips(g.MARGIN_RIGHT)
    section.bottom_margin, section.left_margin = Twips(g.MARGIN_BOTTOM), Twips(g.MARGIN_LEFT)
    section.header_distance, section.footer_distance = (
        Twips(g.HEADER_DISTANCE), Twips(g.FOOTER_DISTANCE))  # fmt: skip
    section.different_first_page_header_footer = True


def first_page(document, head: Letterhead) -> None:
    """Return address, addressee, Datum and Onderwerp on the left; the full column right."""
    p = head.profile
    table = document.add_table(rows=7, cols=2)
    plain_table(table, [g.ADDRESS_LABEL_WIDTH, g.ADDRESS_VALUE_WIDTH])
    heights = (g.ROW_RETURN_ADDRESS, g.ROW_GAP_1, g.ROW_GAP_2, g.ROW_ADDRESSEE, g.ROW_GAP_3,
               g.ROW_DATE, g.ROW_SUBJECT)  # fmt: skip
    for row, height in zip(table.rows, heights, strict=True):
        exact_row_height(row, height, exact=row is not table.rows[-1])
    for row in table.rows[:5]:
        row.cells[0].merge(row.cells[1])
    return_address = "> Retouradres " + "  ".join(p.postadres)
    _styled(table.rows[0].cells[0].paragraphs[0], "retouradres", return_address)
    addressee = table.rows[3].cells[0]
    _styled(addressee.paragraphs[0], "adres", TWEEDE_KAMER[0])
    for line in TWEEDE_KAMER[1:]:
        _styled(addressee.add_paragraph(), "adres", line)
    label, value = table.rows[5].cells
    _styled(label.paragraphs[0], "datumonderwerp", "Datum")
    fill_in(_styled(value.paragraphs[0], "datumonderwerp"), head.datum, FILL_IN_DATE)
    label, value = table.rows[6].cells
    _styled(label.paragraphs[0], "datumonderwerp", "Onderwerp")
    fill_in(_styled(value.paragraphs[0], "datumonderwerp"), head.onderwerp, FILL_IN_SUBJECT)

    column = document.add_table(rows=1, cols=1)
    float_table(column, g.COLUMN_X, g.COLUMN_Y, g.COLUMN_WIDTH)
    cell = column.rows[0].cells[0]
    lines: list[tuple[str, str | None]] = [
        ("kolomkop", p.directie), ("kolomwit", ""),
        *[("kolom", x) for x in p.bezoekadres], *[("kolom", x) for x in p.postadres],
        ("kolom", p.website), ("kolomwit", ""),
        ("kolomkop", "Contactpersoon"), ("kolom", p.contactpersoon or "[naam contactpersoon]"),
        ("kolomwit", ""),
        ("kolomkop", "Ons kenmerk"), ("ons_kenmerk", None),
    ]  # fmt: skip
    if head.uw_kenmerk:
        lines += [("kolomwit", ""), ("kolomkop", "Uw kenmerk"), ("kolom", head.uw_kenmerk)]
    if head.bijlagen:
        lines += [("kolomwit", ""), ("kolomkop", "Bijlage(n)"), ("kolom", head.bijlagen)]
    lines += [("kolomwit", ""), ("kolom", CLAUSE)]
    first = True
    for key, text in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if key == "ons_kenmerk":
            fill_in(_styled(paragraph, "kolom"), head.ons_kenmerk, FILL_IN_REFERENCE)
        else:
            _styled(paragraph, key, text)
    for _ in range(4):  # the letter's text starts four lines below the Onderwerp
        _styled(document.add_paragraph(), "witregel")


def later_pages_header(section, head: Letterhead) -> None:
    """Pages 2 and on: the column with directorate, Datum and Ons kenmerk."""
    header = section.header
    header.is_linked_to_previous = False
    _styled(header.paragraphs[0], "kop")  # two lines of flow push the text to 5.3 cm
    column = header.add_table(rows=1, cols=1, width=_twips(g.COLUMN_WIDTH))
    float_table(column, g.COLUMN_X, g.COLUMN_Y, g.COLUMN_WIDTH)
    cell = column.rows[0].cells[0]
    _styled(cell.paragraphs[0], "kolomkop", head.profile.directie)
    _styled(cell.add_paragraph(), "kolomwit")
    _styled(cell.add_paragraph(), "kolomkop", "Datum")
    fill_in(_styled(cell.add_paragraph(), "kolom"), head.datum, FILL_IN_DATE)
    _styled(cell.add_paragraph(), "kolomwit")
    _styled(cell.add_paragraph(), "kolomkop", "Ons kenmerk")
    fill_in(_styled(cell.add_paragraph(), "kolom"), head.ons_kenmerk, FILL_IN_REFERENCE)
    _styled(header.add_paragraph(), "kop")


def first_page_header(section) -> None:
    """The first page's header holds one line of flow: it puts the return address at 4.8 cm."""
    header = section.first_page_header
    header.is_linked_to_previous = False
    _styled(header.paragraphs[0], "kop")


def logo_block(document, profile: MinistryProfile, logo: Path) -> None:
    """The logo centred at the top of the first page, the ministry's name beside it. In
    the body, as the real letters have it (LibreOffice keeps a header's floating table
    inside the header area, which starts only at 4.23 cm)."""
    anchor = _styled(document.add_paragraph(), "anker")
    width_cm = profile.logo_breedte_cm or g.LOGO_WIDTH_CM
    left_cm = profile.logo_links_cm if profile.logo_links_cm is not None else (21.0 - width_cm) / 2
    _anchor_picture(anchor, logo, width_cm, left_cm, g.LOGO_TOP_CM)
    if profile.woordmerk:
        width = round(g.WORDMARK_WIDTH_CM * 567)
        mark = document.add_table(rows=1, cols=1)
        float_table(mark, round(g.WORDMARK_X_CM * 567), round(g.WORDMARK_Y_CM * 567), width)
        _styled(mark.rows[0].cells[0].paragraphs[0], "woordmerk", profile.naam)
        _styled(document.add_paragraph(), "anker")


def page_numbers(section) -> None:
    """'Pagina X van Y' in the column's line at the foot of the first and later pages."""
    for footer in (section.first_page_footer, section.footer):
        footer.is_linked_to_previous = False
        _styled(footer.paragraphs[0], "anker")
        table = footer.add_table(rows=1, cols=1, width=_twips(g.COLUMN_WIDTH))
        float_table(table, g.PAGE_NUMBER_X, g.PAGE_NUMBER_Y, g.COLUMN_WIDTH)
        _styled(footer.add_paragraph(), "anker")
        paragraph = _styled(table.rows[0].cells[0].paragraphs[0], "paginanummer", "Pagina ")
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" van ")
        add_field(paragraph, "NUMPAGES", "1")


def _styled(paragraph, key: str, text: str | None = None):
    apply_style(paragraph, document_part_of(paragraph), key)
    if text:
        paragraph.add_run(clean(text))
    return paragraph


def _twips(value: int):
    from docx.shared import Twips

    return Twips(value)


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _anchor_picture(paragraph, path: Path, width_cm: float, left_cm: float, top_cm: float):
    """An image placed on the page (behind the text), not in the line: Word's 'anchor'."""
    from docx.oxml import parse_xml
    from docx.shared import Cm

    run = paragraph.add_run()
    run.add_picture(str(path), width=Cm(width_cm))
    inline = run._r.xpath(".//wp:inline")[0]
    extent = inline.find(f"{{{WP}}}extent")
    x, y = round(left_cm * g.EMU_PER_CM), round(top_cm * g.EMU_PER_CM)
    anchor = parse_xml(
        f'<wp:anchor xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="1" locked="1" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{extent.get("cx")}" cy="{extent.get("cy")}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/></wp:anchor>'
    )
    anchor.append(inline.find(f"{{{WP}}}docPr"))
    anchor.append(inline.find(f"{{{A}}}graphic"))
    inline.getparent().replace(inline, anchor)
