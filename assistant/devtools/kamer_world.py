"""Builders for the test world of the sync: the Kamer's objects and the PDFs behind them.

An object is a dict with the Gegevensmagazijn's attribute names (Id, Nummer, Soort,
GewijzigdOp, ... as its documentation names them); fake_syncfeed.py renders these dicts
as the SyncFeed's XML, so the tests describe the world once. Ids are deterministic
(uuid5 of the Nummer or DocumentNummer) so tests can refer to them without bookkeeping.
Every name, topic and answer text here is fictional.
"""

from __future__ import annotations

import copy
import textwrap
import uuid
from datetime import UTC, date, datetime, timedelta

from assistant.dates import parse_dutch_date
from assistant.devtools.tiny_pdf import Line, line, make_pdf

_NAMESPACE = uuid.UUID("5d0f3c56-0b1e-4c57-9a0e-6f64a4a0d7a1")

ZAAK_FIELDS = (
    "Id", "Nummer", "Soort", "Titel", "Citeertitel", "Alias", "Status", "Onderwerp",
    "GestartOp", "Organisatie", "Grondslagvoorhang", "Termijn", "Vergaderjaar", "Volgnummer",
    "HuidigeBehandelstatus", "Afgedaan", "GrootProject", "Kabinetsappreciatie", "DatumAfgedaan",
    "Kamer", "GewijzigdOp", "ApiGewijzigdOp", "Verwijderd",
)  # fmt: skip
ZAAK_ACTOR_FIELDS = (
    "Id", "Zaak_Id", "ActorNaam", "ActorFractie", "ActorAfkorting", "Functie", "Relatie",
    "SidActor", "Persoon_Id", "Fractie_Id", "Commissie_Id", "GewijzigdOp", "ApiGewijzigdOp",
    "Verwijderd",
)  # fmt: skip
DOCUMENT_FIELDS = (
    "Id", "Soort", "DocumentNummer", "Titel", "Onderwerp", "Datum", "Volgnummer", "Citeertitel",
    "Alias", "DatumRegistratie", "DatumOntvangst", "Aanhangselnummer", "KenmerkAfzender",
    "Organisatie", "ContentType", "ContentLength", "GewijzigdOp", "ApiGewijzigdOp", "Verwijderd",
    "HuidigeDocumentVersie_Id", "Vergaderjaar", "Kamer",
)  # fmt: skip
_ZAAK_SUMMARY = ("Id", "Nummer", "Soort", "Onderwerp", "Afgedaan", "GestartOp")


def _uid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(parts)))


def _moment(text: str) -> datetime:
    """An OData DateTimeOffset (up to seven fractional digits; naive means UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def api_time(text: str) -> str:
    """ApiGewijzigdOp as the service writes it: UTC with seven fractional digits."""
    return _moment(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def vergaderjaar(day: date) -> str:
    """'2023-2024': a parliamentary year starts on the third Tuesday of September."""
    first = date(day.year, 9, 1)
    start = first + timedelta(days=(1 - first.weekday()) % 7 + 14)
    year = day.year if day >= start else day.year - 1
    return f"{year}-{year + 1}"


def _local_day(text: str) -> date:
    """The calendar day as written (GestartOp 2024-03-03T00:00:00+01:00 is 3 March)."""
    return date.fromisoformat(text[:10])


def _actor(zaak_id: str, relatie: str, naam: str, fractie: str | None, functie: str, when: str):
    return {
        "Id": _uid(zaak_id, relatie, naam),
        "Zaak_Id": zaak_id,
        "ActorNaam": naam,
        "ActorFractie": fractie,
        "ActorAfkorting": fractie,
        "Functie": functie,
        "Relatie": relatie,
        "SidActor": None,
        "Persoon_Id": _uid("persoon", naam),
        "Fractie_Id": _uid("fractie", fractie) if fractie else None,
        "Commissie_Id": None,
        "GewijzigdOp": when,
        "ApiGewijzigdOp": api_time(when),
        "Verwijderd": False,
    }


def zaak(
    nummer: str,
    onderwerp: str,
    gestart_op: str,
    gewijzigd_op: str,
    *,
    indieners=(("H. de Vries", "VVD"),),
    medeindieners=(),
    gericht_aan=(("M.J. Verhoef", "minister van Justitie en Veiligheid"),),  # fictional
    afgedaan: bool = False,
    id: str | None = None,
) -> dict:
    """A Zaak of soort 'Schriftelijke vragen' with its ZaakActor list (as $expand gives it)."""
    zaak_id = id or _uid("zaak", nummer)
    actors = [
        *(_actor(zaak_id, "Indiener", n, f, "Tweede Kamerlid", gewijzigd_op) for n, f in indieners),
        *(
            _actor(zaak_id, "Medeindiener", n, f, "Tweede Kamerlid", gewijzigd_op)
            for n, f in medeindieners
        ),
        *(_actor(zaak_id, "Gericht aan", n, None, f, gewijzigd_op) for n, f in gericht_aan),
    ]
    digits = nummer[5:] if len(nummer) > 5 else ""
    return {
        "Id": zaak_id,
        "Nummer": nummer,
        "Soort": "Schriftelijke vragen",
        "Titel": onderwerp,
        "Citeertitel": None,
        "Alias": None,
        "Status": "Vrijgegeven",
        "Onderwerp": onderwerp,
        "GestartOp": gestart_op,
        "Organisatie": "Tweede Kamer",
        "Grondslagvoorhang": None,
        "Termijn": None,
        "Vergaderjaar": vergaderjaar(_local_day(gestart_op)),
        "Volgnummer": int(digits) if digits.isdigit() else 0,
        "HuidigeBehandelstatus": None,
        "Afgedaan": afgedaan,
        "GrootProject": False,
        "Kabinetsappreciatie": "Nog niet ontvangen",
        "DatumAfgedaan": gewijzigd_op if afgedaan else None,
        "Kamer": "Tweede Kamer",
        "GewijzigdOp": gewijzigd_op,
        "ApiGewijzigdOp": api_time(gewijzigd_op),
        "Verwijderd": False,
        "ZaakActor": actors,
    }


def document(
    soort: str,
    zaken: list[dict],
    datum: str,
    gewijzigd_op: str,
    *,
    documentnummer: str,
    aanhangselnummer: str | None = None,
    onderwerp: str | None = None,
    content_type: str = "application/pdf",
    content_length: int | None = None,
    id: str | None = None,
) -> dict:
    """A Document ('Antwoord schriftelijke vragen', 'Mededeling (uitstel antwoord)', ...)
    with the zaken it belongs to, each as a summary with its ZaakActor list."""
    doc_id = id or _uid("document", documentnummer)
    subject = onderwerp or (f"{soort} over {zaken[0]['Onderwerp']}" if zaken else soort)
    return {
        "Id": doc_id,
        "Soort": soort,
        "DocumentNummer": documentnummer,
        "Titel": subject,
        "Onderwerp": subject,
        "Datum": datum,
        "Volgnummer": -1,
        "Citeertitel": None,
        "Alias": None,
        "DatumRegistratie": datum,
        "DatumOntvangst": datum,
        "Aanhangselnummer": aanhangselnummer,
        "KenmerkAfzender": None,
        "Organisatie": "Tweede Kamer",
        "ContentType": content_type,
        "ContentLength": content_length,
        "GewijzigdOp": gewijzigd_op,
        "ApiGewijzigdOp": api_time(gewijzigd_op),
        "Verwijderd": False,
        "HuidigeDocumentVersie_Id": _uid("versie", doc_id),
        "Vergaderjaar": vergaderjaar(_local_day(datum)),
        "Kamer": "Tweede Kamer",
        "Zaak": [
            {**{k: z[k] for k in _ZAAK_SUMMARY}, "ZaakActor": copy.deepcopy(z["ZaakActor"])}
            for z in zaken
        ],
    }


def tombstone(obj: dict, gewijzigd_op: str) -> dict:
    """What a deleted object may look like: only Id, Verwijderd=True and the change times;
    every other field null and navigation lists empty (the worst case a client must handle)."""
    if obj.get("GewijzigdOp") and _moment(gewijzigd_op) <= _moment(obj["GewijzigdOp"]):
        raise ValueError("a tombstone needs a newer GewijzigdOp than the object it deletes")
    dead = {k: [] if isinstance(v, list) else None for k, v in obj.items()}
    dead.update(
        Id=obj["Id"],
        Verwijderd=True,
        GewijzigdOp=gewijzigd_op,
        ApiGewijzigdOp=api_time(gewijzigd_op),
    )
    return dead


# --- PDFs in the shape of an Aanhangsel van de Handelingen --------------------------------------

LID = "De Vries (VVD)"
_TOP, _BOTTOM, _STEP = 790.0, 90.0, 12.0


def _addressee(minister: str) -> str:
    """'Minister Van Dijk (Justitie en Veiligheid)' -> 'de Minister van Justitie en Veiligheid'."""
    role, _, rest = minister.partition(" ")
    portfolio = rest.rpartition("(")[2].rstrip(")") if "(" in rest else rest
    return f"de {role} van {portfolio}"


def _aanhangsel(paragraphs: list[str], when: str, ah_id: str | None) -> bytes:
    """Paragraphs wrapped at ~90 characters over as many pages as needed, with the
    running footer (and the ah-tk id on page 1) where real Aanhangsel PDFs have them."""
    day = parse_dutch_date(when)
    start, end = vergaderjaar(day).split("-") if day else ("2023", "2024")
    header = [
        "Tweede Kamer der Staten-Generaal",
        f"Vergaderjaar {start}–{end}  Aanhangsel van de Handelingen",
        "[Fictief testmateriaal voor de Kamervragen-assistent. Personen en feiten zijn verzonnen.]",
    ]
    pages: list[list[Line]] = [[]]
    y = _TOP
    for paragraph in [*header, *paragraphs]:
        for text in textwrap.wrap(paragraph, 90) or [""]:
            if y < _BOTTOM:
                pages.append([])
                y = _TOP
            pages[-1].append(line(y, text))
            y -= _STEP
        y -= _STEP
    for number, page in enumerate(pages, start=1):
        footer = f"Tweede Kamer, vergaderjaar {start}–{end}, Aanhangsel {number}"
        page.append(line(50, footer, size=9))
    if ah_id:
        pages[0].append(line(62, ah_id, size=7))
    return make_pdf(pages)


def answer_pdf(
    kenmerk: str,
    onderwerp: str,
    pairs: list[tuple[str, str]],
    *,
    minister: str = "Minister Van Dijk (Justitie en Veiligheid)",
    ingezonden: str = "3 maart 2024",
    ontvangen: str = "25 maart 2024",
    ah_id: str | None = None,
) -> bytes:
    """An answer document: the kenmerk line, the 'Vragen van ...' and 'Antwoord van ...'
    sentences, then 'Vraag n' / 'Antwoord n' for every (question, answer) pair."""
    body = [
        kenmerk,
        f"Vragen van het lid {LID} aan {_addressee(minister)} over {onderwerp} "
        f"(ingezonden {ingezonden}).",
        f"Antwoord van {minister} (ontvangen {ontvangen}).",
    ]
    for nr, (vraag, antwoord) in enumerate(pairs, start=1):
        body += [f"Vraag {nr}", vraag, f"Antwoord {nr}", antwoord]
    return _aanhangsel(body, ontvangen, ah_id)


def mededeling_pdf(
    kenmerk: str,
    onderwerp: str,
    *,
    ingezonden: str,
    reden: str,
    minister: str = "Minister Van Dijk (Justitie en Veiligheid)",
    ontvangen: str = "25 maart 2024",
    ah_id: str | None = None,
) -> bytes:
    """A postponement notice: the questions cannot be answered in time, because `reden`."""
    vragen = f"het lid {LID} aan {_addressee(minister)} over {onderwerp}"
    body = [
        kenmerk,
        f"Vragen van {vragen} (ingezonden {ingezonden}).",
        f"Mededeling van {minister} (ontvangen {ontvangen}).",
        f"De vragen van {vragen} (ingezonden {ingezonden}) kunnen niet binnen de gebruikelijke "
        f"termijn van drie weken worden beantwoord, omdat {reden.rstrip('.')}. Ik streef ernaar "
        "de vragen zo spoedig mogelijk te beantwoorden.",
    ]
    return _aanhangsel(body, ontvangen, ah_id)


def questions_pdf(
    kenmerk: str,
    onderwerp: str,
    questions: list[str],
    *,
    ingezonden: str,
    minister: str = "Minister Van Dijk (Justitie en Veiligheid)",
) -> bytes:
    """An incoming question set as the Kamer registers it: kenmerk, the 'Vragen van ...'
    sentence and 'Vraag n' with its text; no answers yet."""
    body = [
        kenmerk,
        f"Vragen van het lid {LID} aan {_addressee(minister)} over {onderwerp} "
        f"(ingezonden {ingezonden}).",
    ]
    for nr, vraag in enumerate(questions, start=1):
        body += [f"Vraag {nr}", vraag]
    return _aanhangsel(body, ingezonden, None)


# --- the real Aanhangsel PDFs of ../shared/data, served as the Kamer would ---------------------


def aanhangselnummer(ah_id: str) -> str:
    """'ah-tk-20232024-1314' -> '232401314' (the API's YY YY NNNNN form)."""
    _, _, years, nr = ah_id.split("-")
    return f"{years[2:4]}{years[6:8]}{int(nr):05d}"


# --- hostile files: small to send, huge once unpacked -------------------------------------------


# --- running a sync against a fake ---------------------------------------------------------------
