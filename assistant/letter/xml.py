"""Small WordprocessingML pieces python-docx has no API for: fields, highlighted
fill-in text and floating tables."""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can store: without control characters."""
    return XML_INVALID.sub("", str(text or ""))


def element(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def add_field(paragraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) showing `shown` until Word updates it."""

    def run(child) -> None:
        r = element("w:r")
        r.append(child)
        paragraph._p.append(r)

    run(element("w:fldChar", fldCharType="begin"))
    instr = element("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(instr)
    run(element("w:fldChar", fldCharType="separate"))
    text = element("w:t")
    text.set(qn("xml:space"), "preserve")
    text.text = clean(shown)
    run(text)
    run(element("w:fldChar", fldCharType="end"))


def fill_in(paragraph, value: str | None, marker: str) -> None:
    """The value, or while there is none a highlighted marker the officer types over."""
    run = paragraph.add_run(clean(value or marker))
    if value is None:
        from docx.enum.text import WD_COLOR_INDEX

        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def float_table(table, x: int, y: int, width: int) -> None:
    """Place a one-column table at (x, y) twips on the page, borderless, fixed width."""
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblpPr", "w:tblW", "w:tblBorders", "w:tblLayout", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    position = element("w:tblpPr", leftFromText=181, rightFromText=181, vertAnchor="page",
                       horzAnchor="page", tblpX=x, tblpY=y)  # fmt: skip
    tbl_pr.insert(_after_style(tbl_pr), position)
    plain_table(table, [width])


def plain_table(table, widths: list[int]) -> None:
    """No borders, no cell padding, fixed column widths (twips)."""
    from docx.shared import Twips

    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblBorders", "w:tblLayout", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(element(f"w:{side}", val="none", sz=0, space=0, color="auto"))
    margins = element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(element(f"w:{side}", w=0, type="dxa"))
    # CT_TblPr order: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
    # tblStyleColBandSize, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout,
    # tblCellMar, tblLook
    anchor = _after_style(tbl_pr) + len(tbl_pr.findall(qn("w:tblpPr")))
    for offset, el in enumerate(
        (element("w:tblW", w=sum(widths), type="dxa"), borders,
         element("w:tblLayout", type="fixed"), margins)
    ):  # fmt: skip
        tbl_pr.insert(anchor + offset, el)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
        for cell in column.cells:
            cell.width = Twips(width)


def _after_style(tbl_pr) -> int:
    return len(tbl_pr.findall(qn("w:tblStyle")))


def exact_row_height(row, twips: int, exact: bool = True) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Twips

    row.height = Twips(twips)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
