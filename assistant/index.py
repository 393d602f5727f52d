"""The search index: dense vectors (faiss) and BM25 (bm25s), a folder with a manifest.

What is indexed: every answered Q/A record (question and answer together) and
every policy passage. The folder ``<home>/index`` holds the vectors, the faiss
index, the bm25s index, the item list and ``manifest.json`` (model, dimension,
count, corpus hash, store generation, version). A rebuild reuses the vectors
of unchanged items, so after an ingest only new text is embedded. Writes go to
a temporary folder that replaces the old one in one rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .config import SearchSettings
from .errors import AssistantError
from .progress import ProgressCallback
from .store import Store

INDEX_VERSION = 1
INDEX_DIR = "index"


@dataclass(frozen=True)
class Item:
    """One indexed text with what filters need; the rest is read from the store."""

    id: str  # "qa:<row id>" or "p:<row id>"
    kind: str  # document kind: antwoord, qa-export, beleid
    document_id: int
    ministerie: str | None
    datum: str | None  # ISO date
    text: str
    group: str = ""  # items with the same group are one answer (a grouped answer)

    @property
    def text_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


def corpus_items(store: Store) -> list[Item]:
    """The texts to index, in a stable order."""
    items = []
    for rec, doc in store.qa_records():
        if not rec["antwoord"]:
            continue  # a question without answer is no precedent
        text = f"{rec['vraag']}\n{rec['antwoord']}" if rec["vraag"] else rec["antwoord"]
        items.append(
            Item(
                id=f"qa:{rec['id']}",
                kind=doc["kind"],
                document_id=doc["id"],
                ministerie=rec["ministerie"] or doc["ministerie"],
                datum=rec["datum"] or doc["datum"] or doc["ingezonden"],
                text=text,
                group=f"{doc['id']}:{hashlib.sha1(rec['antwoord'].encode()).hexdigest()[:16]}",
            )
        )
    for passage, doc in store.passages():
        heading = " > ".join(passage["kop"])
        items.append(
            Item(
                id=f"p:{passage['id']}",
                kind=doc["kind"],
                document_id=doc["id"],
                ministerie=doc["ministerie"],
                datum=doc["datum"],
                text=f"{heading}\n{passage['tekst']}" if heading else passage["tekst"],
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


def bm25_tokenize(texts: list[str]):
    """Dutch BM25 tokens: lower case, Dutch stopwords out, Snowball stemming."""
    import bm25s
    import Stemmer
    from bm25s.stopwords import STOPWORDS_DUTCH

    stemmer = Stemmer.Stemmer("dutch")
    return bm25s.tokenize(
        texts,
        stopwords=list(STOPWORDS_DUTCH),
        stemmer=stemmer.stemWords,
        show_progress=False,
        return_ids=False,
    )


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

    progress(done, total) is called with (0, passages to embed) before embedding and with
    the passages embedded so far after each batch, ending with (total, total)."""
    import time

    started = time.perf_counter()
    items, generation = corpus_snapshot(store)
    if not items:
        raise AssistantError("het corpus is leeg: lees eerst documenten in met 'assistant ingest'")
    cache = {} if rebuild else _reusable_vectors(home, embedder)
    vectors = np.zeros((len(items), embedder.dim), dtype=np.float32)
    todo = []
    for i, item in enumerate(items):
        cached = cache.get(item.text_hash)
        if cached is not None:
            vectors[i] = cached
        else:
            todo.append(i)
    batch = 64
    if progress:
        progress(0, len(todo))
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors[chunk] = embedder.passages([items[i].text for i in chunk])
        if progress:
            progress(start + len(chunk), len(todo))
    dense_kind = "hnsw" if len(items) > settings.approximate_above else "flat"
    _write(home, items, vectors, embedder, dense_kind, generation)
    return BuildReport(
        items=len(items),
        embedded=len(todo),
        reused=len(items) - len(todo),
        seconds=time.perf_counter() - started,
        dense=dense_kind,
    )


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


def _write(home: Path, items, vectors, embedder, dense_kind: str, generation: int) -> None:
    import bm25s
    import faiss

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".index-", dir=home))
    try:
        np.save(work / "vectors.npy", vectors)
        faiss.write_index(make_dense(vectors, dense_kind), str(work / "dense.faiss"))
        retriever = bm25s.BM25()
        retriever.index(bm25_tokenize([i.text for i in items]), show_progress=False)
        retriever.save(str(work / "bm25"), show_progress=False)
        with open(work / "items.jsonl", "w", encoding="utf-8") as fh:
            for item in items:
                row = {
                    "id": item.id, "kind": item.kind, "document_id": item.document_id,
                    "ministerie": item.ministerie, "datum": item.datum, "hash": item.text_hash,
                    "group": item.group,
                }  # fmt: skip
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        manifest = {
            "version": INDEX_VERSION,
            "model": embedder.name,
            "adapted": getattr(embedder, "adapted", "") or None,  # adapted.py: which adaptation, if any
            "dim": int(vectors.shape[1]),
            "count": len(items),
            "corpus_hash": corpus_hash(items),
            "store_generation": generation,
            "dense": dense_kind,
            "bm25": {"stemmer": "dutch", "stopwords": "nl"},
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


def manifest_of(home: Path) -> dict | None:
    """The manifest of <home>/index, or None when there is none or it cannot be read."""
    try:
        return json.loads((Path(home) / INDEX_DIR / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def _reusable_vectors(home: Path, embedder) -> dict[str, np.ndarray]:
    """Vectors of the current index by text hash, if it was built with the same model."""
    folder = Path(home) / INDEX_DIR
    manifest = manifest_of(home) or {}
    same = (
        manifest.get("model") == embedder.name
        and manifest.get("dim") == embedder.dim
        and (manifest.get("adapted") or "") == getattr(embedder, "adapted", "")
    )
    if not same:
        return {}
    try:
        vectors = np.load(folder / "vectors.npy")
        with open(folder / "items.jsonl", encoding="utf-8") as fh:
            hashes = [json.loads(x)["hash"] for x in fh]
        if len(hashes) != len(vectors):
            return {}
        return dict(zip(hashes, vectors, strict=True))
    except (OSError, ValueError, KeyError):
        return {}


@dataclass
class LoadedIndex:
    manifest: dict
    items: list[dict]
    vectors: np.ndarray
    dense: object
    bm25: object
    stale: bool  # the store changed since the index was built


def load_index(home: Path, model: str, store_generation: int | None = None,
               adapted: str = "") -> LoadedIndex:  # fmt: skip
    """Load <home>/index; AssistantError with the fixing command when it cannot be used."""
    import bm25s
    import faiss

    folder = Path(home) / INDEX_DIR
    fix = f"voer 'assistant index --home {home}' uit"
    if not (folder / "manifest.json").exists():
        raise AssistantError(f"er is nog geen zoekindex: {fix}")
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise AssistantError(f"manifest van de zoekindex is onleesbaar: {fix} --rebuild") from exc
    if manifest.get("version") != INDEX_VERSION:
        raise AssistantError(f"zoekindex heeft een andere versie: {fix} --rebuild")
    if manifest.get("model") != model:
        raise AssistantError(
            f"zoekindex is gebouwd met model '{manifest.get('model')}', gevraagd is '{model}': "
            f"{fix} --rebuild --model '{model}'"
        )
    if (manifest.get("adapted") or "") != adapted:
        raise AssistantError(
            f"zoekindex is gebouwd met een andere aanpassing van het model: {fix}"
        )
    try:
        vectors = np.load(folder / "vectors.npy")
        with open(folder / "items.jsonl", encoding="utf-8") as fh:
            items = [json.loads(x) for x in fh]
        dense = faiss.read_index(str(folder / "dense.faiss"))
        bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False, verbosity=0)
    except Exception as exc:
        raise AssistantError(f"zoekindex is beschadigd of onvolledig: {fix} --rebuild") from exc
    count = manifest.get("count")
    if not (len(items) == len(vectors) == dense.ntotal == count):
        raise AssistantError(f"zoekindex is beschadigd (aantallen kloppen niet): {fix} --rebuild")
    if vectors.shape[1] != manifest.get("dim"):
        raise AssistantError(f"zoekindex is beschadigd (dimensie klopt niet): {fix} --rebuild")
    stale = store_generation is not None and store_generation != manifest.get("store_generation")
    return LoadedIndex(manifest, items, vectors, dense, bm25, stale)
