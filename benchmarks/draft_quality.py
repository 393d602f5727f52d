"""How close the composed proposal comes to the answer the ministry really gave.

Usage: python benchmarks/draft_quality.py [--data ../shared/data] [--home DIR] [--k 3]
                                          [--grid]

Leave one out: the real answer documents in ../shared/data (Aanhangsel PDFs and ministry
letters), their policy texts, and the fictional demo corpus are read into one home and
indexed. For every answered question whose subject has precedents elsewhere in the corpus
(its best hit from another document is "sterk" or "redelijk", see strength.py), its own
document is left out of the search (Filters.exclude_documents) and the draft is composed
as `assistant draft` composes it. The proposal (the opening plus the precedent sentences;
the opening alone where the question type gets no proposal) is compared with the real
answer, against two baselines: the opening alone, and the best precedent pasted whole.

Printed:
1. ROUGE-L F1 (word LCS) and the e5 cosine to the real answer: mean, median, and how often
   the proposal beats each baseline, for the real documents, the demo and both;
2. speed: composing each set with proposals and without (suggestions only), side by side;
3. outdated warnings on the demo corpus (drones line 2019 -> 2025), by the year of the
   flagged precedent and of the newer one, and whether every 2019 drones answer that is
   suggested is flagged; the same count on the real documents (few chains there: a
   warning there is more likely a false alarm);
   1b. the same with only the precedents dated before the document (what existed when it
   was answered);
4. with --grid: a few ComposeSettings variants (sentences, margin, weights) on the same set.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

from assistant.config import ComposeSettings, Settings
from assistant.draft import compose_draft
from assistant.embed import load_embedder
from assistant.index import build_index
from assistant.ingest import ingest
from assistant.models import Question, QuestionSet
from assistant.openings import classify
from assistant.search import Filters, Searcher
from assistant.store import Store

HERE = Path(__file__).resolve().parents[1]
MIN_ANSWER_CHARS = 40  # "Ja." has no wording to compare
_WORD = re.compile(r"\w+")


def build_home(home: Path, data: Path) -> None:
    files = [
        *sorted((data / "aanhangsel-pdf").glob("*.pdf")),
        *sorted((data / "ministerie-docx").glob("*.docx")),
        *sorted((data / "beleid").glob("*.pdf")),
        HERE / "corpus" / "demo",
    ]
    home.mkdir(parents=True, exist_ok=True)
    with Store.in_home(home) as store:
        report = ingest(files, store)
    print(f"ingelezen: {len(report.added)} documenten, {len(report.failed)} mislukt")


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 on lower-cased words (longest common subsequence)."""
    a = _WORD.findall(candidate.lower())
    b = _WORD.findall(reference.lower())
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    lcs = prev[-1]
    if lcs == 0:
        return 0.0
    p, r = lcs / len(a), lcs / len(b)
    return 2 * p * r / (p + r)


def question_sets(store: Store) -> list[tuple[dict, QuestionSet, dict[int, str], bool]]:
    """Per answer document: (document, its questions as a set, nr -> real answer, demo?)."""
    out = []
    for doc in store.documents():
        if doc["kind"] != "antwoord":
            continue
        rows = [r for r in store.qa_of_document(doc["id"]) if r.vraag and r.nr]
        if not rows:
            continue
        questions = tuple(Question(r.nr, r.vraag) for r in sorted(rows, key=lambda r: r.nr))
        answers = {r.nr: r.antwoord or "" for r in rows}
        qs = QuestionSet(doc["kenmerk"], (), (), doc["onderwerp"], None, None, questions)
        out.append((doc, qs, answers, bool(doc["meta"].get("fictief"))))
    return out


def evaluate(searcher, sets, compose: ComposeSettings, k: int, earlier_only: bool = False):
    """Per counted question: (demo?, proposal, opening, best precedent, real answer). With
    ``earlier_only`` only precedents dated before the document count, as when it was
    answered (documents without a date are skipped then)."""
    rows = []
    timings = []
    for doc, qs, answers, demo in sets:
        until = None
        if earlier_only:
            if not doc["datum"]:
                continue
            until = date.fromordinal(date.fromisoformat(doc["datum"]).toordinal() - 1)
        filters = Filters(tot=until, exclude_documents=(doc["id"],))
        start = time.perf_counter()
        draft = compose_draft(qs, searcher, k=k, compose=compose, filters=filters)
        timings.append(time.perf_counter() - start)
        for a in draft.antwoorden:
            (nr,) = a.nrs
            real = answers.get(nr, "")
            if len(real.strip()) < MIN_ANSWER_CHARS or not a.suggesties:
                continue
            if a.suggesties[0].sterkte not in ("sterk", "redelijk"):
                continue  # no precedent elsewhere: nothing to compose from
            proposal = a.voorstel.plain_text() if a.voorstel else a.opening
            rows.append((demo, proposal, a.opening, a.suggesties[0].tekst, real, draft, nr))
    return rows, timings


_VECTORS: dict[str, np.ndarray] = {}  # text -> e5 vector, kept across variants


def scores(rows, embedder):
    texts = []
    for _, proposal, opening, best, real, *_ in rows:
        texts.extend([proposal, opening or ".", best, real])
    todo = list(dict.fromkeys(t for t in texts if t not in _VECTORS))
    if todo:
        _VECTORS.update(zip(todo, embedder.passages(todo), strict=True))
    vecs = np.stack([_VECTORS[t] for t in texts]).reshape(len(rows), 4, -1)
    out = []
    for (demo, proposal, opening, best, real, *_), v in zip(rows, vecs, strict=True):
        out.append({
            "demo": demo,
            "rouge": (rouge_l(proposal, real), rouge_l(opening, real), rouge_l(best, real)),
            "cos": (float(v[0] @ v[3]), float(v[1] @ v[3]), float(v[2] @ v[3])),
        })  # fmt: skip
    return out


def table(results, title: str) -> None:
    print(f"\n{title}")
    head = f"{'deel':<8}{'n':>5}  {'maat':<10}{'voorstel':>18}{'alleen opening':>18}"
    print(head + f"{'beste precedent':>18}{'voorstel wint':>20}")
    parts = (
        ("echt", [r for r in results if not r["demo"]]),
        ("demo", [r for r in results if r["demo"]]),
        ("samen", results),
    )
    for name, part in parts:
        if not part:
            continue
        for metric in ("rouge", "cos"):
            cols = []
            for i in range(3):
                xs = [r[metric][i] for r in part]
                cols.append(f"{statistics.mean(xs):.3f} / {statistics.median(xs):.3f}")
            wins = [sum(r[metric][0] > r[metric][i] for r in part) / len(part) for i in (1, 2)]
            label = "ROUGE-L" if metric == "rouge" else "cosinus"
            print(f"{name:<8}{len(part):>5}  {label:<10}{cols[0]:>18}{cols[1]:>18}{cols[2]:>18}"
                  f"{f'{wins[0]:.0%} / {wins[1]:.0%}':>20}")  # fmt: skip
    print(
        "(gemiddelde / mediaan; 'voorstel wint': aandeel vragen waar het voorstel dichter bij "
        "het echte antwoord ligt dan alleen de opening / het beste precedent)"
    )


def outdated_report(searcher, sets, compose: ComposeSettings, k: int) -> None:
    """Section 3: warnings with the full corpus (as when answering a new set)."""
    print("\n3. Waarschuwingen 'mogelijk achterhaald' (volledig corpus, elke vraag als nieuwe "
          "vraag; de eigen set wel uitgesloten)")  # fmt: skip
    for demo_part in (True, False):
        flagged: Counter = Counter()
        shown = 0
        drones_2019, drones_2019_flagged, newer_named = 0, 0, Counter()
        for doc, qs, _answers, demo in sets:
            if demo != demo_part:
                continue
            filters = Filters(exclude_documents=(doc["id"],))
            draft = compose_draft(qs, searcher, k=k, compose=compose, filters=filters)
            for a in draft.antwoorden:
                for c in a.suggesties:
                    shown += 1
                    year = (c.datum or "????")[:4]
                    if c.achterhaald:
                        newer = next((n for n in a.suggesties if n.passage_id == c.nieuwer), None)
                        flagged[(year, (newer.datum or "????")[:4] if newer else "?")] += 1
                    if demo and year == "2019" and "drone" in (c.onderwerp or "").lower():
                        drones_2019 += 1
                        if c.achterhaald:
                            drones_2019_flagged += 1
                            newer_named[c.achterhaald.rsplit("(", 1)[-1].rstrip(")")] += 1
        name = "demo" if demo_part else "echte documenten"
        total = sum(flagged.values())
        print(f"  {name}: {total} van {shown} getoonde precedenten gemarkeerd")
        for (old, new), n in sorted(flagged.items()):
            print(f"    precedent uit {old}, nieuwer uit {new}: {n}")
        if demo_part:
            print(
                f"  drones-antwoorden uit 2019 als suggestie: {drones_2019}, waarvan gemarkeerd: "
                f"{drones_2019_flagged}; genoemd als nieuwer: {dict(newer_named)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parent / "shared" / "data")
    parser.add_argument("--home", type=Path, default=None, help="work folder (default: temporary)")
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--grid-only", action="store_true", help="only section 4")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="draft-quality-"))
    settings = Settings.load(home)
    if not (home / "corpus.sqlite3").exists():
        build_home(home, args.data)
    embedder = load_embedder(settings.model, home, engine=settings.embedding)
    with Store.in_home(home) as store:
        report = build_index(store, embedder, home, settings.search)
        print(f"index: {report.items} teksten ({report.embedded} nieuw ingebed)")
        sets = question_sets(store)
    searcher = Searcher(home, embedder, settings.search)
    compose = settings.compose
    print(f"{len(sets)} antwoorddocumenten, {sum(len(s[1].vragen) for s in sets)} vragen; "
          f"k={args.k}, {date.today().isoformat()}")  # fmt: skip

    if args.grid_only:
        grid(searcher, sets, compose, args.k, embedder)
        return
    rows, with_times = evaluate(searcher, sets, compose, args.k)
    results = scores(rows, embedder)
    table(results, "1. Voorstel tegen het echte antwoord (leave-one-out)")
    earlier, _ = evaluate(searcher, sets, compose, args.k, earlier_only=True)
    table(scores(earlier, embedder), "1b. Idem, alleen precedenten van voor het document "
          "(zoals bij het beantwoorden)")  # fmt: skip

    every_type = tuple({classify(q.tekst).type for _, qs, _, _ in sets for q in qs.vragen})
    _, without_times = evaluate(searcher, sets, replace(compose, opening_only_types=every_type),
                                args.k)  # fmt: skip
    print("\n2. Snelheid: een set samenstellen (zoeken + achterhaald + voorstel) tegen alleen "
          "suggesties, per set, in dezelfde run")  # fmt: skip
    med_with, med_without = statistics.median(with_times), statistics.median(without_times)
    print(f"  met voorstellen:   mediaan {med_with:.2f} s, totaal {sum(with_times):.1f} s")
    print(f"  zonder voorstellen: mediaan {med_without:.2f} s, totaal {sum(without_times):.1f} s")
    print(f"  verhouding (met/zonder): {med_with / med_without:.2f}x (mediaan), "
          f"{sum(with_times) / sum(without_times):.2f}x (totaal)")  # fmt: skip

    outdated_report(searcher, sets, compose, args.k)

    if args.grid:
        grid(searcher, sets, compose, args.k, embedder)
    searcher.close()


def grid(searcher, sets, compose: ComposeSettings, k: int, embedder) -> None:
    print("\n4. Varianten (ROUGE-L en cosinus van het voorstel, gemiddeld, samen)")
    variants = {
        "standaard": compose,
        "shortlist 16": replace(compose, shortlist=16),
        "3 zinnen": replace(compose, max_sentences=3),
        "6 zinnen, 160 w.": replace(compose, max_sentences=6, max_words=160),
        "80 woorden": replace(compose, max_words=80),
        "marge 0.03": replace(compose, sentence_margin=0.03),
        "marge 0.20": replace(compose, sentence_margin=0.20),
        "geen recentheid": replace(compose, recency_weight=0.0, outdated_penalty=0.0),
        "rang 0.05": replace(compose, precedent_weight=0.05),
    }
    for name, variant in variants.items():
        rows, times = evaluate(searcher, sets, variant, k)
        res = scores(rows, embedder)
        r = statistics.mean(x["rouge"][0] for x in res)
        c = statistics.mean(x["cos"][0] for x in res)
        beats = statistics.mean(x["rouge"][0] > x["rouge"][2] for x in res)
        print(f"  {name:<18} n={len(res):>4}  ROUGE-L {r:.3f}  cosinus {c:.3f}  "
              f"wint van beste precedent (ROUGE-L) {beats:.0%}  "
              f"mediaan {statistics.median(times):.2f} s per set", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
