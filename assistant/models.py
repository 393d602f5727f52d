"""Frozen dataclasses that cross module boundaries.

``QuestionSet.to_dict()`` produces the stable JSON shape documented in the
README (``assistant questions --json``); keys are Dutch as in the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .vocabulary import ProposalStatus


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


@dataclass(frozen=True)
class QARecord:
    """One answered (or not yet answered) question from a past answer document or export.

    ``vraag_nrs`` are the question numbers the answer covers: a grouped answer
    ("Antwoord op vragen 2 en 3") gives records 2 and 3 the same answer and
    vraag_nrs (2, 3). ``antwoord`` is None when the document holds no answer
    (a postponement notice).
    """

    nr: int | None
    vraag: str
    antwoord: str | None
    vraag_nrs: tuple[int, ...] = ()
    vraag_voetnoten: tuple[Footnote, ...] = ()
    antwoord_voetnoten: tuple[Footnote, ...] = ()
    external_id: str | None = None
    # per-record metadata (Q/A exports carry their own; answer documents leave these empty)
    kenmerk: str | None = None
    datum: date | None = None
    ministerie: str | None = None
    onderwerp: str | None = None
    bron: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Passage:
    """A citable piece of a policy document, cut along headings and sentences."""

    seq: int
    tekst: str
    kop: tuple[str, ...] = ()  # heading path, outermost first
    voetnoten: tuple[Footnote, ...] = ()


@dataclass(frozen=True)
class CorpusDocument:
    """A parsed source document, ready to store: answers, a notice, policy or an export.

    kind: "antwoord" (answer document), "mededeling" (postponement or other
    notice instead of an answer), "beleid" (policy text) or "qa-export".
    """

    kind: str
    title: str | None = None
    kenmerk: str | None = None
    ah_id: str | None = None
    vergaderjaar: str | None = None
    ingezonden: date | None = None
    ontvangen: date | None = None
    datum: date | None = None  # the document's own date (letter date, ontvangen)
    indieners: tuple[Member, ...] = ()
    gericht_aan: tuple[str, ...] = ()
    beantwoord_door: str | None = None
    ministerie: str | None = None
    mede_namens: tuple[str, ...] = ()
    onderwerp: str | None = None
    mededeling: str | None = None
    records: tuple[QARecord, ...] = ()
    passages: tuple[Passage, ...] = ()
    warnings: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict)


def question_set_from_dict(data: dict) -> QuestionSet:
    """The inverse of QuestionSet.to_dict (drafts are stored as JSON)."""
    return QuestionSet(
        kenmerk=data.get("kenmerk"),
        indieners=tuple(Member(m["naam"], m.get("partij")) for m in data.get("indieners", [])),
        gericht_aan=tuple(data.get("gericht_aan", [])),
        onderwerp=data.get("onderwerp"),
        ingezonden=_date(data.get("ingezonden")),
        uiterste_antwoorddatum=_date(data.get("uiterste_antwoorddatum")),
        vragen=tuple(
            Question(
                q["nr"], q["tekst"], tuple(Footnote(f["nr"], f["tekst"]) for f in q["voetnoten"])
            )
            for q in data.get("vragen", [])
        ),
        toelichting=data.get("toelichting"),
        verwijzingen=tuple(data.get("verwijzingen", [])),
        waarschuwingen=tuple(data.get("waarschuwingen", [])),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Citation:
    """A precedent passage suggested for an answer, with what its source line needs."""

    passage_id: str
    label: str  # "ah-tk-20232024-1314, antwoord 3, 25 maart 2024"
    tekst: str
    score: float
    kind: str
    document_id: int
    external_id: str | None = None
    datum: str | None = None
    ministerie: str | None = None
    # what the officer needs to judge a suggestion without opening it
    vraag: str | None = None  # the question the precedent answered (Q/A records)
    onderwerp: str | None = None  # the onderwerp or title of the precedent's document
    ah_id: str | None = None  # its Aanhangsel identifier, when known (a publication link)
    fictief: bool = False  # demo material: never mistaken for a real publication
    sterkte: str | None = None  # "sterk", "redelijk" or "zwak" (calibrated, see strength.py)
    # "mogelijk achterhaald: nieuwer antwoord van 3 juli 2025 (ah-...)" when a newer
    # precedent on the same subject exists (outdated.py); ``nieuwer`` is its passage id
    achterhaald: str | None = None
    nieuwer: str | None = None


@dataclass(frozen=True)
class ProposalSentence:
    """One sentence of a composed proposal: taken from a precedent (``passage_id``, shown as
    "[Bron: label]"), or the question type's opening (no precedent, ``passage_id`` None)."""

    tekst: str
    passage_id: str | None = None
    label: str | None = None
    # consistency hints (facts.py): "controleer «85 drones»: het nieuwste precedent (...)
    # noemt «25 drones»"
    controleer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """The answer text composed from the precedents (compose.py), a proposal until the
    officer accepts it: only then does it enter the answer, without source markers."""

    zinnen: tuple[ProposalSentence, ...]
    status: str = ProposalStatus.OPEN  # a ProposalStatus value
    methode: str = "extractief"  # or "herschreven (<model>)" (rewrite.py)
    opmerking: str | None = None  # e.g. why a rewrite was refused

    @property
    def sources(self) -> tuple[str, ...]:
        """The passage ids the proposal cites, each once, in order."""
        return tuple(dict.fromkeys(z.passage_id for z in self.zinnen if z.passage_id))

    def plain_text(self) -> str:
        """The proposal as answer text: sentences only, no source markers or hints."""
        return " ".join(z.tekst.strip() for z in self.zinnen if z.tekst.strip())

    def hints(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h for z in self.zinnen for h in z.controleer))


def proposal_from_dict(data: dict | None) -> Proposal | None:
    """The inverse of dataclasses.asdict for a stored proposal."""
    if not data:
        return None
    sentences = tuple(
        ProposalSentence(
            z["tekst"], z.get("passage_id"), z.get("label"), tuple(z.get("controleer", ()))
        )
        for z in data.get("zinnen", ())
    )
    return Proposal(sentences, data.get("status", "open"), data.get("methode", "extractief"),
                    data.get("opmerking"))  # fmt: skip


@dataclass(frozen=True)
class DraftAnswer:
    """One answer: for one question or a group answered together."""

    nrs: tuple[int, ...]
    vraagtype: str
    opening: str
    tekst: str  # the answer text as the officer edits it; starts as the opening
    suggesties: tuple[Citation, ...] = ()
    gekozen: tuple[str, ...] = ()  # passage ids of suggestions the officer keeps and cites
    voorstel: Proposal | None = None  # composed from the precedents (compose.py)


@dataclass(frozen=True)
class Draft:
    vragen: QuestionSet
    antwoorden: tuple[DraftAnswer, ...]
    ministerie: str | None  # canonical name (parse/ministries.py); None: not chosen yet
    ondertekening: str
    naam_bewindspersoon: str = "[naam bewindspersoon]"
    mede_namens: tuple[str, ...] = ()
    vorm: str = "hierbij"  # or "in_antwoord" ("In antwoord op uw brief van ...")
    brief_datum: date | None = None  # the Kamer's letter, for the "in_antwoord" form
    # Our letter's Datum and Ons kenmerk, known when it goes out; until then the .docx
    # shows highlighted fill-in markers in their places.
    verzenddatum: date | None = None
    ons_kenmerk: str | None = None
    status: str = "concept"  # concept, in review, definitief
    groepsvoorstellen: tuple[tuple[int, ...], ...] = ()
    id: str | None = None
    aangemaakt: str | None = None
    gewijzigd: str | None = None
