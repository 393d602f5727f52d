"""The whole precedent behind a suggestion: the full answer with the question it answered,
the document it comes from (every Q/A pair or passage of it), and where it was published.

An officer judges a suggestion by what it answered and where it stands, not by a
600-character excerpt; this is what the app opens in its side panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AssistantError
from .identifiers import publication_url, question_set_id
from .passage_id import PassageId
from .store import Store
from .stored import StoredQA
from .vocabulary import kind_label


@dataclass(frozen=True)
class PrecedentPart:
    """One Q/A pair (or one passage of a policy text) of the precedent's document."""

    nrs: tuple[int, ...]
    vraag: str | None
    tekst: str
    kop: tuple[str, ...] = ()
    is_cited: bool = False  # the part the suggestion came from


@dataclass(frozen=True)
class Precedent:
    passage_id: str
    kind: str
    soort: str  # the kind in Dutch words
    onderwerp: str | None
    titel: str | None
    ministerie: str | None
    datum: str | None  # ISO date
    kenmerk: str | None
    ah_id: str | None
    url: str | None  # the official publication, only for real Kamer identifiers
    fictief: bool
    bron: str  # the file or source it was read from
    vraag: str | None  # the question the cited answer answered
    tekst: str  # the full cited answer or passage
    nrs: tuple[int, ...]
    parts: tuple[PrecedentPart, ...]


def publication_link(ah_id: str | None, kenmerk: str | None, fictief: bool) -> str | None:
    """officielebekendmakingen.nl for a real ah-tk id (else the kv-tk question set); never
    for demo material."""
    if fictief:
        return None
    return publication_url(ah_id) or (
        publication_url(question_set_id(kenmerk)) if kenmerk else None
    )


def load_precedent(store: Store, passage_id: str) -> Precedent:
    """The precedent behind a passage id ("qa:12", "p:7"); AssistantError "no-source" when
    the id is malformed or its text is no longer in the corpus."""
    entry = store.entry(PassageId.parse(passage_id))
    if entry is None:
        raise AssistantError(
            "deze bron staat niet meer in het corpus (verwijderd of vervangen)", code="no-source"
        )
    doc = entry.document
    common = dict(
        passage_id=str(entry.passage_id),
        kind=doc.kind,
        soort=kind_label(doc.kind),
        titel=doc.title,
        ministerie=entry.ministerie if isinstance(entry, StoredQA) else doc.ministerie,
        ah_id=doc.ah_id,
        fictief=doc.fictief,
        bron=doc.bron,
    )
    if isinstance(entry, StoredQA):
        parts = tuple(
            PrecedentPart(
                nrs=qa.numbers,
                vraag=qa.vraag or None,
                tekst=qa.antwoord or "",
                is_cited=qa.id == entry.id,
            )
            for qa in store.qa_of_document(doc.id)
        )
        return Precedent(
            **common,
            onderwerp=entry.onderwerp,
            datum=entry.datum,
            kenmerk=entry.kenmerk,
            url=publication_link(doc.ah_id, entry.kenmerk, doc.fictief),
            vraag=entry.vraag or None,
            tekst=entry.antwoord or "",
            nrs=entry.numbers,
            parts=_merge_grouped(parts),
        )
    parts = tuple(
        PrecedentPart(nrs=(), vraag=None, tekst=p.tekst, kop=p.kop, is_cited=p.id == entry.id)
        for p in store.passages_of_document(doc.id)
    )
    return Precedent(
        **common,
        onderwerp=doc.subject,
        datum=doc.datum,
        kenmerk=doc.kenmerk,
        url=publication_link(doc.ah_id, doc.kenmerk, doc.fictief),
        vraag=None,
        tekst=entry.tekst,
        nrs=(),
        parts=parts,
    )


def _merge_grouped(parts: tuple[PrecedentPart, ...]) -> tuple[PrecedentPart, ...]:
    """A grouped answer is stored once per question: show it once, after its questions."""
    out: list[PrecedentPart] = []
    for part in parts:
        if out and part.nrs and part.nrs == out[-1].nrs and part.tekst == out[-1].tekst:
            last = out[-1]
            vraag = "\n".join(v for v in (last.vraag, part.vraag) if v)
            out[-1] = PrecedentPart(last.nrs, vraag or None, last.tekst, last.kop,
                                    last.is_cited or part.is_cited)  # fmt: skip
        else:
            out.append(part)
    return tuple(out)
