"""Outdated precedents and the policy line per question.

An official who repeats an old policy line is the classic error. For each cited precedent
we look among the question's own search hits for a newer answer on the same subject: a
later date (by at least a month), the same ministry, another document, and a high cosine
between the two answers or between the questions they answered. The older one is marked
"mogelijk achterhaald" with the newer one named, and the newer one joins the suggestions.
Thresholds: ComposeSettings (config.py), measured by benchmarks/draft_quality.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .config import ComposeSettings
from .dates import format_dutch, iso_date
from .models import Citation


def _same_ministry(a: Citation, b: Citation) -> bool:
    return (
        bool(a.ministerie and b.ministerie) and a.ministerie.casefold() == b.ministerie.casefold()
    )


def same_subject(a: Citation, b: Citation, vectors: dict, settings: ComposeSettings) -> bool:
    """The two answers are close, or the questions they answered are."""
    va, vb = vectors.get(a.passage_id), vectors.get(b.passage_id)
    if va is None or vb is None:
        return False
    if float(np.dot(va[0], vb[0])) >= settings.outdated_cosine:
        return True
    qa, qb = va[1], vb[1]
    return (
        qa is not None
        and qb is not None
        and float(np.dot(qa, qb)) >= settings.outdated_question_cosine
    )


def newer_than(old: Citation, pool: list[Citation], vectors: dict, settings: ComposeSettings,
               relevance: dict[str, float] | None = None) -> Citation | None:  # fmt: skip
    """The newest precedent in ``pool`` that overtakes ``old``, or None. With ``relevance``
    (each precedent's cosine to the question) the newer one must answer the question about
    as well as the old one: a newer answer on a neighbouring point overtakes nothing."""
    relevance = relevance or {}
    when = iso_date(old.datum)
    if when is None:
        return None
    found = []
    for c in pool:
        later = iso_date(c.datum)
        if (
            later is not None
            and (later - when).days >= settings.outdated_min_days
            and c.document_id != old.document_id
            and len(c.tekst.split()) >= 8  # a bare "Ja." overtakes no policy line
            and _same_ministry(old, c)
            and same_subject(old, c, vectors, settings)
            and relevance.get(c.passage_id, 1.0)
            >= relevance.get(old.passage_id, 0.0) - settings.outdated_relevance_slack
        ):
            found.append((later, c.score, c))
    return max(found, key=lambda t: (t[0], t[1]))[2] if found else None


def warning(newer: Citation) -> str:
    """'mogelijk achterhaald: nieuwer antwoord van 3 juli 2025 (ah-tk-20242025-9089)'."""
    when = iso_date(newer.datum)
    what = "nieuwer antwoord" if newer.kind != "beleid" else "nieuwere tekst"
    ident = newer.ah_id or newer.label.split(",")[0]
    return (
        f"mogelijk achterhaald: {what} van {format_dutch(when) if when else newer.datum} ({ident})"
    )


def mark_outdated(shown: list[Citation], pool: list[Citation], vectors: dict,
                  settings: ComposeSettings,
                  relevance: dict[str, float] | None = None) -> list[Citation]:  # fmt: skip
    """The shown citations with outdated ones marked, plus the newer precedents they name
    (from ``pool``) that were not shown yet, after them."""
    out = list(shown)
    i = 0
    while i < len(out):
        c = out[i]
        newer = newer_than(c, pool, vectors, settings, relevance)
        if newer is not None:
            out[i] = replace(c, achterhaald=warning(newer), nieuwer=newer.passage_id)
            if all(o.passage_id != newer.passage_id for o in out):
                out.append(newer)  # checked in its turn: it may be overtaken too
        i += 1
    return out


@dataclass(frozen=True)
class TimelineEntry:
    datum: str | None  # ISO
    datum_tekst: str  # "5 november 2019" or "datum onbekend"
    label: str
    regel: str  # the precedent's first sentence, shortened
    achterhaald: str | None
    passage_id: str


def policy_line(citations) -> list[TimelineEntry]:
    """The precedents of one answer, oldest first: how the line developed."""
    from .sentences import sentences

    out = []
    for c in citations:
        when = iso_date(c.datum)
        split = sentences(c.tekst) or [c.tekst.strip()]
        first = next((s for s in split if len(s.split()) >= 5), split[0])
        line = first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + " …"
        out.append(
            TimelineEntry(
                c.datum,
                format_dutch(when) if when else "datum onbekend",
                c.label,
                line,
                c.achterhaald,
                c.passage_id,
            )
        )
    return sorted(out, key=lambda e: (e.datum is None, e.datum or ""))
