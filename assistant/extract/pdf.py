"""PDF -> text, using character positions and font sizes (pdfplumber).

Why layout and not plain text extraction: in parliamentary PDFs the footnote
numbers are small raised digits glued to words, footnote texts sit in a
smaller font at the bottom of the page (often in the middle of an answer),
and every page carries running footers (identifier, ISSN, place and page
number). Sizes and positions tell these apart from the body text reliably.

Hostile files: the page count, each page's inflated content streams and its
number of characters are capped before the expensive work (``MAX_PAGES``,
``MAX_PAGE_CONTENT_BYTES``, ``MAX_PAGE_CHARS``). Streams the check does not look
at (fonts, images, nested forms, object streams) are bounded by the worker
process's memory and time limits (``assistant.extract.worker``), which is where
PDFs are read. pdfminer's log messages never reach stderr: a damaged file gets
its one line from the caller, not a screenful of warnings.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import zlib
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError
from ..identifiers import AANHANGSEL_ID
from ..textclean import is_furniture as _is_furniture
from .extracted import ExtractedText, TextBlock

MAX_PAGES = 2_000  # a question set is a few pages, a long policy text a few hundred
MAX_PAGE_CONTENT_BYTES = 8 * 2**20  # one page's content streams after inflating
MAX_PAGE_CHARS = 50_000  # a dense A4 page of small print holds about 10,000

for _name in ("pdfminer", "pdfplumber"):
    _logger = logging.getLogger(_name)
    _logger.addHandler(logging.NullHandler())  # no logging.lastResort to stderr
    _logger.propagate = False  # nor the app's root handlers
    _logger.setLevel(logging.ERROR)  # and skip formatting the many warnings

_FOOTNOTE_START = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_END_OF_SENTENCE = re.compile(r"[.?!:;»”\")]$")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # median font size of the visible characters
    text: str  # with [^N] footnote references
    plain: str  # without them
    first_word_width: float
    page_height: float
    page_width: float
    bold: bool


def read_pdf(data: bytes, label: str) -> ExtractedText:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for bad files
        if _out_of_memory(exc):
            raise MemoryError from exc  # the worker turns it into "te zwaar om te lezen"
        raise InputError(_open_error(exc, label)) from exc
    try:
        raw = _read_pages(pdf, label)
    except InputError:
        raise
    except Exception as exc:
        if _out_of_memory(exc):
            raise MemoryError from exc
        raise InputError(_open_error(exc, label)) from exc
    finally:
        # not pdf.close(): it loads every page of the tree just to close it (minutes for
        # 100,000 pages); each page read is closed already and the stream is a BytesIO
        pdf.flush_cache()

    sizes = Counter(round(c["size"], 1) for chars, _, _ in raw for c in chars if c["text"].strip())
    if not sizes:
        raise InputError(f"PDF bevat geen tekst (gescand document?): {label}")
    body_size = sizes.most_common(1)[0][0]

    lines: list[_Line] = []
    for page_no, (chars, height, width) in enumerate(raw):
        lines.extend(_build_lines(chars, page_no, height, width, body_size))
    lines, sidebar = _split_sidebar(lines, body_size)
    lines = _reading_order(lines)

    meta: dict[str, str] = (
        {"sidebar": "\n".join(ln.plain.strip() for ln in sidebar)} if sidebar else {}
    )
    body: list[_Line] = []
    notes: dict[int, str] = {}
    furniture = _repeated_furniture(lines, len(raw))
    current_note: int | None = None
    for line in lines:
        stripped = line.plain.strip()
        flat = re.sub(r"\[\^(\d+)\]", r"\1", line.text).strip()
        if _is_furniture(flat) or _normal(flat) in furniture or _is_page_number(line):
            m = AANHANGSEL_ID.search(flat)
            if m:
                meta.setdefault("ah_id", m.group(0))
            continue
        if line.size < 0.9 * body_size:
            m = _FOOTNOTE_START.match(stripped)
            if m:
                current_note = int(m.group(1))
                notes[current_note] = m.group(2)
                continue
            if current_note is not None and notes:
                notes[current_note] += "\n" + stripped
                continue
        else:
            current_note = None
        body.append(line)

    right = _right_margin(body)
    paragraphs: list[list[_Line]] = []
    prev: _Line | None = None
    for line in body:
        if prev is None or _paragraph_break(prev, line, right, body_size):
            paragraphs.append([])
        paragraphs[-1].append(line)
        prev = line
    texts = ["\n".join(ln.text.strip() for ln in para) for para in paragraphs]
    levels = _heading_levels(paragraphs, body_size)
    blocks = tuple(TextBlock(t, lv) for t, lv in zip(texts, levels, strict=True))
    return ExtractedText(
        text="\n\n".join(texts), footnotes=notes, kind="pdf", meta=meta, blocks=blocks
    )


def _read_pages(pdf, label: str) -> list[tuple[list[dict], float, float]]:
    """Each page's characters, one page at a time, after checking the limits."""
    from pdfminer.pdfpage import PDFPage

    declared = _declared_pages(pdf.doc)
    counted = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if max(declared, counted) > MAX_PAGES:
        shown = f"{declared}" if declared > MAX_PAGES else f"meer dan {MAX_PAGES}"
        raise InputError(f"PDF heeft te veel pagina's ({shown}; maximaal {MAX_PAGES}): {label}")
    raw = []
    for number, page in enumerate(pdf.pages, start=1):
        if _content_size(page.page_obj) > MAX_PAGE_CONTENT_BYTES:
            raise InputError(
                f"PDF-pagina {number} is te zwaar om te lezen (uitgepakt meer dan "
                f"{MAX_PAGE_CONTENT_BYTES // 2**20} MB): {label}"
            )
        chars, height, width = _page_chars(page)
        page.close()  # drop pdfplumber's cached objects of this page
        if len(chars) > MAX_PAGE_CHARS:
            raise InputError(
                f"PDF-pagina {number} bevat te veel tekens (meer dan {MAX_PAGE_CHARS}): {label}"
            )
        raw.append((chars, height, width))
    return raw


def _declared_pages(doc) -> int:
    """The page count the page tree claims (/Count), 0 if it claims nothing usable."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(doc.catalog.get("Pages")).get("Count"))
    except AttributeError:
        return 0
    return count if isinstance(count, int) else 0


def _content_size(page_obj) -> int:
    """Inflated size of a page's content streams and its form XObjects, counted only up
    to the limit (so a 2 GB flate bomb costs 8 MB here, not 2 GB in pdfminer)."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    streams = [resolve1(c) for c in page_obj.contents or []]
    xobjects = resolve1((resolve1(page_obj.resources) or {}).get("XObject")) or {}
    if isinstance(xobjects, dict):  # forms are drawn like content; images are not decoded
        drawn = (resolve1(x) for x in xobjects.values())
        form = LIT("Form")
        streams.extend(x for x in drawn if isinstance(x, PDFStream) and x.get("Subtype") is form)
    total = 0
    for stream in streams:
        if isinstance(stream, PDFStream):
            total += _inflated_size(stream, MAX_PAGE_CONTENT_BYTES - total)
        if total > MAX_PAGE_CONTENT_BYTES:
            break
    return total


def _inflated_size(stream, limit: int) -> int:
    """The stream's size after its flate filters, or limit + 1 if it would exceed limit."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for filter_name, _ in stream.get_filters():
        if filter_name not in LITERALS_FLATE_DECODE:
            break  # other filters expand little or are left to the worker's limits
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(data, limit + 1)
        except zlib.error:
            return len(data)  # damaged: pdfminer recovers what it can, a small amount
        if len(data) > limit:
            return limit + 1
    return len(data)


def _out_of_memory(exc: BaseException) -> bool:
    """A MemoryError, also when pdfplumber wrapped it in its PdfminerException."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError) or any(isinstance(a, MemoryError) for a in exc.args):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _open_error(exc: Exception, label: str) -> str:
    # pdfplumber wraps pdfminer's errors: look at the wrapped ones too
    chain = [exc, *exc.args, exc.__cause__, exc.__context__]
    name = " ".join(f"{type(e).__name__} {e}" for e in chain if e is not None)
    if "password" in name.lower() or "encrypt" in name.lower():
        return f"PDF is beveiligd met een wachtwoord en kan niet worden gelezen: {label}"
    return f"PDF is beschadigd of onleesbaar: {label}"


_CID = re.compile(r"^\(cid:\d+\)$")
_BULLETS = ("•", "▪", "◦", "●", "\uf0b7", "\uf0a7")


_CHAR_KEYS = ("text", "size", "x0", "x1", "top", "bottom", "fontname")


def _page_chars(page) -> tuple[list[dict], float, float]:
    """The page's upright characters with only the keys the layout needs (a fraction of
    pdfplumber's memory per character, which matters for long documents)."""
    chars = []
    for ch in page.chars:
        if not ch.get("upright", True):
            continue  # vertical text: margin labels and decoration, not body text
        slim = {key: ch[key] for key in _CHAR_KEYS}
        if _CID.match(slim["text"]):
            slim["text"] = "•"  # a glyph without a Unicode mapping: here a list bullet
        chars.append(slim)
    return chars, float(page.height), float(page.width)


def _build_lines(
    chars: list[dict], page_no: int, height: float, width: float, body: float
) -> list[_Line]:
    """Group characters into lines by baseline, cut lines at wide gaps (columns),
    then rebuild each line's text."""
    visible = sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"]))
    rows: list[list[dict]] = []
    for ch in visible:
        for row in reversed(rows[-4:]):
            ref = max(row, key=lambda c: c["size"])
            same_baseline = abs(ch["bottom"] - ref["bottom"]) <= 0.3 * min(ch["size"], ref["size"])
            # a raised footnote number: much smaller, inside the line's height
            superscript = (
                ch["text"].isdigit()
                and ch["size"] < 0.7 * ref["size"]
                and ch["bottom"] > ref["top"]
                and ch["top"] < ref["bottom"]
            )
            if same_baseline or superscript:
                row.append(ch)
                break
        else:
            rows.append([ch])
    rows = _merge_raised(rows)
    lines = []
    for row in (piece for r in rows for piece in _columns(r)):
        text_chars = [c for c in row if c["text"].strip()]
        if not text_chars:
            continue
        line_size = statistics.median(c["size"] for c in text_chars)
        text, plain = _line_text(row, line_size, body)
        words = plain.split()
        first = words[0] if words else ""
        first_width = sum(c["x1"] - c["x0"] for c in text_chars[: len(first)])
        lines.append(
            _Line(
                page=page_no,
                top=min(c["top"] for c in text_chars),
                bottom=max(c["bottom"] for c in text_chars),
                x0=text_chars[0]["x0"],
                x1=text_chars[-1]["x1"],
                size=line_size,
                text=text,
                plain=plain,
                first_word_width=first_width,
                page_height=height,
                page_width=width,
                bold=_is_bold(text_chars),
            )
        )
    lines.sort(key=lambda ln: (ln.page, ln.top))
    return lines


def _merge_raised(rows: list[list[dict]]) -> list[list[dict]]:
    """Put rows of small raised characters (footnote numbers seen before their line)
    into the line whose height they sit in."""
    merged: list[list[dict]] = []
    for row in rows:
        if not all(c["text"].isdigit() for c in row if c["text"].strip()):
            merged.append(row)
            continue
        size = max(c["size"] for c in row)
        top = min(c["top"] for c in row)
        bottom = max(c["bottom"] for c in row)
        host = None
        for other in rows:
            if other is row:
                continue
            ref = max(other, key=lambda c: c["size"])
            if size < 0.7 * ref["size"] and bottom > ref["top"] and top < ref["bottom"]:
                host = other
                break
        if host is not None:
            host.extend(row)
        else:
            merged.append(row)
    return merged


def _columns(row: list[dict]) -> list[list[dict]]:
    """Cut a row of characters where a gap is far wider than a word space
    (a letter's side column next to the body text, table cells)."""
    row = sorted(row, key=lambda c: c["x0"])
    pieces: list[list[dict]] = [[]]
    last = None
    for ch in row:
        if ch["text"].strip():
            if last is not None and ch["x0"] - last["x1"] > 3.0 * max(ch["size"], last["size"]):
                pieces.append([])
            last = ch
        pieces[-1].append(ch)
    return [p for p in pieces if any(c["text"].strip() for c in p)]


def _is_bold(chars: list[dict]) -> bool:
    heavy = sum(1 for c in chars if re.search(r"bold|black|heavy|semibold", c["fontname"], re.I))
    return heavy >= 0.9 * len(chars)


def _split_sidebar(lines: list[_Line], body: float) -> tuple[list[_Line], list[_Line]]:
    """Separate a letter's side column (address, kenmerk, contact) from the body.

    The body's left edge is the most common start of body-size lines; lines that
    start in the right part of the page belong to the side column.
    """
    starts = Counter(round(ln.x0) for ln in lines if abs(ln.size - body) < 0.5)
    if not starts:
        return lines, []
    left = starts.most_common(1)[0][0]
    main, side = [], []
    for ln in lines:
        limit = left + 0.55 * (ln.page_width - left)
        (side if ln.x0 > limit and len(ln.plain) > 1 else main).append(ln)
    if len(side) < 3:  # a stray right-aligned word is no side column
        return lines, []
    return main, side


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Multi-column pages: each column top to bottom, left to right, instead of line by line.

    Columns are the left edges where many lines start; a page counts as
    multi-column only when lines in different columns stand side by side.
    """
    out: list[_Line] = []
    pages: dict[int, list[_Line]] = {}
    for ln in lines:
        pages.setdefault(ln.page, []).append(ln)
    for page in sorted(pages):
        page_lines = pages[page]
        starts = Counter(round(ln.x0 / 5) * 5 for ln in page_lines)
        columns: list[float] = []
        for x in sorted(x for x, n in starts.items() if n >= 4):
            if not columns or x - columns[-1] > 40:
                columns.append(x)

        def column(ln: _Line, columns=columns) -> int:
            return max((i for i, x in enumerate(columns) if x <= ln.x0 + 3), default=0)

        if len(columns) >= 2:
            side_by_side = sum(
                1
                for a in page_lines
                for b in page_lines
                if column(a) < column(b) and abs(a.top - b.top) < 0.5 * a.size
            )
            if side_by_side >= 3:
                page_lines = sorted(page_lines, key=lambda ln: (column(ln), ln.top))
        out.extend(page_lines)
    return out


def _heading_levels(paragraphs: list[list[_Line]], body: float) -> list[int]:
    """Heading level per paragraph: short, bold or larger than body text, no full stop.

    Numbered headings take their depth ("1." -> 1, "1.1" -> 2); others rank by size.
    """
    candidates = []
    for para in paragraphs:
        text = " ".join(ln.plain.strip() for ln in para)
        big = all(ln.size >= 1.15 * body for ln in para)
        bold = all(ln.bold and ln.size >= 0.95 * body for ln in para)
        is_heading = (
            len(para) <= 3 and (big or bold) and len(text) < 160
            and not text.rstrip().endswith((".", ";", ","))
        )  # fmt: skip
        candidates.append((is_heading, text, max(ln.size for ln in para)))
    numbering = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
    depths = [
        numbering.match(text).group(1).count(".") + 1
        for h, text, _ in candidates
        if h and numbering.match(text)
    ]
    # unnumbered headings rank by size, below the deepest numbered level
    offset = max(depths, default=0)
    sizes = sorted(
        {round(size, 1) for h, text, size in candidates if h and not numbering.match(text)},
        reverse=True,
    )
    levels = []
    for is_heading, text, size in candidates:
        if not is_heading:
            levels.append(0)
            continue
        numbered = numbering.match(text)
        if numbered:
            levels.append(numbered.group(1).count(".") + 1)
        else:
            levels.append(offset + sizes.index(round(size, 1)) + 1)
    return levels


def _line_text(row: list[dict], line_size: float, body: float) -> tuple[str, str]:
    """Join characters, inserting spaces at gaps; small raised digits become [^N]."""
    parts: list[str] = []
    plain: list[str] = []
    marker = ""
    prev = None
    for ch in row:
        t = ch["text"]
        is_sup = t.isdigit() and ch["size"] < 0.8 * line_size and line_size >= 0.9 * body
        if prev is not None and t.strip() and prev["text"].strip():
            gap = ch["x0"] - prev["x1"]
            if gap > 0.2 * min(ch["size"], prev["size"]) and not is_sup:
                if marker:
                    parts.append(f"[^{marker}]")
                    marker = ""
                parts.append(" ")
                plain.append(" ")
        if is_sup:
            marker += t
        else:
            if marker:
                parts.append(f"[^{marker}]")
                marker = ""
            parts.append(t)
            plain.append(t)
        prev = ch
    if marker:
        parts.append(f"[^{marker}]")
    return re.sub(r" {2,}", " ", "".join(parts)), re.sub(r" {2,}", " ", "".join(plain))


def _is_page_number(line: _Line) -> bool:
    """A lone number at the top or bottom edge of the page."""
    edge = line.top < 0.08 * line.page_height or line.bottom > 0.9 * line.page_height
    return edge and line.plain.strip().isdigit()


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _repeated_furniture(lines: list[_Line], pages: int) -> set[str]:
    """Lines near the top or bottom edge that recur on most pages (running headers/footers)."""
    if pages < 3:
        return set()
    seen: dict[str, set[int]] = {}
    for ln in lines:
        if ln.top < 0.08 * ln.page_height or ln.bottom > 0.92 * ln.page_height:
            flat = re.sub(r"\[\^(\d+)\]", r"\1", ln.text).strip()
            seen.setdefault(_normal(flat), set()).add(ln.page)
    return {t for t, p in seen.items() if len(p) >= max(3, pages // 2)}


def _right_margin(lines: list[_Line]) -> float:
    if not lines:
        return 0.0
    xs = sorted(ln.x1 for ln in lines)
    return xs[int(0.95 * (len(xs) - 1))]


def _paragraph_break(prev: _Line, line: _Line, right: float, body: float) -> bool:
    """A new paragraph starts after a vertical gap, at a change of font weight or size,
    or when the next line's first word would have fitted on the previous line (so
    the break was intended, not wrapped)."""
    if prev.bold != line.bold or abs(prev.size - line.size) > 0.5:
        return True
    if line.plain.lstrip().startswith(_BULLETS):
        return True
    if prev.page == line.page:
        gap = line.top - prev.bottom
        if gap > 0.8 * body:
            return True
    space = 0.3 * line.size
    fits = prev.x1 + space + line.first_word_width < right - 1.0
    return fits and bool(_END_OF_SENTENCE.search(prev.plain.strip()) or prev.x1 < right * 0.6)
