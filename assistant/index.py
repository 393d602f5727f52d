"""The search index: dense vectors (faiss) and two BM25 indexes (bm25s), a folder with a manifest.

What is indexed: every answered Q/A record (question and answer together) and
every policy passage. The folder ``<home>/index`` holds:

- ``vectors.npy``: the model's own vectors (reused by the next build, shown cosines);
- ``whitening.npz`` and ``dense.faiss``: the corpus-fitted whitening (whitening.py) and
  the faiss index of the whitened vectors, the dense retrieval signal;
- ``bm25/`` (words, compounds split) and ``bm25_chars/`` (character 4-grams), with
  ``lexicon.json``, the corpus vocabulary the compound splitter uses (lexical.py);
- ``items.jsonl`` and ``manifest.json`` (model, adaptation, dimension, count, corpus
  hash, store generation, version).

A rebuild reuses the vectors of unchanged items, so after an ingest only new text is
embedded; the BM25 indexes are rebuilt from the texts (seconds), and the whitening is
refitted when the corpus changed by more than a tenth. Writes go to a temporary folder
that replaces the old one in one rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .config import SearchSettings
from .errors import AssistantError
from .index_manifest import INDEX_DIR, manifest_of
from .lexical import Lexicon
from .passage_id import PassageId
from .progress import ProgressCallback
from .query import preprocess_query
from .store import Store
from .stored import StoredQA
from .whitening import Whitening, fit

INDEX_VERSION = 2


@dataclass(frozen=True)
class Item:
    """One indexed text with what filters need; the rest is read from the store."""

    id: PassageId
    kind: str  # document kind: antwoord, qa-export, beleid
    document_id: int
    ministerie: str | None
    datum: str | None  # ISO date
    text: str
    group: str = ""  # items with the same group are one answer (a grouped answer)
    question: str = ""  # the question a Q/A record answered, as searched (preprocessed)

    @property
    def text_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    @property
    def question_hash(self) -> str:
        return hashlib.sha1(self.question.encode("utf-8")).hexdigest() if self.question else ""


# "Zie het antwoord op vraag 3." / "Ik verwijs u naar mijn antwoord op de vragen 2 en 4."
_REFERENCE = re.compile(
    r"^\s*(?:zie|ik verwijs (?:u )?naar|(?:hiervoor )?verwijs ik (?:u )?naar|verwezen wordt naar)"
    r"\s+(?:het|mijn|ons)?\s*antwoord(?:en)?\s+op\s+(?:de\s+)?vra(?:ag|gen)\s+"
    r"(\d{1,4}(?:\s*(?:,|en|t/m|-)\s*\d{1,4})*)",
    re.I,
)
SHORT_ANSWER_CHARS = SearchSettings.short_answer_chars  # indexed with its set's onderwerp


def referred_numbers(answer: str) -> list[int]:
    """The question numbers an answer only points to ("Zie het antwoord op vraag 3")."""
    found = _REFERENCE.match(answer)
    if not found or len(answer) > 300:
        return []
    return [int(x) for x in re.findall(r"\d{1,4}", found.group(1))]


def qa_text(qa: StoredQA, answers_by_nr: dict[int, str]) -> str:
    """What is indexed for an answered Q/A record.

    The question with its answer; a short answer also with its set's onderwerp (it says
    little by itself); an answer that only refers to another answer in its document
    ("Zie het antwoord op vraag 3") also with that answer's text."""
    answer = qa.antwoord or ""
    parts = [qa.vraag] if qa.vraag else []
    if len(answer.strip()) < SHORT_ANSWER_CHARS and qa.onderwerp:
        parts.insert(0, qa.onderwerp)
    parts.append(answer)
    for nr in referred_numbers(answer):
        other = answers_by_nr.get(nr)
        if other and other != answer:
            parts.append(other)
    return "\n".join(parts)


def corpus_items(store: Store) -> list[Item]:
    """The texts to index, in a stable order."""
    items = []
    records = [qa for qa in store.qa_entries() if qa.antwoord]
    answers: dict[int, dict[int, str]] = {}  # document -> question number -> answer
    for qa in records:
        for nr in qa.numbers:
            answers.setdefault(qa.document.id, {}).setdefault(int(nr), qa.antwoord)
    for qa in records:
        doc = qa.document
        items.append(
            Item(
                id=qa.passage_id,
                kind=doc.kind,
                document_id=doc.id,
                ministerie=qa.ministerie,
                datum=qa.datum,
                text=qa_text(qa, answers.get(doc.id, {})),
                question=(preprocess_query(qa.vraag) or qa.vraag) if qa.vraag else "",
                group=f"{doc.id}:{hashlib.sha1(qa.antwoord.encode()).hexdigest()[:16]}",
            )
        )
    for passage in store.passage_entries():
        doc = passage.document
        heading = passage.heading
        items.append(
            Item(
                id=passage.passage_id,
                kind=doc.kind,
                document_id=doc.id,
                ministerie=doc.ministerie,
                datum=doc.datum,
                text=f"{heading}\n{passage.tekst}" if heading else passage.tekst,
            )
        )
    return items


def corpus_snapshot(store: Store) -> tuple[list[Item], int]:
    """The texts to index and the store generation they were read at, read together: a
    document stored while the index is being built makes the index stale, not silently
    incomplete."""
    with store.reading():
        return corpus_items(store), store.generation()


def corpus_hash(items: list[Item]) -> str:
    h = hashlib.sha256()
    for item in items:
        h.update(f"{item.id}\t{item.text_hash}\n".encode())
    return h.hexdigest()


@dataclass
class BuildReport:
    items: int
    embedded: int  # new texts embedded this time
    reused: int
    seconds: float
    dense: str


def build_index(store: Store, embedder, home: Path, settings: SearchSettings,
                rebuild: bool = False,
                progress: ProgressCallback | None = None) -> BuildReport:  # fmt: skip
    """Build or update <home>/index from the store.

    Two kinds of text are embedded: every item's text (as a passage) and the question of
    every Q/A record (as a query: the question-to-question signal). progress(done, total)
    is called with (0, texts to embed) before embedding and with the texts embedded so far
    after each batch, ending with (total, total)."""
    import time

    started = time.perf_counter()
    items, generation = corpus_snapshot(store)
    if not items:
        raise AssistantError("het corpus is leeg: er is niets om te indexeren", code="empty-corpus")
    cache = {} if rebuild else _reusable_vectors(home, embedder)
    vectors = np.zeros((len(items), embedder.dim), dtype=np.float32)
    questions = np.zeros((len(items), embedder.dim), dtype=np.float32)
    todo = [i for i, item in enumerate(items) if item.text_hash not in cache]
    todo_q = [i for i, item in enumerate(items) if item.question and
              ("q:" + item.question_hash) not in cache]  # fmt: skip
    for i, item in enumerate(items):
        if item.text_hash in cache:
            vectors[i] = cache[item.text_hash]
        if item.question and ("q:" + item.question_hash) in cache:
            questions[i] = cache["q:" + item.question_hash]
    total = len(todo) + len(todo_q)
    if progress:
        progress(0, total)
    # one call per kind, so the engine sorts all texts by length (no padding to long ones)
    if todo:
        vectors[todo] = embedder.passages(
            [items[i].text for i in todo], **_offset(progress, 0, total)
        )
    if todo_q:
        questions[todo_q] = embedder.queries(
            [items[i].question for i in todo_q], **_offset(progress, len(todo), total)
        )
    dense_kind = "hnsw" if len(items) > settings.approximate_above else "flat"
    whitening = _whitening_for(home, embedder, vectors, settings.whitening_power, rebuild)
    _write(home, items, vectors, questions, embedder, dense_kind, generation, whitening)
    return BuildReport(
        items=len(items),
        embedded=len(todo),
        reused=len(items) - len(todo),
        seconds=time.perf_counter() - started,
        dense=dense_kind,
    )


def _offset(progress: ProgressCallback | None, before: int, total: int) -> dict:
    """The engine's progress(done, n) of one part as progress(before + done, total), as
    keyword arguments (none without a callback: any object with passages() will do)."""
    if progress is None:
        return {}
    return {"progress": lambda done, _n: progress(before + done, total)}


def update_if_present(
    store: Store, settings, progress: ProgressCallback | None = None
) -> BuildReport | None:
    """After the corpus changed (a sync): bring an existing index up to date, embedding only
    new text. None when there is no index yet (the user builds one with 'assistant index').
    progress(done, total) as in build_index."""
    if not (Path(settings.home) / INDEX_DIR / "manifest.json").exists():
        return None
    from .embed import embedder_for_indexing

    embedder = embedder_for_indexing(settings)
    return build_index(store, embedder, settings.home, settings.search, progress=progress)


def make_dense(vectors: np.ndarray, kind: str):
    import faiss

    dim = vectors.shape[1]
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(vectors)
    return index


def _write(home: Path, items, vectors, questions, embedder, dense_kind: str,
           generation: int, whitening: Whitening) -> None:  # fmt: skip
    import bm25s
    import faiss

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".index-", dir=home))
    try:
        np.save(work / "vectors.npy", vectors)
        np.save(work / "questions.npy", questions)
        whitening.save(work / "whitening.npz")
        white = whitening.apply(vectors)
        faiss.write_index(make_dense(white, dense_kind), str(work / "dense.faiss"))
        texts = [i.text for i in items]
        lexicon = Lexicon.from_texts(texts)
        lexicon.save(work / "lexicon.json")
        word_tokens, char_tokens = lexicon.analyse_all(texts)
        for name, tokens in (("bm25", word_tokens), ("bm25_chars", char_tokens)):
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
            retriever.save(str(work / name), show_progress=False)
        with open(work / "items.jsonl", "w", encoding="utf-8") as fh:
            for item in items:
                row = {
                    "id": str(item.id), "kind": item.kind, "document_id": item.document_id,
                    "ministerie": item.ministerie, "datum": item.datum, "hash": item.text_hash,
                    "group": item.group, "qhash": item.question_hash,
                }  # fmt: skip
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        manifest = {
            "version": INDEX_VERSION,
            "model": embedder.name,
            "engine": getattr(embedder, "engine", "torch"),  # vectors: embed.precision_of
            "adapted": getattr(embedder, "adapted", "") or None,  # see adapted.py
            "dim": int(vectors.shape[1]),
            "count": len(items),
            "corpus_hash": corpus_hash(items),
            "store_generation": generation,
            "dense": dense_kind,
            "bm25": {"stemmer": "dutch", "stopwords": "nl", "compounds": True, "chars": 4},
            "whitening": {"power": whitening.power, "fitted_on": whitening.fitted_on},
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        target = home / INDEX_DIR
        old = home / f".index-old-{os.getpid()}"
        if target.exists():
            os.replace(target, old)
        os.replace(work, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _whitening_for(home: Path, embedder, vectors: np.ndarray, power: float,
                   rebuild: bool) -> Whitening:  # fmt: skip
    """The current index's whitening while it still fits the corpus, else a new fit."""
    path = Path(home) / INDEX_DIR / "whitening.npz"
    if not rebuild and path.exists():
        manifest = manifest_of(home) or {}
        from .embed import precision_of

        same_model = (
            manifest.get("model") == embedder.name
            and (manifest.get("adapted") or "") == getattr(embedder, "adapted", "")
            and precision_of(manifest.get("engine")) == getattr(embedder, "precision", "fp32")
        )
        try:
            old = Whitening.load(path)
        except (OSError, ValueError, KeyError):
            old = None
        if same_model and old is not None and old.still_fits(len(vectors), power):
            return old
    return fit(vectors, power)


def _reusable_vectors(home: Path, embedder) -> dict[str, np.ndarray]:
    """Vectors of the current index by text hash (questions: "q:" + hash), if it was built
    with the same model."""
    folder = Path(home) / INDEX_DIR
    manifest = manifest_of(home) or {}
    from .embed import precision_of

    same = (
        manifest.get("model") == embedder.name
        and precision_of(manifest.get("engine")) == getattr(embedder, "precision", "fp32")
        and manifest.get("dim") == embedder.dim
        and (manifest.get("adapted") or "") == getattr(embedder, "adapted", "")
    )
    if not same:
        return {}
    try:
        vectors = np.load(folder / "vectors.npy")
        with open(folder / "items.jsonl", encoding="utf-8") as fh:
            rows = [json.loads(x) for x in fh]
        has_questions = (folder / "questions.npy").exists()  # not in a version-1 index
        questions = np.load(folder / "questions.npy") if has_questions else vectors[:0]
        if len(rows) != len(vectors) or (has_questions and len(questions) != len(rows)):
            return {}
        found = {row["hash"]: vec for row, vec in zip(rows, vectors, strict=True)}
        for row, vec in zip(rows, questions, strict=False):
            if row.get("qhash"):
                found["q:" + row["qhash"]] = vec
        return found
    except (OSError, ValueError, KeyError):
        return {}


@dataclass
class LoadedIndex:
    manifest: dict
    items: list[dict]
    vectors: np.ndarray  # the model's own vectors
    questions: np.ndarray  # each Q/A record's question as a query vector (zeros: none)
    dense: object  # faiss index of the whitened vectors
    bm25: object  # words, compounds split
    bm25_chars: object  # character 4-grams
    lexicon: Lexicon
    whitening: Whitening
    stale: bool  # the store changed since the index was built


def load_index(home: Path, model: str, store_generation: int | None = None,
               adapted: str = "", precision: str = "fp32") -> LoadedIndex:  # fmt: skip
    """Load <home>/index. An index that cannot be used is an AssistantError saying why,
    with code "no-index" (none yet), "index-outdated" (built by another version, model,
    adaptation or precision: building it again fixes it) or "index-damaged" (unreadable or
    inconsistent files: build it again from scratch); the edges word the advice."""
    import bm25s
    import faiss

    folder = Path(home) / INDEX_DIR
    if not (folder / "manifest.json").exists():
        raise AssistantError(f"er is nog geen zoekindex in {home}", code="no-index")
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise _damaged("het manifest is onleesbaar") from exc
    if manifest.get("version") != INDEX_VERSION:
        raise _outdated("de zoekindex is gebouwd door een andere versie van de assistent")
    if manifest.get("model") != model:
        raise _outdated(
            f"de zoekindex is gebouwd met model '{manifest.get('model')}', gevraagd is '{model}'"
        )
    if (manifest.get("adapted") or "") != adapted:
        raise _outdated("de zoekindex is gebouwd met een andere aanpassing van het model")
    from .embed import precision_of

    if precision_of(manifest.get("engine")) != precision:
        raise _outdated(
            f"de zoekindex is gebouwd met {precision_of(manifest.get('engine'))}-vectoren, "
            f"gevraagd is {precision}"
        )
    try:
        vectors = np.load(folder / "vectors.npy")
        questions = np.load(folder / "questions.npy")
        with open(folder / "items.jsonl", encoding="utf-8") as fh:
            items = [json.loads(x) for x in fh]
        dense = faiss.read_index(str(folder / "dense.faiss"))
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False, verbosity=0)
        chars = bm25s.BM25.load(str(folder / "bm25_chars"), show_progress=False, verbosity=0)
        lexicon = Lexicon.load(folder / "lexicon.json")
        whitening = Whitening.load(folder / "whitening.npz")
    except Exception as exc:
        raise _damaged("bestanden zijn onleesbaar of ontbreken") from exc
    count = manifest.get("count")
    if not (len(items) == len(vectors) == len(questions) == dense.ntotal == count):
        raise _damaged("de aantallen kloppen niet")
    if vectors.shape[1] != manifest.get("dim"):
        raise _damaged("de dimensie klopt niet")
    stale = store_generation is not None and store_generation != manifest.get("store_generation")
    return LoadedIndex(
        manifest, items, vectors, questions, dense, bm25, chars, lexicon, whitening, stale
    )


def _outdated(why: str) -> AssistantError:
    return AssistantError(f"{why}; de zoekindex moet opnieuw gebouwd worden", code="index-outdated")


def _damaged(why: str) -> AssistantError:
    return AssistantError(f"de zoekindex is beschadigd ({why})", code="index-damaged")
