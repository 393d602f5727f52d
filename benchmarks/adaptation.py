"""Corpus adaptation of the embedding model: pairs, steps, time, held-out figures, memory.

Usage: python benchmarks/adaptation.py [--minuten 20] [--home DIR] [--data ../shared/data]

Without --home it reads the real documents (aanhangsel-pdf, ministerie-docx, beleid in
--data) into a temporary home and runs ``adapt`` there; with --home it runs on an existing
home, installing into it as ``assistant adapt`` does. Reading the documents and converting
the model happen in child processes, so the peak memory printed is that of adapting alone.
Prints one table. Nothing from the data folder is copied into the project.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.adaptation import adapt
from assistant.adaptation.pairs import corpus_pairs
from assistant.adaptation.train import SCALE
from assistant.config import Settings
from assistant.progress import Progress
from assistant.store import Store

FOLDERS = ("aanhangsel-pdf", "ministerie-docx", "beleid")
CONVERT = (
    "import sys, pathlib; from assistant.embed import resolve_model; "
    "resolve_model(sys.argv[1], pathlib.Path(sys.argv[2]))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--minuten", type=float, default=20)
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=here / ".." / "shared" / "data")
    parser.add_argument("--learning-rate", type=float, default=2e-5)
    parser.add_argument("--scale", type=float, default=SCALE, help="cosine scale of the loss")
    args = parser.parse_args()
    temporary = Path(tempfile.mkdtemp(prefix="adapt-bench-")) if args.home is None else None
    try:
        home = args.home or temporary / "home"
        if temporary is not None:
            folders = [str(args.data / name) for name in FOLDERS]
            _child("-m", "assistant", "ingest", *folders, "--home", str(home))
        settings = Settings.load(home)
        _child("-c", CONVERT, settings.model, str(settings.home))
        run(settings, args.minuten, args.learning_rate, args.scale)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _child(*args: str) -> None:
    done = subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}")


def run(settings: Settings, minutes: float, learning_rate: float, scale: float) -> None:
    with Store.in_home(settings.home) as store:
        split = corpus_pairs(store)
        started = time.perf_counter()
        report = adapt(
            store, settings, budget_seconds=minutes * 60, learning_rate=learning_rate, scale=scale,
            progress=Progress("Aanpassen", "stappen"),
            status=lambda text: print(text, file=sys.stderr),
        )  # fmt: skip
        wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    counts = split.counts()
    print(f"\ncorpus: {settings.home}  budget: {minutes:g} min")
    print(f"learning rate: {learning_rate:g}  scale: {scale:g}")
    print(f"{'pairs train / held-out':30}{report.pairs_train} / {report.pairs_heldout}")
    print(f"{'  train: ict / qa':30}{counts['train_ict']} / {counts['train_qa']}")
    print(f"{'  documents train / held-out':30}{counts['train_units']} / {counts['heldout_units']}")
    print(f"{'held-out candidates':30}{report.before.candidates}")
    print(f"{'pairs used in training':30}{report.pairs_used}")
    print(f"{'steps':30}{report.steps}")
    print(f"{'seconds (whole run)':30}{wall:.0f}")
    print(f"{'seconds / step (median)':30}{report.seconds_per_step:.2f}")
    print(f"{'peak RSS (MB)':30}{peak:.0f}")
    print(f"\n{'held-out':10}{'R@1':>8}{'R@10':>8}{'MRR@10':>8}{'cos own':>9}{'cos other':>11}")
    rows = [("before", report.before), ("after", report.after)]
    for name, figures in rows:
        if figures is not None:
            print(
                f"{name:10}{figures.recall_at_1:8.3f}{figures.recall_at_10:8.3f}"
                f"{figures.mrr_at_10:8.3f}{figures.own_cosine:9.3f}{figures.other_cosine:11.3f}"
            )
    print(f"\n{'installed' if report.installed else 'not installed'}: {report.reason}")


if __name__ == "__main__":
    main()
