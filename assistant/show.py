"""Readable terminal rendering of domain objects (the CLI's non-JSON output)."""

from __future__ import annotations

import re
import textwrap
from datetime import date

from .dates import format_dutch
from .models import QuestionSet
from .nl import deadline_text, members_list

_WIDTH = 88


def _long_word(room: int) -> re.Pattern:
    return re.compile(rf"\S{{{room + 1},}}")


def _pieces(word: str, room: int) -> str:
    return " ".join(word[i : i + room] for i in range(0, len(word), room))


def _fill(text: str, width: int = _WIDTH, **options) -> str:
    """textwrap.fill, in time linear in the text: textwrap cuts an overlong word one line
    at a time from a fresh copy of its rest (quadratic: 19 MB without spaces took
    minutes), so such words are cut into line-sized pieces first."""
    room = max(8, width - len(options.get("subsequent_indent", "")))
    if options.pop("break_long_words", True):
        text = _long_word(room).sub(lambda m: _pieces(m.group(0), room), text)
    return textwrap.fill(text, width, break_long_words=False, **options)


def format_question_set(qs: QuestionSet, today: date | None = None) -> str:
    """A plain-text summary an officer can read in a terminal, in Dutch."""
    rows = [
        ("Kenmerk", qs.kenmerk or "(onbekend)"),
        ("Indieners", members_list(qs.indieners) or "(onbekend)"),
        ("Gericht aan", "; ".join(qs.gericht_aan) or "(onbekend)"),
        ("Onderwerp", qs.onderwerp or "(onbekend)"),
        (
            "Ingezonden",
            format_dutch(qs.ingezonden, weekday=True) if qs.ingezonden else "(onbekend)",
        ),
        ("Uiterste antwoorddatum", _deadline(qs, today)),
    ]
    label_width = max(len(label) for label, _ in rows) + 2
    out = []
    for label, value in rows:
        out.append(
            _fill(
                value,
                initial_indent=f"{label + ':':<{label_width}}",
                subsequent_indent=" " * label_width,
            )
        )
    out.append("")
    out.append(f"{len(qs.vragen)} vragen")
    for q in qs.vragen:
        out.append("")
        out.append(f"Vraag {q.nr}")
        for paragraph in q.tekst.split("\n"):
            out.append(_fill(paragraph, initial_indent="  ", subsequent_indent="  "))
        for note in q.voetnoten:
            out.append(
                _fill(
                    note.tekst,
                    initial_indent=f"  [{note.nr}] ",
                    subsequent_indent="      ",
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
    if qs.toelichting:
        out += [
            "",
            "Toelichting",
            _fill(qs.toelichting, initial_indent="  ", subsequent_indent="  "),
        ]
    if qs.verwijzingen:
        out += ["", "Verwijzingen: " + ", ".join(qs.verwijzingen)]
    if qs.waarschuwingen:
        out += ["", "Waarschuwingen:"] + [f"  - {w}" for w in qs.waarschuwingen]
    return "\n".join(out)


def _deadline(qs: QuestionSet, today: date | None) -> str:
    if not qs.uiterste_antwoorddatum:
        return "(onbekend)"
    text = format_dutch(qs.uiterste_antwoorddatum, weekday=True)
    if today is not None:
        text += f" ({deadline_text(qs.uiterste_antwoorddatum, today)})"
    return text
