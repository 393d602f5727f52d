"""Readable terminal rendering of domain objects (the CLI's non-JSON output)."""

from __future__ import annotations

import textwrap
from datetime import date

from .dates import format_dutch
from .models import QuestionSet

_WIDTH = 88


def format_question_set(qs: QuestionSet, today: date | None = None) -> str:
    """A plain-text summary an officer can read in a terminal, in Dutch."""
    rows = [
        ("Kenmerk", qs.kenmerk or "(onbekend)"),
        ("Indieners", _members(qs) or "(onbekend)"),
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
            textwrap.fill(
                value,
                width=_WIDTH,
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
            out.append(
                textwrap.fill(paragraph, _WIDTH, initial_indent="  ", subsequent_indent="  ")
            )
        for note in q.voetnoten:
            out.append(
                textwrap.fill(
                    note.tekst,
                    _WIDTH,
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
            textwrap.fill(qs.toelichting, _WIDTH, initial_indent="  ", subsequent_indent="  "),
        ]
    if qs.verwijzingen:
        out += ["", "Verwijzingen: " + ", ".join(qs.verwijzingen)]
    if qs.waarschuwingen:
        out += ["", "Waarschuwingen:"] + [f"  - {w}" for w in qs.waarschuwingen]
    return "\n".join(out)


def _members(qs: QuestionSet) -> str:
    return ", ".join(f"{m.naam} ({m.partij})" if m.partij else m.naam for m in qs.indieners)


def _deadline(qs: QuestionSet, today: date | None) -> str:
    if not qs.uiterste_antwoorddatum:
        return "(onbekend)"
    text = format_dutch(qs.uiterste_antwoorddatum, weekday=True)
    if today is not None:
        days = (qs.uiterste_antwoorddatum - today).days
        if days > 0:
            text += f" (nog {days} dagen)"
        elif days == 0:
            text += " (vandaag)"
        else:
            text += f" ({-days} dagen verstreken)"
    return text
