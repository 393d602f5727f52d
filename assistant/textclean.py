"""Pure text repairs shared by every reader: line joining with dehyphenation,
quote and accent artefacts, and footnote markers in plain text.

Footnote references are carried as ``[^N]`` tokens between extraction and
parsing; ``take_markers`` removes them and says which footnotes a text cites.
"""

from __future__ import annotations

import re
import unicodedata

MARKER = re.compile(r"\s?\[\^(\d{1,3})\]")

# Words after a line-end hyphen that show a suspended compound ("milieu- en sociale").
_SUSPENSION_WORDS = {"en", "of", "tot", "noch", "dan", "als", "c.q.", "en/of"}
# Vowel pairs that Dutch spelling separates with a hyphen ("zee-egel", "auto-ongeluk").
_VOWEL_CLASH = re.compile(r"(a[aeiu]|e[eiu]|i[eij]|o[eiou]|u[iu])$")
_URLISH = re.compile(r"(https?://|www\.|\S/\S)")


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one string, undoing typesetting hyphenation.

    "produce-" + "ren" -> "produceren", but "DJI-" + "bedrijfssoftware" keeps its
    hyphen, "milieu-" + "en sociale" keeps "milieu- en", and URLs are joined
    without adding spaces.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        out = _join_pair(out, line)
    return re.sub(r"[ \t]{2,}", " ", out)


def _join_pair(left: str, right: str) -> str:
    if left.endswith("\u00ad"):
        return left[:-1] + right
    last_token = left.rsplit(" ", 1)[-1]
    if _URLISH.search(last_token) and not last_token.endswith((".", ",", ")")):
        # a URL broken over lines: the break is not a space
        if left.endswith(("-", "/", "_", "~", "=", "&", "?", ".")) or _URLISH.search(right):
            return left + right
    if not left.endswith("-") or len(left) < 2 or not left[-2].isalpha():
        return left + " " + right
    first = right.split(" ", 1)[0]
    stem = last_token[:-1]
    if first.lower() in _SUSPENSION_WORDS or first.startswith(","):
        return left + " " + right
    if not first[:1].isalpha() or first[:1].isupper():
        return left + right  # "COVID-19", "Noord-Holland"
    if stem[-1:].isupper() or stem[-1:].isdigit():
        return left + right  # acronym compounds: "DJI-bedrijfssoftware", "NAVO-bondgenoten"
    if _VOWEL_CLASH.search(stem[-1:].lower() + first[:1].lower()):
        return left + right  # a real hyphen between clashing vowels
    return left[:-1] + right


def normalize_quotes(text: str) -> str:
    """Collapse the doubled guillemets (««x»») that some PDF-to-text tools produce.

    Only when a doubled opening guillemet is present: a genuine nested closing
    quote («a «b»») must survive.
    """
    if "««" not in text:
        return text
    return re.sub(r"»{2,}", "»", re.sub(r"«{2,}", "«", text))


def normalize_characters(text: str) -> str:
    """Non-breaking spaces to spaces, spacing accents to real letters ("Kostic´" -> "Kostić")."""
    text = text.replace("\xa0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = re.sub(r"(?<=[A-Za-z])\u00b4", "\u0301", text)
    return unicodedata.normalize("NFC", text)


def take_markers(text: str) -> tuple[str, list[int]]:
    """Remove [^N] tokens; return the clean text and the cited footnote numbers in order."""
    numbers = [int(n) for n in MARKER.findall(text)]
    clean = MARKER.sub("", text)
    clean = re.sub(r"\s+([?.,;:!])", r"\1", clean) if numbers else clean
    return clean, list(dict.fromkeys(numbers))


_NOTE_LINE = re.compile(r"^\s*(\d{1,2})\s+(\S.*?)\s*$")
_HEADING = re.compile(r"^\s*(Vra(ag|gen)|Antwoord|Toelichting|Mededeling)\b", re.I)


def find_plain_footnotes(text: str) -> tuple[str, dict[int, str]]:
    """Find footnotes in text without layout: "...meekijkt»»?1" plus a later line "1 Website ...".

    A line "N text" after a blank line is a footnote only if a glued marker N
    occurs earlier in the text (a digit stuck to a word or punctuation mark).
    The footnote lines are removed and the glued marker becomes [^N].
    """
    lines = text.split("\n")
    notes: dict[int, str] = {}
    keep = [True] * len(lines)
    search_from = 0
    offsets = _line_offsets(lines)
    marker_spans: list[tuple[int, int, int]] = []
    i = 0
    while i < len(lines):
        m = _NOTE_LINE.match(lines[i])
        starts_block = i == 0 or not lines[i - 1].strip() or _is_note_end(lines, i - 1, keep)
        if m and starts_block:
            nr = int(m.group(1))
            span = _glued_marker(text, nr, search_from, offsets[i])
            if span is not None:
                note_lines = [m.group(2)]
                keep[i] = False
                j = i + 1
                while j < len(lines) and _continues_note(note_lines[-1], lines[j]):
                    note_lines.append(lines[j].strip())
                    keep[j] = False
                    j += 1
                notes[nr] = join_lines(note_lines)
                marker_spans.append((span[0], span[1], nr))
                search_from = span[1]
                i = j
                continue
        i += 1
    if not notes:
        return text, {}
    # rebuild: replace glued markers, drop the footnote lines
    pieces = []
    pos = 0
    for start, end, nr in sorted(marker_spans):
        pieces.append(text[pos:start] + f"[^{nr}]")
        pos = end
    pieces.append(text[pos:])
    rebuilt = "".join(pieces).split("\n")
    # marker replacement never changes the number of lines, so keep[] still lines up
    return "\n".join(ln for ln, k in zip(rebuilt, keep, strict=True) if k), notes


def _line_offsets(lines: list[str]) -> list[int]:
    offsets, pos = [], 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    return offsets


def _glued_marker(text: str, nr: int, start: int, end: int) -> tuple[int, int] | None:
    pattern = re.compile(rf"(?<=[^\s\d\-/.:(\[]|[?.:)»”’\"]){nr}(?![\d])(?=[\s?.,;:!)»”’]|$)")
    for m in pattern.finditer(text, start, end):
        before = text[max(0, m.start() - 1)]
        if before.isdigit():
            continue
        return m.start(), m.end()
    return None


def _is_note_end(lines: list[str], i: int, keep: list[bool]) -> bool:
    return not keep[i]


def _continues_note(previous: str, line: str) -> bool:
    """A footnote goes on over the next line only if that clearly continues it."""
    s = line.strip()
    if not s or _HEADING.match(s) or _NOTE_LINE.match(s):
        return False
    if previous.endswith(("-", "/", ",", "(", "~", "_")):
        return True
    return bool(_URLISH.search(s)) and " " not in s.strip(" .)")
