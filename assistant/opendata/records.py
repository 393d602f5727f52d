"""What the sync knows about the Kamer's objects: frozen records (their official identifiers
are made by assistant.identifiers).

The records do not depend on how the Kamer serves them: syncfeed.py reads its
Atom feed into these, and a future interface would too. Times are normalised
once here (UTC text, so text order is time order) and calendar days are taken
in Dutch local time, as the Kamer means them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ..identifiers import aanhangsel_id, question_set_id
from ..parse.ministries import addressee_ministry
from .client import ServiceError

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

ZAAK_SOORT = "Schriftelijke vragen"
ANSWER_SOORTEN = ("Antwoord schriftelijke vragen", "Antwoord schriftelijke vragen (nader)")
NOTICE_SOORT = "Mededeling (uitstel antwoord)"
QUESTION_SOORT = "Schriftelijke vragen"
# A plain "Mededeling" on a question set whose subject says the questions are withdrawn closes
# the set (as public clients such as berthubert/tkconv count open questions).
WITHDRAWAL_SOORT = "Mededeling"
_WITHDRAWN = re.compile(r"ingetrokken|intrekken|intrekking", re.I)
DOCUMENT_SOORTEN = (*ANSWER_SOORTEN, NOTICE_SOORT)  # these go into the corpus
SYNCED_SOORTEN = (*DOCUMENT_SOORTEN, QUESTION_SOORT)  # the questions only while unanswered


@dataclass(frozen=True)
class TkActor:
    """A member who asked (Indiener, Medeindiener) or a bewindspersoon asked (Gericht aan)."""

    naam: str
    relatie: str
    fractie: str | None = None
    functie: str | None = None


@dataclass(frozen=True)
class TkZaakActor:
    """One ZaakActor as the feed sends it: which member or minister belongs to which zaak."""

    id: str
    gewijzigd_op: str
    verwijderd: bool
    zaak_id: str | None = None
    actor: TkActor | None = None


@dataclass(frozen=True)
class TkZaak:
    """One set of written questions (Zaak of soort 'Schriftelijke vragen')."""

    id: str
    gewijzigd_op: str  # normalised UTC timestamp of the change at the source (bijgewerkt)
    verwijderd: bool
    nummer: str | None = None  # the kenmerk, e.g. 2024Z03568
    soort: str | None = None
    onderwerp: str | None = None
    gestart_op: date | None = None  # ingezonden
    afgedaan: bool = False
    vergaderjaar: str | None = None
    actors: tuple[TkActor, ...] = ()

    @property
    def indieners(self) -> tuple[TkActor, ...]:
        return tuple(a for a in self.actors if a.relatie in ("Indiener", "Medeindiener"))

    @property
    def gericht_aan(self) -> tuple[TkActor, ...]:
        return tuple(a for a in self.actors if a.relatie == "Gericht aan")

    @property
    def ministeries(self) -> tuple[str, ...]:
        """The ministries addressed, from the addressees' functions."""
        found = (_ministry(part) for a in self.gericht_aan for part in (a.functie or "").split(","))
        return tuple(dict.fromkeys(m for m in found if m))

    @property
    def publicatie(self) -> str | None:
        return question_set_id(self.nummer)


@dataclass(frozen=True)
class TkDocument:
    """An answer, a later answer or a postponement notice, with the question sets it belongs to."""

    id: str
    gewijzigd_op: str
    verwijderd: bool
    soort: str | None = None
    documentnummer: str | None = None
    onderwerp: str | None = None
    datum: date | None = None
    aanhangselnummer: str | None = None
    content_type: str | None = None
    content_length: int | None = None
    versie: str | None = None  # the current DocumentVersie: a new one means a new file
    bestand_url: str | None = None  # where the file is (the feed's enclosure)
    zaak_ids: tuple[str, ...] = ()  # every zaak it refers to, of any soort
    zaken: tuple[TkZaak, ...] = ()  # the written-question sets among them, as stored

    @property
    def bestand(self) -> str:
        """What identifies the file behind this document: it changes when the file does."""
        return f"{self.versie or ''}|{self.content_type or ''}|{self.content_length or ''}"

    @property
    def is_withdrawal(self) -> bool:
        return self.soort == WITHDRAWAL_SOORT and bool(_WITHDRAWN.search(self.onderwerp or ""))

    @property
    def kenmerken(self) -> tuple[str, ...]:
        return tuple(z.nummer for z in self.zaken if z.nummer)

    @property
    def is_questions(self) -> bool:
        return self.soort == QUESTION_SOORT

    @property
    def is_notice(self) -> bool:
        return self.soort == NOTICE_SOORT

    @property
    def publicatie(self) -> str | None:
        """ah-tk-<vergaderjaar>-<nr> for an answer published in the Aanhangsel."""
        return aanhangsel_id(self.aanhangselnummer)

    @property
    def ministeries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for z in self.zaken for m in z.ministeries))

    @property
    def extension(self) -> str:
        kind = (self.content_type or "").split(";")[0].strip().lower()
        return _EXTENSIONS.get(kind, ".pdf")


_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}


def _ministry(function: str) -> str | None:
    """'minister van Justitie en Veiligheid' -> 'Justitie en Veiligheid' (the registry, see
    parse/ministries.py); titles without a ministry ('Tweede Kamerlid') give None."""
    return addressee_ministry(function.strip())


class MalformedRecord(ServiceError):
    """An object whose fields do not have the types of the service's schema."""


def normalise_timestamp(value) -> str:
    """Any xs:dateTime -> 'YYYY-MM-DDTHH:MM:SS.ffffffZ' in UTC, so text order is time order.
    A time without offset is Dutch local time (the feed writes tk:bijgewerkt that way)."""
    if not value:
        return "0001-01-01T00:00:00.000000Z"
    moment = parse_moment(str(value))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_moment(text: str) -> datetime:
    """An xs:dateTime as an aware datetime; ValueError when it is none."""
    text = text.strip().replace("Z", "+00:00")
    # Python accepts at most six fractional digits; the service sends up to seven
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def local_day(value) -> date | None:
    """The Dutch calendar day of a date or date-time: 2024-10-01T22:00:00Z is 2 October, and a
    date-time without offset is taken as written. ValueError when it is no date."""
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return date.fromisoformat(text)
    return parse_moment(text).astimezone(AMSTERDAM).date()


def _text(value) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
