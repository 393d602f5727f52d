"""Frozen dataclasses that cross module boundaries.

``QuestionSet.to_dict()`` produces the stable JSON shape documented in the
README (``assistant questions --json``); keys are Dutch as in the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Footnote:
    nr: int
    tekst: str

    def to_dict(self) -> dict:
        return {"nr": self.nr, "tekst": self.tekst}


@dataclass(frozen=True)
class Member:
    """A member of parliament who asks the questions (indiener)."""

    naam: str
    partij: str | None

    def to_dict(self) -> dict:
        return {"naam": self.naam, "partij": self.partij}


@dataclass(frozen=True)
class Question:
    nr: int
    tekst: str
    voetnoten: tuple[Footnote, ...] = ()

    def to_dict(self) -> dict:
        return {
            "nr": self.nr,
            "tekst": self.tekst,
            "voetnoten": [f.to_dict() for f in self.voetnoten],
        }


@dataclass(frozen=True)
class QuestionSet:
    """An incoming set of written questions, as read from a file or pasted text."""

    kenmerk: str | None
    indieners: tuple[Member, ...]
    gericht_aan: tuple[str, ...]
    onderwerp: str | None
    ingezonden: date | None
    uiterste_antwoorddatum: date | None
    vragen: tuple[Question, ...]
    toelichting: str | None = None
    verwijzingen: tuple[str, ...] = ()
    waarschuwingen: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "kenmerk": self.kenmerk,
            "indieners": [m.to_dict() for m in self.indieners],
            "gericht_aan": list(self.gericht_aan),
            "onderwerp": self.onderwerp,
            "ingezonden": _iso(self.ingezonden),
            "uiterste_antwoorddatum": _iso(self.uiterste_antwoorddatum),
            "vragen": [q.to_dict() for q in self.vragen],
            "toelichting": self.toelichting,
            "verwijzingen": list(self.verwijzingen),
            "waarschuwingen": list(self.waarschuwingen),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
