"""Ingest: files and folders -> parsed documents -> the corpus store.

The kind of each file is detected (answer document, notice, policy text, Q/A
export) unless forced. A file whose content is already stored is skipped; a
changed file replaces its old records; a file that cannot be read is reported
with its reason while the rest of the batch goes on.

"Cannot be read" covers every failure while reading and parsing one file: bad
input (AssistantError), a reader that ran out of its worker's time or memory,
and any unexpected exception from a parser on a file nobody foresaw. Only the
store failing (a full disk, a locked or damaged database) stops the batch,
because then no later file could be stored either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import MAX_CORPUS_BYTES
from .errors import AssistantError, InputError
from .extract import extract_bytes
from .fictional import mark_fictional
from .models import CorpusDocument
from .parse.answers import looks_like_answers, parse_answer_document
from .parse.policy import parse_policy_document
from .parse.qa_export import parse_export
from .progress import ProgressCallback
from .store import Store
from .vocabulary import INGEST_KINDS, DocumentKind

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".txt", ".md"}
EXPORT_SUFFIXES = {".jsonl", ".csv"}
SUFFIXES = DOCUMENT_SUFFIXES | EXPORT_SUFFIXES
KINDS = INGEST_KINDS  # what a file can be declared to be (vocabulary.DocumentKind)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # a failed file's error code, when it has one: the edges word their advice for it
    codes: dict[str, str] = field(default_factory=dict)

    def fail(self, name: str, exc: AssistantError) -> None:
        self.failed.append((name, exc.message))
        if exc.code:
            self.codes[name] = exc.code

    @property
    def read_any(self) -> bool:
        return bool(self.added or self.unchanged or self.replaced)

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "failed": [{"bestand": f, "reden": r} for f, r in self.failed],
            "waarschuwingen": [{"bestand": f, "tekst": w} for f, w in self.warnings],
        }


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand folders (recursively, hidden files skipped) into supported files."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append((str(raw), "bestand of map niet gevonden"))
        elif path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append((str(raw), "map bevat geen .pdf, .docx, .txt, .md, .jsonl of .csv"))
            files.extend(found)
        elif path.suffix.lower() not in SUFFIXES:
            problems.append(
                (str(raw), f"bestandstype {path.suffix or '(geen)'} wordt niet gelezen")
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files)), problems


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    kind: str | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = MAX_CORPUS_BYTES,
    source_of: Callable[[Path], str] | None = None,
) -> IngestReport:
    """Read every file into the store; see IngestReport for the outcome per file.

    progress(done, total) is called with (0, files found) at the start and with the files
    handled so far (read, skipped or failed) after each file. A file's source (what a new
    version of it replaces) is its full path, or source_of(path): the app names uploads
    "upload:<name>", as their temporary folder is new each time."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"onbekende soort '{kind}' (kies uit {', '.join(KINDS)})")
    files, problems = collect_files(paths)
    report = IngestReport(failed=list(problems))
    if progress:
        progress(0, len(files))
    for done, path in enumerate(files, start=1):
        source = source_of(path) if source_of else str(path.resolve())
        _ingest_one(path, source, store, kind, max_bytes, report)
        if progress:
            progress(done, len(files))
    return report


def _ingest_one(
    path: Path, source: str, store: Store, kind: str | None, max_bytes: int,
    report: IngestReport,
) -> None:  # fmt: skip
    """Read, parse and store one file; a failure to read or parse it goes into the report,
    a failure of the store propagates."""
    try:
        data = _read_file(path, max_bytes)
    except AssistantError as exc:
        report.fail(str(path), exc)
        return
    digest = hashlib.sha256(data).hexdigest()
    known = store.find_source(source)
    if (known is not None and known["content_hash"] == digest) or (
        known is None and store.find_hash(digest) is not None  # same content, other path
    ):
        report.unchanged.append(str(path))
        return
    try:
        docs = read_documents(data, path.name, kind)
    except AssistantError as exc:
        report.fail(str(path), exc)
        return
    except Exception as exc:  # a parser bug on an unforeseen file: named, the batch goes on
        report.failed.append((str(path), f"interne fout bij het lezen ({_describe(exc)})"))
        return
    outcome = store.put(source, path.name, digest, len(data), docs)
    getattr(report, outcome).append(str(path))
    for _, doc in docs:
        report.warnings.extend((path.name, w) for w in doc.warnings)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"bestand is te groot ({size / 1_048_576:.0f} MB; maximaal "
                f"{max_bytes / 1_048_576:.0f} MB)"
            )
        data = path.read_bytes()
    except OSError as exc:  # vanished, unreadable, a device
        raise InputError(f"bestand kan niet worden gelezen ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError("bestand is leeg")
    return data


def _describe(exc: Exception) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_documents(data: bytes, name: str, kind: str | None = None):
    """Parse one source file into [(key, document)]; key "" unless an export holds several."""
    suffix = Path(name).suffix.lower()
    if suffix in EXPORT_SUFFIXES:
        if kind not in (None, DocumentKind.QA_EXPORT) and not (
            kind == DocumentKind.BELEID and suffix == ".jsonl"
        ):
            raise InputError(f"{suffix}-bestanden zijn Q/A-exports (soort qa-export)")
        return parse_export(data, name)
    return [("", read_document(data, name, kind))]


def read_document(data: bytes, name: str, kind: str | None = None) -> CorpusDocument:
    """Parse one source document (.pdf, .docx, .txt, .md); the kind is detected unless given.
    Demo material (the "[Fictief demomateriaal" marker) comes back with meta["fictief"]."""
    if kind == DocumentKind.QA_EXPORT:
        raise InputError("geen Q/A-export: verwacht .jsonl of .csv")
    extracted = extract_bytes(data, name=name, max_bytes=max(len(data), 1))
    return mark_fictional(_parse(extracted, name, kind), extracted.text)


def _parse(extracted, name: str, kind: str | None) -> CorpusDocument:
    if kind == DocumentKind.BELEID:
        return _policy(extracted, name)
    verdict = looks_like_answers(extracted)
    if verdict in ("antwoord", "mededeling"):
        return parse_answer_document(extracted)
    if verdict == "vragen":
        raise InputError(
            "dit is een binnenkomende vragenset zonder antwoorden, geen precedent",
            code="incoming-questions",
        )
    if kind == DocumentKind.ANTWOORD:
        raise InputError("geen genummerde vragen met antwoorden gevonden")
    return _policy(extracted, name)


def _policy(extracted, name: str) -> CorpusDocument:
    doc = parse_policy_document(extracted, name)
    if not doc.passages:
        raise InputError("document bevat geen leesbare tekst")
    return doc
