"""Export the corpus as JSONL: one Q/A record or policy passage per line.

The field names are those the importer reads (``id, vraag, antwoord, kenmerk,
datum, ministerie, onderwerp, bron, vraag_nrs``; for passages ``id, tekst,
kop, titel, ...``) plus the document metadata, so that export -> ingest ->
export gives the same lines. Records without an answer (postponement notices)
are not exported: they are no Q/A pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .store import Store

# document metadata carried along on every Q/A line
_DOC_FIELDS = (
    "ah_id", "vergaderjaar", "ingezonden", "ontvangen", "indieners", "gericht_aan",
    "beantwoord_door", "mede_namens",
)  # fmt: skip


def qa_lines(store: Store) -> Iterator[dict]:
    for rec, doc in store.qa_records():
        if not rec["antwoord"]:
            continue
        extra = rec["extra"]
        base = doc["ah_id"] or doc["kenmerk"] or doc["name"]
        # rows of an export carry their own metadata; answer documents give theirs
        own = doc if doc["kind"] != "qa-export" else dict.fromkeys(doc, None)
        line = {
            "id": rec["external_id"] or f"{base}#{rec['nr']}",
            "vraag": rec["vraag"],
            "antwoord": rec["antwoord"],
            "kenmerk": rec["kenmerk"] or own["kenmerk"],
            "datum": rec["datum"] or own["datum"] or own["ingezonden"],
            "ministerie": rec["ministerie"] or own["ministerie"],
            "onderwerp": rec["onderwerp"] or own["onderwerp"],
            "bron": rec["bron"] or doc["ah_id"] or doc["name"],
            "vraag_nrs": rec["vraag_nrs"],
            "nr": rec["nr"],
            "document": extra.get("document") or doc["name"],
            "soort": extra.get("soort") or doc["kind"],
        }
        for name in _DOC_FIELDS:
            value = doc[name]
            line[name] = value if value not in (None, [], "") else extra.get(name)
        line["vraag_voetnoten"] = rec["vraag_voetnoten"]
        line["antwoord_voetnoten"] = rec["antwoord_voetnoten"]
        for key, value in extra.items():
            line.setdefault(key, value)
        yield line


def passage_lines(store: Store) -> Iterator[dict]:
    for passage, doc in store.passages():
        bron = doc["meta"].get("bron") or doc["name"]
        yield {
            "id": f"{bron}#{passage['seq']}",
            "tekst": passage["tekst"],
            "kop": passage["kop"],
            "titel": doc["title"],
            "datum": doc["datum"],
            "kenmerk": doc["kenmerk"],
            "ministerie": doc["ministerie"],
            "bron": bron,
            "voetnoten": passage["voetnoten"],
        }


def export_lines(store: Store, kind: str = "qa") -> Iterator[str]:
    rows = qa_lines(store) if kind == "qa" else passage_lines(store)
    for row in rows:
        yield json.dumps(row, ensure_ascii=False)
