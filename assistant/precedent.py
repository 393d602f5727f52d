"""The whole precedent behind a suggestion: the full answer with the question it answered,
the document it comes from (every Q/A pair or passage of it), and where it was published.

An officer judges a suggestion by what it answered and where it stands, not by a
600-character excerpt; this is what the app opens in its side panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AssistantError
from .identifiers import publication_url, question_set_id
from .store import Store

KIND_LABELS = {
    "antwoord": "antwoord op Kamervragen",
    "qa-export": "vraag en antwoord (export)",
    "beleid": "beleidstekst",
    "mededeling": "mededeling (uitstel)",
}


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
    kind, _, raw = passage_id.partition(":")
    if kind not in ("qa", "p") or not raw.isdigit():
        raise AssistantError(f"onbekende bron '{passage_id}'", code="no-source")
    found = (store.qa_by_ids if kind == "qa" else store.passages_by_ids)([int(raw)])
    if not found:
        raise AssistantError(
            "deze bron staat niet meer in het corpus (verwijderd of vervangen)", code="no-source"
        )
    row, doc = found[int(raw)]
    fictief = bool(doc["meta"].get("fictief"))
    common = dict(
        passage_id=passage_id,
        kind=doc["kind"],
        soort=KIND_LABELS.get(doc["kind"], doc["kind"]),
        titel=doc["title"],
        ministerie=doc["ministerie"],
        ah_id=doc["ah_id"],
        fictief=fictief,
        bron=doc["meta"].get("bron") or doc["name"],
    )
    if kind == "qa":
        parts = tuple(
            PrecedentPart(
                nrs=tuple(r["vraag_nrs"]) or ((r["nr"],) if r["nr"] is not None else ()),
                vraag=r["vraag"] or None,
                tekst=r["antwoord"] or "",
                is_cited=r["id"] == row["id"],
            )
            for r in store.qa_of_document(doc["id"])
        )
        kenmerk = row["kenmerk"] or doc["kenmerk"]
        return Precedent(
            **common,
            onderwerp=row["onderwerp"] or doc["onderwerp"],
            datum=row["datum"] or doc["datum"] or doc["ingezonden"],
            kenmerk=kenmerk,
            url=publication_link(doc["ah_id"], kenmerk, fictief),
            vraag=row["vraag"] or None,
            tekst=row["antwoord"] or "",
            nrs=tuple(row["vraag_nrs"]) or ((row["nr"],) if row["nr"] is not None else ()),
            parts=_merge_grouped(parts),
        )
    parts = tuple(
        PrecedentPart(
            nrs=(), vraag=None, tekst=p["tekst"], kop=tuple(p["kop"]), is_cited=p["id"] == row["id"]
        )
        for p in store.passages_of_document(doc["id"])
    )
    return Precedent(
        **common,
        onderwerp=doc["onderwerp"] or doc["title"],
        datum=doc["datum"],
        kenmerk=doc["kenmerk"],
        url=publication_link(doc["ah_id"], doc["kenmerk"], fictief),
        vraag=None,
        tekst=row["tekst"],
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
