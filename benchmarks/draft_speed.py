"""Drafting speed: a 14-question set (the seed) from parse to .docx, warm.

Usage: python benchmarks/draft_speed.py --home DIR [--data ../shared/data] [--repeat 5]

DIR must hold an ingested and indexed corpus (assistant ingest + assistant
index). Measures, after one warm-up run: parsing, searching (3 suggestions per
question), composing and rendering the review .docx; prints the median.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assistant.config import Settings
from assistant.draft import compose_draft
from assistant.embed import embedder_for_search
from assistant.intake import read_question_set
from assistant.render import render_draft
from assistant.search import Searcher


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=here / ".." / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings.load(args.home)
    start = time.perf_counter()
    searcher = Searcher(settings.home, embedder_for_search(settings))  # the index's engine
    load = time.perf_counter() - start
    seed = args.data / "seed" / "2021Z16950-vragen.txt"
    steps: dict[str, list[float]] = {"parse": [], "search+compose": [], "render": [], "total": []}
    for run in range(args.repeat + 1):
        t0 = time.perf_counter()
        qs = read_question_set(seed)
        t1 = time.perf_counter()
        draft = compose_draft(qs, searcher, "JenV", k=3)
        t2 = time.perf_counter()
        render_draft(draft, "review")
        t3 = time.perf_counter()
        if run:  # the first run warms caches
            for name, value in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
                steps[name].append(value * 1000)
    print(f"model and index load (cold, once per process): {load:.1f} s")
    print(f"{'step':18}{'median ms':>10}{'max ms':>9}")
    for name, values in steps.items():
        print(f"{name:18}{statistics.median(values):10.0f}{max(values):9.0f}")
    searcher.close()


if __name__ == "__main__":
    main()
