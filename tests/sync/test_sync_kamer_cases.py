"""What the Kamer's real data does to a sync, each case on the fake SyncFeed: objects that
appear late, metadata that comes after the file, documents linked to several zaken, files
whose declared type is wrong, Dutch calendar days, withdrawn sets, and a store from the
OData era."""

from __future__ import annotations

from datetime import date

import pytest
from support.commands import invoke_assistant
from support.kamer import run_sync

from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed
from assistant.devtools.kamer_world import answer_pdf, document, questions_pdf, tombstone, zaak
from assistant.opendata import open_question_sets
from assistant.opendata.tables import SyncTables
from assistant.store import Store

JENV = ("P. Bakker", "minister van Justitie en Veiligheid")
PAIRS = [("Kent u het fictieve bericht over de proefdijk?", "Ja.")]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OLE_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600  # an old binary .doc


@pytest.fixture
def fake():
    with FakeSyncFeed(page_size=2) as server:
        yield server


def corpus(home) -> dict[str, dict]:
    with Store.in_home(home) as store:
        return {d["source"]: d for d in store.documents() if d["source"].startswith("tk:")}


def a_set(nummer="2024Z05001", day="2024-05-06", **extra):
    return zaak(nummer, "De fictieve proefdijk", f"{day}T00:00:00+02:00", f"{day}T10:00:00+02:00",
                gericht_aan=(JENV,), **extra)  # fmt: skip


def an_answer(zaken, *, number="2024D20001", day="2024-05-20", changed="T09", **extra):
    return document("Antwoord schriftelijke vragen", zaken, f"{day}T00:00:00+02:00",
                    f"{day}{changed}:00:00+02:00", documentnummer=number, **extra)  # fmt: skip


def answer_file(nummer="2024Z05001") -> bytes:
    return answer_pdf(nummer, "De fictieve proefdijk", PAIRS, ingezonden="6 mei 2024",
                      ontvangen="20 mei 2024")  # fmt: skip


def test_an_aanhangselnummer_assigned_later_reaches_the_corpus_without_a_new_download(
    tmp_path, fake
):
    z = a_set()
    doc = an_answer([z])  # published as a letter first: no Aanhangselnummer yet
    fake.put("Zaak", z)
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(answer_file(), "application/pdf"))
    run_sync(tmp_path, fake)
    assert corpus(tmp_path)[f"tk:{doc['Id']}"]["ah_id"] is None

    published = fake.get("Document", doc["Id"])  # with the file's version and length
    fake.put("Document", dict(published, Aanhangselnummer="232401999",
                              GewijzigdOp="2024-06-04T09:00:00+02:00"))  # fmt: skip
    again = run_sync(tmp_path, fake)
    assert again.metadata == [doc["Id"]] and again.replaced == again.added == []
    assert fake.resource_hits[doc["Id"]] == 1  # the file on disk was read again, not fetched
    stored = corpus(tmp_path)[f"tk:{doc['Id']}"]
    assert stored["ah_id"] == "ah-tk-20232024-1999" and stored["kenmerk"] == "2024Z05001"


def test_a_document_takes_the_written_question_set_among_its_zaken(tmp_path, fake):
    deleted = a_set("2024Z05002")
    motie = dict(a_set("2024Z05003"), Soort="Motie")
    real = a_set("2024Z05004")
    for z in (deleted, motie, real):
        fake.put("Zaak", z)
    fake.put("Zaak", tombstone(deleted, "2024-05-07T10:00:00+02:00"))
    doc = an_answer([deleted, motie, real])
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(answer_file("2024Z05004"), "application/pdf"))
    report = run_sync(tmp_path, fake)
    assert report.added == [doc["Id"]]
    assert corpus(tmp_path)[f"tk:{doc['Id']}"]["kenmerk"] == "2024Z05004"
    with Store.in_home(tmp_path) as store:
        assert SyncTables(store).document(doc["Id"])["kenmerken"] == ["2024Z05004"]


def test_a_document_that_arrives_before_its_set_waits_for_it(tmp_path, fake):
    z = a_set()
    doc = an_answer([z])
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(answer_file(), "application/pdf"))
    first = run_sync(tmp_path, fake)
    assert first.waiting == 1 and first.added == [] and fake.resource_hits[doc["Id"]] == 0

    fake.put("Zaak", z)  # the set becomes visible later, with an older change time
    second = run_sync(tmp_path, fake)
    assert second.added == [doc["Id"]] and second.waiting == 0
    assert corpus(tmp_path)[f"tk:{doc['Id']}"]["kenmerk"] == "2024Z05001"


def test_an_object_visible_late_with_an_old_change_time_is_not_skipped(tmp_path, fake):
    early = a_set("2024Z05005", day="2024-05-10")
    fake.put("Zaak", early)
    run_sync(tmp_path, fake)
    # changed at the source before the first run, visible in the API only now
    late = a_set("2024Z05006", day="2024-05-08")
    fake.put("Zaak", late, visible_at="2024-05-12T08:00:00+02:00")
    run_sync(tmp_path, fake)
    with Store.in_home(tmp_path) as store:
        assert {z["nummer"] for z in SyncTables(store).zaken()} == {"2024Z05005", "2024Z05006"}


def test_a_word_file_labelled_pdf_is_read_as_word(tmp_path, fake):
    from support.project import PROJECT

    letter = (PROJECT / "corpus" / "demo" / "brieven" / "2022-ienw-brief.docx").read_bytes()
    z = a_set("2022Z99903", day="2022-05-02")
    doc = an_answer([z], number="2022D20001", day="2022-05-20")
    fake.put("Zaak", z)
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(letter, "application/pdf"))  # the Kamer's label lies
    report = run_sync(tmp_path, fake)
    assert report.failed == [] and report.added == [doc["Id"]]
    assert corpus(tmp_path)[f"tk:{doc['Id']}"]["name"] == "2022D20001.docx"


def test_an_old_word_file_fails_clearly_and_is_retried_once_the_kamer_replaces_it(tmp_path, fake):
    z = a_set()
    doc = an_answer([z])
    fake.put("Zaak", z)
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(OLE_WORD, "application/pdf"))
    first = run_sync(tmp_path, fake)
    ((label, reason),) = first.failed
    assert label == "2024D20001" and ".doc" in reason
    assert (tmp_path / "opendata" / "2024D20001.doc").is_file()  # named by its bytes

    assert run_sync(tmp_path, fake).failed == []  # the same file is not fetched again
    assert fake.resource_hits[doc["Id"]] == 1
    fake.put_file(doc["Id"], FakeFile(answer_file(), "application/pdf"))  # the PDF arrives
    later = run_sync(tmp_path, fake)
    assert later.added == [doc["Id"]] and later.failed == []


def test_an_open_sets_question_file_is_named_by_its_bytes(tmp_path, fake):
    from support.docxmaker import docx_with_footnotes

    z = a_set(day=date.today().isoformat())
    questions = document("Schriftelijke vragen", [z], z["GestartOp"], z["GewijzigdOp"],
                         documentnummer="2024D20009", content_type="application/pdf")  # fmt: skip
    fake.put("Zaak", z)
    fake.put("Document", questions)
    pdf = questions_pdf("2024Z05001", "De fictieve proefdijk", ["Wat is er gebeurd?"],
                        ingezonden="6 mei 2024")  # fmt: skip
    from assistant.extract import extract_bytes

    text = extract_bytes(pdf, "vragen.pdf", isolated=False).text
    fake.put_file(
        questions["Id"], FakeFile(docx_with_footnotes(text.split("\n\n"), {}), "application/pdf")
    )
    report = run_sync(tmp_path, fake)
    assert report.question_files == [questions["Id"]], report.failed
    with Store.in_home(tmp_path) as store:
        (open_set,) = open_question_sets(store)
    assert open_set.vragen_bestand.endswith("2024D20009.docx")


def test_the_start_day_is_a_dutch_day_and_a_full_run_keeps_what_it_took(tmp_path, fake):
    z = a_set(day="2024-03-01")
    # local midnight of 1 March: 29 February 23:00 in UTC
    doc = document("Antwoord schriftelijke vragen", [z], "2024-02-29T23:00:00Z",
                   "2024-03-01T09:00:00+01:00", documentnummer="2024D20002")  # fmt: skip
    z = dict(z, GestartOp="2024-02-29T23:00:00Z")
    fake.put("Zaak", z)
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(answer_file(), "application/pdf"))
    since = date(2024, 3, 1)
    assert run_sync(tmp_path, fake, since=since).added == [doc["Id"]]
    full = run_sync(tmp_path, fake, since=since, full=True)
    assert full.removed == [] and full.zaken_verwijderd == 0
    with Store.in_home(tmp_path) as store:
        assert SyncTables(store).document(doc["Id"])["datum"] == "2024-03-01"


def test_a_withdrawn_set_leaves_the_open_list(tmp_path, fake):
    today = date.today().isoformat()
    z = a_set(day=today)
    fake.put("Zaak", z)
    run_sync(tmp_path, fake)
    with Store.in_home(tmp_path) as store:
        assert [s.kenmerk for s in open_question_sets(store)] == ["2024Z05001"]
    subject = "Mededeling dat de vragen over de proefdijk zijn ingetrokken"
    notice = document("Mededeling", [z], f"{today}T00:00:00+01:00", f"{today}T12:00:00+01:00",
                      documentnummer="2024D20003", onderwerp=subject)  # fmt: skip
    fake.put("Document", notice)
    report = run_sync(tmp_path, fake)
    assert report.withdrawn == ["2024Z05001"] and fake.resource_hits[notice["Id"]] == 0
    with Store.in_home(tmp_path) as store:
        assert open_question_sets(store) == []
    listed = invoke_assistant("open-vragen", "--json", home=tmp_path)
    assert listed.returncode == 0 and listed.stdout.strip() == b"[]"


def test_a_store_from_the_odata_era_syncs_from_the_start(tmp_path, fake):
    with Store.in_home(tmp_path) as store:
        store.db.executescript(
            """CREATE TABLE sync_cursors (scope TEXT PRIMARY KEY, gewijzigd_op TEXT NOT NULL,
               bijgewerkt TEXT NOT NULL);
               INSERT INTO sync_cursors VALUES ('document|alle|2018-01-01',
               '2026-09-30T10:00:00.000000Z', '2026-09-30');
               CREATE TABLE tk_documenten (id TEXT PRIMARY KEY, soort TEXT, documentnummer TEXT,
               datum TEXT, kenmerken TEXT NOT NULL DEFAULT '[]', publicatie TEXT,
               gewijzigd_op TEXT NOT NULL, status TEXT NOT NULL, reden TEXT, bron TEXT,
               bestand TEXT, gesynct TEXT NOT NULL);"""
        )
    z = a_set()
    doc = an_answer([z])
    fake.put("Zaak", z)
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(answer_file(), "application/pdf"))
    assert run_sync(tmp_path, fake).added == [doc["Id"]]
    with Store.in_home(tmp_path) as store:
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert "sync_cursors" not in tables and "feed_cursors" in tables


def test_the_old_odata_address_is_refused_with_the_new_one_named(tmp_path):
    done = invoke_assistant(
        "sync", "--base-url", "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0", home=tmp_path
    )
    err = done.stderr.decode()
    assert done.returncode == 2 and "SyncFeed/2.0" in err and "Traceback" not in err


def test_the_sync_tables_are_made_once_per_open_store_not_on_every_use(tmp_path):
    with Store.in_home(tmp_path) as store:
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        SyncTables(store)
        made = [s for s in statements if s.startswith("CREATE")]
        statements.clear()
        for _ in range(3):  # the app builds the tables object on every rerun
            SyncTables(store).zaken()
        store.db.set_trace_callback(None)
    assert made and not any(s.startswith(("CREATE", "BEGIN", "ALTER")) for s in statements)
