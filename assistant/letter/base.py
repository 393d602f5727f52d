"""The document the letter is written into: a plain one, or a ministry's own Word template.

A ministry profile may name its departmental template (`sjabloon`, a .dotx or .docx with
its styles, headers, footers and logo). The writer opens it, keeps its section settings,
headers, footers and styles, empties the body and fills it; styles the template lacks
are added. A .dotx is opened by declaring its main part a document, as Word does when
it creates a document from a template.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import AssistantError

TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # per part and for the file itself


def open_base(template: Path | None):
    """A python-docx Document: new, or the ministry's template with an empty body."""
    import docx

    if template is None:
        return docx.Document()
    try:
        data = _as_document(template)
        document = docx.Document(io.BytesIO(data))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise AssistantError(
            f"Word-sjabloon {template.name} van het ministerieprofiel is niet te openen: {exc}",
            code="bad-word-template",
        ) from exc
    body = document.element.body
    section = body.sectPr
    for child in list(body):
        if child is not section:
            body.remove(child)
    return document


def _as_document(path: Path) -> bytes:
    """The template's bytes, with a .dotx's main part declared a document."""
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise ValueError("groter dan 20 MB")
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.file_size > MAX_TEMPLATE_BYTES:
                raise ValueError(f"onderdeel {info.filename} is groter dan 20 MB")
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(TEMPLATE_MAIN, DOCUMENT_MAIN)
            dst.writestr(info, data)
    return out.getvalue()
