"""Pure text repairs shared by every reader: line joining with dehyphenation,
quote and accent artefacts, and footnote markers in plain text.

Footnote references are carried as ``[^N]`` tokens between extraction and
parsing; ``take_markers`` removes them and says which footnotes a text cites.
"""

from __future__ import annotations

import re
import unicodedata

MARKER = re.compile(r"\s?\[\^(\d{1,3})\]")

# Page furniture of Aanhangsel and Kamerstuk documents: identifier, ISSN, place and
# year, running footer, page counter. Removed wherever such a line occurs.
_FURNITURE = [
    re.compile(r"^(?:ah-tk|demo-ah)-\d{8}-\d+$"),  # demo-ah: the demo corpus's own form
    re.compile(r"^kv-tk-\d{4}Z\d{5}$"),
    re.compile(r"^ISSN\b"),
    re.compile(r"^[’']s-Gravenhage \d{4}\b"),
    re.compile(r"^Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel( \d+)?$"),
    re.compile(r"^(Pagina|Blad) \d+( van \d+)?$", re.I),
]


def is_furniture(line: str) -> bool:
    """True for a running header/footer line that never belongs to the text."""
    line = line.strip()
    return any(p.search(line) for p in _FURNITURE)


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
    first_token = right.split(" ", 1)[0]
    if (
        _URLISH.search(last_token)
        and not last_token.endswith((".", ",", ")", ";"))
        and (
            left.endswith(("-", "/", "_", "~", "=", "&", "?", "%"))
            or _URLISH.search(first_token)
            or first_token[:1] in "%/._~-=&?#"
        )
    ):
        return left + right  # a URL broken over lines: the break is not a space
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
    text = re.sub(r"(?<=[A-Za-z])\u00b4", "\u0301", text)  # acute: Kostic´ -> Kostić
    text = re.sub(r"(?<=[A-Za-z])\u00b8", "\u0327", text)  # cedilla: Yes¸ilgöz -> Yeşilgöz
    return unicodedata.normalize("NFC", text)


def take_markers(text: str) -> tuple[str, list[int]]:
    """Remove [^N] tokens; return the clean text and the cited footnote numbers in order."""
    numbers = [int(n) for n in MARKER.findall(text)]
    clean = MARKER.sub("", text)
    clean = re.sub(r"\s+([?.,;:!])", r"\1", clean) if numbers else clean
    return clean, list(dict.fromkeys(numbers))
