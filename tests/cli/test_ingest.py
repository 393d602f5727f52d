"""`assistant ingest`, `corpus` and `export` as a user runs them, on self-written files."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from support.commands import invoke_assistant
from support.ingest_docs import ANSWERS, POLICY, QUESTIONS_ONLY

from assistant.devtools.tiny_pdf import line, make_pdf
from assistant.store import Store

run = invoke_assistant  # in this process; the interrupt test starts a real one


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "bronnen"
    (d / "sub").mkdir(parents=True)
    (d / "antwoorden.txt").write_text(ANSWERS, encoding="utf-8")
    (d / "sub" / "beleid.md").write_text(POLICY, encoding="utf-8")
    (d / "export.jsonl").write_text(
        json.dumps({"id": "X-1", "vraag": "Kent u Z?", "antwoord": "Nee.", "ministerie": "BZK"})
        + "\n",
        encoding="utf-8",
    )
    (d / "export.csv").write_text(
        "id,vraag,antwoord\nC-1,,Alleen een antwoord.\n", encoding="utf-8"
    )
    (d / "notities.xyz").write_text("overgeslagen", encoding="utf-8")
    return d


def test_ingest_folder_summary_rerun_and_change(tmp_path, folder):
    home = tmp_path / "home"
    first = run("ingest", str(folder), "--json", home=home)
    assert first.returncode == 0, first.stderr.decode()
    report = json.loads(first.stdout)
    assert list(report) == [
        "formaat", "toegevoegd", "ongewijzigd", "vervangen", "mislukt", "waarschuwingen", "corpus",
    ]  # fmt: skip
    assert report["formaat"] == 2
    assert len(report["toegevoegd"]) == 4 and report["mislukt"] == []
    assert report["corpus"]["documenten"] == 4
    assert report["corpus"]["vraag_antwoord_records"] == 4  # 2 answers + 1 JSONL + 1 CSV row
    assert report["corpus"]["passages"] >= 1

    again = json.loads(run("ingest", str(folder), "--json", home=home).stdout)
    assert len(again["ongewijzigd"]) == 4 and not again["toegevoegd"] and not again["vervangen"]

    (folder / "antwoorden.txt").write_text(ANSWERS.replace("Dat klopt.", "Dat klopt niet."))
    changed = json.loads(run("ingest", str(folder), "--json", home=home).stdout)
    assert len(changed["vervangen"]) == 1 and len(changed["ongewijzigd"]) == 3
    with Store.in_home(home) as store:
        answers = {r["antwoord"] for r, _ in store.qa_records()}
    assert "Dat klopt niet." in answers and "Dat klopt." not in answers


def test_corpus_json_has_exactly_the_documented_keys(tmp_path, folder):
    home = tmp_path / "home"
    run("ingest", str(folder), home=home)
    result = run("corpus", "--json", home=home)
    data = json.loads(result.stdout)
    assert list(data) == [
        "formaat", "documenten", "vraag_antwoord_records", "passages", "per_soort",
        "per_ministerie", "per_jaar",
    ]  # fmt: skip
    assert data["formaat"] == 2
    assert data["per_soort"] == {"antwoord": 1, "beleid": 1, "qa-export": 2}
    assert data["per_ministerie"]["Justitie en Veiligheid"] == 1


def test_export_round_trip(tmp_path, folder):
    home, again = tmp_path / "home", tmp_path / "again"
    run("ingest", str(folder), home=home)
    exported = run("export", home=home).stdout
    lines = [json.loads(x) for x in exported.decode().splitlines()]
    assert {x["id"] for x in lines} >= {"X-1", "C-1"}
    assert all({"id", "vraag", "antwoord", "vraag_nrs", "ministerie"} <= set(x) for x in lines)
    path = tmp_path / "export.jsonl"
    path.write_bytes(exported)
    assert run("ingest", str(path), home=again).returncode == 0
    assert run("export", home=again).stdout == exported

    assert run("export", "--soort", "qa-export", home=home).stdout == exported  # the default
    policy = run("export", "--soort", "beleid", home=home).stdout
    assert {"id", "tekst", "kop"} <= set(json.loads(policy.decode().splitlines()[0]))
    (tmp_path / "beleid.jsonl").write_bytes(policy)
    assert run("ingest", str(tmp_path / "beleid.jsonl"), home=tmp_path / "p").returncode == 0
    assert run("export", "--soort", "beleid", home=tmp_path / "p").stdout == policy
    # the spelling of format 1 still works, with a note naming the new one
    old = run("export", "--kind", "policy", home=home)
    assert old.stdout == policy and b"--soort beleid" in old.stderr


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, folder):
    bad = tmp_path / "slecht"
    bad.mkdir()
    (bad / "kapot.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 kapot")
    (bad / "leeg.docx").write_bytes(_empty_docx())
    (bad / "vragen.txt").write_text(QUESTIONS_ONLY, encoding="utf-8")
    (bad / "regels.jsonl").write_text('geen json\n{"id": 1}\n', encoding="utf-8")
    (bad / "kolommen.csv").write_text("nummer,tekst\n1,hallo\n", encoding="utf-8")
    huge = bad / "groot.pdf"
    with open(huge, "wb") as fh:  # a sparse 200 MB file: refused before it is read
        fh.truncate(200 * 1024 * 1024)
    scan = bad / "scan.pdf"
    scan.write_bytes(make_pdf([[line(700, "")]]))
    home = tmp_path / "home"
    run("ingest", str(folder), home=home)

    result = run("ingest", str(bad), str(folder), "--json", home=home)
    assert result.returncode == 0  # something was read, failures listed
    report = json.loads(result.stdout)
    reasons = {os.path.basename(f["bestand"]): f["reden"] for f in report["mislukt"]}
    assert "beschadigd" in reasons["kapot.pdf"]
    assert "geen tekst" in reasons["leeg.docx"]
    assert "binnenkomende vragenset" in reasons["vragen.txt"]
    assert "JSON" in reasons["regels.jsonl"]
    assert "mist de kolom" in reasons["kolommen.csv"]
    assert "te groot" in reasons["groot.pdf"]
    assert "geen tekst" in reasons["scan.pdf"]
    assert report["corpus"]["documenten"] == 4  # nothing stored was lost

    only_bad = run("ingest", str(bad), home=home)
    assert only_bad.returncode == 2
    assert b"Traceback" not in only_bad.stderr
    assert b"niets ingelezen" in only_bad.stderr


def test_forced_kinds(tmp_path, folder):
    home = tmp_path / "home"
    result = run(
        "ingest", str(folder / "sub" / "beleid.md"), "--soort", "antwoord", "--json", home=home
    )
    assert result.returncode == 2
    assert "geen genummerde vragen" in result.stdout.decode()
    forced = run("ingest", str(folder / "antwoorden.txt"), "--soort", "beleid", "--json", home=home)
    assert json.loads(forced.stdout)["corpus"]["per_soort"] == {"beleid": 1}
    refused = run("ingest", str(folder / "export.csv"), "--soort", "beleid", home=home)
    assert refused.returncode == 2 and "soort qa-export" in refused.stdout.decode()


def test_the_old_kind_spellings_are_read_as_the_new_ones(tmp_path, folder):
    home = tmp_path / "home"
    old = run("ingest", str(folder / "antwoorden.txt"), "--kind", "policy", "--json", home=home)
    assert old.returncode == 0
    assert json.loads(old.stdout)["corpus"]["per_soort"] == {"beleid": 1}
    assert "--kind policy heet nu --soort beleid" in old.stderr.decode()
    answers = run("ingest", str(folder / "sub" / "beleid.md"), "--kind", "answers", home=home)
    assert answers.returncode == 2 and "geen genummerde vragen" in answers.stdout.decode()
    unknown = run("ingest", str(folder / "antwoorden.txt"), "--soort", "policy", home=home)
    assert unknown.returncode == 2  # the old names only after the old option


# bounds against a hang only (the machine may be loaded): never reached when things work
HANG_GUARD_SECONDS = 600
STOP_SECONDS = 120


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_interrupt_keeps_what_was_stored(tmp_path, shared_data):
    home = tmp_path / "home"
    folder = shared_data / "aanhangsel-pdf"
    with (
        open(tmp_path / "stdout", "wb") as out,
        open(tmp_path / "stderr", "wb") as err,
        subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest", str(folder), "--home", str(home)],
            stdout=out,  # files, not pipes: the process never blocks on output nobody reads
            stderr=err,
            start_new_session=True,  # its own process group, like a command in a terminal
        ) as proc,
    ):
        try:
            _wait_until_stored(proc, home, documents=1)
            _ctrl_c(proc)
            proc.wait(timeout=STOP_SECONDS)
        finally:
            _stop(proc)
    stderr = (tmp_path / "stderr").read_bytes()
    assert proc.returncode == 130, stderr.decode()  # Ctrl-C came after 1 of 21 documents
    assert b"Traceback" not in stderr
    with Store.in_home(home) as store:
        stored = store.counts()["documents"]
        per_doc = {}
        for _rec, doc in store.qa_records():
            per_doc[doc["id"]] = per_doc.get(doc["id"], 0) + 1
        assert all(per_doc.get(d["id"], 0) > 0 for d in store.documents())  # no half documents
    assert 1 <= stored < 21
    rerun = run("ingest", str(folder), "--json", home=home)
    report = json.loads(rerun.stdout)
    assert len(report["ongewijzigd"]) == stored
    assert report["corpus"]["documenten"] == 21


def _wait_until_stored(proc, home, documents: int) -> None:
    """Until the ingest has stored that many documents or has ended. The store is opened
    while the ingest writes it, as the app does."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while proc.poll() is None and time.monotonic() < deadline:
        if (home / "corpus.sqlite3").exists():
            with Store.in_home(home) as store:
                if store.counts()["documents"] >= documents:
                    return
        time.sleep(0.1)


def _ctrl_c(proc) -> None:
    """What Ctrl-C in a terminal does: SIGINT to the whole process group (workers too)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)


def _stop(proc) -> None:
    """Whatever happened: the process group is gone and the process reaped."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers of the group too (a parse worker)
    proc.wait()


def _empty_docx() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_a_real_aanhangsel_is_not_fictional_and_keeps_its_id(tmp_path, shared_data):
    from assistant.ingest import ingest

    pdf = sorted((shared_data / "aanhangsel-pdf").glob("*.pdf"))[0]
    with Store.in_home(tmp_path) as store:
        report = ingest([pdf], store)
        (doc,) = store.documents()
    assert report.failed == []
    assert "fictief" not in doc["meta"]
    assert doc["ah_id"].startswith("ah-tk-") and doc["vergaderjaar"]


def test_the_demo_marker_makes_a_document_fictional(tmp_path):
    from assistant.fictional import says_fictional
    from assistant.ingest import ingest

    marked = ANSWERS.replace(
        "Vragen van", "[Fictief demomateriaal, geschreven als test.]\n\nVragen van", 1
    )
    (tmp_path / "echt.txt").write_text(ANSWERS, encoding="utf-8")
    (tmp_path / "demo.txt").write_text(marked, encoding="utf-8")
    (tmp_path / "demo.md").write_text("[Fictief demomateriaal]\n\n" + POLICY, encoding="utf-8")
    with Store.in_home(tmp_path / "home") as store:
        assert ingest([tmp_path], store).failed == []
        fictional = {d["name"]: d["meta"].get("fictief", False) for d in store.documents()}
    assert fictional == {"demo.md": True, "demo.txt": True, "echt.txt": False}
    assert not says_fictional("Het rapport noemt dit geen fictief demomateriaal.")
    assert not says_fictional("x" * 6000 + "[Fictief demomateriaal]")  # only near the top


def test_ingest_reports_files_handled_to_a_progress_callback(tmp_path, folder):
    from assistant.ingest import ingest

    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    calls = []
    with Store.in_home(tmp_path / "home") as store:
        report = ingest([folder], store, progress=lambda done, total: calls.append((done, total)))
    assert len(report.failed) == 1 and len(report.added) == 4
    assert calls == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]  # a failure counts too
    calls.clear()
    with Store.in_home(tmp_path / "leeg") as store:
        ingest([tmp_path / "bestaat-niet"], store, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 0)]
