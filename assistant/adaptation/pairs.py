"""Training pairs from the corpus itself, without labels, and a held-out part per document.

Two kinds of (query, passage) pairs:

- inverse cloze ("ict"): one sentence of an answer or policy passage is the pseudo-query,
  the sentences around it (the rest of the text, as much as fits the passage length the
  model is trained on) are its passage;
- the corpus's own Q/A records ("qa"): the question is the query, the answer its passage.

Every pair carries its source text's ``group`` (the same text, or the answer shared by a
grouped "Antwoord op vragen 2 en 3", is one group: never a negative of itself) and its
``unit`` (the document; a record of a Q/A export is its own unit). The held-out part is a
seeded choice of whole units, so no document is in both parts. Everything is deterministic
for a given corpus and seed.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..sentences import is_reference, sentences, words

MIN_QUERY_WORDS = 6  # a shorter sentence says too little to find its text by
MAX_QUERY_WORDS = 60  # longer "sentences" are lists or tables without stops
MIN_PASSAGE_WORDS = 12
CONTEXT_WORDS = 100  # about 160 tokens of Dutch with the e5 tokenizer: the training limit
WORDS_PER_QUERY = 80  # one pseudo-query per this many words of text ...
MAX_QUERIES_PER_TEXT = 3  # ... and at most this many
HELDOUT_FRACTION = 0.15
MAX_HELDOUT_PAIRS = 400


@dataclass(frozen=True)
class Source:
    """One text of the corpus that pairs are made from."""

    text: str
    unit: str  # the split unit: its document (a Q/A export record is its own unit)
    group: str  # the same text is one group, wherever it occurs
    heading: str = ""  # a policy passage's heading path, put before its passage as the index does
    questions: tuple[str, ...] = ()  # the questions this text answers


@dataclass(frozen=True)
class Pair:
    query: str
    passage: str
    kind: str  # "ict" (a sentence of the text) or "qa" (a question and its answer)
    group: str
    unit: str


@dataclass(frozen=True)
class PairSplit:
    """Training pairs and held-out pairs; no unit (document) is in both."""

    train: tuple[Pair, ...]
    heldout: tuple[Pair, ...]

    def counts(self) -> dict:
        kinds = Counter(p.kind for p in self.train)
        return {
            "train": len(self.train),
            "heldout": len(self.heldout),
            "train_ict": kinds["ict"],
            "train_qa": kinds["qa"],
            "heldout_units": len({p.unit for p in self.heldout}),
            "train_units": len({p.unit for p in self.train}),
        }


def usable_query(sentence: str) -> bool:
    n = words(sentence)
    return (
        MIN_QUERY_WORDS <= n <= MAX_QUERY_WORDS
        and not is_reference(sentence)
        and "http" not in sentence
    )


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def sources_from_store(store) -> list[Source]:
    """The answers (once per distinct text, with every question they answer) and the policy
    passages of the store, read in one consistent state."""
    answers: dict[str, dict] = {}
    policy: dict[str, Source] = {}
    with store.reading():
        for rec, doc in store.qa_records():
            answer = (rec["antwoord"] or "").strip()
            if not answer:
                continue
            group = "a:" + _key(_normal(answer))
            unit = str(doc["id"])
            if doc["kind"] == "qa-export":  # one file of many unrelated records
                unit += ":" + str(rec["kenmerk"] or rec["external_id"] or rec["id"])
            entry = answers.setdefault(group, {"text": answer, "unit": unit, "questions": []})
            question = " ".join((rec["vraag"] or "").split())
            if question and question not in entry["questions"]:
                entry["questions"].append(question)
        for passage, doc in store.passages():
            text = (passage["tekst"] or "").strip()
            if text:
                group = "p:" + _key(_normal(text))
                heading = " > ".join(passage["kop"] or [])
                policy.setdefault(group, Source(text, str(doc["id"]), group, heading))
    made = [
        Source(e["text"], e["unit"], g, questions=tuple(e["questions"])) for g, e in answers.items()
    ]
    return made + list(policy.values())


def build_pairs(sources: Iterable[Source], seed: int = 0) -> list[Pair]:
    """Inverse-cloze pairs from every text and question/answer pairs where there is a question.

    A sentence that occurs in more than one text (a disclaimer, a standard closing line)
    is never a pseudo-query: it does not point to one text."""
    sources = list(sources)
    seen = Counter()
    split = {}
    for source in sources:
        split[source.group] = sentences(source.text)
        seen.update({_normal(s) for s in split[source.group]})
    pairs: list[Pair] = []
    for source in sources:
        parts = split[source.group]
        if words(source.text) >= MIN_QUERY_WORDS and not is_reference(source.text):
            for question in source.questions:
                if words(question) >= 3:
                    pairs.append(Pair(question, source.text, "qa", source.group, source.unit))
        candidates = [i for i, s in enumerate(parts) if usable_query(s) and seen[_normal(s)] == 1]
        wanted = min(MAX_QUERIES_PER_TEXT, max(1, words(source.text) // WORDS_PER_QUERY))
        rng = random.Random(f"{seed}:{source.group}")  # per text: stable as the corpus grows
        for i in rng.sample(candidates, min(wanted, len(candidates))):
            context = _context(parts, i)
            if words(context) < MIN_PASSAGE_WORDS:
                continue
            passage = f"{source.heading}\n{context}" if source.heading else context
            pairs.append(Pair(parts[i], passage, "ict", source.group, source.unit))
    return pairs


def _context(parts: list[str], i: int, limit: int = CONTEXT_WORDS) -> str:
    """The sentences around sentence ``i`` (not it), nearest first, up to ``limit`` words, in
    text order: what the passage side of training sees within its token limit."""
    chosen: list[int] = []
    total = 0
    before, after = i - 1, i + 1
    while before >= 0 or after < len(parts):
        for j in (after, before):
            if 0 <= j < len(parts) and j != i and j not in chosen:
                n = len(parts[j].split())
                if chosen and total + n > limit:
                    return " ".join(parts[k] for k in sorted(chosen))
                chosen.append(j)
                total += n
        before, after = before - 1, after + 1
    return " ".join(parts[k] for k in sorted(chosen))


def split_heldout(pairs: list[Pair], seed: int = 0, fraction: float = HELDOUT_FRACTION,
                  max_pairs: int = MAX_HELDOUT_PAIRS) -> PairSplit:  # fmt: skip
    """Hold out about ``fraction`` of the units (documents), at most ``max_pairs`` pairs.

    A held-out text keeps one kind of pair so that every held-out query has exactly one
    right passage: its questions when it has any, else one pseudo-query."""
    by_unit: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_unit.setdefault(pair.unit, []).append(pair)
    units = sorted(by_unit)
    random.Random(seed).shuffle(units)
    wanted = min(max(1, round(len(units) * fraction)), len(units) - 1)
    held: set[str] = set()
    heldout: list[Pair] = []
    for unit in units:
        if len(held) >= wanted:
            break
        evaluation = _one_answer_per_text(by_unit[unit])
        if len(heldout) + len(evaluation) > max_pairs:
            continue
        held.add(unit)
        heldout.extend(evaluation)
    train = [p for p in pairs if p.unit not in held]
    return PairSplit(tuple(train), tuple(heldout))


def _one_answer_per_text(pairs: list[Pair]) -> list[Pair]:
    out = []
    for group in dict.fromkeys(p.group for p in pairs):
        mine = [p for p in pairs if p.group == group]
        qa = [p for p in mine if p.kind == "qa"]
        out.extend(qa or mine[:1])
    return out


def corpus_pairs(store, seed: int = 0) -> PairSplit:
    """All pairs of the stored corpus, split into training and held-out pairs."""
    return split_heldout(build_pairs(sources_from_store(store), seed), seed)
