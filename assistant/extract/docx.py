"""Word (.docx) -> text: body paragraphs and tables in order, list numbers, footnotes.

Question sets written in Word often carry their "1." only in the list
formatting (w:numPr), not in the text, so list labels are rendered here.
Footnote references become [^N] and the footnote texts are read from the
footnotes part, so they never end up inside a question or answer.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError
from . import ExtractedText

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, label: str) -> ExtractedText:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise InputError("python-docx ontbreekt: pip install python-docx") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"geen geldig Word-bestand (.docx): {label}") from exc
    except Exception as exc:  # lxml and zip errors of damaged files
        raise InputError(f"Word-bestand is beschadigd: {label}") from exc

    numbering = _Numbering(document)
    note_ids: dict[str, int] = {}
    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            blocks.append(numbering.label(element) + _paragraph_text(element, note_ids))
        elif element.tag == W + "tbl":
            blocks.extend(_table_lines(element, note_ids))
    footnotes = _footnotes(document, note_ids)
    text = "\n\n".join(b.strip(" ") for b in blocks)
    if not text.strip():
        raise InputError(f"Word-bestand bevat geen tekst: {label}")
    return ExtractedText(text=text, footnotes=footnotes, kind="docx")


def _paragraph_text(p, note_ids: dict[str, int]) -> str:
    """Text of one paragraph; w:br becomes a line break, footnote references [^N]."""
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t":
            out.append(el.text or "")
        elif tag == W + "tab":
            out.append(" ")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "footnoteReference":
            fid = el.get(W + "id")
            if fid not in note_ids:
                note_ids[fid] = len(note_ids) + 1
            out.append(f"[^{note_ids[fid]}]")
    return "".join(out).replace("\xa0", " ")


def _table_lines(tbl, note_ids: dict[str, int]) -> list[str]:
    """Each row once, its distinct cells joined by a tab (merged cells repeat in Word)."""
    rows = []
    for tr in tbl.iter(W + "tr"):
        cells: list[str] = []
        for tc in tr.iter(W + "tc"):
            text = "\n".join(_paragraph_text(p, note_ids) for p in tc.iter(W + "p")).strip()
            if text and text not in cells:
                cells.append(text)
        if cells:
            rows.append("\t".join(cells))
    return rows


def _footnotes(document, note_ids: dict[str, int]) -> dict[int, str]:
    if not note_ids:
        return {}
    part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            part = rel.target_part
    if part is None:
        return {}
    from lxml import etree

    root = etree.fromstring(part.blob)
    notes: dict[int, str] = {}
    for fn in root.iter(W + "footnote"):
        fid = fn.get(W + "id")
        if fid in note_ids:
            paras = [_paragraph_text(p, {}) for p in fn.iter(W + "p")]
            notes[note_ids[fid]] = re.sub(r"\s+", " ", " ".join(paras)).strip()
    return notes


class _Numbering:
    """Renders list labels ("1.", "a)") for paragraphs numbered by Word itself."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_numbering = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for an in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in an.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = lvl.find(W + "numFmt")
                txt = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                levels[ilvl] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    txt.get(W + "val") if txt is not None else "%1.",
                    int(start.get(W + "val")) if start is not None else 1,
                )
            abstract[an.get(W + "abstractNumId")] = levels
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(W + "val"), {}).items():
                self.formats[(num.get(W + "numId"), ilvl)] = spec

    def label(self, p) -> str:
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = _num_ref(numpr)
        if num_id is None and ppr is not None:
            style = ppr.find(W + "pStyle")
            if style is not None:
                num_id, style_ilvl = self.style_numbering.get(style.get(W + "val"), (None, 0))
                ilvl = ilvl if numpr is not None and ilvl else style_ilvl
        if num_id is None:
            return ""
        spec = self.formats.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        fmt, pattern, _start = spec
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:
            counters.append(self.formats.get((num_id, len(counters)), spec)[2] - 1)
        counters[ilvl] += 1
        del counters[ilvl + 1 :]
        if fmt in ("bullet", "none"):
            return ""
        label = pattern
        for i, value in enumerate(counters, start=1):
            label = label.replace(f"%{i}", _format_number(value, fmt))
        return label + " "


def _num_ref(numpr) -> tuple[str | None, int]:
    if numpr is None:
        return None, 0
    num_id_el, ilvl_el = numpr.find(W + "numId"), numpr.find(W + "ilvl")
    num_id = num_id_el.get(W + "val") if num_id_el is not None else None
    ilvl = int(ilvl_el.get(W + "val")) if ilvl_el is not None else 0
    return num_id, ilvl


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering themselves ("List Number"), with basedOn."""
    try:
        root = document.styles.element
    except (KeyError, AttributeError):
        return {}
    direct: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for style in root.iter(W + "style"):
        sid = style.get(W + "styleId")
        ppr = style.find(W + "pPr")
        num_id, ilvl = _num_ref(ppr.find(W + "numPr") if ppr is not None else None)
        if num_id is not None:
            direct[sid] = (num_id, ilvl)
        parent = style.find(W + "basedOn")
        if parent is not None:
            based_on[sid] = parent.get(W + "val")
    resolved = dict(direct)
    for sid in based_on:
        seen, cur = set(), sid
        while cur in based_on and cur not in direct and cur not in seen:
            seen.add(cur)
            cur = based_on[cur]
        if cur in direct and sid not in resolved:
            resolved[sid] = direct[cur]
    return resolved


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out
