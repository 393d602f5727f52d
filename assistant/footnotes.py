"""Footnotes typed into the text, found without layout information.

Three forms occur in real files: text pasted from a PDF ("meekijkt»»?1" with a
later line "1 Website Trouw, ..."), web copies ("overleden’? [1]" with a line
"[1] NOS, ...") and Word letters with typed markers ("Bureau Beke3)" with a line
"3) Rapport ..."). A line only counts as a footnote when its marker occurs
earlier in the text, so numbered questions ("1) Bent u ...") are never taken
for footnotes. Found markers become [^N] tokens, like the layout-based readers
produce, and the footnote lines are removed from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textclean import join_lines

_HEADING = re.compile(r"^\s*(Vra(ag|gen)|Antwoord|Toelichting|Mededeling)\b")
_URLISH = re.compile(r"(https?://|www\.|\S/\S)")


@dataclass(frozen=True)
class _Style:
    line: re.Pattern
    marker: str  # regex template, {n} is the footnote number


PLAIN = _Style(
    re.compile(r"^\s*(\d{1,2})\s+(\S.*?)\s*$"),
    r"(?<=[^\s\d\-/.:(\[]|[?.:)»”’\"]){n}(?!\d)(?=[\s?.,;:!)»”’]|$)",
)
BRACKET = _Style(re.compile(r"^\s*\[(\d{1,3})\]\s*(\S.*?)\s*$"), r"\s?\[{n}\]")
PAREN = _Style(
    re.compile(r"^\s*(\d{1,2})\)\s+(\S.*?)\s*$"),
    # after a letter or closing punctuation; after a colon only at the end of a line
    # ("... op de volgende vragen ingaan: 1)"), never inline lists ("punten: 1) de kosten")
    r"(?:(?<=[A-Za-zÀ-ÿ»”’\"?.!])\s?{n}\)|(?<=:)\s?{n}\)(?=[ \t]*(?:\n|$)))",
)


def find_typed_footnotes(
    text: str, plain_digits: bool, taken: set[int] = frozenset()
) -> tuple[str, dict[int, str]]:
    """Find typed footnotes; numbers already taken (real footnotes) are shifted up."""
    notes: dict[int, str] = {}
    styles = [BRACKET, PAREN] + ([PLAIN] if plain_digits else [])
    for style in styles:
        offset = max([*taken, *notes], default=0) if taken or notes else 0
        text, found = _find(text, style, offset)
        notes.update(found)
    return text, notes


def _find(text: str, style: _Style, offset: int) -> tuple[str, dict[int, str]]:
    lines = text.split("\n")
    starts = _line_starts(lines)
    keep = [True] * len(lines)
    notes: dict[int, str] = {}
    spans: list[tuple[int, int, int]] = []
    search_from = 0
    i = 0
    while i < len(lines):
        m = style.line.match(lines[i])
        opens_block = i == 0 or not lines[i - 1].strip() or not keep[i - 1]
        if m and opens_block:
            nr = int(m.group(1))
            span = _marker(text, style, nr, search_from, starts[i])
            if span is not None:
                note_lines = [m.group(2)]
                keep[i] = False
                j = i + 1
                while j < len(lines) and _continues(note_lines[-1], lines[j], style):
                    note_lines.append(lines[j].strip())
                    keep[j] = False
                    j += 1
                # "offset" keeps typed numbers apart from real footnotes with the same number
                notes[nr + offset] = join_lines(note_lines)
                spans.append((span[0], span[1], nr + offset))
                search_from = span[1]
                i = j
                continue
        i += 1
    if not notes:
        return text, {}
    pieces, pos = [], 0
    for start, end, nr in sorted(spans):
        pieces.append(text[pos:start] + f"[^{nr}]")
        pos = end
    pieces.append(text[pos:])
    # marker replacement never adds or removes a line, so keep[] still lines up
    rebuilt = "".join(pieces).split("\n")
    return "\n".join(ln for ln, k in zip(rebuilt, keep, strict=True) if k), notes


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    return starts


def _marker(text: str, style: _Style, nr: int, start: int, end: int) -> tuple[int, int] | None:
    """The first marker for footnote nr between start and end that is not a closing bracket
    of a parenthesis ("(zie bijlage 2)") or a line-initial number."""
    for m in re.finditer(style.marker.format(n=nr), text[:end]):
        if m.start() < start:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not text[line_start : m.start()].strip():
            continue  # at the start of a line: that is numbering, not a marker
        if style is PAREN:
            before = text[max(0, m.start() - 80) : m.start()]
            if before.rfind("(") > before.rfind(")"):
                continue
        return m.start(), m.end()
    return None


def _continues(previous: str, line: str, style: _Style) -> bool:
    """A footnote goes on over the next line only if that clearly continues it."""
    s = line.strip()
    if not s or _HEADING.match(s) or style.line.match(s):
        return False
    if previous.endswith(("-", "/", ",", "(", "~", "_")):
        return True
    return bool(_URLISH.search(s)) and " " not in s.strip(" .)")
