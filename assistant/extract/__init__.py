"""File -> plain text with footnotes kept apart.

Every reader returns an ``ExtractedText``: paragraphs separated by a blank
line, lines inside a paragraph kept (they matter for headings and
hyphenation), footnote references written as ``[^N]`` where the layout makes
them certain (PDF font sizes, Word footnote references), and the footnote
texts in ``footnotes``. Plain text has no layout, so its glued footnote
markers are found later by ``assistant.textclean``.

PDF and Word files are read in a worker process with a memory and a time limit
(``assistant.extract.worker``): they are untrusted and a small file can ask for
gigabytes or hours. Plain text is cheap and read here. ``isolated=False`` reads
PDF and Word in the calling process without those limits, for callers that
trust the file (tests and benchmarks on their own documents).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..config import MAX_INPUT_BYTES
from ..errors import InputError
from .extracted import ExtractedText, TextBlock

__all__ = ["ExtractedText", "TextBlock", "extract_bytes", "extract_file", "sniff_extension"]

if TYPE_CHECKING:
    from .worker import ExtractionWorker

PDF_MAGIC = b"%PDF"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary Word (.doc)
_EXTENSIONS = ((PDF_MAGIC, ".pdf"), (ZIP_MAGIC, ".docx"), (OLE_MAGIC, ".doc"))


def sniff_extension(data: bytes, fallback: str = ".txt") -> str:
    """The file type its bytes show (.pdf, .docx, .doc); `fallback` when they show none. A
    server's declared type or a file's name may be wrong; the content is not."""
    return next((ext for magic, ext in _EXTENSIONS if data.startswith(magic)), fallback)


def extract_file(
    path: str | Path,
    max_bytes: int = MAX_INPUT_BYTES,
    isolated: bool = True,
    worker: ExtractionWorker | None = None,
) -> ExtractedText:
    """Read a .pdf, .docx or text file; raise InputError with a Dutch message if impossible."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"bestand niet gevonden: {path}")
    if path.is_dir():
        raise InputError(f"dit is een map, geen bestand: {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"bestand is te groot ({size / 1_048_576:.1f} MB; maximaal "
            f"{max_bytes / 1_048_576:.0f} MB): {path.name}"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"bestand kan niet worden gelezen: {path.name} ({exc.strerror})") from exc
    return extract_bytes(
        data, name=path.name, max_bytes=max_bytes, isolated=isolated, worker=worker
    )


def extract_bytes(
    data: bytes,
    name: str = "",
    max_bytes: int = MAX_INPUT_BYTES,
    isolated: bool = True,
    worker: ExtractionWorker | None = None,
) -> ExtractedText:
    """Read document bytes; the type is taken from the content, the name only explains errors.

    PDF and Word go through `worker` (default: the process-wide one) unless isolated=False."""
    label = name or "invoer"
    if len(data) > max_bytes:
        raise InputError(
            f"invoer is te groot ({len(data) / 1_048_576:.1f} MB; maximaal "
            f"{max_bytes / 1_048_576:.0f} MB): {label}"
        )
    if not data.strip():
        raise InputError(f"bestand is leeg: {label}")
    suffix = Path(name).suffix.lower()
    if data.startswith(PDF_MAGIC):
        return _read_untrusted("pdf", data, label, isolated, worker)
    if data.startswith(ZIP_MAGIC):
        return _read_untrusted("docx", data, label, isolated, worker)
    if data.startswith(OLE_MAGIC):
        raise InputError(
            f"oud Word-formaat (.doc) wordt niet ondersteund; sla het op als .docx: {label}"
        )
    if suffix == ".pdf":
        raise InputError(f"geen geldig PDF-bestand: {label}")
    if suffix in {".docx", ".docm", ".dotx"}:
        raise InputError(f"geen geldig Word-bestand (.docx): {label}")
    from .text import read_text

    return read_text(data, label)


def _read_untrusted(
    kind: str, data: bytes, label: str, isolated: bool, worker: ExtractionWorker | None
) -> ExtractedText:
    from .worker import read_in_process, shared_worker

    if not isolated:
        return read_in_process(kind, data, label)
    return (worker or shared_worker()).read(kind, data, label)
