"""Where things are on a letter's PDF pages (LibreOffice's rendering), in cm from the top
left: body text edges, first lines, the right-hand column, Datum, the page number.
Used by tests/unit/test_letter_layout.py and benchmarks/letter_layout.py."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CM = 72 / 2.54
BODY_SIZE = 8.5  # pt: body text is 9 pt; the column, return address and page number 6.5
COLUMN_FROM = 14.0  # cm: words starting right of this are in the right-hand column


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out_dir: Path, timeout: float = 300) -> Path:
    """Convert with LibreOffice in its own profile folder (parallel runs do not clash);
    on a timeout the whole process group is killed, so no soffice.bin is left behind."""
    out_dir = out_dir.resolve()
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=out_dir))
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(docx.resolve())]  # fmt: skip
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / (docx.stem + ".pdf")
    if process.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice could not convert {docx.name}: {err.decode()[-500:]}")
    return pdf


def measure(pdf_path: Path) -> dict[str, float | None]:
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        pages = [p.extract_words(extra_attrs=["size"]) for p in pdf.pages]
    first, second = pages[0], pages[1] if len(pages) > 1 else []

    def body(words):
        return [w for w in words if w["size"] >= BODY_SIZE and w["top"] < 27 * CM]

    def column(words):
        return [w for w in words if w["size"] < BODY_SIZE and w["x0"] > COLUMN_FROM * CM
                and w["top"] < 27 * CM]  # fmt: skip

    def first_word(words, text, left_of=None):
        found = [w for w in words if w["text"] == text
                 and (left_of is None or w["x0"] < left_of * CM)]  # fmt: skip
        return found[0] if found else None

    later_body = [w for ws in pages[1:] for w in body(ws)]
    datum1 = first_word(first, "Datum", left_of=10)
    letter = [
        w
        for w in body(first)
        if datum1 and w["top"] > datum1["top"] + 1.5 * CM and w["x0"] < 3.5 * CM
    ]
    datum2 = first_word(column(second), "Datum")
    pagina = [w for w in second if w["text"].startswith("Pagina")]
    retour = [w for w in first if "Retouradres" in w["text"]]
    return {
        "pages": len(pages),
        "body left": min(w["x0"] for w in later_body) / CM if later_body else None,
        "body right": max((w["x1"] for w in later_body), default=0) / CM or None,
        "text top p1": min(w["top"] for w in letter) / CM if letter else None,
        "text top p2": min(w["top"] for w in body(second)) / CM if body(second) else None,
        "column left p1": min((w["x0"] for w in column(first)), default=0) / CM or None,
        "column top p1": min((w["top"] for w in column(first)), default=0) / CM or None,
        "column left p2": min((w["x0"] for w in column(second)), default=0) / CM or None,
        "column top p2": min((w["top"] for w in column(second)), default=0) / CM or None,
        "Datum x p1": datum1["x0"] / CM if datum1 else None,
        "Datum y p1": datum1["top"] / CM if datum1 else None,
        "Datum x p2": datum2["x0"] / CM if datum2 else None,
        "Datum y p2": datum2["top"] / CM if datum2 else None,
        "Pagina x": pagina[0]["x0"] / CM if pagina else None,
        "Pagina y": pagina[0]["top"] / CM if pagina else None,
        "Retouradres y": retour[0]["top"] / CM if retour else None,
    }
