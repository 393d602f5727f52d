"""The proposed answer text, composed from the precedents' own sentences.

Grounded by construction: every proposed sentence is a sentence of a cited precedent
(its "[Bron: ...]" goes with it), except the question type's opening, which comes first.
Sentences are ranked by the e5 cosine to the question (the retrieval model), helped a
little by their precedent's rank and recency and held back when their precedent is
outdated; near-duplicates are dropped, and the kept sentences stay in their precedent's
order. Numbers, amounts, years and reports that the newest precedent states otherwise get
a "controleer" hint (facts.py). Weights: ComposeSettings, measured by
benchmarks/draft_quality.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import facts
from .config import ComposeSettings
from .dates import dutch_date_text, iso_date
from .models import Citation, Proposal, ProposalSentence
from .query import preprocess_query
from .sentences import content_words, is_reference, points_into_set, sentences

MIN_WORDS = 4  # "Ja, dat klopt." is the opening's job
MAX_WORDS = 70  # longer "sentences" are lists or tables without stops


@dataclass(frozen=True)
class Unit:
    """One answer to compose: its question(s), opening and ranked precedents."""

    questions: tuple[str, ...]
    opening: str
    citations: tuple[Citation, ...]


@dataclass
class _Candidate:
    text: str
    citation: Citation
    rank: int  # the precedent's rank in the unit
    position: int  # the sentence's place in its precedent
    score: float = 0.0


def usable(sentence: str) -> bool:
    """Worth proposing on its own: long enough, not a pointer, not a fill-in or label."""
    n = len(sentence.split())
    return (
        MIN_WORDS <= n <= MAX_WORDS
        and not sentence.lstrip().startswith("[")
        and not is_reference(sentence)
        and not points_into_set(sentence)
    )


def _year(iso: str | None) -> float | None:
    d = iso_date(iso)
    return d.year + (d.timetuple().tm_yday - 1) / 366 if d else None


class Composer:
    """Composes proposals for many answers with one model call for all their sentences."""

    def __init__(self, embedder, settings: ComposeSettings | None = None):
        self.embedder = embedder
        self.settings = settings or ComposeSettings()

    def propose(self, units: list[Unit]) -> list[Proposal | None]:
        """A proposal per unit; None when no precedent has a usable sentence."""
        candidates = [self._shortlist(u, self._candidates(u)) for u in units]
        texts = list(dict.fromkeys(c.text for cs in candidates for c in cs))
        vectors = dict(zip(texts, self.embedder.passages(texts), strict=True)) if texts else {}
        asked = [i for i, cs in enumerate(candidates) if cs]
        queries = [preprocess_query(" ".join(units[i].questions)) or " ".join(units[i].questions)
                   for i in asked]  # fmt: skip
        qvecs = dict(zip(asked, self.embedder.queries(queries), strict=True)) if asked else {}
        return [
            self._compose(u, cs, qvecs[i], vectors) if cs else None
            for i, (u, cs) in enumerate(zip(units, candidates, strict=True))
        ]

    def _candidates(self, unit: Unit) -> list[_Candidate]:
        out = []
        for rank, c in enumerate(unit.citations):
            for position, s in enumerate(sentences(c.tekst)):
                if usable(s):
                    out.append(_Candidate(s, c, rank, position))
        return out

    def _shortlist(self, unit: Unit, cands: list[_Candidate]) -> list[_Candidate]:
        """The sentences worth embedding: the model is the costly step (about 70 sentences a
        second on 2 cores), so words shared with the question (five-letter stems, damped by
        the sentence's length), the precedent's rank and a precedent's first sentence (which
        usually carries its point) pick ``shortlist`` of them first. In
        benchmarks/draft_quality.py, ROUGE-L: 8 gives 0.212, 16 gives 0.211; with the earlier
        margin 0.03, 8 gave 0.197 and all sentences 0.200, at five times the cost."""
        limit = self.settings.shortlist
        if len(cands) <= limit:
            return cands
        asked = _stems(" ".join(unit.questions))
        pool = max(len(unit.citations), 1)

        def lexical(c: _Candidate) -> float:
            own = _stems(c.text)
            shared = len(own & asked) / (len(own) ** 0.5 or 1.0)
            return shared + 0.5 * (1 - c.rank / pool) + (0.3 if c.position == 0 else 0.0)

        return sorted(cands, key=lexical, reverse=True)[:limit]

    def _compose(self, unit: Unit, cands: list[_Candidate], qvec, vectors) -> Proposal:
        s = self.settings
        years = [y for y in (_year(c.datum) for c in unit.citations) if y is not None]
        newest = max(years) if years else None
        for c in cands:
            prior = 1.0 - c.rank / max(s.pool, 1)
            year = _year(c.citation.datum)
            recency = 2 ** (-(newest - year) / s.recency_half_life_years) if year and newest else 0
            c.score = (
                float(np.dot(vectors[c.text], qvec))
                + s.precedent_weight * prior
                + s.recency_weight * recency
                - (s.outdated_penalty if c.citation.achterhaald else 0.0)
            )
        chosen: list[_Candidate] = []
        words = 0
        best = max(c.score for c in cands)
        for c in sorted(cands, key=lambda c: -c.score):
            if c.score < best - s.sentence_margin or len(chosen) >= s.max_sentences:
                break
            if any(self._duplicate(c, o, vectors) for o in chosen):
                continue
            chosen.append(c)
            words += len(c.text.split())
            if words >= s.max_words:
                break
        order = {}
        for c in chosen:  # precedents in the order of their best sentence
            order.setdefault(c.citation.passage_id, len(order))
        chosen.sort(key=lambda c: (order[c.citation.passage_id], c.position))
        by_id = {c.passage_id: c for c in unit.citations}
        zinnen = [ProposalSentence(unit.opening)] if unit.opening.strip() else []
        for c in chosen:
            hints = self._hints(c, unit.citations, by_id)
            zinnen.append(ProposalSentence(c.text, c.citation.passage_id, c.citation.label, hints))
        return Proposal(tuple(zinnen))

    def _duplicate(self, a: _Candidate, b: _Candidate, vectors) -> bool:
        if float(np.dot(vectors[a.text], vectors[b.text])) >= self.settings.duplicate_cosine:
            return True
        wa, wb = content_words(a.text), content_words(b.text)
        return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6

    def _hints(self, cand: _Candidate, citations, by_id) -> tuple[str, ...]:
        """What the newest precedent on the subject states otherwise."""
        source = cand.citation
        newest = by_id.get(source.nieuwer) if source.nieuwer else None
        if newest is None:
            later = source.datum or "9999"
            newer = [
                c for c in citations
                if (c.datum or "") > later and c.document_id != source.document_id
                and c.ministerie and c.ministerie == source.ministerie
            ]  # fmt: skip
            newest = max(newer, key=lambda c: c.datum or "", default=None)
        if newest is None:
            return ()
        where = f"{dutch_date_text(newest.datum)}, {newest.ah_id or newest.label.split(',')[0]}"
        out = []
        for fact, others in facts.differing(cand.text, newest.tekst):
            if fact.kind in ("jaar", "rapport") and not source.achterhaald:
                continue  # a year or report of its own time is no error unless overtaken
            out.append(facts.hint(fact, others, where))
        return tuple(out)


def _stems(text: str) -> set[str]:
    """Content words cut to five letters: "drones"/"drone", "ingezet"/"inzetten" stay apart
    but plurals and inflections meet; cheap, and only used to shortlist."""
    return {w[:5] for w in content_words(text)}
