"""Export the corpus as JSONL: one Q/A record or policy passage per line.

The field names are those the importer reads (``id, vraag, antwoord, kenmerk,
datum, ministerie, onderwerp, bron, vraag_nrs``; for passages ``id, tekst,
kop, titel, ...``) plus the document metadata, so that export -> ingest ->
export gives the same lines. Records without an answer (postponement notices)
are not exported: they are no Q/A pairs. A record's kenmerk, datum, ministerie and
onderwerp follow the store's one rule (stored.py: its own, else its answer document's;
a record of a Q/A export keeps only its own).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .store import Store
from .vocabulary import DocumentKind

# document metadata carried along on every Q/A line
_DOC_FIELDS = (
    "ah_id", "vergaderjaar", "ingezonden", "ontvangen", "indieners", "gericht_aan",
    "beantwoord_door", "mede_namens",
)  # fmt: skip


def qa_lines(store: Store) -> Iterator[dict]:
    for qa in store.qa_entries():
        if not qa.antwoord:
            continue
        doc, extra = qa.document, qa.extra
        base = doc.ah_id or doc.kenmerk or doc.name
        line = {
            "id": qa.external_id or f"{base}#{qa.nr}",
            "vraag": qa.vraag,
            "antwoord": qa.antwoord,
            "kenmerk": qa.kenmerk,
            "datum": qa.datum,
            "ministerie": qa.ministerie,
            "onderwerp": qa.onderwerp,
            "bron": qa.bron,
            "vraag_nrs": list(qa.vraag_nrs),
            "nr": qa.nr,
            "document": extra.get("document") or doc.name,
            "soort": extra.get("soort") or doc.kind,
        }
        for name in _DOC_FIELDS:
            value = _plain(getattr(doc, name))
            line[name] = value if value not in (None, [], "") else extra.get(name)
        line["vraag_voetnoten"] = [f.to_dict() for f in qa.vraag_voetnoten]
        line["antwoord_voetnoten"] = [f.to_dict() for f in qa.antwoord_voetnoten]
        for key, value in extra.items():
            line.setdefault(key, value)
        yield line


def passage_lines(store: Store) -> Iterator[dict]:
    for passage in store.passage_entries():
        doc = passage.document
        yield {
            "id": f"{doc.bron}#{passage.seq}",
            "tekst": passage.tekst,
            "kop": list(passage.kop),
            "titel": doc.title,
            "datum": doc.datum,
            "kenmerk": doc.kenmerk,
            "ministerie": doc.ministerie,
            "bron": doc.bron,
            "voetnoten": [f.to_dict() for f in passage.voetnoten],
        }


def export_lines(store: Store, kind: str = DocumentKind.QA_EXPORT) -> Iterator[str]:
    """JSONL lines: the Q/A records of answers and exports alike ("qa-export", the form
    ingest reads back) or the policy passages ("beleid")."""
    rows = passage_lines(store) if kind == DocumentKind.BELEID else qa_lines(store)
    for row in rows:
        yield json.dumps(row, ensure_ascii=False)


def _plain(value):
    """A document field as JSON holds it (members as objects, tuples as lists)."""
    if isinstance(value, tuple):
        return [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
    return value
