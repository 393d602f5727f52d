"""Retrieval speed and memory on this machine: the embedding engines side by side, cold
start, index build with its quality, and query latency by corpus size.

Usage: python benchmarks/retrieval_speed.py [--data ../shared/data] [--work DIR]
           [--engines torch onnx-fp32 onnx-int8] [--rounds 2] [--sizes 1000 10000]
           [--skip-index]

All in one run, so the old path (sentence-transformers fp32 in torch, today's path) and
the new ones (ONNX Runtime fp32 and int8) meet the same machine load:

1. Throughput on real passages of about 120 and about 280 tokens: plain
   sentence-transformers ``encode(batch_size=32)``, the torch Embedder as the index used
   it (batch 8), and the ONNX engines; rounds alternate the engines; medians and the
   ratio to plain sentence-transformers; int8's cosine to fp32.
2. Index build and retrieval quality per engine, each in a fresh process on its own copy
   of one store (the real answers without their questions, real and demo policy texts;
   benchmarks/retrieval_quality.py's set): build seconds, texts embedded per second
   (passages and their questions), peak memory (RSS of the whole process, search
   included), R@10 and MRR@10 of the shipped search end to end, and the projected time
   to embed 50,000 and 500,000 passages at that rate.
3. Cold start, fresh processes, rounds alternating the engines: loading the model (imports
   included) and `assistant search` and `assistant draft` (the 14-question seed set) as a
   user runs them, wall time and peak memory.
4. For each corpus size: a corpus recombined from real passages (3 random sentences of
   real texts each; a recombined passage gets the normalised mean of its sources' real
   vectors, as embedding 100k texts would take too long); build time, peak memory, hybrid
   query latency p50/p95 for one query and a 14-question set, warm.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "benchmarks"))
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
ENGINES = ("torch", "onnx-fp32", "onnx-int8")
BANDS = {"~120 tokens": (100, 140), "~280 tokens": (250, 310)}
PER_BAND = 64
PROJECT_TO = (50_000, 500_000)


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss it starts afresh at
    exec, so a child does not inherit its parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# 1. throughput ---------------------------------------------------------------------------


def band_texts(home: Path, embedder) -> dict[str, list[str]]:
    """Real passages (answers and policy text) whose token count falls in each band."""
    from assistant.index import corpus_items
    from assistant.store import Store

    with Store.in_home(home) as store:
        texts = [i.text for i in corpus_items(store)]
    random.Random(3).shuffle(texts)
    counts = [embedder.token_count(t) for t in texts]
    return {
        band: [t for t, n in zip(texts, counts, strict=True) if lo <= n <= hi][:PER_BAND]
        for band, (lo, hi) in BANDS.items()
    }


def throughput(home: Path, engines: list[str], rounds: int) -> None:
    from assistant.config import DEFAULT_MODEL
    from assistant.embed import load_embedder

    loaded = {e: load_embedder(DEFAULT_MODEL, home, engine=e) for e in engines}
    torch_embedder = loaded.get("torch") or load_embedder(DEFAULT_MODEL, home, engine="torch")
    bands = band_texts(home, torch_embedder)
    model = torch_embedder.model

    def plain(texts):
        return model.encode(["passage: " + t for t in texts], batch_size=32,
                            normalize_embeddings=True, show_progress_bar=False)  # fmt: skip

    runners = {"sentence-transformers fp32, encode(batch 32)": plain}
    labels = {"torch": "torch Embedder fp32 (index path, batch 8)",
              "onnx-fp32": "ONNX Runtime fp32", "onnx-int8": "ONNX Runtime int8"}  # fmt: skip
    for engine in engines:
        runners[labels[engine]] = loaded[engine].passages
    rates: dict[tuple[str, str], list[float]] = {}
    vectors: dict[tuple[str, str], np.ndarray] = {}
    for band, texts in bands.items():
        for runner in runners.values():  # warm each engine once on this band
            runner(texts[:4])
        for _ in range(rounds):
            for name, runner in runners.items():
                started = time.perf_counter()
                vectors[(name, band)] = runner(texts)
                rates.setdefault((name, band), []).append(
                    len(texts) / (time.perf_counter() - started)
                )
    base = next(iter(runners))
    print(f"1. Embedding throughput, {PER_BAND} real passages per band, {rounds} rounds "
          "alternating, median passages/s (ratio to plain sentence-transformers)")  # fmt: skip
    head = "".join(f"{band:>22}" for band in bands)
    print(f"  {'engine':46}{head}")
    for name in runners:
        cells = ""
        for band in bands:
            rate = statistics.median(rates[(name, band)])
            ratio = rate / statistics.median(rates[(base, band)])
            cells += f"{rate:13.1f} ({ratio:4.2f}x)"
        print(f"  {name:46}{cells}")
    if "onnx-int8" in engines:
        for band in bands:
            cos = (vectors[(labels["onnx-int8"], band)] * vectors[(base, band)]).sum(axis=1)
            print(f"  int8 cosine to fp32, {band}: min {cos.min():.4f}, mean {cos.mean():.4f}")
    print()


# 2. index build and quality, one engine per process ---------------------------------------


def prepare_store(data: Path, work: Path) -> Path:
    """benchmarks/retrieval_quality.py's set in a store (model converted and exported once)."""
    from retrieval_quality import answer_records, build_home

    from assistant.config import DEFAULT_MODEL
    from assistant.embed import load_embedder

    base = work / "base"
    if not (base / "corpus.sqlite3").exists():
        build_home(base, data, answer_records(data), policy=True)
    load_embedder(DEFAULT_MODEL, base, engine="onnx-int8")  # converts and exports once
    return base


def plain_encode(work: Path) -> dict:
    """In a fresh process: plain sentence-transformers fp32, ``encode(batch_size=32)``, of
    the texts the index embeds (passages with e5's passage prompt, questions with the
    query prompt; texts past 512 tokens are truncated, so it does a little less work)."""
    import numpy as np  # noqa: F401 - loaded before timing, as in the other processes
    from sentence_transformers import SentenceTransformer

    from assistant.config import DEFAULT_MODEL
    from assistant.embed import resolve_model
    from assistant.index import corpus_items
    from assistant.store import Store

    with Store.in_home(work / "base") as store:
        items = corpus_items(store)
    passages = ["passage: " + i.text for i in items]
    questions = ["query: " + i.question for i in items if i.question]
    started = time.perf_counter()
    model = SentenceTransformer(str(resolve_model(DEFAULT_MODEL, work / "base")), device="cpu")
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for texts in (passages, questions):
        if texts:
            model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return {"engine": "plain", "load_s": load_seconds, "build_s": time.perf_counter() - started,
            "passages": len(items), "texts": len(passages) + len(questions),
            "peak_mb": peak_mb()}  # fmt: skip


def index_one_engine(engine: str, data: Path, work: Path) -> dict:
    """In a fresh process: a copy of the store, the index built with `engine`, then the
    shipped search end to end for every question of the set."""
    from retrieval_quality import answer_records, metrics

    from assistant.config import Settings
    from assistant.embed import load_embedder
    from assistant.index import build_index
    from assistant.search import Searcher, preprocess_query
    from assistant.store import Store

    base, home = work / "base", work / f"home-{engine}"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir()
    shutil.copy(base / "corpus.sqlite3", home / "corpus.sqlite3")
    (home / "models").symlink_to((base / "models").resolve())
    settings = Settings.load(home)
    started = time.perf_counter()
    embedder = load_embedder(settings.model, home, engine=engine)
    load_seconds = time.perf_counter() - started
    with Store.in_home(home) as store:
        report = build_index(store, embedder, home, settings.search, rebuild=True)
    texts_embedded = report.embedded + sum(
        1 for row in (home / "index" / "items.jsonl").read_text().splitlines()
        if json.loads(row).get("qhash")
    )  # fmt: skip
    rows = answer_records(data)
    by_answer: dict[str, set[str]] = {}
    for rid, _, antwoord, _, _ in rows:
        by_answer.setdefault(antwoord, set()).add(rid)
    picked = [(v, a) for _rid, v, a, _, _ in rows if len(a) >= 40 and v]
    searcher = Searcher(home, embedder, settings.search)
    ranks = []
    try:
        for vraag, antwoord in picked:
            hits = searcher.search(preprocess_query(vraag) or vraag, k=10)
            ranks.append(next((h.rank for h in hits if h.external_id in by_answer[antwoord]),
                              None))  # fmt: skip
    finally:
        searcher.close()
    m = metrics(ranks)
    return {
        "engine": engine, "load_s": load_seconds, "build_s": report.seconds,
        "passages": report.items, "texts": texts_embedded, "peak_mb": peak_mb(),
        "queries": len(picked), "r10": m["R@10"], "mrr10": m["MRR@10"],
    }  # fmt: skip


def index_table(data: Path, work: Path, engines: list[str]) -> dict[str, dict]:
    prepare_store(data, work)
    plain = child(["--one-engine", "plain", "--data", str(data)], work)
    results = {}
    for engine in engines:
        results[engine] = child(["--one-engine", engine, "--data", str(data)], work)
    first = results[engines[0]]
    print(f"2. Index build and quality: {first['passages']} passages, {first['texts']} texts "
          f"embedded (passages and their questions), {first['queries']} questions searched; "
          "one fresh process per engine")  # fmt: skip
    cols = ("engine", "build s", "texts/s", "vs plain", f"vs {engines[0]}", "peak MB", "R@10",
            "MRR@10", "50k passages", "500k passages")  # fmt: skip
    print("  " + f"{cols[0]:12}" + "".join(f"{c:>14}" for c in cols[1:]))
    from assistant.progress import duration

    rows = {"plain ST": plain, **results}
    for engine, r in rows.items():
        rate = r["texts"] / r["build_s"]
        per_passage = r["build_s"] / r["passages"]  # questions, BM25 and faiss included
        quality = (f"{r['r10']:14.3f}", f"{r['mrr10']:14.3f}") if "r10" in r else ("-",) * 2
        cells = (f"{r['build_s']:14.1f}", f"{rate:14.1f}",
                 f"{plain['build_s'] / r['build_s']:13.2f}x",
                 f"{first['build_s'] / r['build_s']:13.2f}x", f"{r['peak_mb']:14.0f}",
                 *(f"{q:>14}" for q in quality),
                 *(f"{duration(per_passage * n):>14}" for n in PROJECT_TO))  # fmt: skip
        print(f"  {engine:12}" + "".join(cells))
    print("  (plain ST: sentence-transformers fp32 encode(batch_size=32) of the same texts, "
          "embedding only: no windows, no BM25 or faiss)")  # fmt: skip
    print()
    return results


# 3. cold start ----------------------------------------------------------------------------

_MEASURED_CHILD = """
import atexit, runpy, sys, time
started = time.perf_counter()
def report():
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
    print("MEASURED", time.perf_counter() - started, int(hwm) / 1024, file=sys.stderr)
atexit.register(report)
sys.argv = ["assistant", *sys.argv[1:]]
if sys.argv[1] == "--load":
    from assistant.config import DEFAULT_MODEL
    from assistant.embed import load_embedder
    e = load_embedder(DEFAULT_MODEL, sys.argv[2], engine=sys.argv[3])
    e.queries(["Gebruikt de politie drones?"])
else:
    runpy.run_module("assistant", run_name="__main__")
"""


def measured(args: list[str], engine: str) -> tuple[float, float, float]:
    """Wall seconds of a fresh process, its own seconds from start to exit, its peak MB."""
    env = {**os.environ, "ASSISTANT_EMBEDDING": engine}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED_CHILD, *args], env=env,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {args}: {done.stderr[-2000:]}")
    line = [x for x in done.stderr.splitlines() if x.startswith("MEASURED")][-1]
    _, own, mb = line.split()
    return wall, float(own), float(mb)


def cold_start(data: Path, work: Path, engines: list[str], rounds: int) -> None:
    seed = data / "seed" / "2021Z16950-vragen.txt"
    tasks = {
        "load model, embed one query": lambda e, h: ["--load", str(h), e],
        "assistant search": lambda e, h: ["search", QUERIES[0], "--home", str(h)],
        "assistant draft (14 questions)": lambda e, h: [
            "draft", str(seed), "--home", str(h), "-o", str(work / f"draft-{e}.docx")],
    }  # fmt: skip
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(rounds):
        for task, args in tasks.items():
            for engine in engines:
                home = work / f"home-{engine}"
                wall, _own, mb = measured(args(engine, home), engine)
                times.setdefault((task, engine), []).append((wall, mb))
    print(f"3. Cold start: fresh processes, {rounds} rounds alternating the engines; "
          "median wall seconds / peak MB (ratio of torch's time to this one's)")  # fmt: skip
    print("  " + f"{'':34}" + "".join(f"{e:>24}" for e in engines))
    for task in tasks:
        cells = ""
        for engine in engines:
            wall = statistics.median(t for t, _ in times[(task, engine)])
            mb = max(m for _, m in times[(task, engine)])
            base = statistics.median(t for t, _ in times[(task, engines[0])])
            cells += f"{wall:9.2f} s {mb:5.0f} MB ({base / wall:3.1f}x)"
        print(f"  {task:34}{cells}")
    print()


# 4. corpus sizes (recombined passages, stored vectors) ------------------------------------


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
    from assistant.config import SearchSettings, Settings
    from assistant.embed import load_embedder
    from assistant.index import build_index
    from assistant.models import CorpusDocument, QARecord
    from assistant.search import Searcher
    from assistant.store import Store

    texts = json.loads((work / "texts.json").read_text())
    vectors = np.load(work / "vectors.npy")
    home = work / f"home-size-{size}"
    settings = Settings.load(home)
    real = load_embedder(settings.model, work / "base", engine="onnx-int8")

    class Recombined:
        """Real query embeddings; stored vectors for the recombined passages."""

        name, dim, engine, precision = real.name, real.dim, real.engine, real.precision

        def __init__(self):
            self.lookup = dict(zip(texts[:size], vectors[:size], strict=True))

        def passages(self, batch, progress=None):
            return np.stack([self.lookup[t] for t in batch])

        def queries(self, batch, progress=None):
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
    searcher.close()
    return {
        "size": size, "dense": report.dense, "build_s": build_seconds, "peak_mb": peak_mb(),
        "p50": statistics.median(single), "p95": statistics.quantiles(single, n=20)[18],
        "set_p50": statistics.median(sets), "set_max": max(sets),
    }  # fmt: skip


def sizes_table(work: Path, sizes: list[int]) -> None:
    from assistant.index import corpus_items
    from assistant.store import Store

    home = work / "home-onnx-int8"
    with Store.in_home(home) as store:
        texts = [i.text for i in corpus_items(store)]
    vectors = np.load(home / "index" / "vectors.npy")
    corpus_texts, corpus_vecs = make_corpus(texts, vectors, max(sizes))
    (work / "texts.json").write_text(json.dumps(corpus_texts, ensure_ascii=False))
    np.save(work / "vectors.npy", corpus_vecs)
    print("4. Index and queries by corpus size (recombined corpus; int8 queries; warm; ms)")
    columns = ("passages", "dense", "build s", "peak MB", "q p50", "q p95", "set p50", "set max")
    print("  " + "".join(f"{c:>9}" for c in columns))
    for size in sizes:
        r = child(["--one-size", str(size)], work)
        cells = (
            f"{r['size']:>9}", f"{r['dense']:>9}", f"{r['build_s']:>9.1f}",
            f"{r['peak_mb']:>9.0f}", f"{r['p50']:>9.1f}", f"{r['p95']:>9.1f}",
            f"{r['set_p50']:>9.1f}", f"{r['set_max']:>9.1f}",
        )  # fmt: skip
        print("  " + "".join(cells))


def child(args: list[str], work: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--work", str(work), *args],
                         capture_output=True, text=True, check=False)  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / ".." / "shared" / "data")
    parser.add_argument("--work", type=Path, default=None, help="work folder (kept)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--skip-index", action="store_true", help="sections 1 and 3 only "
                        "(needs the homes of an earlier run in --work)")  # fmt: skip
    parser.add_argument("--one-engine", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--one-size", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="retrieval-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ASSISTANT_HOME", str(work / "base"))
    if args.one_engine == "plain":
        print(json.dumps(plain_encode(work)))
        return
    if args.one_engine:
        print(json.dumps(index_one_engine(args.one_engine, args.data, work)))
        return
    if args.one_size:
        print(json.dumps(run_size(args.one_size, work)))
        return
    print(f"work folder: {work}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}\n")
    base = prepare_store(args.data, work)
    throughput(base, args.engines, args.rounds)
    if not args.skip_index:
        index_table(args.data, work, args.engines)
    cold_start(args.data, work, args.engines, args.rounds + 1)
    if args.sizes:
        sizes_table(work, args.sizes)


if __name__ == "__main__":
    main()
