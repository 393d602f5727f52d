"""Calibrate the strength label of a search hit (sterk / redelijk / zwak) on real Kamervragen.

Usage: python benchmarks/score_calibration.py [--data ../shared/data] [--home DIR] [--save FILE]

Corpus: the Q/A records of the real answer documents (as retrieval_quality.py
reads them, with whole file names as ids), one Q/A export per source document,
indexed WITH their questions as the product indexes them ("question\nanswer").

Queries and leakage: every question whose answer has at least 40 characters is
a query; the hit that counts as right is its own answer (any record of the same
document with the same answer text: grouped answers). With the questions in the
index, a query would find its own question word for word. So the documents are
split into four folds, and each fold gets its own index in which the records of
that fold carry no question (answer only) while all other documents keep theirs;
a fold's questions are asked only against that index. No query ever sees its own
question, and three quarters of the corpus still looks as it does in the
product. This is pessimistic: a real precedent is an earlier answer WITH its
(similar, not identical) question attached, which is easier to find.

Right is a lower bound: only a question's own answer counts, yet other hits
(the neighbouring answers of the same set, an earlier answer on the same
subject) are often useful too. So the measured precision of every label is a
lower bound on "useful", not an estimate of it. Every query here HAS its answer
in the corpus; as a check on queries without a precedent, 200 subjects of older
question sets (2007-2019, from the Tweede Kamer case list) are asked as well,
and the table shows how their first hits are labelled (some of them do touch a
subject of the corpus).

For the top 10 hits of every query (the searcher as shipped, bare short answers
demoted) the script records the features the label could use, compares how well
each separates right from wrong hits (AUC), fits the thresholds of the rule in
assistant/strength.py (cosine, margin over the other candidates, and a lower
cosine for the first hit), and prints per label the number of hits and the share
that is right. The thresholds are fitted on one half of the documents and
reported on the other half, both ways round, then fitted on all (the shipped
values). It also shows retrieval quality in this with-questions setup with and
without the demotion of bare short answers (SearchSettings.short_answer_*), how
many bare short answers reach the first place and the top 5, and how close real
questions come to the questions of short answers of other sets (what
short_question_cosine must stay above).

Sample size: 227 queries from 28 documents, so 200 right hits among 2,270; a
band with 30 hits has a 95% interval of about +-0.17 on its precision. Read the
thresholds as "about", not to the third decimal.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from retrieval_quality import evaluate, real_records

from assistant.config import SearchSettings, Settings
from assistant.embed import load_embedder
from assistant.index import INDEX_DIR, build_index
from assistant.ingest import ingest
from assistant.search import Searcher, preprocess_query
from assistant.store import Store
from assistant.strength import strength

FOLDS = 4
K = 10
MIN_ANSWER = 40  # as retrieval_quality.py: shorter answers are no query's target
STERK_FIT = 0.8  # fit sterk to this share right, so that held out it stays near 0.7
REDELIJK_FIT = 0.25  # the redelijk bands (sterk left out): at least this share right
UNRELATED_REDELIJK = 0.05  # at most this share of unrelated queries get a redelijk first hit
MIN_BAND = 15  # no threshold is fitted on fewer hits than this


@dataclass(frozen=True)
class Row:
    """One hit of one query, with the features a label could use."""

    query: int
    half: int  # 0 or 1: the half of the documents the query belongs to; -1: unrelated query
    rank: int
    right: bool
    score: float  # fused (reciprocal rank), after demotion of bare short answers
    dense: float  # cosine of query and indexed text
    bm25: float
    bm25_rel: float  # BM25 / the best BM25 among this query's hits
    dense_margin: float  # Hit.dense_margin: dense - best dense of the other candidates
    dense_margin_hits: float  # dense - best dense of the other returned hits (depends on k)
    score_gap: float  # score - score of the next hit
    short: bool  # answer under SearchSettings.short_answer_chars
    label: str | None  # Hit.sterkte as shipped


def document_folds(rows, folds: int, seed: int = 13) -> dict[str, int]:
    docs = sorted({rid.split("#")[0] for rid, *_ in rows})
    random.Random(seed).shuffle(docs)
    return {d: i % folds for i, d in enumerate(docs)}


def unrelated_queries(data: Path, n: int = 200, seed: int = 7) -> list[str]:
    """Subjects of older question sets (until 2019-2020; the corpus is 2023-2024): queries
    that mostly have no precedent here. Some do touch a subject of the corpus."""
    with open(data / "tk-zaken-schriftelijke-vragen.csv", encoding="utf-8") as fh:
        subjects = sorted(
            {r["Onderwerp"].strip() for r in csv.DictReader(fh)
             if r["Vergaderjaar"][:4].isdigit() and int(r["Vergaderjaar"][:4]) <= 2019
             and len(r["Onderwerp"].strip()) >= 30}
        )  # fmt: skip
    return random.Random(seed).sample(subjects, n)


def build_fold(home: Path, rows, fold_of, fold: int, embedder, previous: Path | None) -> Path:
    """A home whose index holds the fold's records without and the others with questions."""
    folder = home / f"fold-{fold}"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "bron").mkdir(parents=True)
    if previous is not None:  # build_index reuses the vectors of texts it has seen
        shutil.copytree(previous / INDEX_DIR, folder / INDEX_DIR)
    by_doc: dict[str, list] = {}
    for row in rows:
        by_doc.setdefault(row[0].split("#")[0], []).append(row)
    files = []
    for n, (doc, records) in enumerate(by_doc.items()):
        path = folder / "bron" / f"{n:03d}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for rid, vraag, antwoord, ministerie in records:
                own = fold_of[doc] == fold
                row = {"id": rid, "vraag": "" if own else vraag, "antwoord": antwoord,
                       "ministerie": ministerie}  # fmt: skip
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        files.append(path)
    with Store.in_home(folder) as store:
        ingest(files, store)
        build_index(store, embedder, folder, SearchSettings())
    return folder


def collect(searcher: Searcher, queries, first: int) -> list[Row]:
    """Rows for the top K hits of (query text, ids of right answers, half) queries."""
    out = []
    hits_per_query = searcher.search_many([q for q, _, _ in queries], k=K)
    limit = searcher.settings.short_answer_chars
    for n, ((_, good, half), hits) in enumerate(zip(queries, hits_per_query, strict=True)):
        top_bm25 = max((h.bm25_score for h in hits), default=0.0)
        for j, h in enumerate(hits):
            others = [o.dense_score for o in hits if o is not h]
            nxt = hits[j + 1].score if j + 1 < len(hits) else 0.0
            out.append(
                Row(
                    query=first + n,
                    half=half,
                    rank=h.rank,
                    right=h.external_id in good,
                    score=h.score,
                    dense=h.dense_score,
                    bm25=h.bm25_score,
                    bm25_rel=h.bm25_score / top_bm25 if top_bm25 > 0 else 0.0,
                    dense_margin=h.dense_margin,
                    dense_margin_hits=h.dense_score - max(others, default=0.0),
                    score_gap=h.score - nxt,
                    short=len(h.text.strip()) < limit,
                    label=h.sterkte,
                )
            )
    return out


def bare_answers(searcher: Searcher, queries: list[str], limit: int) -> dict[str, float]:
    """Short answers with a question among the first and the top 5 hits, per query."""
    hits = searcher.search_many(queries, k=5)

    def bare(h) -> bool:
        return bool(h.vraag) and len(h.text.strip()) < limit

    n = max(len(queries), 1)
    return {
        "bare first": sum(bare(found[0]) for found in hits if found) / n,
        "bare in top 5": sum(bare(h) for found in hits for h in found) / n,
    }


def auc(values: np.ndarray, right: np.ndarray) -> float:
    """Chance that a right hit has a higher value than a wrong one (ties count half)."""
    pos, neg = values[right], values[~right]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    allv = np.concatenate([pos, neg])
    for v in np.unique(allv):  # average ranks over ties
        same = allv == v
        ranks[same] = ranks[same].mean()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def lowest_threshold(x: np.ndarray, right: np.ndarray, target: float, within=None) -> float:
    """The lowest value t such that, among the hits with x >= t (and `within`), at least
    `target` are right, over at least MIN_BAND hits; inf when there is none."""
    within = np.ones(len(x), dtype=bool) if within is None else within
    best = float("inf")
    for t in np.unique(x[within])[::-1]:
        sel = within & (x >= t)
        if sel.sum() >= MIN_BAND and right[sel].mean() >= target:
            best = float(t)
    return best


@dataclass(frozen=True)
class Thresholds:
    cosine: float  # SearchSettings.redelijk_cosine
    margin: float  # SearchSettings.sterk_margin
    first: float  # SearchSettings.redelijk_first_cosine

    def __str__(self) -> str:
        return f"T_cos {self.cosine:.4f}, T_margin {self.margin:.4f}, T_first {self.first:.4f}"

    def settings(self) -> SearchSettings:
        return replace(SearchSettings(), redelijk_cosine=self.cosine, sterk_margin=self.margin,
                       redelijk_first_cosine=self.first)  # fmt: skip


def fit(rows: list[Row], unrelated_first: list[Row]) -> Thresholds:
    """First the margin above which STERK_FIT of the hits are right; then the lowest
    cosine whose hits, the sterk ones left out, are still REDELIJK_FIT right; then the
    cosine from which a first hit is redelijk: what at most UNRELATED_REDELIJK of the
    unrelated queries' first hits reach, and not below what keeps that band REDELIJK_FIT
    right."""
    right = np.array([r.right for r in rows])
    cosine = np.array([r.dense for r in rows])
    margin = np.array([r.dense_margin for r in rows])
    first = np.array([r.rank == 1 for r in rows])
    t_margin = lowest_threshold(margin, right, STERK_FIT)
    t_cosine = lowest_threshold(cosine, right, REDELIJK_FIT, within=margin < t_margin)
    t_unrelated = float(np.quantile([r.dense for r in unrelated_first], 1 - UNRELATED_REDELIJK))
    t_band = lowest_threshold(cosine, right, REDELIJK_FIT, within=first & (cosine < t_cosine))
    return Thresholds(t_cosine, t_margin, min(t_cosine, max(t_unrelated, t_band)))


def label_rows(rows: list[Row], t: Thresholds) -> np.ndarray:
    """strength.strength() with these thresholds, on the recorded features."""
    settings = t.settings()
    return np.array([
        strength(SimpleNamespace(dense_score=r.dense, dense_margin=r.dense_margin, rank=r.rank),
                 settings)
        for r in rows
    ])  # fmt: skip


def table(title: str, rows: list[Row], names: np.ndarray, unrelated: np.ndarray) -> None:
    """Per label: hits, right, share right with its 95% interval, how many at rank 1;
    and how the top hits of the unrelated queries are labelled."""
    right = np.array([r.right for r in rows], dtype=bool)
    rank = np.array([r.rank for r in rows])
    print(f"\n{title}")
    print(f"{'label':10}{'hits':>6}{'right':>7}{'share':>7}{'95% interval':>14}"
          f"{'first hits (right)':>20}{'unrelated first hits':>22}")  # fmt: skip
    for name in ("sterk", "redelijk", "zwak"):
        sel = names == name
        n, r = int(sel.sum()), int(right[sel].sum())
        lo, hi = wilson(r, n)
        share = f"{r / n:7.2f}" if n else f"{'-':>7}"
        interval = f"{lo:.2f}-{hi:.2f}" if n else "-"
        top = sel & (rank == 1)
        firsts = f"{int(top.sum())} ({int(right[top].sum())})"
        print(f"{name:10}{n:6d}{r:7d}{share}{interval:>14}{firsts:>20}"
              f"{int((unrelated == name).sum()):22d}")  # fmt: skip


def wilson(r: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 0.0
    p = r / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def question_similarity(rows, embedder, limit: int) -> None:
    """How close real questions come to the questions of short answers of OTHER sets:
    what SearchSettings.short_question_cosine must stay above."""
    pre = [(rid.split("#")[0], preprocess_query(v) or v, a) for rid, v, a, _ in rows if v]
    queries = [(d, q) for d, q, a in pre if len(a) >= MIN_ANSWER]
    shorts = [(d, q) for d, q, a in pre if len(a.strip()) < limit]
    sims = embedder.queries([q for _, q in queries]) @ embedder.queries([q for _, q in shorts]).T
    other = np.array([[qd != sd for sd, _ in shorts] for qd, _ in queries])
    values = sims[other]
    pct = np.percentile(values, [50, 90, 99, 99.9])
    i, j = np.unravel_index(np.argmax(np.where(other, sims, -1)), sims.shape)
    print(f"\nquery vs question of a short answer (< {limit} characters) of another set: "
          f"{len(values)} pairs; median {pct[0]:.3f}, 90% {pct[1]:.3f}, 99% {pct[2]:.3f}, "
          f"99.9% {pct[3]:.3f}, max {values.max():.3f}")  # fmt: skip
    print(f"  closest: {queries[i][1][:70]!r} ~ {shorts[j][1][:70]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--data", type=Path, default=here / ".." / "shared" / "data")
    parser.add_argument("--home", type=Path, default=None, help="work folder (default: temporary)")
    parser.add_argument("--save", type=Path, default=None, help="write the hit table (jsonl)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="score-calibration-"))
    home.mkdir(parents=True, exist_ok=True)
    settings = Settings.load(home)
    shipped = settings.search

    rows = real_records(args.data)
    fold_of = document_folds(rows, FOLDS)
    by_answer: dict[tuple[str, str], set[str]] = {}
    for rid, _, antwoord, _ in rows:
        by_answer.setdefault((rid.split("#")[0], antwoord), set()).add(rid)
    embedder = load_embedder(settings.model, home, engine=settings.embedding)
    print(f"corpus: {len(rows)} Q/A records from {len(fold_of)} documents, {FOLDS} folds")

    found: list[Row] = []
    quality: dict[str, list[tuple[dict, int]]] = {}
    previous = None
    started = time.perf_counter()
    for fold in range(FOLDS):
        folder = build_fold(home, rows, fold_of, fold, embedder, previous)
        previous = folder
        queries = [
            (vraag, by_answer[(doc, antwoord)], fold % 2)
            for rid, vraag, antwoord, _ in rows
            if fold_of[doc := rid.split("#")[0]] == fold and len(antwoord) >= MIN_ANSWER and vraag
        ]
        searcher = Searcher(folder, embedder, shipped)
        found.extend(collect(searcher, queries, len({r.query for r in found})))
        texts = [preprocess_query(q) or q for q, _, _ in queries]
        vecs = embedder.queries(texts)
        good = [g for _, g, _ in queries]
        for name, s in (
            ("hybrid RRF, no demotion", replace(shipped, short_answer_chars=0)),
            ("hybrid RRF, bare short answers x0.5 (shipped)", shipped),
            ("hybrid RRF, bare short answers x0.25", replace(shipped, short_answer_factor=0.25)),
        ):
            m = evaluate(searcher, vecs, texts, good, s)
            m.update(bare_answers(searcher, [q for q, _, _ in queries], shipped.short_answer_chars))
            quality.setdefault(name, []).append((m, len(texts)))
        searcher.settings = shipped
        if fold == FOLDS - 1:
            unrelated = [(q, set(), -1) for q in unrelated_queries(args.data)]
            found.extend(collect(searcher, unrelated, len({r.query for r in found})))
        searcher.close()
    took = time.perf_counter() - started
    n_queries = len({r.query for r in found})
    print(f"queries: {n_queries}; hits: {len(found)}; {took:.0f} s")
    if args.save:
        with open(args.save, "w", encoding="utf-8") as fh:
            for r in found:
                fh.write(json.dumps(asdict(r)) + "\n")

    print("\nRetrieval quality with questions indexed (own question left out, see above)")
    print(f"{'variant':46}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR@10':>8}"
          f"{'bare first':>12}{'bare in top 5':>15}")  # fmt: skip
    for name, parts in quality.items():
        total = sum(n for _, n in parts)
        m = {key: sum(p[key] * n for p, n in parts) / total for key in parts[0][0]}
        print(f"{name:46}{m['R@1']:7.3f}{m['R@5']:7.3f}{m['R@10']:7.3f}{m['MRR@10']:8.3f}"
              f"{m['bare first'] * total:12.0f}{m['bare in top 5'] * total:15.0f}")  # fmt: skip

    rel = [r for r in found if r.half >= 0]
    unrel_top = [r for r in found if r.half < 0 and r.rank == 1]
    right = np.array([r.right for r in rel])
    rank = np.array([r.rank for r in rel])
    print(f"\nright hits: {int(right.sum())} of {len(rel)} ({right.mean():.3f}); "
          f"at rank 1: {int(right[rank == 1].sum())} of {int((rank == 1).sum())}; "
          f"unrelated queries: {len(unrel_top)}")  # fmt: skip
    features = {
        "dense cosine": [r.dense for r in rel],
        "fused score": [r.score for r in rel],
        "BM25 / best BM25 of the query": [r.bm25_rel for r in rel],
        "dense margin (Hit.dense_margin)": [r.dense_margin for r in rel],
        "dense margin within the 10 hits": [r.dense_margin_hits for r in rel],
        "score gap to the next hit": [r.score_gap for r in rel],
        "1 / rank": list(1.0 / rank),
    }
    print(f"\n{'feature (top-10 hits)':36}{'AUC':>7}{'AUC rank 1':>12}")
    for name, values in features.items():
        x, top = np.array(values), rank == 1
        print(f"{name:36}{auc(x, right):7.3f}{auc(x[top], right[top]):12.3f}")

    print(f"\nRule: sterk when the cosine >= T_cos and at least T_margin above every other "
          f"candidate's; redelijk when cosine >= T_cos, or for the first hit from T_first on; "
          f"else zwak. Fitted to {STERK_FIT:.0%} right for sterk, {REDELIJK_FIT:.0%} for "
          f"the redelijk bands, at most {UNRELATED_REDELIJK:.0%} of the unrelated queries' "
          f"first hits redelijk.")  # fmt: skip
    for fit_half in (0, 1):
        t = fit(
            [r for r in rel if r.half == fit_half],
            [r for r in unrel_top if r.query % 2 == fit_half],
        )
        other = [r for r in rel if r.half != fit_half]
        other_unrel = [r for r in unrel_top if r.query % 2 != fit_half]
        table(
            f"fitted on half {fit_half} ({t}), reported on half {1 - fit_half}",
            other, label_rows(other, t), label_rows(other_unrel, t),
        )  # fmt: skip
    t = fit(rel, unrel_top)
    table(
        f"fitted on all ({t}), reported on all",
        rel, label_rows(rel, t), label_rows(unrel_top, t),
    )  # fmt: skip
    table(
        f"as shipped: Hit.sterkte (SearchSettings redelijk_cosine {shipped.redelijk_cosine}, "
        f"sterk_margin {shipped.sterk_margin}, redelijk_first_cosine "
        f"{shipped.redelijk_first_cosine}; demoted bare answers zwak)",
        rel, np.array([r.label for r in rel]), np.array([r.label for r in unrel_top]),
    )  # fmt: skip
    question_similarity(rows, embedder, shipped.short_answer_chars)


if __name__ == "__main__":
    main()
