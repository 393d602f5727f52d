"""Open Kamervragen: synced question sets that have no answer yet, with their deadline.

A set counts as answered when the Kamer marks it done (Afgedaan), or when an
answer to its kenmerk is in the corpus or was seen by the sync, whichever
comes first: the Kamer's own flag often lags behind the published answer.
A set whose questions were withdrawn (a Mededeling saying so) is closed too.
A postponement notice (uitstelbericht) does not close a set, but is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..dates import answer_deadline
from ..identifiers import publication_url, question_set_id
from ..nl import days_left_text, member_text
from ..store import Store
from ..vocabulary import DocumentKind, SyncDocumentStatus
from .records import ANSWER_SOORTEN, NOTICE_SOORT, QUESTION_SOORT
from .tables import SyncTables


@dataclass(frozen=True)
class OpenSet:
    kenmerk: str
    onderwerp: str | None
    ingezonden: date | None
    indieners: tuple[str, ...]  # "Naam (Partij)"
    gericht_aan: tuple[str, ...]  # "minister van … (Naam)"
    ministeries: tuple[str, ...]
    uitstel: date | None = None  # date of the latest postponement notice
    vragen_bestand: str | None = None  # the question document, when the sync fetched it

    @property
    def deadline(self) -> date | None:
        return answer_deadline(self.ingezonden) if self.ingezonden else None

    def days_left(self, today: date) -> int | None:
        return (self.deadline - today).days if self.deadline else None

    def status(self, today: date) -> str:
        """'nog 5 dagen', 'vandaag', '3 dagen te laat' (with ', uitstel gemeld')."""
        days = self.days_left(today)
        text = "termijn onbekend" if days is None else days_left_text(days)
        return f"{text}, uitstel gemeld" if self.uitstel else text

    @property
    def publicatie(self) -> str | None:
        return question_set_id(self.kenmerk)

    @property
    def url(self) -> str | None:
        return publication_url(self.publicatie)


def open_question_sets(store: Store, ministry: str | None = None) -> list[OpenSet]:
    """Open sets (optionally for one ministry: its canonical name, see parse/ministries.py),
    the most urgent first."""
    tables = SyncTables(store)
    answered, notices = _answers_and_notices(store, tables)
    closed = answered | tables.withdrawn()
    files = {
        kenmerk: doc["bestand"]
        for doc in tables.documents()
        if doc["soort"] == QUESTION_SOORT
        and doc["status"] == SyncDocumentStatus.OPGENOMEN
        and doc["bestand"]
        for kenmerk in doc["kenmerken"]
        if Path(doc["bestand"]).is_file()
    }
    found = []
    for zaak in tables.zaken():
        nummer = zaak["nummer"]
        if not nummer or zaak["afgedaan"] or nummer in closed:
            continue
        if ministry and ministry not in zaak["ministeries"]:
            continue
        actors = zaak["actors"]
        found.append(
            OpenSet(
                kenmerk=nummer,
                onderwerp=zaak["onderwerp"],
                ingezonden=date.fromisoformat(zaak["ingezonden"]) if zaak["ingezonden"] else None,
                indieners=tuple(
                    member_text(a["naam"], a.get("fractie"))
                    for a in actors
                    if a["relatie"] in ("Indiener", "Medeindiener")
                ),
                gericht_aan=tuple(
                    f"{a['functie']} ({a['naam']})" if a.get("functie") else a["naam"]
                    for a in actors
                    if a["relatie"] == "Gericht aan"
                ),
                ministeries=tuple(zaak["ministeries"]),
                uitstel=notices.get(nummer),
                vragen_bestand=files.get(nummer),
            )
        )
    return sorted(found, key=lambda s: (s.deadline or date.max, s.kenmerk))


def postponement_of(store: Store, kenmerk: str | None) -> date | None:
    """The date of the latest postponement notice for this set, synced or ingested."""
    if not kenmerk:
        return None  # one set, asked on every render of its draft: a targeted query
    found = SyncTables(store).last_notice(kenmerk, NOTICE_SOORT)
    return date.fromisoformat(found) if found else None


def _answers_and_notices(store: Store, tables: SyncTables) -> tuple[set[str], dict[str, date]]:
    answered: set[str] = set()
    notices: dict[str, date] = {}

    def note(kenmerk: str, when: str | None) -> None:
        if when:
            day = date.fromisoformat(when[:10])
            notices[kenmerk] = max(notices.get(kenmerk, day), day)

    for doc in tables.documents():
        for kenmerk in doc["kenmerken"]:
            if doc["soort"] in ANSWER_SOORTEN:
                answered.add(kenmerk)
            elif doc["soort"] == NOTICE_SOORT:
                note(kenmerk, doc["datum"])
    rows = store.db.execute(
        "SELECT kind, kenmerk, COALESCE(datum, ontvangen) AS d FROM documents "
        "WHERE kenmerk IS NOT NULL"
    )
    for row in rows:
        if row["kind"] == DocumentKind.ANTWOORD:
            answered.add(row["kenmerk"])
        elif row["kind"] == DocumentKind.MEDEDELING:
            note(row["kenmerk"], row["d"])
    return answered, notices
