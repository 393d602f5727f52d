"""Question intake on the real documents: quality against the reference parse, and speed.

Usage: python benchmarks/intake.py [--data ../shared/data] [--repeat 5] [--forms-only]

Quality: per document, the number of questions against the reference
(reference/qa-pairs-reference.jsonl, with its one known miscount corrected),
how much of each of our question texts is found in the reference text
(coverage; ours may be cleaner, never different), the share of the reference
text we leave out (footnote lines the reference leaked, mostly), and footnotes
attached. Speed: median wall time per document over --repeat runs.

Forms: the fictional sets of benchmarks/intake_forms.py (today's forms, issue 13),
per form how many sets get the question count, kenmerk, ingezonden date,
indieners (names) and gericht_aan exactly right; for the real documents, per kind,
how many get the count right (where a reference exists) and how many have each
header field found at all.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from assistant import read_question_set
from assistant.errors import NotAQuestionSetError
from assistant.intake import parse_question_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake_forms import cases

COUNT_CORRECTIONS = {"1b2d2126-a21e-4c3e-9b18-42206b4cc791": 12}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--data", type=Path, default=here / ".." / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--forms-only", action="store_true", help="only the fictional forms")
    args = parser.parse_args()
    form_rows = forms_table()
    if args.forms_only:
        print_forms(form_rows)
        return

    refs = defaultdict(list)
    with open(args.data / "reference" / "qa-pairs-reference.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            refs[record["doc_ref"]].append(record)
    files = sorted(
        [
            *(args.data / "aanhangsel-pdf").glob("*.pdf"),
            *(args.data / "ministerie-docx").glob("*.docx"),
        ]
    )
    files.append(args.data / "seed" / "2021Z16950-vragen.txt")

    rows = []
    for path in files:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            qs = read_question_set(path)
            times.append(time.perf_counter() - start)
        recs = refs.get(path.stem, [])
        expected = COUNT_CORRECTIONS.get(
            path.stem,
            len({int(n) for r in recs for n in re.findall(r"\d+", r["vraag_nr"])}) or None,
        )
        by_nr = {q.nr: q.tekst for q in qs.vragen}
        coverages, dropped = [], []
        for r in recs:
            theirs = _norm(r["vraag"])
            nums = [int(n) for n in re.findall(r"\d+", r["vraag_nr"])]
            ours_all = ""
            for n in nums:
                ours = _norm(by_nr.get(n, ""))
                ours_all += ours
                if ours:
                    sm = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
                    coverages.append(sum(b.size for b in sm.get_matching_blocks()) / len(ours))
            if theirs:
                sm = difflib.SequenceMatcher(None, theirs, ours_all, autojunk=False)
                dropped.append(1 - sum(b.size for b in sm.get_matching_blocks()) / len(theirs))
        form_rows.append(
            {
                "form": f"echt {path.suffix[1:]}",
                "count": expected is None or len(qs.vragen) == expected,
                "kenmerk": bool(qs.kenmerk),
                "ingezonden": qs.ingezonden is not None,
                "indieners": bool(qs.indieners),
                "gericht_aan": bool(qs.gericht_aan),
            }
        )
        rows.append(
            {
                "doc": path.name[:34],
                "kind": path.suffix[1:],
                "questions": len(qs.vragen),
                "expected": expected,
                "coverage": min(coverages) if coverages else None,
                "dropped": statistics.mean(dropped) if dropped else None,
                "footnotes": sum(len(q.voetnoten) for q in qs.vragen),
                "warnings": len(qs.waarschuwingen),
                "ms": statistics.median(times) * 1000,
            }
        )

    header = (
        f"{'document':36}{'kind':>5}{'vragen':>7}{'ref':>5}{'min cov':>9}{'dropped':>9}"
        f"{'fn':>4}{'warn':>5}{'ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        cov = f"{r['coverage']:.3f}" if r["coverage"] is not None else "-"
        drop = f"{r['dropped']:.3f}" if r["dropped"] is not None else "-"
        ref = r["expected"] if r["expected"] is not None else "-"
        print(
            f"{r['doc']:36}{r['kind']:>5}{r['questions']:>7}{ref!s:>5}{cov:>9}{drop:>9}"
            f"{r['footnotes']:>4}{r['warnings']:>5}{r['ms']:>8.1f}"
        )
    with_ref = [r for r in rows if r["expected"] is not None]
    exact = sum(r["questions"] == r["expected"] for r in with_ref)
    print()
    print(
        f"documents with reference: {len(with_ref)}; question count exact: {exact}/{len(with_ref)}"
    )
    total_q = sum(r["questions"] for r in rows)
    total_fn = sum(r["footnotes"] for r in rows)
    print(f"questions: {total_q}; footnotes attached: {total_fn}")
    covs = [r["coverage"] for r in rows if r["coverage"] is not None]
    print(f"lowest text coverage in any document: {min(covs):.3f}")
    for kind in ("pdf", "docx", "txt"):
        ms = [r["ms"] for r in rows if r["kind"] == kind]
        if ms:
            median = statistics.median(ms)
            print(f"median time per {kind} document: {median:.1f} ms (max {max(ms):.1f} ms)")
    print()
    print_forms(form_rows)


def forms_table() -> list[dict]:
    """One row per fictional set: which fields came out exactly right."""
    rows = []
    for case in cases():
        try:
            qs = parse_question_text(case.text)
        except NotAQuestionSetError:
            rows.append({"form": case.form, **dict.fromkeys(_FIELDS, False)})
            continue
        rows.append(
            {
                "form": case.form,
                "count": len(qs.vragen) == case.vragen,
                "kenmerk": qs.kenmerk == case.kenmerk,
                "ingezonden": qs.ingezonden == case.ingezonden,
                "indieners": tuple(m.naam for m in qs.indieners) == case.indieners,
                "gericht_aan": qs.gericht_aan == case.gericht_aan,
            }
        )
    return rows


_FIELDS = ("count", "kenmerk", "ingezonden", "indieners", "gericht_aan")


def print_forms(rows: list[dict]) -> None:
    """Per form: sets, then right (fictional: exact; real: found) per field."""
    forms = list(dict.fromkeys(r["form"] for r in rows))
    header = f"{'form':18}{'sets':>5}" + "".join(f"{f:>13}" for f in _FIELDS)
    print("fictional forms: field exactly right; real documents ('echt'): count right")
    print("where a reference exists, other fields found")
    print(header)
    print("-" * len(header))
    for form in [*forms, "totaal"]:
        sel = [r for r in rows if form in ("totaal", r["form"])]
        cells = "".join(f"{sum(r[f] for r in sel):>9}/{len(sel):<3}" for f in _FIELDS)
        print(f"{form:18}{len(sel):>5}{cells}")


if __name__ == "__main__":
    main()
