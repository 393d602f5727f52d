"""Gegevensmagazijn objects -> frozen records, and the official publication identifiers.

The OData service returns loose JSON with many nullable fields; a deleted
object may come back as a tombstone with little more than its Id. Everything
the sync needs is read here once, so the rest of the code never touches the
raw dictionaries.

Every field read is checked against the type the service's schema gives it
(text, boolean, date-time, a list of objects; null is always allowed). An object
that breaks its schema raises MalformedRecord, a ServiceError: the sync stops with
exit 3 and keeps its cursor before that object, rather than skipping it and moving
past it for good (a skipped answer would never come back in an incremental run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ..parse.ministries import MINISTRIES, ministry_of
from .client import ServiceError

ZAAK_SOORT = "Schriftelijke vragen"
ANSWER_SOORTEN = ("Antwoord schriftelijke vragen", "Antwoord schriftelijke vragen (nader)")
NOTICE_SOORT = "Mededeling (uitstel antwoord)"
QUESTION_SOORT = "Schriftelijke vragen"
DOCUMENT_SOORTEN = (*ANSWER_SOORTEN, NOTICE_SOORT)  # these go into the corpus
SYNCED_SOORTEN = (*DOCUMENT_SOORTEN, QUESTION_SOORT)  # the questions only while unanswered

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{}.html"


@dataclass(frozen=True)
class TkActor:
    """A member who asked (Indiener, Medeindiener) or a bewindspersoon asked (Gericht aan)."""

    naam: str
    relatie: str
    fractie: str | None = None
    functie: str | None = None


@dataclass(frozen=True)
class TkZaak:
    """One set of written questions (Zaak of soort 'Schriftelijke vragen')."""

    id: str
    gewijzigd_op: str  # normalised UTC timestamp, the sync cursor's unit
    verwijderd: bool
    nummer: str | None = None  # the kenmerk, e.g. 2024Z03568
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
    zaken: tuple[TkZaak, ...] = ()

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
    """'minister van Justitie en Veiligheid' -> 'Justitie en Veiligheid'; titles without a
    ministry ('Tweede Kamerlid') give None."""
    if re.fullmatch(r"\s*minister-president\s*", function, flags=re.I):
        return "Algemene Zaken"
    found = ministry_of(function)
    return found if found in MINISTRIES else None


class MalformedRecord(ServiceError):
    """An object whose fields do not have the types of the service's schema."""


def zaak_from_json(obj: dict) -> TkZaak:
    what = f"Zaak {_identifier(obj, 'Zaak')}"
    return TkZaak(
        id=obj["Id"],
        gewijzigd_op=_timestamp(obj, what),
        verwijderd=bool(_field(obj, "Verwijderd", bool, what)),
        nummer=_text(_field(obj, "Nummer", str, what)),
        onderwerp=_text(_field(obj, "Onderwerp", str, what)),
        gestart_op=_day(obj, "GestartOp", what),
        afgedaan=bool(_field(obj, "Afgedaan", bool, what)),
        vergaderjaar=_text(_field(obj, "Vergaderjaar", str, what)),
        actors=tuple(
            TkActor(
                naam=_text(_field(a, "ActorNaam", str, what)) or "",
                relatie=_text(_field(a, "Relatie", str, what)) or "",
                fractie=_text(_field(a, "ActorFractie", str, what)),
                functie=_text(_field(a, "Functie", str, what)),
            )
            for a in _objects(obj, "ZaakActor", what)
            if not _field(a, "Verwijderd", bool, what)
        ),
    )


def document_from_json(obj: dict) -> TkDocument:
    what = f"Document {_identifier(obj, 'Document')}"
    return TkDocument(
        id=obj["Id"],
        gewijzigd_op=_timestamp(obj, what),
        verwijderd=bool(_field(obj, "Verwijderd", bool, what)),
        soort=_text(_field(obj, "Soort", str, what)),
        documentnummer=_text(_field(obj, "DocumentNummer", str, what)),
        onderwerp=_text(_field(obj, "Onderwerp", str, what)),
        datum=_day(obj, "Datum", what),
        aanhangselnummer=_text(_field(obj, "Aanhangselnummer", str, what)),
        content_type=_text(_field(obj, "ContentType", str, what)),
        zaken=tuple(
            zaak_from_json(z) for z in _objects(obj, "Zaak", what) if z.get("Id") is not None
        ),
    )


_IDENTIFIER = re.compile(r"[0-9A-Za-z_-]{1,64}")  # the service's GUIDs; goes into URLs and names


def _identifier(obj: dict, entity: str) -> str:
    value = obj.get("Id")
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {entity} met ongeldige Id ({str(value)[:40]!r})"
        )
    return value


_TYPE_NAMES = {str: "tekst", bool: "true/false", list: "lijst"}


def _field(obj: dict, name: str, kind: type, what: str):
    """obj[name] when it is null, absent or of the schema's type; MalformedRecord otherwise."""
    value = obj.get(name)
    if value is None or (isinstance(value, kind) and (kind is bool or not isinstance(value, bool))):
        return value
    raise MalformedRecord(
        f"onverwacht antwoord van de API: {what}: {name} is geen {_TYPE_NAMES[kind]} "
        f"({type(value).__name__} {str(value)[:40]!r})"
    )


def _objects(obj: dict, name: str, what: str) -> list[dict]:
    """An expanded navigation property: a list of objects (or null)."""
    items = _field(obj, name, list, what) or []
    if not all(isinstance(item, dict) for item in items):
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: {name} bevat iets anders dan objecten"
        )
    return items


def _timestamp(obj: dict, what: str) -> str:
    value = _field(obj, "GewijzigdOp", str, what)
    try:
        return normalise_timestamp(value)
    except (ValueError, OverflowError) as exc:
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: GewijzigdOp is geen tijdstip "
            f"({str(value)[:40]!r})"
        ) from exc


def _day(obj: dict, name: str, what: str) -> date | None:
    value = _field(obj, name, str, what)
    try:
        return _date(value)
    except ValueError as exc:
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: {name} is geen datum ({str(value)[:40]!r})"
        ) from exc


def question_set_id(kenmerk: str | None) -> str | None:
    """kv-tk-2021Z16950: the question set as published on officielebekendmakingen.nl."""
    return f"kv-tk-{kenmerk}" if kenmerk and re.fullmatch(r"\d{4}Z\d{5}", kenmerk) else None


def aanhangsel_id(aanhangselnummer: str | None) -> str | None:
    """'232401314' (the API's form: YY YY NNNNN) -> 'ah-tk-20232024-1314'."""
    if not aanhangselnummer or not re.fullmatch(r"\d{9}", aanhangselnummer):
        return None
    first, nr = int(aanhangselnummer[:2]), int(aanhangselnummer[4:])
    start = (1900 if first >= 90 else 2000) + first
    return f"ah-tk-{start}{start + 1}-{nr}"


_PUBLICATION_ID = re.compile(r"ah-tk-\d{8}-\d+|kv-tk-\d{4}Z\d{5}")


def publication_url(publication_id: str | None) -> str | None:
    """The official page of a kv-tk-… or ah-tk-… publication; None for anything else (a demo
    id such as demo-ah-20232024-9325 never becomes a link)."""
    if not publication_id or not _PUBLICATION_ID.fullmatch(publication_id):
        return None
    return OFFICIAL_URL.format(publication_id)


def normalise_timestamp(value) -> str:
    """Any OData DateTimeOffset -> 'YYYY-MM-DDTHH:MM:SS.ffffffZ' in UTC, so text order is time
    order and the value can go back into a $filter literally."""
    if not value:
        return "0001-01-01T00:00:00.000000Z"
    moment = _datetime(str(value))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _datetime(text: str) -> datetime:
    text = text.strip().replace("Z", "+00:00")
    # Python accepts at most six fractional digits; the service sends up to seven
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date(value) -> date | None:
    if not value:
        return None
    text = str(value)
    # a date-time with offset means that local calendar day (GestartOp 2024-10-02T00:00:00+02:00)
    return date.fromisoformat(text[:10]) if re.match(r"\d{4}-\d\d-\d\d", text) else None


def _text(value) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
