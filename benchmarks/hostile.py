"""Hostile and broken input: what each class ends in, how long it takes, how much memory.

Usage: python benchmarks/hostile.py [--classes docx,pdf,text,batch,sync] [--with-drip]

Every input is built here from the test builders (tests/support/hostile_docx.py,
hostile_pdf.py, hostile_text.py, kamer.py) and the fake Kamer
(assistant/devtools/fake_syncfeed.py); nothing large is stored. Each case runs the real command
(`assistant questions FILE`, `assistant ingest DIR`, `assistant sync` against a local
hostile server) in a fresh process; its exit code, the lines on stderr, the wall time and
the peak memory of the command and its worker (wait4's rusage) are recorded. (A child's
peak starts at this process's size, about 30 MB: inputs are built in another process.) The table
has one row per class: count, outcomes, max seconds, max memory; --cases prints each case.
The contract (README, "Exit codes and bad input"): exit 0 or 2 (3 for the service), one
line on stderr naming the file, under 60 s and 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))
SEED = HERE / ".." / "shared" / "data" / "seed" / "2021Z16950-vragen.txt"
WALL = 600.0  # a case still running after this is killed and counted as a hang


@dataclass
class Outcome:
    klass: str
    name: str
    exit: str
    seconds: float
    peak_mb: float
    stderr_lines: int  # error lines ("fout: ...", "interne fout", a traceback); the sync's
    names_file: bool  # progress lines on stderr are not counted
    last_line: str
    stdout: str = ""


def run(klass: str, name: str, args: list[str], file_name: str | None = None) -> Outcome:
    """Run `python -m assistant ARGS` in its own process group and measure it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = os.posix_spawn(
            sys.executable, [sys.executable, "-m", "assistant", *args], os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                          (os.POSIX_SPAWN_DUP2, err.fileno(), 2)],
            setpgroup=0,
        )  # fmt: skip
        status, usage = None, None
        while time.monotonic() - start < WALL:
            pid, status, usage = os.wait4(proc, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            os.killpg(proc, signal.SIGKILL)
            _, status, usage = os.wait4(proc, 0)
            status = None
        seconds = time.monotonic() - start
        # the worker runs in its own group: end any left over from a killed command
        out.seek(0)
        stdout = out.read(1 << 20).decode(errors="replace")
        err.seek(0)
        lines = [x for x in err.read().decode(errors="replace").splitlines()
                 if x.startswith(("fout", "interne fout", "Traceback", "  File "))]  # fmt: skip
    code = "hang" if status is None else str(os.waitstatus_to_exitcode(status))
    return Outcome(
        klass, name, code, seconds, usage.ru_maxrss / 1024, len(lines),
        bool(file_name) and any(file_name in x for x in lines), lines[-1][:110] if lines else "",
        stdout,
    )  # fmt: skip


Spec = tuple[str, list[str], str | None]  # case name, command arguments, file it names


def docx_cases(folder: Path) -> list[Spec]:
    from support.hostile_docx import HOSTILE

    out = []
    for name, case in HOSTILE.items():
        path = folder / f"{name.replace(' ', '-').replace('/', '-')}.docx"
        path.write_bytes(case.build())
        out.append((name, ["questions", str(path)], path.name))
    return out


def pdf_cases(folder: Path) -> list[Spec]:
    from support.hostile_pdf import (
        flate_bomb_pdf,
        font_bomb_pdf,
        many_pages_pdf,
        operator_storm_pdf,
        warning_pdf,
    )

    cases = {
        "flate bomb 2 GB": lambda: flate_bomb_pdf(2 << 30),
        "100,000 pages": lambda: many_pages_pdf(100_000),
        "page tree says 100,000, holds 3": lambda: many_pages_pdf(3, declared=100_000),
        "font-file bomb 1 GB": lambda: font_bomb_pdf(1 << 30),
        "operators with broken operands": warning_pdf,
        "operator storm (34 s a page)": lambda: operator_storm_pdf(pages=4),
    }
    out = []
    for name, build in cases.items():
        path = folder / f"{name.split()[0]}-{len(out)}.pdf"
        path.write_bytes(build())
        out.append((name, ["questions", str(path)], path.name))
    return out


def text_cases(folder: Path) -> list[Spec]:
    import support.hostile_text as ht

    seed = SEED.read_text(encoding="utf-8")
    mb = 1 << 20
    cases = {
        "seed repeated to 1 MB": lambda: ht.repeated(seed, mb),
        "seed repeated to 20 MB": lambda: ht.repeated(seed, 19 * mb),
        "hyphenated lines, 19 MB": lambda: ht.hyphenated(19 * mb),
        "one long token, 19 MB": lambda: ht.one_long_token(19 * mb),
        "questions 1..1002": lambda: ht.numbered_set(1002),
        "ingezonden 31 december 9999": lambda: ht.numbered_set(3, date="31 december 9999"),
        "typed footnotes x 5000": lambda: ht.typed_footnotes(5000),
        "footnote lines without marker, 10 MB": lambda: ht.unmatched_footnote_lines(10 * mb),
    }
    out = []
    for name, build in cases.items():
        path = folder / f"text-{len(out)}.txt"
        path.write_text(build(), encoding="utf-8")
        out.append((name, ["questions", str(path)], path.name))
    return out


def batch_cases(folder: Path) -> list[Spec]:
    """One folder: good files around a bomb, a broken Word file and a PDF bomb."""
    from support.hostile_docx import HOSTILE
    from support.hostile_pdf import flate_bomb_pdf

    batch = folder / "batch"
    batch.mkdir()
    demo = sorted((HERE / "corpus" / "demo" / "antwoorden").glob("*.txt"))[0]
    (batch / "a-goed.txt").write_bytes(demo.read_bytes())
    (batch / "b-bom.docx").write_bytes(HOSTILE["document.xml bomb 1 GB"].build())
    (batch / "c-kapot.docx").write_bytes(HOSTILE["footnotes truncated"].build())
    (batch / "d-bom.pdf").write_bytes(flate_bomb_pdf(2 << 30))
    (batch / "e-goed.md").write_text("# Beleid\n\nEen alinea over beleid.\n", encoding="utf-8")
    home = folder / "home"
    return [("5 files, 3 hostile", ["ingest", str(batch), "--json", "--home", str(home)], None)]


BUILDERS = {"docx": ("Word (.docx)", docx_cases), "pdf": ("PDF", pdf_cases),
            "text": ("text", text_cases), "batch": ("ingest batch", batch_cases)}  # fmt: skip


def build_in_child(klass: str, folder: Path) -> list[Spec]:
    """Build one class's files in a fresh process: the inputs (up to 20 MB of text) never
    enlarge this process, whose memory a child would inherit as its starting peak."""
    import json
    import subprocess

    done = subprocess.run([sys.executable, __file__, "--build", klass, str(folder)],
                          check=True, capture_output=True, text=True)  # fmt: skip
    return [tuple(x) for x in json.loads(done.stdout)]


def run_class(klass: str, folder: Path) -> list[Outcome]:
    import json

    title, _ = BUILDERS[klass]
    results = [run(title, *spec) for spec in build_in_child(klass, folder)]
    for result in results:
        if klass == "batch" and result.stdout:
            report = json.loads(result.stdout)
            failed = ", ".join(Path(f["bestand"]).name for f in report["mislukt"])
            result.last_line = f"stored {len(report['toegevoegd'])}, failed {failed}"
    return results


def sync_cases(folder: Path, with_drip: bool) -> list[Outcome]:
    from support.kamer import docx_bomb, pdf_flate_bomb

    from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed, demo

    modes = ["malformed-xml", "html", "wrong-types", "bad-next", "backwards-next",
             "redirect-loop", "foreign-nextlink", "endless", "huge-page", "xml-bomb",
             "external-entity", "bomb", "pdfbomb"]  # fmt: skip
    if with_drip:
        modes.append("drip")
    out = []
    for mode in modes:
        with FakeSyncFeed(page_size=2) as fake, FakeSyncFeed() as other:
            demo(fake, today=date(2026, 11, 29))
            params = {
                "foreign-nextlink": {"target": _origin(other.base_url)},
                "huge-page": {"size": 1 << 30},
                "drip": {"interval": 5.0},
            }.get(mode, {})
            if mode in ("bomb", "pdfbomb"):
                docs = [fake.get("Document", i) for _, i in fake.entries("Document")]
                answer = next(d for d in docs if d["Soort"].startswith("Antwoord"))
                bomb = (FakeFile(docx_bomb(1 << 30), "application/vnd.openxmlformats-"
                                 "officedocument.wordprocessingml.document")
                        if mode == "bomb" else FakeFile(pdf_flate_bomb(1 << 30),
                                                        "application/pdf"))  # fmt: skip
                fake.put_file(answer["Id"], bomb)
            else:
                fake.hostile(mode, on="Document", **params)
            home = folder / f"sync-{mode}"
            out.append(run("sync (hostile server)", mode, [
                "sync", "--base-url", fake.base_url, "--pauze", "0", "--geen-index",
                "--home", str(home)]))  # fmt: skip
    return out


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def main() -> None:
    if sys.argv[1:2] == ["--build"]:  # the child of build_in_child
        import json

        klass, folder = sys.argv[2], Path(sys.argv[3])
        print(json.dumps(BUILDERS[klass][1](folder)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", default="docx,pdf,text,batch,sync")
    parser.add_argument(
        "--with-drip",
        action="store_true",
        help="also the server that sends 1 byte every 5 s (about 4 minutes)",
    )
    parser.add_argument("--cases", action="store_true", help="print every case")
    args = parser.parse_args()
    chosen = args.classes.split(",")
    results: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp)
        for klass in BUILDERS:
            if klass in chosen:
                results += run_class(klass, folder)
        if "sync" in chosen:
            results += sync_cases(folder, args.with_drip)

    if args.cases:
        print("| class | case | exit | s | MB | error lines | names file | error |")
        print("|---|---|---|---|---|---|---|---|")
        for r in results:
            print(
                f"| {r.klass} | {r.name} | {r.exit} | {r.seconds:.1f} | {r.peak_mb:.0f} | "
                f"{r.stderr_lines} | {'yes' if r.names_file else '-'} | {r.last_line} |"
            )
        print()
    print("| input class | count | outcomes (exit: count) | max s | max MB | max error lines |")
    print("|---|---|---|---|---|---|")
    for klass in dict.fromkeys(r.klass for r in results):
        rows = [r for r in results if r.klass == klass]
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(Counter(r.exit for r in rows).items()))
        print(
            f"| {klass} | {len(rows)} | {outcomes} | {max(r.seconds for r in rows):.1f} | "
            f"{max(r.peak_mb for r in rows):.0f} | {max(r.stderr_lines for r in rows)} |"
        )
    failing = [r for r in results if r.exit not in ("0", "2", "3") or r.seconds >= 60
               or r.peak_mb >= 1536 or (r.stderr_lines > 1 and r.exit != "0")]  # fmt: skip
    print(f"\noutside the contract (exit 0/2/3, one line, < 60 s, < 1.5 GB): {len(failing)}")
    for r in failing:
        print(
            f"  {r.klass} / {r.name}: exit {r.exit}, {r.seconds:.1f} s, {r.peak_mb:.0f} MB, "
            f"{r.stderr_lines} lines: {r.last_line}"
        )


if __name__ == "__main__":
    main()
