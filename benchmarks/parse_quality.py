"""Answer-document parsing against the reference parse, per document and per answer.

Usage: python benchmarks/parse_quality.py [--data ../shared/data]

For every document in reference/qa-pairs-reference.jsonl that exists in
aanhangsel-pdf/ or ministerie-docx/: our Q/A records against the reference's
(number of questions; question numbers per answer; text similarity of each
question and answer after whitespace normalisation). Where texts differ the
difference is classified: "cleaner" when our text is the reference text minus
what the reference got wrong (footnote lines, glued markers, hyphenation),
otherwise "differs". Also checks that no answer holds page furniture or a
footnote line. Prints a table and a summary.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

from assistant.extract import extract_file
from assistant.parse.answers import parse_answer_document

# Where the reference is wrong, checked by reading the PDF: it has headings
# "Vraag 7, 8, 9 10 en 11", and the reference lost questions 10 and 11.
COUNT_CORRECTIONS = {"1b2d2126-a21e-4c3e-9b18-42206b4cc791": 12}

FURNITURE = re.compile(
    r"ah-tk-\d|ISSN|’s-Gravenhage|Tweede Kamer, vergaderjaar \d{4}.{1,3}\d{4}, Aanhangsel"
)


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _dehyphen(text: str) -> str:
    """The reference keeps PDF hyphenation ("beoorde- ling"); undo it for comparing."""
    return re.sub(r"(\w)- (?=[a-zà-ÿ])", r"\1", text)


def _covered(ours: str, theirs: str) -> float:
    """Share of our text found, in order, in theirs."""
    if not ours:
        return 0.0
    sm = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / len(ours)


def compare(ours: str, theirs: str) -> tuple[float, str]:
    """(similarity, verdict): 'same', 'cleaner' or 'differs'."""
    a, b = _ws(ours), _ws(theirs)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    if ratio >= 0.98:
        return ratio, "same"
    a2, b2 = _dehyphen(a), _dehyphen(b)
    ratio2 = difflib.SequenceMatcher(None, a2, b2, autojunk=False).ratio()
    if ratio2 >= 0.98:
        return ratio2, "cleaner"  # only hyphenation differed
    if a2 and _covered(a2, b2) >= 0.985 and len(a2) < len(b2):
        return ratio, "cleaner"  # ours is theirs minus leaked text
    return ratio, "differs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--data", type=Path, default=here / ".." / "shared" / "data")
    args = parser.parse_args()

    refs = defaultdict(list)
    with open(args.data / "reference" / "qa-pairs-reference.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            refs[record["doc_ref"]].append(record)
    files = {
        p.stem: p
        for p in [
            *(args.data / "aanhangsel-pdf").glob("*.pdf"),
            *(args.data / "ministerie-docx").glob("*.docx"),
        ]
    }

    rows, details, furniture_hits, times, group_diffs = [], [], [], [], []
    verdicts = defaultdict(int)
    answer_verdicts = defaultdict(int)
    for ref_id, recs in refs.items():
        path = files.get(ref_id)
        if path is None:
            continue
        start = time.perf_counter()
        doc = parse_answer_document(extract_file(path))
        times.append(time.perf_counter() - start)
        by_nr = {r.nr: r for r in doc.records}
        ref_numbers = sorted({int(n) for r in recs for n in re.findall(r"\d+", r["vraag_nr"])})
        expected = COUNT_CORRECTIONS.get(ref_id, len(ref_numbers))
        groups_ok = 0
        for r in recs:
            nums = [int(n) for n in re.findall(r"\d+", r["vraag_nr"])]
            ours = [by_nr[n] for n in nums if n in by_nr]
            if ours and all(tuple(nums) == tuple(sorted(o.vraag_nrs)) for o in ours):
                groups_ok += 1
            else:
                group_diffs.append(
                    (path.name[:28], r["vraag_nr"], sorted({o.vraag_nrs for o in ours}), doc.kind)
                )
            q_text = " ".join(dict.fromkeys(o.vraag for o in ours))
            q_ratio, q_verdict = compare(q_text, r["vraag"])
            # where the reference grouped wrongly, compare with the best of our answers
            candidates = [compare(o.antwoord or "", r["antwoord"] or "") for o in ours] or [
                compare("", r["antwoord"] or "")
            ]
            rank = {"same": 2, "cleaner": 1, "differs": 0}
            a_ratio, a_verdict = max(candidates, key=lambda c: (rank[c[1]], c[0]))
            a_text = next((o.antwoord for o in ours if o.antwoord), "") or ""
            if not (r["antwoord"] or "").strip() and a_text:
                a_verdict = "cleaner"  # the reference lost this answer
            verdicts[q_verdict] += 1
            answer_verdicts[a_verdict] += 1
            if a_verdict != "same" or q_verdict != "same":
                details.append(
                    (
                        path.name[:28],
                        r["vraag_nr"],
                        q_verdict,
                        f"{q_ratio:.2f}",
                        a_verdict,
                        f"{a_ratio:.2f}",
                    )
                )
        notes = {
            f.tekst for rec in doc.records for f in (*rec.vraag_voetnoten, *rec.antwoord_voetnoten)
        }
        for rec in doc.records:
            text = rec.antwoord or ""
            if FURNITURE.search(text) or FURNITURE.search(rec.vraag):
                furniture_hits.append((path.name, rec.nr, "furniture"))
            for note in notes:
                if len(note) > 25 and (note in text or note in rec.vraag):
                    furniture_hits.append((path.name, rec.nr, "footnote"))
        rows.append((path.name[:36], len(doc.records), expected, len(recs), groups_ok, doc.kind))

    print("ref: questions in the reference (corrected where it is wrong, see COUNT_CORRECTIONS)")
    print(f"{'document':38}{'ours':>6}{'ref':>5}{'ref answers':>12}{'groups ok':>10}  kind")
    print("-" * 80)
    for name, ours, ref, ref_answers, groups_ok, kind in rows:
        flag = "" if ours == ref else "  <- count differs"
        print(f"{name:38}{ours:>6}{ref:>5}{ref_answers:>12}{groups_ok:>10}  {kind}{flag}")
    print()
    print("Per reference answer where ours is not the same text:")
    print(
        f"  {'document':30}{'vraag_nr':>12}  {'question':>10} {'sim':>5}  {'answer':>10} {'sim':>5}"
    )
    for name, nr, qv, qr, av, ar in details:
        print(f"  {name:30}{nr:>12}  {qv:>10} {qr:>5}  {av:>10} {ar:>5}")
    print()
    print("Answers whose question numbers differ from the reference (read the document to judge):")
    for name, ref_nr, ours_nrs, kind in group_diffs:
        print(f"  {name:30} reference {ref_nr!r:>14}  ours {ours_nrs}  ({kind})")
    total = sum(answer_verdicts.values())
    exact = sum(1 for r in rows if r[1] == r[2])
    print()
    print(f"documents: {len(rows)}; question count right: {exact}/{len(rows)}")
    print(f"question numbers per answer right: {sum(r[4] for r in rows)}/{sum(r[3] for r in rows)}")
    same, cleaner, differs = verdicts["same"], verdicts["cleaner"], verdicts["differs"]
    print(f"questions: same {same}, cleaner {cleaner}, differs {differs}")
    print(
        f"answers:   same {answer_verdicts['same']}, cleaner {answer_verdicts['cleaner']}, "
        f"differs {answer_verdicts['differs']}  "
        f"(same or cleaner: {(answer_verdicts['same'] + answer_verdicts['cleaner']) / total:.1%})"
    )
    print(f"answers or questions with page furniture or a footnote line: {len(furniture_hits)}")
    for hit in furniture_hits:
        print("  ", hit)
    print(f"median parse time per document: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
