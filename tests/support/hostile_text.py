"""Builders of hostile plain-text question sets (issue 15): large repeated sets, long
hyphenated paragraphs, sets with many questions, dates at the end of the calendar.

Used by tests/unit/test_hostile_text.py and benchmarks/text_scaling.py; every input is built
here from a few lines, never stored as a file.
"""

from __future__ import annotations

HEADER = (
    "2021Z99999\n\n"
    "Vragen van het lid Jansen (VVD) aan de Minister van Justitie en Veiligheid over "
    "vijandige invoer (ingezonden {date}).\n\n"
)


def repeated(text: str, size: int) -> str:
    """The text repeated (whole copies, separated by a blank line) until it reaches size
    characters: a real set pasted many times over."""
    unit = text.rstrip("\n") + "\n\n"
    copies = max(1, -(-size // len(unit)))
    return unit * copies


def numbered_set(count: int, style: str = "vraag", date: str = "1 oktober 2021") -> str:
    """A set of count questions, numbered 1..count ("Vraag N" headings or "N." items)."""
    lines = [HEADER.format(date=date)]
    for nr in range(1, count + 1):
        head = f"Vraag {nr}\n" if style == "vraag" else f"{nr}. "
        lines.append(f"{head}Klopt het dat punt {nr} van de lijst klopt?\n\n")
    return "".join(lines)


def hyphenated(size: int, width: int = 60) -> str:
    """One question whose text is a single paragraph of lines that all end in a
    typesetting hyphen ("veiligheids-" / "analyse"), size characters long."""
    words = ["risico-", "en", "veiligheids", "analyse", "van", "de", "aanschaf", "door"]
    lines, line, i = [], "", 0
    body = 0
    while body < size:
        word = words[i % len(words)]
        i += 1
        if len(line) + len(word) + 1 > width:
            lines.append(line + " veilig-")  # the break falls inside a word
            body += len(lines[-1]) + 1
            line = "heids " + word
        else:
            line = f"{line} {word}".strip()
    text = "\n".join(lines) + "\n" + line + "?\n"
    return HEADER.format(date="1 oktober 2021") + "Vraag 1\n" + text


def one_long_token(size: int) -> str:
    """One question whose text is one 'word' broken over lines with hyphens and no spaces
    at all (a URL or a runaway compound), size characters long."""
    piece = "abcdefghij" * 6
    count = max(1, size // (len(piece) + 2))
    body = "-\n".join([piece] * count)
    return HEADER.format(date="1 oktober 2021") + "Vraag 1\nIs dit " + body + "?\n"


def typed_footnotes(count: int) -> str:
    """A set with count questions, each citing its own typed footnote ("?1" in the text,
    "1 Bron ..." lines at the end), as text pasted from a PDF."""
    parts = [HEADER.format(date="1 oktober 2021")]
    for nr in range(1, count + 1):
        parts.append(f"Vraag {nr}\nBent u bekend met bericht {nr}?{nr}\n\n")
    parts.extend(f"{nr} Website Bron, bericht {nr}, 1 oktober 2021\n" for nr in range(1, count + 1))
    return "".join(parts)


def unmatched_footnote_lines(size: int) -> str:
    """One question followed by footnote-like lines ("[7] Bron ...", each after a blank
    line) that no marker in the text cites, size characters long: every such line makes
    the parser look for its marker."""
    unit = "[7] Bron zonder verwijzing in de tekst\n\n"
    return numbered_set(1) + unit * max(1, size // len(unit))
