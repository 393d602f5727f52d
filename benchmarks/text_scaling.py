"""How question-set parsing scales with the size of plain text (issue 15).

Usage: python benchmarks/text_scaling.py [--sizes 0.5,1,5,20] [--timeout 120]
                                         [--code DIR] [--cases seed,hyphens,...]

Each case is a hostile text from tests/support/hostile_text.py, built to the size in MB (the
seed set of ../shared/data repeated; a paragraph of hyphenated lines; one word broken
over hyphenated lines; footnote-like lines no marker cites; a pasted header of 'lid ...
aan ... over' repeated; a set of N questions). Every run is a fresh process: it builds
the text, then parses it with assistant.intake.parse_question_text; the table shows the
parse time in seconds and the peak memory (maximum resident size) of that process.
--code runs another checkout (e.g. `git archive <commit> assistant | tar -x -C DIR`) to
compare before and after; a run that passes --timeout is stopped and shown as "> N".
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "data" / "seed" / "2021Z16950-vragen.txt"

CASES = {
    "seed": "H.repeated(seed, size)",
    "hyphens": "H.hyphenated(size)",
    "one-word": "H.one_long_token(size)",
    "note-lines": "H.unmatched_footnote_lines(size)",
    "header": "'lid Jansen aan de Minister van Financiën over ' * (size // 46)"
    " + '\\n\\nVraag 1\\nKlopt het?\\n'",
    "numbered": "H.numbered_set(size // 60)",
}

_CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[2])
import hostile_text as H
from assistant.errors import InputError, NotAQuestionSetError
from assistant.intake import parse_question_text
seed = open(sys.argv[3], encoding="utf-8").read()
size = int(float(sys.argv[5]) * 1_000_000)
text = eval(sys.argv[4])
start = time.perf_counter()
try:
    result = f"{len(parse_question_text(text).vragen)} vragen"
except (InputError, NotAQuestionSetError) as exc:
    result = f"fout: {exc}"
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.2f}\\t{peak_mb:.0f}\\t{len(text) / 1e6:.1f}\\t{result}")
"""


def run(case: str, size: float, code: Path, timeout: float) -> tuple[str, str, str, str]:
    """(seconds, peak MB, actual MB, outcome) of one parse in a fresh process."""
    args = [sys.executable, "-c", _CHILD, str(code), str(ROOT / "tests"), str(SEED)]
    args += [CASES[case], str(size)]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}", "-", "-", "gestopt"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return "-", "-", "-", f"exit {proc.returncode}: {last[:60]}"
    seconds, peak, actual, outcome = out.strip().split("\t")
    return seconds, peak, actual, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.5,1,5,20", help="sizes in MB, comma-separated")
    parser.add_argument("--cases", default=",".join(CASES), help="cases, comma-separated")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout holding assistant/")
    options = parser.parse_args()
    sizes = [float(s) for s in options.sizes.split(",")]
    print(f"code: {options.code}")
    print(f"{'case':<11} {'MB':>5} {'seconds':>8} {'peak MB':>8}  outcome")
    print("-" * 60)
    for case in options.cases.split(","):
        for size in sizes:
            seconds, peak, actual, outcome = run(case, size, options.code, options.timeout)
            shown = actual if actual != "-" else f"{size:g}"
            print(f"{case:<11} {shown:>5} {seconds:>8} {peak:>8}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
