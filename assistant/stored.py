"""What the store gives back to the search side: a document, a Q/A record or a passage with
its document, as frozen values (the store builds them; see Store.qa_entries and friends).

The rule for a record's metadata is decided here, once: a Q/A record's own kenmerk, datum,
ministerie and onderwerp come first, else its document's. Except in a Q/A export
(kind "qa-export"): such a file holds unrelated records from a document system, and its
document fields are only a summary of them (the most common ministry, the latest date,
see parse/qa_export.py), not facts about each record; a record there keeps its own
fields or has none. Every record keeps its document's source for ``bron``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .models import Footnote, Member
from .passage_id import PassageId
from .vocabulary import DocumentKind


@dataclass(frozen=True)
class StoredDocument:
    """A row of ``documents``: one stored source document."""

    id: int
    source: str  # the file path or "tk:<Id>"; an export's documents "<path>#<key>"
    name: str  # the file name
    kind: str  # antwoord, mededeling, beleid, qa-export
    title: str | None
    kenmerk: str | None
    ah_id: str | None
    vergaderjaar: str | None
    ingezonden: str | None  # ISO dates
    ontvangen: str | None
    datum: str | None
    indieners: tuple[Member, ...]
    gericht_aan: tuple[str, ...]
    beantwoord_door: str | None
    ministerie: str | None
    mede_namens: tuple[str, ...]
    onderwerp: str | None
    meta: dict

    @property
    def fictief(self) -> bool:
        """Demo material: never shown as a real publication."""
        return bool(self.meta.get("fictief"))

    @property
    def bron(self) -> str:
        """Where the document was read from (a passage export names its own source)."""
        return self.meta.get("bron") or self.name

    @property
    def subject(self) -> str | None:
        """What the document is about: its onderwerp, else its title."""
        return self.onderwerp or self.title

    @property
    def describes_records(self) -> bool:
        """Whether the document's fields hold for each of its Q/A records (see the module)."""
        return self.kind != DocumentKind.QA_EXPORT

    @classmethod
    def from_row(cls, row) -> StoredDocument:
        return cls(
            id=row["id"],
            source=row["source"],
            name=row["name"],
            kind=row["kind"],
            title=row["title"],
            kenmerk=row["kenmerk"],
            ah_id=row["ah_id"],
            vergaderjaar=row["vergaderjaar"],
            ingezonden=row["ingezonden"],
            ontvangen=row["ontvangen"],
            datum=row["datum"],
            indieners=tuple(Member(m["naam"], m.get("partij")) for m in _load(row["indieners"])),
            gericht_aan=tuple(_load(row["gericht_aan"])),
            beantwoord_door=row["beantwoord_door"],
            ministerie=row["ministerie"],
            mede_namens=tuple(_load(row["mede_namens"])),
            onderwerp=row["onderwerp"],
            meta=_load(row["meta"]),
        )


@dataclass(frozen=True)
class StoredQA:
    """A Q/A record with its document; kenmerk, datum, ministerie, onderwerp and bron are
    resolved by the module's rule (the record's own value, else its document's)."""

    id: int
    document: StoredDocument
    seq: int
    nr: int | None
    vraag_nrs: tuple[int, ...]
    vraag: str
    antwoord: str | None  # None: a notice instead of an answer
    vraag_voetnoten: tuple[Footnote, ...]
    antwoord_voetnoten: tuple[Footnote, ...]
    external_id: str | None
    kenmerk: str | None
    datum: str | None  # ISO date
    ministerie: str | None
    onderwerp: str | None
    bron: str
    extra: dict

    @property
    def passage_id(self) -> PassageId:
        return PassageId.qa(self.id)

    @property
    def numbers(self) -> tuple[int, ...]:
        """The question numbers the answer covers (its own number when not grouped)."""
        return self.vraag_nrs or ((self.nr,) if self.nr is not None else ())

    @property
    def subject(self) -> str | None:
        """What the record is about: its onderwerp, else its document's title (an export's
        title is only its file name: nothing about the record)."""
        if self.onderwerp or not self.document.describes_records:
            return self.onderwerp
        return self.document.title

    @classmethod
    def from_row(cls, row, document: StoredDocument) -> StoredQA:
        inherit = document.describes_records
        return cls(
            id=row["id"],
            document=document,
            seq=row["seq"],
            nr=row["nr"],
            vraag_nrs=tuple(_load(row["vraag_nrs"])),
            vraag=row["vraag"],
            antwoord=row["antwoord"],
            vraag_voetnoten=_notes(row["vraag_voetnoten"]),
            antwoord_voetnoten=_notes(row["antwoord_voetnoten"]),
            external_id=row["external_id"],
            kenmerk=row["kenmerk"] or (document.kenmerk if inherit else None),
            datum=row["datum"] or ((document.datum or document.ingezonden) if inherit else None),
            ministerie=row["ministerie"] or (document.ministerie if inherit else None),
            onderwerp=row["onderwerp"] or (document.onderwerp if inherit else None),
            bron=row["bron"] or document.ah_id or document.name,
            extra=_load(row["extra"]),
        )


@dataclass(frozen=True)
class StoredPassage:
    """A policy passage with its document (whose kenmerk, datum and ministerie it has)."""

    id: int
    document: StoredDocument
    seq: int
    kop: tuple[str, ...]  # heading path, outermost first
    tekst: str
    voetnoten: tuple[Footnote, ...]

    @property
    def passage_id(self) -> PassageId:
        return PassageId.passage(self.id)

    @property
    def heading(self) -> str:
        return " > ".join(self.kop)

    @classmethod
    def from_row(cls, row, document: StoredDocument) -> StoredPassage:
        return cls(
            id=row["id"],
            document=document,
            seq=row["seq"],
            kop=tuple(_load(row["kop"])),
            tekst=row["tekst"],
            voetnoten=_notes(row["voetnoten"]),
        )


Stored = StoredQA | StoredPassage


def _load(text: str):
    return json.loads(text)


def _notes(text: str) -> tuple[Footnote, ...]:
    return tuple(Footnote(n["nr"], n["tekst"]) for n in json.loads(text))
