"""The JSON the commands print (--json): one key rule, written down here and in the README.

Keys are Dutch domain words, one name per concept, the same word the app and the .docx
use (tekst, soort, ministerie, datum, waarschuwingen, ...), lower case with underscores.
Identifiers and scores keep their technical names (passage_id, document_id, external_id,
ah_id, model_id, score, dense_score, bm25_score, dense_margin, recall_at_10, mrr_at_10):
they have no Dutch word in the app. Every object a command prints carries
``"formaat": FORMAT``, raised whenever a documented key changes, so a script can tell;
lists (open-vragen) and the re-ingestable export lines (export) have no such key.

The library's records keep their own field names; this module is the contract.
"""

from __future__ import annotations

import json

FORMAT = 2  # 1: the keys before the one vocabulary (English in corpus, ingest, search)


def dumps(data, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


def versioned(data: dict) -> dict:
    """The object with the format number first."""
    return {"formaat": FORMAT, **data}


def _renamed(data: dict, names: dict[str, str]) -> dict:
    return {names.get(key, key): value for key, value in data.items()}


# --- corpus -----------------------------------------------------------------------------------

_COUNTS = {
    "documents": "documenten",
    "qa_records": "vraag_antwoord_records",
    "passages": "passages",
    "by_kind": "per_soort",
    "by_ministry": "per_ministerie",
    "by_year": "per_jaar",
}


def counts_data(counts: dict) -> dict:
    """What the corpus holds (Workspace.counts) in the contract's words."""
    return _renamed(counts, _COUNTS)


def corpus_json(counts: dict) -> dict:
    return versioned(counts_data(counts))


def ingest_json(report, counts: dict) -> dict:
    """An ingest's summary: files by outcome, the warnings, and the corpus afterwards."""
    return versioned(
        {
            "toegevoegd": list(report.added),
            "ongewijzigd": list(report.unchanged),
            "vervangen": list(report.replaced),
            "mislukt": [{"bestand": f, "reden": r} for f, r in report.failed],
            "waarschuwingen": [{"bestand": f, "tekst": w} for f, w in report.warnings],
            "corpus": counts_data(counts),
        }
    )


# --- search -----------------------------------------------------------------------------------

_HIT = {"rank": "rang", "kind": "soort", "text": "tekst"}


def hit_data(hit) -> dict:
    """One search hit (search.Hit) in the contract's words."""
    return _renamed(hit.to_dict(), _HIT)


def search_json(query: str, hits) -> dict:
    return versioned({"zoekvraag": query, "treffers": [hit_data(h) for h in hits]})


def queries_line(qid, hits) -> dict:
    """One line of `search --queries`: the id from the input line and its hits."""
    return versioned({"id": qid, "treffers": [hit_data(h) for h in hits]})


# --- questions and drafts ---------------------------------------------------------------------


def questions_json(qs) -> dict:
    return versioned(qs.to_dict())


def draft_json(data: dict) -> dict:
    """A draft (its stored form): each suggestion's kind is its ``soort``."""
    answers = [
        {**a, "suggesties": [_renamed(c, {"kind": "soort"}) for c in a.get("suggesties", [])]}
        for a in data.get("antwoorden", [])
    ]
    return versioned({**data, "antwoorden": answers})


# --- sync and adaptation ----------------------------------------------------------------------


def sync_json(report) -> dict:
    return versioned(report.to_dict())


_ADAPT = {
    "pairs_train": "paren_training",
    "pairs_heldout": "paren_controle",
    "pairs_used": "paren_gebruikt",
    "steps": "stappen",
    "seconds": "seconden",
    "seconds_per_step": "seconden_per_stap",
    "before": "voor",
    "after": "na",
    "installed": "geinstalleerd",
    "reason": "reden",
    "pairs": "paren",
}
_FIGURES = {
    "queries": "zoekvragen",
    "candidates": "kandidaten",
    "own_cosine": "cosinus_eigen",
    "other_cosine": "cosinus_ander",
}
_PAIRS = {
    "train": "training",
    "heldout": "controle",
    "train_ict": "training_ict",
    "train_qa": "training_vraag_antwoord",
    "heldout_units": "controle_documenten",
    "train_units": "training_documenten",
    "used": "gebruikt",
}


def adapt_json(report) -> dict:
    """An adaptation run (adaptation.AdaptReport); the held-out figures as 'voor' and 'na'."""
    data = _renamed(report.to_dict(), _ADAPT)
    for key in ("voor", "na"):
        if data.get(key) is not None:
            data[key] = _renamed(data[key], _FIGURES)
    data["paren"] = _renamed(data.get("paren") or {}, _PAIRS)
    return versioned(data)
