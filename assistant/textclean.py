"""Pure text repairs shared by every reader: line joining with dehyphenation,
quote and accent artefacts, and footnote markers in plain text.

Footnote references are carried as ``[^N]`` tokens between extraction and
parsing; ``take_markers`` removes them and says which footnotes a text cites.
"""

from __future__ import annotations

import re
import unicodedata

from .identifiers import is_id_line

MARKER = re.compile(r"\s?\[\^(\d{1,3})\]")

# Page furniture of Aanhangsel and Kamerstuk documents: identifier (identifiers.is_id_line),
# ISSN, place and year, running footer, page counter. Removed wherever such a line occurs.
_FURNITURE = [
    re.compile(r"^ISSN\b"),
    re.compile(r"^[’']s-Gravenhage \d{4}\b"),
    re.compile(r"^Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel( \d+)?$"),
    re.compile(r"^(Pagina|Blad) \d+( van \d+)?$", re.I),
]


def is_furniture(line: str) -> bool:
    """True for a running header/footer line that never belongs to the text."""
    line = line.strip()
    return is_id_line(line) or any(p.search(line) for p in _FURNITURE)


# Words after a line-end hyphen that show a suspended compound ("milieu- en sociale").
_SUSPENSION_WORDS = {"en", "of", "tot", "noch", "dan", "als", "c.q.", "en/of"}
# Vowel pairs that Dutch spelling separates with a hyphen ("zee-egel", "auto-ongeluk").
_VOWEL_CLASH = re.compile(r"(a[aeiu]|e[eiu]|i[eij]|o[eiou]|u[iu])$")
_URLISH = re.compile(r"(https?://|www\.|\S/\S)")


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one string, undoing typesetting hyphenation.

    "produce-" + "ren" -> "produceren", but "DJI-" + "bedrijfssoftware" keeps its
    hyphen, "milieu-" + "en sociale" keeps "milieu- en", and URLs are joined
    without adding spaces. Linear in the length of the text: the joined text is
    collected in pieces and only its last word is looked at (see _Joined).
    """
    joined = _Joined()
    for raw in lines:
        line = raw.strip()
        if line:
            joined.add(line)
    return re.sub(r"[ \t]{2,}", " ", joined.text())


# The longest text _URLISH can match ("https://"): a match that a join creates lies within
# this many characters before the join and the new text.
_URL_REACH = 8


class _Joined:
    """Text joined so far, kept as pieces, with what a join decision needs about its end:
    the last few characters, the length of the last word (after the last space) and
    whether that word, with or without its last character, looks like a URL."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.tail = ""  # the last characters of the text (at least _URL_REACH + 2)
        self.word_length = 0
        self.word_url = False  # _URLISH found in the last word
        self.word_url_but_last = False  # ... in the last word without its last character

    def text(self) -> str:
        return "".join(self.pieces)

    def add(self, right: str) -> None:
        if not self.pieces:
            self._append(right, space=False, drop_last=False)
            return
        how = _join_decision(self, right)
        self._append(right, space=how == "space", drop_last=how == "drop")

    def _append(self, right: str, space: bool, drop_last: bool) -> None:
        if drop_last:
            self.pieces[-1] = self.pieces[-1][:-1]
            self.length -= 1
            base_tail, base_url, base_len = (
                self.tail[:-1],
                self.word_url_but_last,
                self.word_length - 1,
            )
        else:
            base_tail, base_url, base_len = self.tail, self.word_url, self.word_length
        if space:
            right = " " + right
        self.pieces.append(right)
        self.length += len(right)
        self.tail = (base_tail + right)[-(_URL_REACH + 2) :]
        if " " in right:
            word = right.rsplit(" ", 1)[-1]
            self.word_length = len(word)
            self.word_url = bool(_URLISH.search(word))
            self.word_url_but_last = bool(_URLISH.search(word[:-1]))
            return
        # the last word grew by right: a new URL-like match ends inside right
        reach = base_tail[-(_URL_REACH - 1) :][-base_len:] if base_len else ""
        self.word_length = base_len + len(right)
        self.word_url = base_url or bool(_URLISH.search(reach + right))
        self.word_url_but_last = base_url or bool(_URLISH.search(reach + right[:-1]))

    def last_word_tail(self) -> str:
        """The last word's final characters (enough for every test in _join_decision)."""
        return self.tail[-self.word_length :] if self.word_length else ""


def _join_decision(left: _Joined, right: str) -> str:
    """How right continues the text: "space", "glue" (no space) or "drop" (drop the
    text's last character, a hyphen, and glue)."""
    tail = left.tail
    if tail.endswith("\u00ad"):
        return "drop"
    word_tail = left.last_word_tail()
    first_token = right.split(" ", 1)[0]
    if (
        left.word_url
        and not word_tail.endswith((".", ",", ")", ";"))
        and (
            tail.endswith(("-", "/", "_", "~", "=", "&", "?", "%"))
            or _URLISH.search(first_token)
            or first_token[:1] in "%/._~-=&?#"
        )
    ):
        return "glue"  # a URL broken over lines: the break is not a space
    if not tail.endswith("-") or left.length < 2 or not tail[-2].isalpha():
        return "space"
    first = first_token
    stem_last = word_tail[-2:-1] if left.word_length >= 2 else ""
    if first.lower() in _SUSPENSION_WORDS or first.startswith(","):
        return "space"
    if not first[:1].isalpha() or first[:1].isupper():
        return "glue"  # "COVID-19", "Noord-Holland"
    if stem_last.isupper() or stem_last.isdigit():
        return "glue"  # acronym compounds: "DJI-bedrijfssoftware", "NAVO-bondgenoten"
    if _VOWEL_CLASH.search(stem_last.lower() + first[:1].lower()):
        return "glue"  # a real hyphen between clashing vowels
    return "drop"


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
    text = re.sub(r"(?<=[A-Za-z])\u00b4", "\u0301", text)  # acute: Kostic´ -> Kostić
    text = re.sub(r"(?<=[A-Za-z])\u00b8", "\u0327", text)  # cedilla: Yes¸ilgöz -> Yeşilgöz
    return unicodedata.normalize("NFC", text)


def take_markers(text: str) -> tuple[str, list[int]]:
    """Remove [^N] tokens; return the clean text and the cited footnote numbers in order."""
    numbers = [int(n) for n in MARKER.findall(text)]
    clean = MARKER.sub("", text)
    clean = re.sub(r"\s+([?.,;:!])", r"\1", clean) if numbers else clean
    return clean, list(dict.fromkeys(numbers))
