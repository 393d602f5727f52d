"""Hybrid retrieval: dense vectors and two BM25 signals, fused by a calibrated score mix.

The signals (see index.py): cosine on corpus-whitened vectors (whitening.py), BM25 on
Dutch words with compounds split, BM25 on character 4-grams (lexical.py); fusion.py
combines them (z-score mix by default, reciprocal rank on request).

Every hit carries its dense score (cosine), its BM25 score and the fused
score, a plain strength label (sterkte, see strength.py), plus what a citation
needs. Filters (ministry, period, kind) apply before ranking; bare short answers
("Ja.") whose question does not match the query are ranked down; near-duplicates
(a grouped answer stored once per question) collapse into one hit; at most N
hits per document on request.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from . import fusion
from .config import SearchSettings
from .index import load_index
from .passage_id import PassageId
from .query import preprocess_query, query_context  # noqa: F401 (query_context: callers)
from .store import Store
from .stored import StoredPassage, StoredQA
from .strength import strength


@dataclass(frozen=True)
class Filters:
    ministerie: str | None = None
    sinds: date | None = None
    tot: date | None = None
    kinds: tuple[str, ...] = ()  # "antwoord", "qa-export", "beleid"
    per_document: int | None = None
    # documents left out: the set being answered, when it is in the corpus already (and
    # the leave-one-out benchmarks)
    exclude_documents: tuple[int, ...] = ()


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


@dataclass
class _Candidates:
    """One query's fused candidates, best first, before duplicates collapse."""

    fused: dict[int, float]  # index position -> fused score
    ranked: list[int]
    bm25: dict[int, float]  # index position -> word BM25 score (shown with a hit)
    demoted: set[int] = field(default_factory=set)  # bare short answers ranked down


class Searcher:
    """Loads the index and model once; answers many queries."""

    def __init__(self, home: Path, embedder, settings: SearchSettings | None = None):
        self.home = Path(home)
        self.embedder = embedder
        self.settings = settings or SearchSettings()
        self.store = Store.in_home(self.home)
        self.index = load_index(
            self.home,
            embedder.name,
            self.store.generation(),
            getattr(embedder, "adapted", ""),
            getattr(embedder, "precision", "fp32"),
        )
        items = self.index.items
        self._kinds = np.array([i["kind"] for i in items])
        self._ministries = np.array([i["ministerie"] or "" for i in items])
        self._dates = np.array([i["datum"] or "" for i in items])
        self._docs = np.array([i["document_id"] for i in items])
        self._use_whitening(self.index.whitening, self.index.dense)
        # what _demote_bare_answers learnt, valid for the short_answer_chars in _short_key
        self._short_key = 0
        self._checked: set[int] = set()  # index positions whose answer length is known
        self._short: dict[int, str] = {}  # position of a short answer -> its question
        self._has_question = np.any(self.index.questions != 0, axis=1)

    @property
    def stale(self) -> bool:
        return self.index.stale

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        return self.search_many([query], k, filters)[0]

    def search_many(self, queries: list[str], k: int = 10, filters: Filters | None = None,
                    contexts: list[str | None] | None = None) -> list[list[Hit]]:  # fmt: skip
        """Hits per query. ``contexts`` (one per query, or None) is what the question means
        within its set: its onderwerp, and for a short follow-up the question before it
        (see query_context); it is an extra dense signal, never the query itself."""
        filters = filters or Filters()
        texts = [preprocess_query(q) if self.settings.preprocess_queries else q for q in queries]
        texts = [t or q for t, q in zip(texts, queries, strict=True)]
        qvecs = self.embedder.queries(texts)
        cvecs = self._context_vectors(contexts, len(queries))
        return self._rank_all(texts, qvecs, k, self._mask(filters), filters, cvecs)

    def _context_vectors(self, contexts, n: int) -> list[np.ndarray | None]:
        if not contexts or self.settings.context_weight == 0:
            return [None] * n
        todo = [i for i, c in enumerate(contexts) if c and c.strip()]
        out: list[np.ndarray | None] = [None] * n
        if todo:
            for i, vec in zip(todo, self.embedder.queries([contexts[i] for i in todo]),
                              strict=True):  # fmt: skip
                out[i] = vec
        return out

    def _rank(self, text: str, qvec: np.ndarray, k: int, mask, filters: Filters,
              cvec: np.ndarray | None = None) -> list[Hit]:  # fmt: skip
        """One query, already preprocessed and embedded (the benchmarks call this)."""
        return self._rank_all([text], qvec[None, :], k, mask, filters, [cvec])[0]

    def _rank_all(self, texts: list[str], qvecs: np.ndarray, k: int, mask,
                  filters: Filters, cvecs=None) -> list[list[Hit]]:  # fmt: skip
        cvecs = cvecs or [None] * len(texts)
        found = [self._fuse(t, v, k, mask, c) for t, v, c in zip(texts, qvecs, cvecs, strict=True)]
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
        if f.exclude_documents:
            mask &= ~np.isin(self._docs, list(f.exclude_documents))
        return None if mask.all() else mask

    def _use_whitening(self, whitening, dense=None) -> None:
        """Whitened passage vectors for the dense signal (benchmarks swap the whitening)."""
        from .index import make_dense

        self.whitening = whitening
        self._white = whitening.apply(self.index.vectors)
        self._dense = dense if dense is not None else make_dense(self._white, "flat")

    def signals(self, text: str, qvec: np.ndarray, k: int, mask,
                cvec: np.ndarray | None = None) -> fusion.Signals:  # fmt: skip
        """Each signal's best candidates, pooled, with every signal's score for each."""
        n = len(self.index.items)
        depth = min(n, max(self.settings.candidates, k * 5))
        words, chars = self.index.lexicon.analyse(text)
        lexical = {
            "words": _bm25_scores(self.index.bm25, words, n),
            "chars": _bm25_scores(self.index.bm25_chars, chars, n),
        }
        wq = self.whitening.apply(qvec[None, :])[0]
        if mask is None:
            _, ids = self._dense.search(wq[None, :], depth)
            pool = [i for i in ids[0] if i >= 0]
        else:
            allowed = np.flatnonzero(mask)
            sims = self._white[allowed] @ wq
            pool = list(allowed[np.argsort(-sims)[:depth]])
            lexical = {name: np.where(mask, x, 0.0) for name, x in lexical.items()}
        for x in lexical.values():
            top = np.argsort(-x)[:depth]
            pool.extend(int(i) for i in top if x[i] > 0)
        question = None
        if self.settings.question_weight and self._has_question.any():
            question = self._question_signal(qvec, mask)
            top = np.argsort(-question)[:depth]
            pool.extend(int(i) for i in top if question[i] > 0)
        ids = np.array(list(dict.fromkeys(int(i) for i in pool)), dtype=np.int64)
        scores = {name: x[ids] for name, x in lexical.items()}
        if question is not None:
            scores["question"] = question[ids]
        scores["dense"] = self._white[ids] @ wq
        if cvec is not None:
            scores["context"] = self._white[ids] @ self.whitening.apply(cvec[None, :])[0]
        return fusion.Signals(ids, scores, depth)

    def _question_signal(self, qvec: np.ndarray, mask) -> np.ndarray:
        """How close each record's own question is to the query, on an absolute scale.

        0 below ``question_cosine`` (e5 query-to-query cosine; a question of another set
        rarely reaches it), then rising by 1 per ``question_cosine_step``: a rephrased
        question (cosine 0.91-0.97) scores about 1-2, like a clear leader among z-scores.
        Absolute rather than standardised over the candidates: the best of many unrelated
        questions must not count as a match. Records without a question, and passages,
        score 0."""
        s = self.settings
        cos = self.index.questions @ qvec
        out = np.where(self._has_question, (cos - s.question_cosine) / s.question_cosine_step, 0.0)
        out = np.maximum(out, 0.0)
        return out if mask is None else np.where(mask, out, 0.0)

    def weights(self) -> dict[str, float]:
        s = self.settings
        return {"dense": s.dense_weight, "words": s.bm25_weight, "chars": s.char_weight,
                "question": s.question_weight, "context": s.context_weight}  # fmt: skip

    def _fuse(self, text: str, qvec: np.ndarray, k: int, mask,
              cvec: np.ndarray | None = None) -> _Candidates:  # fmt: skip
        found = self.signals(text, qvec, k, mask, cvec)
        ids = [int(i) for i in found.pool]
        if self.settings.fusion == "rrf":
            mixed = fusion.rrf(found, self.weights(), self.settings.rrf_k)
            fused = {i: float(v) for i, v in zip(ids, mixed, strict=True) if v > 0}
        else:
            mixed = fusion.zmix(found, self.weights())
            fused = {i: float(v) for i, v in zip(ids, mixed, strict=True)}
        ranked = sorted(fused, key=lambda i: -fused[i])
        bm25 = {i: float(v) for i, v in zip(ids, found.scores["words"], strict=True)}
        return _Candidates(fused, ranked, bm25)

    def _demote_bare_answers(self, found: list[_Candidates], qvecs: np.ndarray, k: int) -> None:
        """Rank bare short answers ("Ja.", "Zie het antwoord op vraag 3.") down.

        A short answer ranks on its question (the index holds "question\nanswer"); it is
        only a good precedent when that question is close to the query: the cosine of the
        query and the record's question (both e5 query vectors, from the index) below
        ``short_question_cosine`` multiplies the fused score by ``short_answer_factor``.
        A short answer without a question ranks on its own text, and is left alone.
        """
        s = self.settings
        if s.short_answer_chars <= 0 or s.short_answer_factor >= 1.0:
            return
        if s.short_answer_chars != self._short_key:  # benchmarks swap settings: start over
            self._short_key, self._checked, self._short = s.short_answer_chars, set(), {}
        self._learn_short([i for c in found for i in c.ranked])
        questions = self.index.questions
        for c, qvec in zip(found, qvecs, strict=True):
            for i in c.ranked:
                if i in self._short and float(questions[i] @ qvec) < s.short_question_cosine:
                    c.fused[i] *= s.short_answer_factor
                    c.demoted.add(i)
            if c.demoted:
                c.ranked.sort(key=lambda i: -c.fused[i])

    def _learn_short(self, positions: list[int]) -> None:
        """Note which of these index positions are short answers with a question."""
        items = self.index.items
        unknown = {i for i in positions if i not in self._checked}
        ids = {pid.number: i for i in unknown if (pid := PassageId.parse(items[i]["id"])).is_qa}
        rows = self.store.qa_by_ids(sorted(ids))
        limit = self.settings.short_answer_chars
        for qa_id, i in ids.items():
            qa = rows.get(qa_id)
            if qa is not None and qa.vraag and len((qa.antwoord or "").strip()) < limit:
                self._short[i] = qa.vraag
        self._checked |= unknown

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
        ids = {i: PassageId.parse(self.index.items[i]["id"]) for i in chosen}
        stored = self.store.entries(ids.values())
        hits = []
        for i in chosen:
            entry = stored.get(ids[i])
            if entry is None:
                continue  # removed from the store since the index was built
            hits.append(
                _hit(
                    entry,
                    rank=len(hits) + 1,
                    score=round(float(fused[i]), 6),
                    dense_score=round(float(self.index.vectors[i] @ qvec), 4),
                    bm25_score=round(bm25.get(i, 0.0), 4),
                    dense_margin=margins[i],
                )
            )
            label = "zwak" if i in cands.demoted else strength(hits[-1], self.settings)
            hits[-1] = replace(hits[-1], sterkte=label)
        return hits

    def item_vectors(
        self, passage_ids: list[str]
    ) -> dict[str, tuple[np.ndarray, np.ndarray | None]]:
        """Per passage id in the index: its own vector (the model's, not whitened) and its
        record's question vector (None for passages and records without a question)."""
        if not hasattr(self, "_positions"):
            self._positions = {item["id"]: i for i, item in enumerate(self.index.items)}
        out = {}
        for pid in passage_ids:
            i = self._positions.get(pid)
            if i is not None:
                q = self.index.questions[i] if self._has_question[i] else None
                out[pid] = (self.index.vectors[i], q)
        return out

    def close(self) -> None:
        self.store.close()


def _hit(entry: StoredQA | StoredPassage, **scores) -> Hit:
    """A hit on a stored record or passage, its scores given; the strength comes later."""
    doc = entry.document
    common = dict(
        scores,
        passage_id=str(entry.passage_id),
        document_id=doc.id,
        kind=doc.kind,
        ah_id=doc.ah_id,
        titel=doc.title or doc.onderwerp,
        fictief=doc.fictief,
    )
    if isinstance(entry, StoredQA):
        return Hit(
            **common,
            external_id=entry.external_id,
            text=entry.antwoord or "",
            vraag=entry.vraag or None,
            kenmerk=entry.kenmerk,
            datum=entry.datum,
            ministerie=entry.ministerie,
            vraag_nrs=list(entry.vraag_nrs),
            bron=entry.bron,
            kop=[],
            onderwerp=entry.subject,
        )
    return Hit(
        **common,
        external_id=None,
        text=entry.tekst,
        vraag=None,
        kenmerk=doc.kenmerk,
        datum=doc.datum,
        ministerie=doc.ministerie,
        vraag_nrs=[],
        bron=doc.bron,
        kop=list(entry.kop),
        onderwerp=doc.subject,
    )


def _bm25_scores(index, tokens: list[str], n: int) -> np.ndarray:
    known = [t for t in tokens if t in index.vocab_dict]
    return index.get_scores(known) if known else np.zeros(n, dtype=np.float32)
