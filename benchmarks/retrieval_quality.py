"""Retrieval quality on real Kamervragen: find each question's own answer.

Usage: python benchmarks/retrieval_quality.py [--data ../shared/data] [--home DIR]

The Q/A records of the real answer documents are ingested as a Q/A export
with the question text removed; each question (whose answer has at least 40
characters) is then a query, and the hit that counts is its own answer (any
record with the same answer text: grouped answers). Prints Recall@1/5/10 and
MRR for BM25 alone, dense alone and hybrid variants (fusion weights, query
preprocessing). The embedding model is the configured default.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.config import SearchSettings, Settings
from assistant.embed import load_embedder
from assistant.extract import extract_file
from assistant.index import build_index
from assistant.ingest import ingest
from assistant.parse.answers import parse_answer_document
from assistant.search import Filters, Searcher, preprocess_query
from assistant.store import Store


def real_records(data: Path):
    rows = []
    files = sorted(
        [*(data / "aanhangsel-pdf").glob("*.pdf"), *(data / "ministerie-docx").glob("*.docx")]
    )
    for path in files:
        doc = parse_answer_document(extract_file(path))
        for rec in doc.records:
            if rec.antwoord:
                # the whole file stem: the eight ministry letters share a long common prefix
                rows.append((f"{path.stem}#{rec.nr}", rec.vraag, rec.antwoord, doc.ministerie))
    return rows


def evaluate(searcher, qvecs, texts, relevant, settings) -> dict:
    searcher.settings = settings
    ranks = []
    for text, qvec, good in zip(texts, qvecs, relevant, strict=True):
        hits = searcher._rank(text, qvec, 10, None, Filters())
        rank = next((h.rank for h in hits if h.external_id in good), None)
        ranks.append(rank)
    r = np.array([x if x else 10**6 for x in ranks])
    return {
        "R@1": float(np.mean(r <= 1)),
        "R@5": float(np.mean(r <= 5)),
        "R@10": float(np.mean(r <= 10)),
        "MRR@10": float(np.mean([1 / x if x else 0.0 for x in ranks])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--data", type=Path, default=here / ".." / "shared" / "data")
    parser.add_argument("--home", type=Path, default=None, help="work folder (default: temporary)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="retrieval-quality-"))
    settings = Settings.load(home)

    rows = real_records(args.data)
    export = home / "zonder-vragen.jsonl"
    home.mkdir(parents=True, exist_ok=True)
    with open(export, "w", encoding="utf-8") as fh:
        for rid, _vraag, antwoord, ministerie in rows:
            fh.write(
                json.dumps(
                    {"id": rid, "vraag": "", "antwoord": antwoord, "ministerie": ministerie},
                    ensure_ascii=False,
                )
                + "\n"
            )
    embedder = load_embedder(settings.model, home)
    with Store.in_home(home) as store:
        ingest([export], store)
        started = time.perf_counter()
        report = build_index(store, embedder, home, settings.search)
    took = time.perf_counter() - started
    print(f"corpus: {report.items} answers (questions removed); index built in {took:.1f} s")

    by_answer: dict[str, set[str]] = {}
    for rid, _, antwoord, _ in rows:
        by_answer.setdefault(antwoord, set()).add(rid)
    queries = [
        (vraag, by_answer[antwoord])
        for rid, vraag, antwoord, _ in rows
        if len(antwoord) >= 40 and vraag
    ]
    raw = [q for q, _ in queries]
    pre = [preprocess_query(q) or q for q in raw]
    relevant = [good for _, good in queries]
    t = time.perf_counter()
    raw_vecs = embedder.queries(raw)
    pre_vecs = embedder.queries(pre)
    rate = 2 * len(raw) / (time.perf_counter() - t)
    print(f"queries: {len(raw)} (answers under 40 characters skipped); {rate:.1f} queries/s")

    searcher = Searcher(home, embedder, settings.search)
    base = SearchSettings()
    variants = [
        ("BM25 alone", raw, raw_vecs, replace(base, dense_weight=0.0)),
        ("dense alone (e5-small)", raw, raw_vecs, replace(base, bm25_weight=0.0)),
        ("hybrid RRF k=60", raw, raw_vecs, base),
        ("BM25 alone, preprocessed", pre, pre_vecs, replace(base, dense_weight=0.0)),
        ("dense alone, preprocessed", pre, pre_vecs, replace(base, bm25_weight=0.0)),
        ("hybrid RRF k=60, preprocessed", pre, pre_vecs, base),
        ("hybrid RRF k=20, preprocessed", pre, pre_vecs, replace(base, rrf_k=20)),
        ("hybrid dense 1.5 : bm25 1, preproc.", pre, pre_vecs, replace(base, dense_weight=1.5)),
        ("hybrid dense 1 : bm25 1.5, preproc.", pre, pre_vecs, replace(base, bm25_weight=1.5)),
        ("hybrid dense 1 : bm25 2, preproc.", pre, pre_vecs, replace(base, bm25_weight=2.0)),
        ("score mix 0.5 : 0.5, preproc.", pre, pre_vecs, replace(base, fusion="mix")),
        (
            "score mix 0.6 : 0.4, preproc.",
            pre,
            pre_vecs,
            replace(base, fusion="mix", dense_weight=0.6, bm25_weight=0.4),
        ),
        (
            "score mix 0.4 : 0.6, preproc.",
            pre,
            pre_vecs,
            replace(base, fusion="mix", dense_weight=0.4, bm25_weight=0.6),
        ),
        (
            "score mix 0.3 : 0.7, preproc.",
            pre,
            pre_vecs,
            replace(base, fusion="mix", dense_weight=0.3, bm25_weight=0.7),
        ),
    ]
    print()
    print(f"{'variant':40}{'R@1':>7}{'R@5':>7}{'R@10':>7}{'MRR@10':>8}")
    print("-" * 69)
    for name, texts, vecs, s in variants:
        m = evaluate(searcher, vecs, texts, relevant, s)
        print(f"{name:40}{m['R@1']:7.3f}{m['R@5']:7.3f}{m['R@10']:7.3f}{m['MRR@10']:8.3f}")
    searcher.close()


if __name__ == "__main__":
    main()
