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
    marker: re.Pattern  # a marker in the text; group "n" is the footnote number as typed


PLAIN = _Style(
    re.compile(r"^\s*(\d{1,2})\s+(\S.*?)\s*$"),
    re.compile(r"(?<=[^\s\d\-/.:(\[]|[?.:)»”’\"])(?P<n>\d{1,2})(?!\d)(?=[\s?.,;:!)»”’]|$)"),
)
# A marker never starts with a line break: "[1]" at the start of a line is numbering.
BRACKET = _Style(
    re.compile(r"^\s*\[(\d{1,3})\]\s*(\S.*?)\s*$"), re.compile(r"[ \t]?\[(?P<n>\d{1,3})\]")
)
PAREN = _Style(
    re.compile(r"^\s*(\d{1,2})\)\s+(\S.*?)\s*$"),
    # after a letter or closing punctuation; after a colon only at the end of a line
    # ("... op de volgende vragen ingaan: 1)"), never inline lists ("punten: 1) de kosten")
    re.compile(
        r"(?:(?<=[A-Za-zÀ-ÿ»”’\"?.!])[ \t]?(?P<n>\d{1,2})\)"
        r"|(?<=:)[ \t]?(?P<m>\d{1,2})\)(?=[ \t]*(?:\n|$)))"
    ),
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
    markers = _Markers(text, style, {m.group(1) for ln in lines if (m := style.line.match(ln))})
    search_from = 0
    i = 0
    while i < len(lines):
        m = style.line.match(lines[i])
        opens_block = i == 0 or not lines[i - 1].strip() or not keep[i - 1]
        if m and opens_block:
            nr = int(m.group(1))
            span = markers.first(str(nr), search_from, starts[i])
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


class _Markers:
    """The valid markers of one style, read in a single pass over the text.

    The text is scanned once, front to back, only as far as the footnote line being
    looked at; markers are kept per number (as typed), so asking for "the first marker
    for footnote N after position P" never rescans the text. A marker is valid when it
    is not at the start of a line (numbering) and, for "N)" markers, not the closing
    bracket of a parenthesis ("(zie bijlage 2)").
    """

    def __init__(self, text: str, style: _Style, wanted: set[str]):
        self.text, self.style, self.wanted = text, style, wanted
        self.scanned = 0
        self.found: dict[str, list[tuple[int, int]]] = {}
        self.next: dict[str, int] = {}

    def first(self, number: str, start: int, end: int) -> tuple[int, int] | None:
        """The first valid marker for number that starts at or after start and ends before
        end (the start of the footnote line)."""
        self._scan_to(end)
        spans = self.found.get(number, [])
        k = self.next.get(number, 0)
        while k < len(spans) and spans[k][0] < start:
            k += 1
        self.next[number] = k
        return spans[k] if k < len(spans) else None

    def _scan_to(self, end: int) -> None:
        # end is always the start of a line and no marker spans a line break, so a marker
        # ending before end is never cut off by resuming the scan at the previous end
        if end <= self.scanned:
            return
        for m in self.style.marker.finditer(self.text, self.scanned, end):
            number = m.group("n") or m.groupdict().get("m")
            if number in self.wanted and self._valid(m.start()):
                self.found.setdefault(number, []).append((m.start(), m.end()))
        self.scanned = end

    def _valid(self, pos: int) -> bool:
        text = self.text
        p = pos - 1
        while p >= 0 and text[p] != "\n" and text[p].isspace():
            p -= 1
        if p < 0 or text[p] == "\n":
            return False  # at the start of a line: that is numbering, not a marker
        if self.style is PAREN:
            before = text[max(0, pos - 80) : pos]
            if before.rfind("(") > before.rfind(")"):
                return False
        return True


def _continues(previous: str, line: str, style: _Style) -> bool:
    """A footnote goes on over the next line only if that clearly continues it."""
    s = line.strip()
    if not s or _HEADING.match(s) or style.line.match(s):
        return False
    if previous.endswith(("-", "/", ",", "(", "~", "_")):
        return True
    return bool(_URLISH.search(s)) and " " not in s.strip(" .)")
