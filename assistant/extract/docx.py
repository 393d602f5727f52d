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

from lxml import etree

from ..errors import InputError
from .extracted import ExtractedText
from .safe_xml import parse as parse_xml
from .safe_zip import check_word_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Word lists have levels 0 to 8; any other w:ilvl is treated as absent (level 0).
MAX_LEVEL = 8
# Labels above this are shown as this number: no real list gets near it, and without a cap a
# 2 KB file asking for Roman numerals from 10**9 builds a label of 10**6 'M's per paragraph.
MAX_LIST_NUMBER = 10_000
# A label pattern ("%1.", "Vraag %1:") longer than this is not a label; treated as absent.
MAX_LEVEL_TEXT = 100


def read_docx(data: bytes, label: str) -> ExtractedText:
    """Text of a Word file; every way a hostile or broken file can fail is an InputError."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise InputError("python-docx ontbreekt: pip install python-docx") from exc
    check_word_zip(data, label)  # sizes, structure and DTDs, before python-docx inflates
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"geen geldig Word-bestand (.docx): {label}") from exc
    except Exception as exc:  # lxml and zip errors of damaged files
        raise InputError(f"Word-bestand is beschadigd: {label}") from exc
    try:
        return _extract(document, label)
    except (etree.LxmlError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        # a part python-docx accepted but that is not what Word writes (UnsafeXMLError too)
        raise InputError(f"Word-bestand is beschadigd: {label}") from exc


def _extract(document, label: str) -> ExtractedText:
    root = document.element
    body = root.find(W + "body") if root.tag == W + "document" else None
    if body is None:
        raise InputError(f"Word-bestand is beschadigd (geen documenttekst): {label}")
    numbering = _Numbering(document)
    note_ids: dict[str, int] = {}
    blocks: list[str] = []
    for element in body.iterchildren():
        if element.tag == W + "p":
            blocks.append(numbering.label(element) + _paragraph_text(element, note_ids))
        elif element.tag == W + "tbl":
            blocks.extend(_table_lines(element, note_ids))
    footnotes = _footnotes(document, note_ids)
    text = "\n\n".join(b.strip(" ") for b in blocks)
    if not text.strip():
        raise InputError(f"Word-bestand bevat geen tekst: {label}")
    warnings = ()
    if numbering.capped:
        cap = f"{MAX_LIST_NUMBER:,}".replace(",", ".")
        warnings = (f"lijstnummering boven {cap} is als {cap} weergegeven",)
    return ExtractedText(text=text, footnotes=footnotes, kind="docx", warnings=warnings)


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
    """Each row once, its distinct cells joined by a tab (merged cells repeat in Word).

    Rows and cells are this table's own; a nested table's text belongs to its outer cell, so
    nesting a table a hundred deep does not repeat its text a hundred times.
    """
    rows = []
    for tr in _outermost(tbl, W + "tr", stop=_CONTAINERS):
        cells: list[str] = []
        seen: set[str] = set()
        for tc in _outermost(tr, W + "tc", stop=_CONTAINERS):
            paragraphs = _outermost(tc, W + "p")
            text = "\n".join(_paragraph_text(p, note_ids) for p in paragraphs).strip()
            if text and text not in seen:
                seen.add(text)
                cells.append(text)
        if cells:
            rows.append("\t".join(cells))
    return rows


_CONTAINERS = frozenset({W + "tbl", W + "p"})


def _outermost(element, tag: str, stop: frozenset[str] = frozenset()):
    """Descendants with `tag` that are not inside another one (nor inside a `stop` element).

    Hostile files nest paragraphs in paragraphs and tables in tables; element.iter() would
    visit the inner ones once per ancestor and repeat their text.
    """
    stack = list(reversed(element))
    while stack:
        node = stack.pop()
        if node.tag == tag:
            yield node
        elif node.tag not in stop:
            stack.extend(reversed(node))


def _footnotes(document, note_ids: dict[str, int]) -> dict[int, str]:
    """Texts of the referenced footnotes, parsed by the hardened parser (safe_xml)."""
    if not note_ids:
        return {}
    part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            part = rel.target_part
    if part is None:
        return {}
    root = parse_xml(part.blob)
    notes: dict[int, str] = {}
    for fn in _outermost(root, W + "footnote", stop=frozenset({W + "p"})):
        fid = fn.get(W + "id")
        if fid in note_ids and note_ids[fid] not in notes:
            paras = [_paragraph_text(p, {}) for p in _outermost(fn, W + "p")]
            notes[note_ids[fid]] = re.sub(r"\s+", " ", " ".join(paras)).strip()
    return notes


class _Numbering:
    """Renders list labels ("1.", "a)") for paragraphs numbered by Word itself.

    Every attribute is read defensively: a value that is missing, not a number or out of
    range counts as absent, as Word itself does, and numbers are capped (MAX_LIST_NUMBER).
    """

    def __init__(self, document):
        # abstractNumId -> {level: (format, pattern, start)}; numId -> abstractNumId
        self.levels: dict[str | None, dict[int, tuple[str, str, int]]] = {}
        self.num_abstract: dict[str | None, str | None] = {}
        self.counters: dict[str, list[int]] = {}
        self.capped = False  # a label above MAX_LIST_NUMBER was shown as that number
        self.style_numbering = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for an in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in an.iterchildren(W + "lvl"):
                pattern = _val(lvl.find(W + "lvlText"))
                if pattern is None or len(pattern) > MAX_LEVEL_TEXT:
                    pattern = "%1."
                start = _number(_val(lvl.find(W + "start")), 0, None)
                levels[_level(lvl.get(W + "ilvl"))] = (
                    _val(lvl.find(W + "numFmt")) or "decimal",
                    pattern,
                    1 if start is None else start,
                )
            self.levels[an.get(W + "abstractNumId")] = levels
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                self.num_abstract[num.get(W + "numId")] = ref.get(W + "val")

    def label(self, p) -> str:
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = _num_ref(numpr)
        if num_id is None and ppr is not None:
            style = ppr.find(W + "pStyle")
            if style is not None:
                num_id, style_ilvl = self.style_numbering.get(style.get(W + "val"), (None, 0))
                ilvl = ilvl if numpr is not None and ilvl else style_ilvl
        if num_id is None or num_id == "0":
            return ""
        levels = self.levels.get(self.num_abstract.get(num_id), {})
        spec = levels.get(ilvl)
        if spec is None:
            return ""
        fmt, pattern, _start = spec
        counters = self.counters.setdefault(num_id, [])
        while len(counters) <= ilvl:  # at most MAX_LEVEL + 1 counters
            counters.append(levels.get(len(counters), spec)[2] - 1)
        counters[ilvl] += 1
        del counters[ilvl + 1 :]
        if fmt in ("bullet", "none"):
            return ""
        label = pattern
        for i, value in enumerate(counters, start=1):
            if value > MAX_LIST_NUMBER:
                value, self.capped = MAX_LIST_NUMBER, True
            level_fmt = levels.get(i - 1, spec)[0]
            label = label.replace(f"%{i}", _format_number(value, level_fmt))
        return label + " "


def _val(element) -> str | None:
    return element.get(W + "val") if element is not None else None


def _number(text: str | None, low: int, high: int | None) -> int | None:
    """The integer in `text` if it is one within [low, high]; None (absent) otherwise."""
    if text is None or not text.strip().isdigit() or len(text) > 12:
        return None
    value = int(text)
    return value if value >= low and (high is None or value <= high) else None


def _level(text: str | None) -> int:
    level = _number(text, 0, MAX_LEVEL)
    return 0 if level is None else level


def _num_ref(numpr) -> tuple[str | None, int]:
    if numpr is None:
        return None, 0
    num_id = _val(numpr.find(W + "numId"))
    return num_id, _level(_val(numpr.find(W + "ilvl")))


def _style_numbering(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering themselves ("List Number"), with basedOn."""
    try:
        root = document.styles.element
    except (KeyError, AttributeError, ValueError):
        return {}
    direct: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for style in root.iterchildren(W + "style"):
        sid = style.get(W + "styleId")
        ppr = style.find(W + "pPr")
        num_id, ilvl = _num_ref(ppr.find(W + "numPr") if ppr is not None else None)
        if num_id is not None:
            direct[sid] = (num_id, ilvl)
        parent = _val(style.find(W + "basedOn"))
        if parent is not None:
            based_on[sid] = parent
    # Follow basedOn chains once each: every style on a walked path gets the answer, so a
    # chain of a hundred thousand styles costs a hundred thousand steps, not their square.
    resolved: dict[str, tuple[str, int] | None] = dict(direct)
    for sid in based_on:
        path, cur = [], sid
        while cur not in resolved and cur in based_on and cur not in path:
            path.append(cur)
            cur = based_on[cur]
        answer = resolved.get(cur)
        for walked in path:
            resolved[walked] = answer
    return {sid: ref for sid, ref in resolved.items() if ref is not None}


def _format_number(value: int, fmt: str) -> str:
    """A list number as Word shows it; `value` is at most MAX_LIST_NUMBER, so this is short."""
    if value < 1 or fmt not in ("lowerLetter", "upperLetter", "lowerRoman", "upperRoman"):
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):  # a..z, then aa..zz, aaa..: as Word counts
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    roman = _roman(value)
    return roman.lower() if fmt == "lowerRoman" else roman


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)
