"""Q/A exports from document systems: JSONL or CSV rows -> Q/A records (or passages).

Required columns: ``id``, ``vraag`` (may be empty), ``antwoord``. Optional:
``kenmerk, datum, ministerie, onderwerp, bron, vraag_nrs``. Every other field
(for instance the metadata that ``assistant export`` writes) is kept as is.
A JSONL file of policy passages, as ``assistant export --kind policy`` writes
it (``id, tekst, kop, titel, ...``), reads back as a policy document.
Bad rows are reported by line number; the good rows are kept.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

from ..dates import parse_dutch_date
from ..errors import InputError
from ..models import CorpusDocument, Footnote, Passage, QARecord
from .ministries import ministry_of

REQUIRED = ("id", "vraag", "antwoord")
KNOWN = (*REQUIRED, "kenmerk", "datum", "ministerie", "onderwerp", "bron", "vraag_nrs", "nr")


def parse_export(data: bytes, name: str) -> list[tuple[str, CorpusDocument]]:
    """Parse a .jsonl or .csv export into [(key, document)]: one Q/A export document, or
    one policy document per source ("bron") of a passage export. InputError when no
    row at all is usable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = _csv_rows(text, name) if name.lower().endswith(".csv") else _jsonl_rows(text)
    warnings: list[str] = []
    good: list[tuple[int, dict]] = []
    for line_no, row in rows:
        if isinstance(row, str):
            warnings.append(f"regel {line_no}: {row}")
        else:
            good.append((line_no, row))
    if good and all("tekst" in row and "antwoord" not in row for _, row in good):
        by_source: dict[str, list[tuple[int, dict]]] = {}
        for line_no, row in good:
            by_source.setdefault(str(row.get("bron") or row.get("titel") or ""), []).append(
                (line_no, row)
            )
        return [
            (key, _policy_export(rows, warnings if i == 0 else [], name))
            for i, (key, rows) in enumerate(by_source.items())
        ]
    records = []
    for line_no, row in good:
        problem = _missing(row)
        if problem:
            warnings.append(f"regel {line_no}: {problem}")
            continue
        records.append(_record(row))
    if not records:
        reason = warnings[0] if warnings else "geen rijen"
        raise InputError(f"geen bruikbare vraag/antwoord-rijen ({reason})")
    doc = CorpusDocument(
        kind="qa-export",
        title=name,
        ministerie=_most_common([r.ministerie for r in records]),
        datum=max((r.datum for r in records if r.datum), default=None),
        records=tuple(records),
        warnings=tuple(warnings),
    )
    return [("", doc)]


def _jsonl_rows(text: str) -> list[tuple[int, dict | str]]:
    rows: list[tuple[int, dict | str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((line_no, f"geen geldige JSON ({exc.msg})"))
            continue
        rows.append((line_no, value if isinstance(value, dict) else "geen JSON-object"))
    return rows


def _csv_rows(text: str, name: str) -> list[tuple[int, dict | str]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise InputError(
            f"CSV mist de kolom(men) {', '.join(missing)} (nodig: {', '.join(REQUIRED)})"
        )
    rows: list[tuple[int, dict | str]] = []
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        rows.append((reader.line_num, clean))
    return rows


def _missing(row: dict) -> str | None:
    absent = [f for f in REQUIRED if f not in row]
    if absent:
        return f"veld(en) ontbreken: {', '.join(absent)}"
    if not str(row["id"]).strip():
        return "leeg id"
    if not str(row["antwoord"] or "").strip():
        return "leeg antwoord"
    return None


def _record(row: dict) -> QARecord:
    nrs = _numbers(row.get("vraag_nrs"))
    nr = row.get("nr")
    extra = {k: v for k, v in row.items() if k not in KNOWN}
    return QARecord(
        nr=int(nr) if str(nr or "").isdigit() else (nrs[0] if len(nrs) == 1 else None),
        vraag=str(row.get("vraag") or "").strip(),
        antwoord=str(row["antwoord"]).strip(),
        vraag_nrs=tuple(nrs),
        vraag_voetnoten=_notes(extra.pop("vraag_voetnoten", None)),
        antwoord_voetnoten=_notes(extra.pop("antwoord_voetnoten", None)),
        external_id=str(row["id"]).strip(),
        kenmerk=_text(row.get("kenmerk")),
        datum=_date(row.get("datum")),
        ministerie=ministry_of(_text(row.get("ministerie"))),
        onderwerp=_text(row.get("onderwerp")),
        bron=_text(row.get("bron")),
        extra=extra,
    )


def _policy_export(rows: list[tuple[int, dict]], warnings: list[str], name: str):
    passages = []
    first = rows[0][1]
    for _, row in rows:
        kop = row.get("kop") or []
        passages.append(
            Passage(
                seq=len(passages),
                tekst=str(row["tekst"]),
                kop=tuple(kop if isinstance(kop, list) else str(kop).split(" > ")),
                voetnoten=_notes(row.get("voetnoten")),
            )
        )
    return CorpusDocument(
        kind="beleid",
        title=_text(first.get("titel")) or name,
        kenmerk=_text(first.get("kenmerk")),
        datum=_date(first.get("datum")),
        ministerie=ministry_of(_text(first.get("ministerie"))),
        passages=tuple(passages),
        warnings=tuple(warnings),
        meta={"bron": first.get("bron")} if first.get("bron") else {},
    )


def _numbers(value) -> list[int]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [int(v) for v in value if str(v).isdigit()]
    return [int(n) for n in re.findall(r"\d+", str(value))]


def _notes(value) -> tuple[Footnote, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        Footnote(int(n["nr"]), str(n["tekst"]))
        for n in value
        if isinstance(n, dict) and "nr" in n and "tekst" in n
    )


def _text(value) -> str | None:
    value = str(value).strip() if value is not None else ""
    return value or None


def _date(value):
    return parse_dutch_date(str(value)) if value else None


def _most_common(values: list[str | None]) -> str | None:
    """The most frequent value; of equally frequent ones the first in the file, so the same
    file always gives the same document (a set's order changes with the hash seed)."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
