"""Letter layout: where the eight real JenV letters and our letters put things on the page.

Usage: python benchmarks/letter_layout.py [--data ../shared/data] [--out DIR]
                                          [--baseline CHECKOUT]

Renders each real letter in ../shared/data/ministerie-docx, the seed's definitief draft
and its uitstelbericht to PDF with LibreOffice and prints, in cm from the top left, the
positions tests/unit/test_letter_layout.py compares (text edges, first lines, the right-hand
column, Datum, the page number), the median of the real letters, and how far ours are
from that median. Also the time to write the .docx (median of 5).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))

from support.pdf_layout import measure, to_pdf  # noqa: E402

from assistant.draft import compose_draft  # noqa: E402
from assistant.intake import read_question_set  # noqa: E402
from assistant.render import render_draft, render_postponement  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / ".." / "shared" / "data")
    parser.add_argument("--out", type=Path, default=None, help="keep the PDFs here")
    parser.add_argument("--baseline", type=Path, default=None, help="an older checkout")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="letter-layout-"))
    out.mkdir(parents=True, exist_ok=True)

    rows: list[tuple[str, dict]] = []
    for i, letter in enumerate(sorted((args.data / "ministerie-docx").glob("*.docx")), 1):
        copy = out / f"real-{i}.docx"
        copy.write_bytes(letter.read_bytes())
        rows.append((f"real {i}: {letter.stem[:28]}", measure(to_pdf(copy, out))))

    qs = read_question_set(args.data / "seed" / "2021Z16950-vragen.txt")
    draft = compose_draft(qs, None, "JenV")
    text = "Dit is een voorlopig antwoord van enige lengte, zodat de regels tot de kantlijn lopen. "
    draft = replace(draft, antwoorden=tuple(replace(a, tekst=text * 3) for a in draft.antwoorden))
    (out / "ours-seed.docx").write_bytes(render_draft(draft, "definitief"))
    rows.append(("ours: seed definitief", measure(to_pdf(out / "ours-seed.docx", out))))
    (out / "ours-uitstel.docx").write_bytes(render_postponement(
        qs, "afstemming met Defensie nodig is", date(2021, 11, 15), "JenV"))  # fmt: skip
    rows.append(("ours: uitstelbericht", measure(to_pdf(out / "ours-uitstel.docx", out))))

    keys = [k for k in rows[0][1] if k != "pages"]
    real = [m for name, m in rows if name.startswith("real")]
    median = {k: statistics.median(m[k] for m in real if m[k] is not None) for k in keys}
    print("| letter | pages | " + " | ".join(keys) + " |")
    print("|---" * (len(keys) + 2) + "|")
    for name, m in [*rows[:-2], ("median of the real letters", {**median, "pages": ""}),
                    *rows[-2:]]:  # fmt: skip
        cells = ["-" if m[k] is None else f"{m[k]:.2f}" for k in keys]
        print(f"| {name} | {m['pages']} | " + " | ".join(cells) + " |")
    for name, m in rows[-2:]:
        worst = max((abs(m[k] - median[k]), k) for k in keys if m[k] is not None)
        print(f"\n{name}: largest distance to the real median {worst[0]:.2f} cm ({worst[1]})")
    print(f"\nPDFs in {out}")
    roots = [("this checkout", HERE)] + ([("baseline", args.baseline)] if args.baseline else [])
    times: dict[str, list[float]] = {name: [] for name, _ in roots}
    for _ in range(3):  # alternate, so that load on the machine hits both alike
        for name, root in roots:
            times[name].append(_render_ms(root, args.data))
    for name, values in times.items():
        median = statistics.median(values)
        print(f"writing the seed's definitief .docx, {name}: median {median:.0f} ms")
    if args.baseline:
        ratio = statistics.median(times["this checkout"]) / statistics.median(times["baseline"])
        print(f"ratio this checkout / baseline: {ratio:.2f}")


_TIMING = """
import statistics, sys, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from assistant.draft import compose_draft
from assistant.intake import read_question_set
from assistant.render import render_draft
qs = read_question_set(Path(sys.argv[2]) / "seed" / "2021Z16950-vragen.txt")
draft = compose_draft(qs, None, "JenV")
text = "Dit is een voorlopig antwoord van enige lengte. " * 10
draft = replace(draft, antwoorden=tuple(replace(a, tekst=text) for a in draft.antwoorden))
render_draft(draft, "definitief")
runs = []
for _ in range(7):
    start = time.perf_counter()
    render_draft(draft, "definitief")
    runs.append(time.perf_counter() - start)
print(statistics.median(runs) * 1000)
"""


def _render_ms(root: Path, data: Path) -> float:
    """Median ms to write the seed's letter with the code in `root`, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", _TIMING, str(root), str(data)], check=True,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
