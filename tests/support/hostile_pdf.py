"""Build hostile PDFs for tests: small files that cost a reader a lot.

Each builder writes the PDF by hand (like assistant/devtools/tiny_pdf.py) so the file stays
small while the work it asks for is large: a content stream or font file that
inflates to gigabytes of zeros, or a page tree with 100,000 pages that all share
one content stream.
"""

from __future__ import annotations

import zlib

from assistant.devtools.tiny_pdf import assemble

_TEXT = b"BT /F1 10 Tf 72 760 Td (Vraag 1) Tj 0 -14 Td (Bent u bekend met het bericht?) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _zeros_deflated(inflated: int, filler: bytes = b"\0") -> bytes:
    """A deflate stream of `inflated` filler bytes: about 1 KB per MB, built in 1 MB steps."""
    packer = zlib.compressobj(9)
    chunk = filler * (1 << 20)
    out = bytearray()
    left = inflated
    while left > 0:
        out += packer.compress(chunk[: min(left, len(chunk))])
        left -= len(chunk)
    out += packer.flush()
    return bytes(out)


def _stream(body: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(body)}{extra} >>\nstream\n".encode() + body + b"\nendstream"


def many_pages_pdf(pages: int, declared: int | None = None) -> bytes:
    """A PDF of `pages` pages sharing one content stream; /Count says `declared` if given
    (a page tree that lies about its size). 100,000 pages make about 7 MB."""
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    count = pages if declared is None else declared
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        _FONT,
        _stream(_TEXT),
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects.extend([page] * pages)
    return assemble(objects)


def flate_bomb_pdf(inflated: int) -> bytes:
    """One page whose content stream is a small deflate stream of `inflated` zero bytes
    (whitespace to a PDF parser) followed by nothing readable: 2 GB fit in about 2 MB."""
    return _one_page(contents=_stream(_zeros_deflated(inflated), " /Filter /FlateDecode"))


def font_bomb_pdf(inflated: int) -> bytes:
    """One ordinary text page whose font carries an embedded font file that inflates to
    `inflated` bytes. The reader's content-stream check does not look at font files, so
    only the worker's memory limit stops this one."""
    font_file = _stream(
        _zeros_deflated(inflated, b"A"), " /Length1 100 /Length2 0 /Length3 0 /Filter /FlateDecode"
    )
    descriptor = (
        b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile 6 0 R >>"
    )
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Bomb /FirstChar 32 /LastChar 126 "
        b"/Widths [" + b"500 " * 95 + b"] /FontDescriptor 5 0 R >>"
    )
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>",
            font,
            descriptor,
            font_file,
            _stream(_TEXT),
        ]
    )


def _one_page(contents: bytes) -> bytes:
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            _FONT,
            contents,
        ]
    )


def warning_pdf(text: bytes = _TEXT) -> bytes:
    """A PDF whose content stream holds operators with broken operands (a matrix of names,
    a line width that is no number) before `text`: pdfminer logs a warning for each of them
    and reads on."""
    broken = b"q /a /b /c /d /e /f cm /wide w Q\n" * 5
    return _one_page(contents=_stream(broken + text))


NO_QUESTIONS = b"BT /F1 10 Tf 72 760 Td (Een brief zonder vragen.) Tj ET"


def operator_storm_pdf(pages: int, content_bytes: int = 7 * 2**20) -> bytes:
    """`pages` pages sharing one content stream of `content_bytes` of "q Q " (save and
    restore the graphics state): under every cap of the reader, yet each page costs the
    interpreter millions of operators. Only the worker's time limit bounds it."""
    storm = _stream(zlib.compress(b"q Q " * (content_bytes // 4), 9), " /Filter /FlateDecode")
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    return assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        _FONT,
        storm,
        *[page] * pages,
    ])  # fmt: skip
