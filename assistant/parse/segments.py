"""Shared reading of Kamervragen-shaped text: footnotes out, then the text cut into
segments (header, "Vraag N" blocks, "Antwoord N" blocks, Toelichting, Mededeling).

Used by both the intake of incoming question sets and the parser of past
answers, so the two never disagree about where a question starts or ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..extract import ExtractedText
from ..footnotes import find_typed_footnotes
from ..models import Footnote
from ..textclean import (
    is_furniture,
    join_lines,
    normalize_characters,
    normalize_quotes,
    take_markers,
)

# Question numbers of any length, joined by separators ("3, 4 en 5", "7 t/m 9"). Each
# separator character belongs to exactly one alternative, so a long run of them
# ("1 en en en ... x") fails in linear time instead of trying every way to split it.
_NUMS = r"\d+(?:(?:\s|,|&|t/m|en|tot\s+en\s+met)+\d+)*"
# Numbers above this are no question numbers (a year, a kenmerk, a typing slip): such a
# heading is read as text, with a warning. A range ("1 t/m 40") is at most _MAX_RANGE long.
MAX_QUESTION_NUMBER = 9999
_MAX_RANGE = 100
VRAAG = re.compile(
    rf"^\s*Vra(?:ag|gen)\s+(?P<nums>{_NUMS})\s*(?P<sep>[:.)])?(?:\s*(?P<rest>\S.*))?$"
)
_ANTWOORD = re.compile(
    rf"^\s*Antwoord(?:en)?(?:\s+op)?(?:\s+(?:de\s+)?vra(?:ag|gen))?\s*(?P<nums>{_NUMS})?\s*"
    r"(?P<colon>[:.])?\s*(?P<rest>.*)$"
)
_NUMBERED = re.compile(r"^\s*(?P<num>\d+)\s*(?P<sep>[.)])(?:\s+(?P<rest>\S.*))?\s*$")
_BARE_NUMBER = re.compile(r"^\s*(?P<num>\d+)\s*$")
_TOELICHTING = re.compile(r"^\s*Toelichting\s*(?::\s*(?P<rest>.*))?$")
_MEDEDELING = re.compile(r"^\s*Mededeling\s*$")
_MAX_GAP = 5
# A line that starts with one of these continues the question before it.
_CONTINUATION = re.compile(r"^(Zo\s+(ja|nee|niet)\b|En\s|Indien|Waarom\s+(wel|niet)\b)", re.I)


@dataclass(frozen=True)
class Prepared:
    """Text with footnotes taken out and characters normalised."""

    lines: list[str]
    notes: dict[int, str]
    warnings: list[str]


@dataclass
class Block:
    kind: str  # "vraag", "antwoord", "toelichting" or "mededeling"
    numbers: list[int] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Segments:
    header: list[str]
    blocks: list[Block]
    headed: bool  # "Vraag N" headings (not plain "1." numbering)
    has_answers: bool  # an answer heading occurs: this is an answer document
    warnings: list[str] = field(default_factory=list)  # headings read as text, and why

    def of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]


def prepare(extracted: ExtractedText) -> Prepared:
    text, notes = extracted.text, dict(extracted.footnotes)
    text, typed = find_typed_footnotes(
        text, plain_digits=extracted.kind == "txt" and not notes, taken=set(notes)
    )
    notes.update(typed)
    text = normalize_quotes(normalize_characters(text))
    notes = {
        nr: normalize_quotes(normalize_characters(join_lines(t.split("\n"))))
        for nr, t in notes.items()
    }
    lines = [ln for ln in text.split("\n") if not is_furniture(ln)]
    return Prepared(lines=lines, notes=notes, warnings=list(extracted.warnings))


def segment(lines: list[str]) -> Segments:
    """Walk the lines once and cut them at every heading."""
    headed = any(VRAAG.match(ln) for ln in lines)
    has_answers = any(is_answer_heading(ln) for ln in lines)
    header: list[str] = []
    blocks: list[Block] = []
    warnings: list[str] = []
    expected = 1
    for line in lines:
        start = _question_start(line, headed, expected)
        if start is _IMPLAUSIBLE:
            highest = f"{MAX_QUESTION_NUMBER:,}".replace(",", ".")  # Dutch: 9.999
            warnings.append(
                f"regel '{line.strip()[:40]}' lijkt een vraagkop, maar het nummer is "
                f"onwaarschijnlijk (hoger dan {highest} of een reeks van meer dan "
                f"{_MAX_RANGE}); als tekst gelezen"
            )
            start = None
        if start is not None:
            numbers, rest = start
            blocks.append(Block("vraag", numbers, [rest] if rest else []))
            expected = max(expected, numbers[-1] + 1)
            continue
        if blocks and is_answer_heading(line):
            m = _ANTWOORD.match(line)
            rest = m.group("rest").strip() if m.group("colon") else ""
            blocks.append(
                Block("antwoord", numbers_in(m.group("nums") or "") or [], [rest] if rest else [])
            )
            continue
        m = _TOELICHTING.match(line)
        if m and (not blocks or blocks[-1].kind != "antwoord"):
            blocks.append(Block("toelichting", [], [m.group("rest")] if m.group("rest") else []))
            continue
        if _MEDEDELING.match(line) and blocks:
            blocks.append(Block("mededeling"))
            continue
        if blocks:
            blocks[-1].lines.append(line)
        else:
            header.append(line)
    return Segments(
        header=header, blocks=blocks, headed=headed, has_answers=has_answers, warnings=warnings
    )


_IMPLAUSIBLE = ([], "")  # a heading whose numbers are no question numbers


def _question_start(line: str, headed: bool, expected: int) -> tuple[list[int], str] | None:
    if headed:
        m = VRAAG.match(line)
        if not m:
            return None
        rest = m.group("rest") or ""
        # "Vraag 2 en 3 gaan over ..." inside a text is no heading
        if rest and not m.group("sep") and not rest[0].isupper() and rest[0] not in "«“‘'\"":
            return None
        numbers = numbers_in(m.group("nums"))
        if numbers is None:
            return _IMPLAUSIBLE
        return (numbers, rest) if numbers else None
    m = _NUMBERED.match(line) or _BARE_NUMBER.match(line)
    if not m:
        return None
    num = _number(m.group("num"))
    if num is None or not expected <= num <= expected + _MAX_GAP:
        return None
    return [num], m.groupdict().get("rest") or ""


def _number(digits: str) -> int | None:
    """The digits as a question number, or None above MAX_QUESTION_NUMBER (checked on the
    digits first: int() of thousands of digits is slow and refused by Python)."""
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(MAX_QUESTION_NUMBER)):
        return None
    value = int(digits)
    return value if value <= MAX_QUESTION_NUMBER else None


def numbers_in(text: str) -> list[int] | None:
    """'3, 4 en 5' -> [3, 4, 5]; '7 t/m 9' -> [7, 8, 9]; None when a number is above
    MAX_QUESTION_NUMBER or a range is longer than _MAX_RANGE (no question numbers)."""
    values = [_number(n) for n in re.findall(r"\d+", text)]
    if None in values:
        return None
    if re.search(r"t/m|tot\s+en\s+met", text) and len(values) == 2 and values[0] < values[1]:
        if values[1] - values[0] >= _MAX_RANGE:
            return None
        return list(range(values[0], values[1] + 1))
    return sorted(dict.fromkeys(values))


def is_answer_heading(line: str) -> bool:
    m = _ANTWOORD.match(line)
    if not m:
        return False
    if m.group("nums"):
        return True
    rest = m.group("rest").strip()
    return not rest or bool(m.group("colon"))


def paragraph_lines(lines: list[str]) -> list[list[str]]:
    """Lines -> paragraphs (blank lines separate them), lines kept."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def paragraphs(lines: list[str]) -> list[str]:
    """Lines -> paragraphs, each joined with dehyphenation."""
    return [join_lines(p) for p in paragraph_lines(lines)]


def paragraphs_text(lines: list[str]) -> str:
    return "\n".join(paragraphs(lines))


def split_group(lines: list[str], k: int) -> list[str] | None:
    """Texts for the k questions under one heading ("Vraag 3, 4 en 5"), or None if unclear.

    Paragraphs give the split when their number matches; otherwise extra breaks
    are taken after the shortest lines ending in "?" whose next line opens a new
    question (not "Zo ja, ..." and the like).
    """
    paras = paragraph_lines(lines)
    if k == 1:
        return ["\n".join(join_lines(p) for p in paras)]
    if len(paras) == k:
        return [join_lines(p) for p in paras]
    if len(paras) > k:
        return None
    candidates = []  # (line length, paragraph index, line index)
    for pi, para in enumerate(paras):
        for li in range(len(para) - 1):
            nxt = para[li + 1].strip()
            if para[li].rstrip().endswith("?") and not _CONTINUATION.match(nxt):
                candidates.append((len(para[li].strip()), pi, li))
    needed = k - len(paras)
    if len(candidates) < needed:
        return None
    cuts = {(pi, li) for _, pi, li in sorted(candidates)[:needed]}
    pieces: list[list[str]] = []
    for pi, para in enumerate(paras):
        current: list[str] = []
        for li, line in enumerate(para):
            current.append(line)
            if (pi, li) in cuts:
                pieces.append(current)
                current = []
        pieces.append(current)
    return [join_lines(p) for p in pieces]


def split_unheaded_answer(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """In an answer document, find where an answer without heading begins: the first
    paragraph without any "?" after a paragraph that ends with one.
    Returns (question lines, answer lines) or None."""
    paras = paragraph_lines(lines)
    for i in range(1, len(paras)):
        previous, current = join_lines(paras[i - 1]), join_lines(paras[i])
        if _ends_question(previous) and "?" not in current:
            question = [line for p in paras[:i] for line in [*p, ""]]
            answer = [line for p in paras[i:] for line in [*p, ""]]
            return question, answer
    return None


def _ends_question(text: str) -> bool:
    clean, _ = take_markers(text)
    return clean.rstrip(' »”’")').endswith("?")


def clean_with_notes(
    raw: str, notes: dict[int, str], warnings: list[str], where: str
) -> tuple[str, tuple[Footnote, ...]]:
    """Take footnote markers out of a text and return the footnotes it cites."""
    text, cited = take_markers(raw)
    found = tuple(Footnote(n, notes[n]) for n in cited if n in notes)
    for n in cited:
        if n not in notes:
            warnings.append(f"voetnoot {n} bij {where} niet gevonden")
    return text.strip(), found
