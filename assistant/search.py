"""Hybrid retrieval: BM25 (Dutch stemming) and dense vectors, fused by reciprocal rank.

Every hit carries its dense score (cosine), its BM25 score and the fused
score, a plain strength label (sterkte, see strength.py), plus what a citation
needs. Filters (ministry, period, kind) apply before ranking; bare short answers
("Ja.") whose question does not match the query are ranked down; near-duplicates
(a grouped answer stored once per question) collapse into one hit; at most N
hits per document on request.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from .config import SearchSettings
from .index import bm25_tokenize, load_index
from .store import Store
from .strength import strength


@dataclass(frozen=True)
class Filters:
    ministerie: str | None = None
    sinds: date | None = None
    tot: date | None = None
    kinds: tuple[str, ...] = ()  # "antwoord", "qa-export", "beleid"
    per_document: int | None = None


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    dense_score: float
    bm25_score: float
    passage_id: str
    document_id: int
    external_id: str | None
    kind: str
    text: str
    vraag: str | None
    kenmerk: str | None
    ah_id: str | None
    datum: str | None
    ministerie: str | None
    vraag_nrs: list[int]
    titel: str | None
    bron: str | None
    kop: list[str]
    onderwerp: str | None = None  # the onderwerp of the precedent's set or document
    fictief: bool = False  # demo material (documents.meta["fictief"])
    # cosine minus the best cosine of the other candidates (see Searcher._margins)
    dense_margin: float | None = None
    sterkte: str | None = None  # "sterk", "redelijk" or "zwak" (calibrated, see strength.py)

    def to_dict(self) -> dict:
        return asdict(self)


# Kamervragen boilerplate that says nothing about the subject.
_OPENINGS = re.compile(
    r"^\s*(?:Bent u (?:bekend|op de hoogte) met|Heeft u kennisgenomen van|Kent u|"
    r"Bent u bereid|Kunt u (?:aangeven|toelichten|uitleggen)|Deelt u de (?:mening|opvatting))"
    r"\s+(?:(?:het|de|dit|deze)\s+)?(?:(?:bericht|artikel|nieuwsbericht|rapport|uitzending)(?:en)?\s+)?",
    re.I,
)
_FOLLOW_UPS = re.compile(
    r"\s*\b(?:Zo\s+(?:ja|nee|niet)|Indien\s+(?:ja|nee|niet))\s*,?\s*(?:waarom\s+(?:wel|niet)|"
    r"waarom|hoe|welke|wanneer|kunt u dat toelichten)?\s*\?",
    re.I,
)


def preprocess_query(text: str) -> str:
    """Drop question boilerplate and footnote markers; keep what the question is about."""
    text = re.sub(r"\[\^\d+\]|(?<=[?»”])\d{1,2}\b", "", text)
    text = _FOLLOW_UPS.sub(" ", text)
    text = _OPENINGS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or ""


@dataclass
class _Candidates:
    """One query's fused candidates, best first, before duplicates collapse."""

    fused: dict[int, float]  # index position -> fused score
    ranked: list[int]
    bm25: np.ndarray  # BM25 score of every index position
    demoted: set[int] = field(default_factory=set)  # bare short answers ranked down


class Searcher:
    """Loads the index and model once; answers many queries."""

    def __init__(self, home: Path, embedder, settings: SearchSettings | None = None):
        self.home = Path(home)
        self.embedder = embedder
        self.settings = settings or SearchSettings()
        self.store = Store.in_home(self.home)
        self.index = load_index(
            self.home, embedder.name, self.store.generation(), getattr(embedder, "adapted", "")
        )
        items = self.index.items
        self._kinds = np.array([i["kind"] for i in items])
        self._ministries = np.array([i["ministerie"] or "" for i in items])
        self._dates = np.array([i["datum"] or "" for i in items])
        self._docs = np.array([i["document_id"] for i in items])
        self._vocab = set(self.index.bm25.vocab_dict)
        # what _demote_bare_answers learnt, valid for the settings in _short_key
        self._short_key: tuple = ()
        self._checked: set[int] = set()  # index positions whose answer length is known
        self._short: dict[int, str] = {}  # position of a short answer -> its question
        self._question_vecs: dict[int, np.ndarray] = {}  # position -> embedded question

    @property
    def stale(self) -> bool:
        return self.index.stale

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self.search_many([query], k, filters)[0]

    def search_many(self, queries: list[str], k: int = 10,
                    filters: Filters | None = None) -> list[list[Hit]]:  # fmt: skip
        filters = filters or Filters()
        texts = [preprocess_query(q) if self.settings.preprocess_queries else q for q in queries]
        texts = [t or q for t, q in zip(texts, queries, strict=True)]
        qvecs = self.embedder.queries(texts)
        return self._rank_all(texts, qvecs, k, self._mask(filters), filters)

    def _rank(self, text: str, qvec: np.ndarray, k: int, mask, filters: Filters) -> list[Hit]:
        """One query, already preprocessed and embedded (the benchmarks call this)."""
        return self._rank_all([text], qvec[None, :], k, mask, filters)[0]

    def _rank_all(self, texts: list[str], qvecs: np.ndarray, k: int, mask,
                  filters: Filters) -> list[list[Hit]]:  # fmt: skip
        found = [self._fuse(t, v, k, mask) for t, v in zip(texts, qvecs, strict=True)]
        self._demote_bare_answers(found, qvecs, k)
        return [
            self._hits(self._collapse(c.ranked, k, filters.per_document), c, v)
            for c, v in zip(found, qvecs, strict=True)
        ]

    def _mask(self, f: Filters) -> np.ndarray | None:
        mask = np.ones(len(self.index.items), dtype=bool)
        if f.ministerie:
            mask &= np.char.find(np.char.lower(self._ministries), f.ministerie.lower()) >= 0
        if f.sinds:
            mask &= self._dates >= f.sinds.isoformat()
        if f.tot:
            mask &= (self._dates != "") & (self._dates <= f.tot.isoformat())
        if f.kinds:
            mask &= np.isin(self._kinds, list(f.kinds))
        return None if mask.all() else mask

    def _fuse(self, text: str, qvec: np.ndarray, k: int, mask) -> _Candidates:
        s = self.settings
        n = len(self.index.items)
        depth = min(n, max(s.candidates, k * 5))
        tokens = [t for t in bm25_tokenize([text])[0] if t in self._vocab]
        bm25 = self.index.bm25.get_scores(tokens) if tokens else np.zeros(n, dtype=np.float32)
        if mask is None:
            _, ids = self.index.dense.search(qvec[None, :], depth)
            dense_ids = [i for i in ids[0] if i >= 0]
            allowed = None
        else:
            allowed = np.flatnonzero(mask)
            sims = self.index.vectors[allowed] @ qvec
            dense_ids = list(allowed[np.argsort(-sims)[:depth]])
            bm25 = np.where(mask, bm25, 0.0)
        order = np.argsort(-bm25)
        bm25_ids = [i for i in order[:depth] if bm25[i] > 0 and (allowed is None or mask[i])]
        if s.fusion == "mix":
            fused = self._mix(dense_ids, bm25_ids, qvec, bm25)
        else:
            fused = {}
            for rank, i in enumerate(dense_ids):
                fused[i] = fused.get(i, 0.0) + s.dense_weight / (s.rrf_k + rank + 1)
            for rank, i in enumerate(bm25_ids):
                fused[i] = fused.get(i, 0.0) + s.bm25_weight / (s.rrf_k + rank + 1)
        ranked = sorted(fused, key=lambda i: -fused[i])
        return _Candidates(fused, ranked, bm25)

    def _demote_bare_answers(self, found: list[_Candidates], qvecs: np.ndarray, k: int) -> None:
        """Rank bare short answers ("Ja.", "Zie het antwoord op vraag 3.") down.

        A short answer ranks on its question (the index holds "question\nanswer"); it is
        only a good precedent when that question is close to the query. The questions of
        the short answers among each query's first ``max(3k, 20)`` candidates are embedded
        (once per searcher, all queries of one call in one batch) and compared with the
        query; below ``short_question_cosine`` the fused score is multiplied by
        ``short_answer_factor``. Short answers further down are not embedded and count as
        bare: they could only come up through many demotions above them. A short answer
        without a question ranks on its own text, and is left alone.
        """
        s = self.settings
        if s.short_answer_chars <= 0 or s.short_answer_factor >= 1.0:
            return
        key = (s.short_answer_chars, s.preprocess_queries)
        if key != self._short_key:  # settings changed (benchmarks swap them): start over
            self._short_key, self._checked, self._short, self._question_vecs = key, set(), {}, {}
        self._learn_short([i for c in found for i in c.ranked])
        window = max(3 * k, 20)
        todo = {
            i for c in found for i in c.ranked[:window]
            if i in self._short and i not in self._question_vecs
        }  # fmt: skip
        if todo:
            ids = sorted(todo)
            questions = [self._short[i] for i in ids]
            if s.preprocess_queries:
                questions = [preprocess_query(q) or q for q in questions]
            for i, vec in zip(ids, self.embedder.queries(questions), strict=True):
                self._question_vecs[i] = vec
        for c, qvec in zip(found, qvecs, strict=True):
            for pos, i in enumerate(c.ranked):
                if i not in self._short:
                    continue
                vec = self._question_vecs.get(i) if pos < window else None
                if vec is None or float(vec @ qvec) < s.short_question_cosine:
                    c.fused[i] *= s.short_answer_factor
                    c.demoted.add(i)
            if c.demoted:
                c.ranked.sort(key=lambda i: -c.fused[i])

    def _learn_short(self, positions: list[int]) -> None:
        """Note which of these index positions are short answers with a question."""
        items = self.index.items
        unknown = {i for i in positions if i not in self._checked}
        ids = {int(items[i]["id"][3:]): i for i in unknown if items[i]["id"].startswith("qa:")}
        rows = self.store.qa_by_ids(sorted(ids))
        limit = self.settings.short_answer_chars
        for qa_id, i in ids.items():
            found = rows.get(qa_id)
            if found is not None:
                row = found[0]
                if row["vraag"] and len(row["antwoord"].strip()) < limit:
                    self._short[i] = row["vraag"]
        self._checked |= unknown

    def _mix(self, dense_ids, bm25_ids, qvec, bm25) -> dict[int, float]:
        """Weighted sum of min-max normalised cosine and BM25 scores over all candidates."""
        s = self.settings
        ids = list(dict.fromkeys([*dense_ids, *bm25_ids]))
        cos = self.index.vectors[ids] @ qvec
        lex = bm25[ids].astype(np.float64)

        def scale(x):
            span = float(x.max() - x.min())
            return (x - x.min()) / span if span > 0 else np.zeros_like(x)

        mixed = s.dense_weight * scale(cos) + s.bm25_weight * scale(lex)
        return {i: float(v) for i, v in zip(ids, mixed, strict=True)}

    def _collapse(self, ranked: list[int], k: int, per_document: int | None) -> list[int]:
        """Skip near-duplicates of a better hit, and hits over the per-document limit."""
        chosen: list[int] = []
        per_doc: dict[int, int] = {}
        groups: set[str] = set()
        vectors = self.index.vectors
        items = self.index.items
        for i in ranked:
            doc = int(self._docs[i])
            if per_document and per_doc.get(doc, 0) >= per_document:
                continue
            group = items[i].get("group")
            if group and group in groups:
                continue  # the same grouped answer, found through another question
            if (
                chosen
                and float(np.max(vectors[chosen] @ vectors[i])) >= self.settings.duplicate_cosine
            ):
                continue
            chosen.append(i)
            groups.add(group)
            per_doc[doc] = per_doc.get(doc, 0) + 1
            if len(chosen) == k:
                break
        return chosen

    def _margins(self, chosen: list[int], cands: _Candidates, qvec) -> dict[int, float | None]:
        """Per chosen hit: its cosine minus the best cosine among the other candidates.

        The other candidates are all fused candidates of the query (not only the k
        returned, so the value does not depend on k), except the hit's own grouped
        answer and near-duplicates, which would collapse into the same hit anyway.
        None when there is no other candidate: nothing to stand out from.
        """
        vectors = self.index.vectors
        pool = np.fromiter(cands.fused, dtype=np.int64, count=len(cands.fused))
        cosines = vectors[pool] @ qvec
        groups = np.array([self.index.items[j].get("group") or "" for j in pool])
        out = {}
        for i in chosen:
            group = self.index.items[i].get("group") or ""
            other = (pool != i) & (vectors[pool] @ vectors[i] < self.settings.duplicate_cosine)
            if group:
                other &= groups != group
            if other.any():
                out[i] = round(float(vectors[i] @ qvec) - float(cosines[other].max()), 4)
            else:
                out[i] = None
        return out

    def _hits(self, chosen: list[int], cands: _Candidates, qvec) -> list[Hit]:
        fused, bm25 = cands.fused, cands.bm25
        margins = self._margins(chosen, cands, qvec)
        items = self.index.items
        qa_ids = [int(items[i]["id"][3:]) for i in chosen if items[i]["id"].startswith("qa:")]
        p_ids = [int(items[i]["id"][2:]) for i in chosen if items[i]["id"].startswith("p:")]
        qa = self.store.qa_by_ids(qa_ids)
        passages = self.store.passages_by_ids(p_ids)
        hits = []
        for i in chosen:
            item = items[i]
            kind, _, raw = item["id"].partition(":")
            found = (qa if kind == "qa" else passages).get(int(raw))
            if found is None:
                continue  # removed from the store since the index was built
            row, doc = found
            common = dict(
                rank=len(hits) + 1,
                score=round(float(fused[i]), 6),
                dense_score=round(float(self.index.vectors[i] @ qvec), 4),
                bm25_score=round(float(bm25[i]), 4),
                passage_id=item["id"],
                document_id=doc["id"],
                kind=doc["kind"],
                ah_id=doc["ah_id"],
                titel=doc["title"] or doc["onderwerp"],
                fictief=bool(doc["meta"].get("fictief")),
                dense_margin=margins[i],
            )
            if kind == "qa":
                hits.append(
                    Hit(
                        **common,
                        external_id=row["external_id"],
                        text=row["antwoord"],
                        vraag=row["vraag"] or None,
                        kenmerk=row["kenmerk"] or doc["kenmerk"],
                        datum=row["datum"] or doc["datum"] or doc["ingezonden"],
                        ministerie=row["ministerie"] or doc["ministerie"],
                        vraag_nrs=row["vraag_nrs"],
                        bron=row["bron"] or doc["ah_id"] or doc["name"],
                        kop=[],
                        onderwerp=row["onderwerp"] or doc["onderwerp"] or doc["title"],
                    )
                )
            else:
                hits.append(
                    Hit(
                        **common,
                        external_id=None,
                        text=row["tekst"],
                        vraag=None,
                        kenmerk=doc["kenmerk"],
                        datum=doc["datum"],
                        ministerie=doc["ministerie"],
                        vraag_nrs=[],
                        bron=doc["meta"].get("bron") or doc["name"],
                        kop=row["kop"],
                        onderwerp=doc["onderwerp"] or doc["title"],
                    )
                )
            label = "zwak" if i in cands.demoted else strength(hits[-1], self.settings)
            hits[-1] = replace(hits[-1], sterkte=label)
        return hits

    def close(self) -> None:
        self.store.close()
