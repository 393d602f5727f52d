"""Retrieval quality on real Kamervragen: find each question's own answer.

Usage: python benchmarks/retrieval_quality.py [--data ../shared/data] [--home DIR]
                                              [--folds 5] [--no-policy]
                                              [--adapt MINUTES [--only-adapt]]

The set: the Q/A records of the real answer documents (../shared/data) and of the
fictional demo corpus are stored as a Q/A export with the question text removed, next to
the real and demo policy texts as distractors. Each question (whose answer has at least
40 characters) is a query; the hit that counts is its own answer (any record with the
same answer text: grouped answers). All figures are Recall@1/5/10 and MRR@10.

Printed, in one run on one index:
1. each signal alone: dense on the model's own vectors, dense centred, dense whitened
   (several strengths), BM25 on stemmed words as before, with compounds split, char-4;
2. fusions: the old default (RRF of stemmed BM25 and raw dense), RRF and the z-score
   mix of the new signals, and a grid of mix weights;
3. cross-validated weights (folds by document): the weights each fold chose, their
   spread, and the held-out figures;
4. the shipped defaults end to end through Searcher (collapse and demotion included),
   also per answer-length band;
5. new self-written questions for old demo answers (benchmarks/cases);
6. with --adapt: `assistant adapt` on this corpus, the index rebuilt with the adapted
   model, and section 4 again.
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant import fusion
from assistant.config import SearchSettings, Settings
from assistant.embed import load_embedder
from assistant.extract import extract_file
from assistant.index import build_index, corpus_items
from assistant.ingest import ingest
from assistant.lexical import Lexicon
from assistant.parse.answers import parse_answer_document
from assistant.search import Filters, Searcher, _bm25_scores, preprocess_query, query_context
from assistant.store import Store
from assistant.whitening import fit

HERE = Path(__file__).resolve().parents[1]
BANDS = ((0, 100, "< 100"), (100, 800, "100-800"), (800, 10**9, "> 800"))


def answer_records(data: Path) -> list[tuple[str, str, str, str | None, str | None]]:
    """(id, question, answer, ministry, onderwerp) of real and demo answer documents."""
    rows = []
    files = sorted(
        [*(data / "aanhangsel-pdf").glob("*.pdf"), *(data / "ministerie-docx").glob("*.docx")]
    )
    files += sorted((HERE / "corpus" / "demo" / "antwoorden").glob("*.txt"))
    for path in files:
        try:
            doc = parse_answer_document(extract_file(path))
        except Exception:  # an uitstelbericht has no Q/A: not an answer document
            continue
        for rec in doc.records:
            if rec.antwoord:
                rid = f"{path.stem}#{rec.nr}"
                rows.append((rid, rec.vraag, rec.antwoord, doc.ministerie, doc.onderwerp))
    return rows


def build_home(home: Path, data: Path, rows, policy: bool) -> None:
    export = home / "zonder-vragen.jsonl"
    home.mkdir(parents=True, exist_ok=True)
    with open(export, "w", encoding="utf-8") as fh:
        for rid, _vraag, antwoord, ministerie, _onderwerp in rows:
            rec = {"id": rid, "vraag": "", "antwoord": antwoord, "ministerie": ministerie}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    paths = [export]
    if policy:
        paths += [data / "beleid", HERE / "corpus" / "demo" / "beleid",
                  HERE / "corpus" / "demo" / "brieven"]  # fmt: skip
    with Store.in_home(home) as store:
        ingest(paths, store)


def ranks_of(order: np.ndarray, good: np.ndarray, limit: int = 10) -> int | None:
    for r, i in enumerate(order[:limit], start=1):
        if good[i]:
            return r
    return None


def metrics(ranks: list[int | None]) -> dict[str, float]:
    r = np.array([x if x else 10**6 for x in ranks])
    return {
        "R@1": float(np.mean(r <= 1)),
        "R@5": float(np.mean(r <= 5)),
        "R@10": float(np.mean(r <= 10)),
        "MRR@10": float(np.mean([1 / x if x else 0.0 for x in ranks])),
    }


def line(name: str, m: dict[str, float], extra: str = "") -> str:
    return f"{name:46}{m['R@1']:7.3f}{m['R@5']:7.3f}{m['R@10']:7.3f}{m['MRR@10']:8.3f}  {extra}"


HEADER = f"{'':46}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR@10':>8}"


class Query:
    """One query's full score arrays per signal, and which index positions are right."""

    def __init__(self, good: np.ndarray, band: str, doc: str):
        self.good = good
        self.band = band
        self.doc = doc
        self.full: dict[str, np.ndarray] = {}

    def rank_single(self, name: str) -> int | None:
        return ranks_of(np.argsort(-self.full[name], kind="stable"), self.good)

    def signals(self, names: dict[str, str], depth: int) -> fusion.Signals:
        """names: fusion signal -> full-array name."""
        pool: list[int] = []
        for role, name in names.items():
            x = self.full[name]
            top = np.argsort(-x, kind="stable")[:depth]
            pool.extend(int(i) for i in top if role == "dense" or x[i] > 0)
        ids = np.array(list(dict.fromkeys(pool)), dtype=np.int64)
        return fusion.Signals(ids, {role: self.full[n][ids] for role, n in names.items()}, depth)

    def rank_fused(self, names, weights, how: str = "zmix", depth: int = 100) -> int | None:
        sig = self.signals(names, depth)
        mixed = fusion.rrf(sig, weights) if how == "rrf" else fusion.zmix(sig, weights)
        if how == "rrf":
            keep = mixed > 0
            sig_pool, mixed = sig.pool[keep], mixed[keep]
        else:
            sig_pool = sig.pool
        order = sig_pool[np.argsort(-mixed, kind="stable")]
        return ranks_of(order, self.good)


NEW = {"dense": "dense centred", "words": "words+compounds", "chars": "char-4"}


def weight_grid(step: float = 0.05):
    """(dense, words, chars) weights summing to one."""
    n = round(1 / step)
    for a, b in itertools.product(range(n + 1), repeat=2):
        if a + b <= n:
            yield (round(a * step, 2), round(b * step, 2), round((n - a - b) * step, 2))


def cross_validate(queries: list[Query], folds: int, names=NEW):
    docs = sorted({q.doc for q in queries})
    rng = np.random.default_rng(7)
    rng.shuffle(docs)
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    grid = list(weight_grid())
    # every query's rank under every grid point, once
    table = np.array(
        [[q.rank_fused(names, dict(zip(NEW, w, strict=True))) or 0 for w in grid] for q in queries]
    )
    rr = np.where(table > 0, 1.0 / np.maximum(table, 1), 0.0)
    hit = (table > 0).astype(float)
    chosen, held = [], []
    fold_ids = np.array([fold_of[q.doc] for q in queries])
    for f in range(folds):
        train = fold_ids != f
        objective = rr[train].mean(axis=0) + hit[train].mean(axis=0)
        best = int(np.argmax(objective))
        chosen.append(grid[best])
        held.extend(list(table[~train, best]))
    return chosen, [int(x) or None for x in held], grid, rr, hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / ".." / "shared" / "data")
    parser.add_argument("--home", type=Path, default=None, help="work folder (default: temporary)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-policy", action="store_true", help="no policy texts as distractors")
    parser.add_argument(
        "--adapt",
        type=float,
        default=0,
        metavar="MINUTES",
        help="then run 'assistant adapt' with this budget and measure again",
    )
    parser.add_argument("--only-adapt", action="store_true", help="skip section 5")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="retrieval-quality-"))
    settings = Settings.load(home)

    rows = answer_records(args.data)
    if not (home / "corpus.sqlite3").exists():
        build_home(home, args.data, rows, policy=not args.no_policy)
    embedder = load_embedder(settings.model, home, engine=settings.embedding)
    with Store.in_home(home) as store:
        started = time.perf_counter()
        report = build_index(store, embedder, home, settings.search)
        items = corpus_items(store)
    took = time.perf_counter() - started
    print(
        f"corpus: {report.items} passages ({sum(i.kind == 'qa-export' for i in items)} answers "
        f"without their question, the rest policy text); index built in {took:.1f} s"
    )

    searcher = Searcher(home, embedder, settings.search)
    ext = np.array([searcher.index.items[i]["id"] for i in range(len(items))])
    rid_of = {}
    with Store.in_home(home) as store:
        for rec, _doc in store.qa_records():
            rid_of[f"qa:{rec['id']}"] = rec["external_id"]
    external = np.array([rid_of.get(x, "") for x in ext])
    by_answer: dict[str, set[str]] = {}
    for rid, _, antwoord, _, _ in rows:
        by_answer.setdefault(antwoord, set()).add(rid)
    picked, contexts = [], []
    for n, (rid, v, a, _, onderwerp) in enumerate(rows):
        if len(a) >= 40 and v:
            before = rows[n - 1] if n else None
            same_set = before and before[0].split("#")[0] == rid.split("#")[0]
            picked.append((rid, v, a))
            contexts.append(query_context(onderwerp, v, before[1] if same_set else None))
    texts = [preprocess_query(v) or v for _, v, _ in picked]
    t = time.perf_counter()
    qvecs = embedder.queries(texts)
    print(f"queries: {len(texts)} ({time.perf_counter() - t:.1f} s to embed)")
    cvecs = searcher._context_vectors(contexts, len(contexts))
    print(
        f"contexts: {sum(c is not None for c in contexts)} with an onderwerp, "
        f"{sum(bool(c) and chr(10) in c for c in contexts)} of them with the question before"
    )

    plain = Lexicon({})  # the old analysis: stemmed words, no compound parts
    import bm25s

    old_bm25 = bm25s.BM25()
    old_bm25.index(plain.analyse_all([i.text for i in items])[0], show_progress=False)
    whitenings = {p: fit(searcher.index.vectors, p) for p in (0.0, 0.25, 0.5, 1.0)}
    white = {p: w.apply(searcher.index.vectors) for p, w in whitenings.items()}
    queries: list[Query] = []
    n = len(items)
    for (rid, _vraag, antwoord), text, qvec, cvec in zip(picked, texts, qvecs, cvecs, strict=True):
        good = np.isin(external, list(by_answer[antwoord]))
        band = next(name for lo, hi, name in BANDS if lo <= len(antwoord) < hi)
        q = Query(good, band, rid.split("#")[0])
        words, chars = searcher.index.lexicon.analyse(text)
        q.full["dense raw"] = searcher.index.vectors @ qvec
        for p, w in whitenings.items():
            q.full[f"dense whitened p={p:g}" if p else "dense centred"] = (
                white[p] @ w.apply(qvec[None, :])[0]
            )
        q.full["words (old)"] = _bm25_scores(old_bm25, plain.analyse(text)[0], n)
        q.full["words+compounds"] = _bm25_scores(searcher.index.bm25, words, n)
        q.full["char-4"] = _bm25_scores(searcher.index.bm25_chars, chars, n)
        w0 = whitenings[0.0]
        q.full["context"] = (
            white[0.0] @ w0.apply(cvec[None, :])[0] if cvec is not None else np.zeros(n)
        )
        queries.append(q)

    print("\n1. Each signal alone")
    print(HEADER)
    for name in queries[0].full:
        print(line(name, metrics([q.rank_single(name) for q in queries])))

    old = {"dense": "dense raw", "words": "words (old)"}
    print("\n2. Fusions")
    print(HEADER)
    fusions = [
        ("old default: RRF k=60 (words old, dense raw)", old, {"dense": 1, "words": 1}, "rrf"),
        ("RRF k=60, new signals 1:1:1", NEW, {"dense": 1, "words": 1, "chars": 1}, "rrf"),
        ("z-mix old signals .5/.5", old, {"dense": 0.5, "words": 0.5}, "zmix"),
        ("z-mix raw dense .65/.1/.25",
         {**NEW, "dense": "dense raw"}, {"dense": .65, "words": .1, "chars": .25}, "zmix"),
        ("z-mix centred dense .65/.1/.25",
         {**NEW, "dense": "dense centred"}, {"dense": .65, "words": .1, "chars": .25}, "zmix"),
        ("z-mix whitened p=.25 .65/.1/.25",
         {**NEW, "dense": "dense whitened p=0.25"}, {"dense": .65, "words": .1, "chars": .25},
         "zmix"),
        ("z-mix whitened p=.5 .65/.1/.25",
         {**NEW, "dense": "dense whitened p=0.5"}, {"dense": .65, "words": .1, "chars": .25},
         "zmix"),
        ("z-mix whitened p=1 .65/.1/.25",
         {**NEW, "dense": "dense whitened p=1"}, {"dense": .65, "words": .1, "chars": .25},
         "zmix"),
    ]  # fmt: skip
    for dw, ww, cw in [(0.7, 0.1, 0.2), (0.65, 0.1, 0.25), (0.6, 0.1, 0.3), (0.6, 0.2, 0.2),
                       (0.5, 0.25, 0.25), (0.5, 0.0, 0.5), (0.6, 0.4, 0.0),
                       (0.4, 0.3, 0.3), (0.35, 0.35, 0.3)]:  # fmt: skip
        fusions.append(
            (f"z-mix centred {dw}/{ww}/{cw}", NEW, {"dense": dw, "words": ww, "chars": cw},
             "zmix")
        )  # fmt: skip
    for name, names, weights, how in fusions:
        print(line(name, metrics([q.rank_fused(names, weights, how) for q in queries])))

    s0 = SearchSettings()
    default_w = {"dense": s0.dense_weight, "words": s0.bm25_weight, "chars": s0.char_weight}
    for cw in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3):
        print(line(f"defaults + context signal {cw}", metrics(
            [q.rank_fused({**NEW, "context": "context"}, {**default_w, "context": cw})
             for q in queries])))  # fmt: skip

    print(
        f"\n3. Cross-validated z-mix weights (dense, words, chars), {args.folds} folds by document"
    )
    chosen, held, grid, rr, hit = cross_validate(queries, args.folds)
    for f, w in enumerate(chosen):
        print(f"   fold {f + 1}: {w}")
    arr = np.array(chosen)
    print(
        f"   mean {tuple(np.round(arr.mean(axis=0), 3))}, sd {tuple(np.round(arr.std(axis=0), 3))}"
    )
    print(HEADER)
    print(line("held-out folds, pooled", metrics(held)))
    best = int(np.argmax(rr.mean(axis=0) + hit.mean(axis=0)))
    print(
        line(
            f"best on all queries {grid[best]}",
            metrics([q.rank_fused(NEW, dict(zip(NEW, grid[best], strict=True))) for q in queries]),
        )
    )

    print("\n4. Shipped defaults end to end (Searcher: collapse and demotion included)")
    print(HEADER)
    end_to_end(searcher, picked, texts, qvecs, cvecs, by_answer, queries)
    searcher.close()
    if not args.only_adapt:
        new_question_for_old_one(home, embedder)
    if args.adapt:
        after_adaptation(home, settings, picked, texts, contexts, by_answer, queries, args.adapt)


def end_to_end(searcher, picked, texts, qvecs, cvecs, by_answer, queries, rrf=True) -> None:
    base = SearchSettings()
    variants = [("defaults", base, True), ("defaults without the context signal", base, False)]
    if rrf:
        variants.append(("defaults, fusion rrf", replace(base, fusion="rrf"), True))
    for name, s, with_context in variants:
        searcher.settings = s
        ranks = []
        rows = zip(picked, texts, qvecs, cvecs, strict=True)
        for (_rid, _v, antwoord), text, qvec, cvec in rows:
            hits = searcher._rank(text, qvec, 10, None, Filters(), cvec if with_context else None)
            good = by_answer[antwoord]
            ranks.append(next((h.rank for h in hits if h.external_id in good), None))
        print(line(name, metrics(ranks)))
        if name == "defaults":
            for _, _, band in BANDS:
                sel = [r for r, q in zip(ranks, queries, strict=True) if q.band == band]
                print(line(f"   answers {band} characters", metrics(sel), f"{len(sel)} queries"))


def after_adaptation(home, settings, picked, texts, contexts, by_answer, queries, minutes):
    """6. `assistant adapt` on this corpus (no labels: its answers and policy texts only;
    the questions asked here were removed from it), then the same queries again."""
    from assistant.adaptation import adapt
    from assistant.embed import embedder_for_indexing

    with Store.in_home(home) as store:
        report = adapt(store, settings, budget_seconds=minutes * 60)
    after = report.after.recall_at_10 if report.after else float("nan")
    print(
        f"\n6. After 'assistant adapt' ({minutes:g} min budget): {report.steps} steps on "
        f"{report.pairs_used} of {report.pairs_train} pairs in {report.seconds:.0f} s; "
        f"held-out R@10 {report.before.recall_at_10:.3f} -> {after:.3f}; {report.reason}"
    )
    if not report.installed:
        return
    adapted = embedder_for_indexing(settings)
    with Store.in_home(home) as store:
        build = build_index(store, adapted, home, settings.search)
    print(f"   index rebuilt with the adapted model in {build.seconds:.0f} s")
    searcher = Searcher(home, adapted, settings.search)
    qvecs = adapted.queries(texts)
    cvecs = searcher._context_vectors(contexts, len(contexts))
    print(HEADER)
    white = searcher.whitening.apply(searcher.index.vectors)
    dense = [
        ranks_of(np.argsort(-(white @ searcher.whitening.apply(v[None, :])[0])), q.good)
        for v, q in zip(qvecs, queries, strict=True)
    ]
    print(line("dense centred, adapted model", metrics(dense)))
    end_to_end(searcher, picked, texts, qvecs, cvecs, by_answer, queries, rrf=False)
    searcher.close()


CASES = HERE / "benchmarks" / "cases" / "parafrasen.jsonl"


def new_question_for_old_one(home: Path, embedder) -> None:
    """5. Officers search with a new question for an old answer (benchmarks/cases).

    A copy of the set above, plus the demo answer documents as the product stores them
    (with their questions); the queries are self-written new questions whose right
    precedent is one demo answer."""
    import shutil

    if not CASES.exists():
        return
    cases = [json.loads(x) for x in CASES.read_text(encoding="utf-8").splitlines() if x.strip()]
    second = home.parent / (home.name + "-met-vragen")
    if not (second / "corpus.sqlite3").exists():
        shutil.copytree(home, second, dirs_exist_ok=True)
        with Store.in_home(second) as store:
            ingest([HERE / "corpus" / "demo" / "antwoorden"], store)
    settings = Settings.load(second)
    with Store.in_home(second) as store:
        build_index(store, embedder, second, settings.search)
        answer_of = {}
        for rec, doc in store.qa_records():
            answer_of[(doc["name"], rec["nr"])] = rec["antwoord"]
    searcher = Searcher(second, embedder, settings.search)
    with Store.in_home(second) as store:
        rows = {f"qa:{rec['id']}": rec["antwoord"] for rec, _ in store.qa_records()}
    texts, contexts, goods, kinds = [], [], [], []
    for case in cases:
        target = answer_of.get((case["bron"], case["nr"]))
        if not target:
            continue
        texts.append(preprocess_query(case["vraag"]) or case["vraag"])
        contexts.append(query_context(case.get("onderwerp"), case["vraag"], case.get("vorige")))
        goods.append(
            {item["id"] for item in searcher.index.items if rows.get(item["id"]) == target}
        )
        kinds.append(case.get("soort") or "parafrase")
    qvecs = embedder.queries(texts)
    cvecs = searcher._context_vectors(contexts, len(contexts))
    print(
        f"\n5. A new question for an old answer: {len(texts)} self-written questions "
        f"(benchmarks/cases), demo answers stored with their questions"
    )
    print(HEADER)
    base = SearchSettings()
    old = replace(base, fusion="rrf", dense_weight=1, bm25_weight=1, char_weight=0,
                  question_weight=0, context_weight=0, whitening_power=0)  # fmt: skip
    variants = [
        ("RRF dense+words (old signals, new analysis)", old, False),
        ("defaults without question and context", replace(base, question_weight=0,
                                                          context_weight=0), False),
        ("defaults without context", base, False),
        ("defaults without question signal", replace(base, question_weight=0), True),
    ]  # fmt: skip
    for qw in (0.15, 0.3, 0.5):
        for cw in (0.05, 0.15, 0.3):
            mixed = replace(base, question_weight=qw, context_weight=cw)
            variants.append((f"question {qw}, context {cw}", mixed, True))
    for name, s, with_context in variants:
        searcher.settings = s
        ranks = []
        for text, qvec, cvec, good in zip(texts, qvecs, cvecs, goods, strict=True):
            hits = searcher._rank(text, qvec, 10, None, Filters(), cvec if with_context else None)
            ranks.append(next((h.rank for h in hits if h.passage_id in good), None))
        by_kind = {
            kind: metrics([r for r, k in zip(ranks, kinds, strict=True) if k == kind])
            for kind in sorted(set(kinds))
        }
        extra = "  ".join(f"{k} R@10 {m['R@10']:.2f} MRR {m['MRR@10']:.2f}"
                          for k, m in by_kind.items())  # fmt: skip
        print(line(name, metrics(ranks), extra))
    searcher.close()


if __name__ == "__main__":
    main()
