"""Build small text PDFs for tests, with exact control over font sizes and positions.

Written by hand so parsing tests can place a raised footnote marker, a footnote
block in a smaller font and a running footer exactly where real Aanhangsel PDFs
have them. Uses the standard Helvetica font (no embedding) and WinAnsi encoding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    text: str
    size: float = 10.0
    rise: float = 0.0


@dataclass(frozen=True)
class Line:
    y: float
    runs: tuple[Run, ...]
    x: float = 72.0


def line(y: float, *parts: str | Run, x: float = 72.0, size: float = 10.0) -> Line:
    runs = tuple(p if isinstance(p, Run) else Run(p, size) for p in parts)
    return Line(y=y, runs=runs, x=x)


def _escape(text: str) -> bytes:
    out = bytearray()
    for b in text.encode("cp1252"):
        if b in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += f"\\{b:03o}".encode()
        else:
            out.append(b)
    return bytes(out)


def _content(lines: list[Line]) -> bytes:
    parts = []
    for ln in lines:
        ops = [b"BT", f"{ln.x} {ln.y} Td".encode()]
        for run in ln.runs:
            ops.append(f"/F1 {run.size} Tf {run.rise} Ts".encode())
            ops.append(b"(" + _escape(run.text) + b") Tj")
        ops.append(b"0 Ts ET")
        parts.append(b" ".join(ops))
    return b"\n".join(parts)


def make_pdf(pages: list[list[Line]], width: int = 595, height: int = 842) -> bytes:
    """A PDF with one content stream per page; returns its bytes."""
    objects: list[bytes] = []
    n_pages = len(pages)
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, page in enumerate(pages):
        content = _content(page)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"
        )
    return assemble(objects)


def assemble(objects: list[bytes]) -> bytes:
    """Number the objects from 1 (object 1 is the catalog) and write body, xref and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
