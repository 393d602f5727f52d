"""`assistant sync` against a local fake of the Kamer's SyncFeed (no test touches the internet).

The fake pages its feeds two entries at a time, so every run below follows the
skiptoken links over several pages of zaken, actors and documents.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
from support.commands import invoke_assistant, run_assistant
from support.corpora import indexed_home
from support.kamer import FAST, run_sync
from support.sync_world import (
    IENW,
    PAIRS_DRONES,
    PAIRS_FIETS,
    World,
    synced_documents,
)

from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed
from assistant.devtools.kamer_world import (
    answer_pdf,
    document,
    tombstone,
    zaak,
)
from assistant.errors import NetworkError
from assistant.opendata import ClientSettings, SyncFeed, SyncOptions, open_question_sets, sync
from assistant.opendata.tables import SyncTables
from assistant.store import Store


@pytest.fixture
def fake():
    with FakeSyncFeed(page_size=2) as server:
        yield server


@pytest.fixture
def world(fake):
    return World(fake)


def test_first_sync_pages_through_and_ingests_answers_and_notices(tmp_path, fake, world):
    report = run_sync(tmp_path, fake)
    assert report.failed == [] and len(report.added) == 4 and report.zaken_opgeslagen == 5
    # the question files of the two open sets, not of the answered one
    assert sorted(report.question_files) == sorted([world.q_open["Id"], world.q_uitstel["Id"]])
    assert world.q_drones["Id"] not in fake.resource_hits
    pages = [r for r in fake.requests if "category=Document" in r and "skiptoken=" in r]
    assert len(pages) >= 3  # several pages of documents, each asked by the skiptoken before it

    docs = synced_documents(tmp_path)
    drones = docs[f"tk:{world.a_drones['Id']}"]
    assert drones["kind"] == "antwoord" and drones["kenmerk"] == "2024Z03001"
    assert drones["ah_id"] == "ah-tk-20232024-1101"  # from the API's Aanhangselnummer
    assert drones["meta"]["tk"]["documentnummer"] == "2024D11001"
    assert docs[f"tk:{world.notice['Id']}"]["kind"] == "mededeling"
    with Store.in_home(tmp_path) as store:
        records = [r for r, d in store.qa_records() if d["id"] == drones["id"]]
        assert [r["antwoord"] for r in records] == [a for _, a in PAIRS_DRONES]
        assert {r["kenmerk"] for r in records} == {"2024Z03001"}
        assert store.is_synced(drones["id"])  # the app links only these to the official site

        open_sets = open_question_sets(store)
    assert [s.kenmerk for s in open_sets] == ["2024Z03003", "2024Z03004"]
    wachttijden, jeugdzorg = open_sets
    assert wachttijden.deadline.isoformat() == "2024-03-27" and wachttijden.uitstel is None
    assert jeugdzorg.uitstel.isoformat() == "2024-03-27"
    assert wachttijden.indieners == ("H. de Vries (VVD)",)
    assert wachttijden.gericht_aan == ("minister van Justitie en Veiligheid (P. Bakker)",)
    assert wachttijden.url.endswith("/kv-tk-2024Z03003.html")
    from assistant.intake import read_question_set

    questions = read_question_set(wachttijden.vragen_bestand)
    assert (
        questions.kenmerk == "2024Z03003" and questions.vragen[0].tekst == "Hoe lang wacht men nu?"
    )


def test_ministry_filter_keeps_only_that_ministrys_sets_and_answers(tmp_path, fake, world):
    report = run_sync(tmp_path, fake, ministry="Infrastructuur en Waterstaat")
    docs = synced_documents(tmp_path)
    # the bicycle answer went to both ministries; the dike answer only to IenW
    assert set(docs) == {f"tk:{world.a_fiets['Id']}", f"tk:{world.a_dijk['Id']}"}
    assert report.other_ministry == 5  # two answers, a notice and three question sets
    with Store.in_home(tmp_path) as store:
        # the feed cannot be asked per ministry: every set is kept (small), files only for IenW
        kept = {z["nummer"]: z["ministeries"] for z in SyncTables(store).zaken()}
        assert kept["2024Z03005"] == ["Infrastructuur en Waterstaat"] and len(kept) == 5
        assert open_question_sets(store, "Infrastructuur en Waterstaat") == []
        jenv = open_question_sets(store, "Justitie en Veiligheid")
        assert [s.kenmerk for s in jenv] == ["2024Z03003", "2024Z03004"]
        assert all(s.vragen_bestand is None for s in jenv)  # not fetched for another ministry


def test_second_run_fetches_only_changes_and_applies_edits_and_deletions(tmp_path, fake, world):
    run_sync(tmp_path, fake)
    hits_before = dict(fake.resource_hits)
    fake.requests.clear()

    again = run_sync(tmp_path, fake)
    assert again.added == again.replaced == again.removed == [] and again.zaken_opgeslagen == 0
    assert dict(fake.resource_hits) == hits_before  # nothing downloaded twice
    listed = [r for r in fake.requests if "/Resources/" not in r]
    assert len(listed) == 3 and all("skiptoken=" in r for r in listed)  # one page per feed

    # the Kamer corrects the bicycle answer, withdraws the dike answer, and the open set
    # is answered (its zaak closed)
    changed = dict(world.a_fiets, GewijzigdOp="2024-04-02T09:00:00+02:00")
    fake.put("Document", changed)
    fake.put_file(
        changed["Id"],
        FakeFile(
            answer_pdf(
                "2024Z03002", "Fietsdiefstal bij stations",
                [PAIRS_FIETS[0], (PAIRS_FIETS[1][0], "Ruim 210.000, volgens de politie.")],
                ingezonden="5 maart 2024", ontvangen="22 maart 2024",
            ),
            "application/pdf",
        ),
    )  # fmt: skip
    fake.put("Document", tombstone(world.a_dijk, "2024-04-03T09:00:00+02:00"))
    fake.put("Zaak", dict(world.z_open, Afgedaan=True, GewijzigdOp="2024-04-04T09:00:00+02:00"))

    third = run_sync(tmp_path, fake)
    assert third.replaced == [world.a_fiets["Id"]] and third.removed == [world.a_dijk["Id"]]
    assert third.added == [] and third.zaken_opgeslagen == 1
    docs = synced_documents(tmp_path)
    assert f"tk:{world.a_dijk['Id']}" not in docs and len(docs) == 3
    with Store.in_home(tmp_path) as store:
        answers = [r["antwoord"] for r, d in store.qa_records() if d["kenmerk"] == "2024Z03002"]
        assert answers == ["Ja.", "Ruim 210.000, volgens de politie."]
        assert [s.kenmerk for s in open_question_sets(store)] == ["2024Z03004"]
        assert SyncTables(store).document(world.a_dijk["Id"]) is None


def test_429_and_503_are_retried_after_waiting(tmp_path, fake, world):
    fake.fail_next("category=Document", [429, 429], retry_after="0")
    fake.fail_next("/Resources/", [503])
    report = run_sync(tmp_path, fake)
    assert len(report.added) == 4 and report.retries == 3
    assert sum(fake.resource_hits.values()) == 6  # four answers and notices, two question sets


def test_retry_after_is_honoured(fake, world):
    fake.fail_next("category=Zaak", [429], retry_after="2")
    waits = []
    with SyncFeed(fake.base_url, FAST, sleep=waits.append) as kamer:
        changes = [c for page in kamer.changes("Zaak", None) for c in page]
    assert waits == [2.0] and len(changes) == 5


def test_a_corrupt_file_is_reported_and_the_rest_goes_on(tmp_path, fake, world):
    fake.put_file(world.a_fiets["Id"], FakeFile(b"%PDF-1.4\nkapot\x00\x01", "application/pdf"))
    report = run_sync(tmp_path, fake)
    assert [label for label, _ in report.failed] == ["2024D11002"]
    assert len(report.added) == 3
    assert f"tk:{world.a_fiets['Id']}" not in synced_documents(tmp_path)
    again = run_sync(tmp_path, fake)  # not downloaded again until the Kamer changes it
    assert again.failed == [] and fake.resource_hits[world.a_fiets["Id"]] == 1
    with Store.in_home(tmp_path) as store:
        assert SyncTables(store).document(world.a_fiets["Id"])["status"] == "mislukt"


def test_a_network_failure_mid_run_loses_nothing_and_the_next_run_resumes(tmp_path, fake, world):
    run_sync(tmp_path / "probe", fake)  # how many requests come before the second file
    files = [i for i, r in enumerate(fake.requests) if "/Resources/" in r]
    fake.requests.clear()
    fake.resource_hits.clear()
    fake.go_offline(after=files[1] + 1)  # cut in the middle of the documents
    with pytest.raises(NetworkError, match="niet bereikbaar"):
        run_sync(tmp_path, fake)
    partial = synced_documents(tmp_path)
    assert 0 < len(partial) < 4

    fake.go_online()
    report = run_sync(tmp_path, fake)
    assert len(report.added) == 4 - len(partial)
    assert len(synced_documents(tmp_path)) == 4
    assert set(fake.resource_hits.values()) == {1}  # no document downloaded twice


def test_limit_stops_early_and_the_next_run_continues(tmp_path, fake, world):
    first = run_sync(tmp_path, fake, limit=3)  # the three answers come first in the feed
    assert len(first.added) == 3 and first.question_files == [] and first.stopped_at_limit
    second = run_sync(tmp_path, fake)
    assert len(second.added) == 1 and len(second.question_files) == 2
    assert not second.stopped_at_limit


# --- the command, as a user runs it ---------------------------------------------------------


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_cli_sync_and_open_sets(tmp_path, fake, world):
    home = tmp_path / "home"
    done = run_assistant(
        "sync", "--base-url", fake.base_url, "--ministerie", "JenV", "--pauze", "0", "--json",
        home=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    summary = json.loads(done.stdout)
    assert summary["formaat"] == 2
    assert summary["documenten_nieuw"] == 3 and summary["ander_ministerie"] == 1
    assert summary["vragen_opgehaald"] == 2

    listed = run_assistant(
        "open-vragen", "--ministerie", "Justitie en Veiligheid", "--json", home=home
    )
    assert listed.returncode == 0, listed.stderr.decode()
    sets = json.loads(listed.stdout)
    assert [s["kenmerk"] for s in sets] == ["2024Z03003", "2024Z03004"]
    assert sets[1]["uitstel"] == "2024-03-27" and sets[0]["uiterste_antwoorddatum"] == "2024-03-27"
    assert sets[0]["dagen_over"] < 0  # long past, seen from today
    drafted = run_assistant("draft", sets[0]["vragen_bestand"], "--json", home=home)
    assert drafted.returncode == 0, drafted.stderr.decode()  # straight on to a draft

    text = run_assistant("open-vragen", home=home)
    assert "2024Z03004" in text.stdout.decode() and "uitstel gemeld" in text.stdout.decode()


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_cli_offline_gives_a_dutch_message_and_exit_code_3(tmp_path):
    done = run_assistant("sync", "--base-url", "http://127.0.0.1:9", "--pauze", "0", home=tmp_path)
    assert done.returncode == 3
    err = done.stderr.decode()
    assert "niet bereikbaar" in err and "Traceback" not in err


def test_cli_bad_options_exit_2(tmp_path):
    done = invoke_assistant("sync", "--ministerie", "Toverkunst", home=tmp_path)
    assert done.returncode == 2 and "onbekend ministerie" in done.stderr.decode()
    done = invoke_assistant("sync", "--sinds", "gisteren", home=tmp_path)
    assert done.returncode == 2 and "--sinds" in done.stderr.decode()


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_ctrl_c_mid_download_then_resume(tmp_path, fake, world):
    home = tmp_path / "home"
    fake.delay = 0.5
    command = [
        sys.executable, "-m", "assistant", "sync", "--base-url", fake.base_url, "--pauze", "0",
        "--geen-index", "--home", str(home),
    ]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while sum(fake.resource_hits.values()) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "afgebroken" in err.decode() and "Traceback" not in err.decode()
    stored = len(synced_documents(home))
    assert 1 <= stored < 4

    fake.delay = 0
    done = invoke_assistant("sync", "--base-url", fake.base_url, "--pauze", "0", home=home)
    assert done.returncode == 0, done.stderr.decode()
    assert len(synced_documents(home)) == 4
    assert max(fake.resource_hits.values()) <= 2  # at most the interrupted one again


def test_sync_updates_an_existing_index_so_search_finds_the_new_answers(
    tmp_path_factory, e5_folder, fake, world
):
    precedent = (
        "Vragen van het lid Jansen (CDA) aan de Minister van Justitie en Veiligheid over "
        "zwerfvuil langs snelwegen (ingezonden 2 februari 2020).\n\n"
        "Antwoord van Minister De Wit (Justitie en Veiligheid) (ontvangen 20 februari 2020).\n\n"
        "Vraag 1\nKent u het bericht over zwerfvuil langs snelwegen?\n\nAntwoord 1\nJa.\n"
    )
    home = indexed_home(tmp_path_factory, e5_folder, "synchome", precedent)
    done = invoke_assistant("sync", "--base-url", fake.base_url, "--pauze", "0", home=home)
    assert done.returncode == 0, done.stderr.decode()
    assert "Zoekindex bijwerken" in done.stderr.decode()

    found = invoke_assistant(
        "search", "detectie van smokkeldrones bij penitentiaire inrichtingen", "--json",
        home=home,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr.decode()
    assert "gewijzigd sinds de index" not in found.stderr.decode()  # the index is current
    hits = json.loads(found.stdout)["treffers"]
    top = hits[0]
    assert top["kenmerk"] == "2024Z03001" and top["ah_id"] == "ah-tk-20232024-1101"
    # both answers of the new set on drones above prisons come first
    assert any("detectieapparatuur" in h["tekst"] for h in hits[:2])


def test_a_full_run_downloads_nothing_new_and_drops_what_the_kamer_no_longer_lists(
    tmp_path, fake, world
):
    run_sync(tmp_path, fake)
    hits = sum(fake.resource_hits.values())
    fake.purge("Document", world.a_dijk["Id"])  # gone without a tombstone
    fake.purge("Zaak", world.z_dijk["Id"])
    quick = run_sync(tmp_path, fake)  # the incremental run cannot see a silent removal
    assert quick.removed == [] and len(synced_documents(tmp_path)) == 4

    full = run_sync(tmp_path, fake, full=True)
    assert full.removed == [world.a_dijk["Id"]] and full.zaken_verwijderd == 1
    assert full.added == full.replaced == [] and sum(fake.resource_hits.values()) == hits
    assert f"tk:{world.a_dijk['Id']}" not in synced_documents(tmp_path)
    with Store.in_home(tmp_path) as store:
        assert "2024Z03005" not in {z["nummer"] for z in SyncTables(store).zaken()}


def test_the_demo_server_of_the_readme_syncs_cleanly(tmp_path):
    from datetime import date

    from assistant.devtools.fake_syncfeed import demo

    with FakeSyncFeed(page_size=2) as server:
        demo(server, today=date(2026, 11, 29))
        report = run_sync(tmp_path, server)
    assert report.failed == [] and len(report.added) == 3 and len(report.withdrawn) == 1
    with Store.in_home(tmp_path) as store:
        sets = open_question_sets(store)
    today = date(2026, 11, 29)
    assert [s.status(today) for s in sets] == [
        "4 dagen te laat, uitstel gemeld", "nog 4 dagen", "nog 16 dagen"
    ]  # fmt: skip
    assert all(s.vragen_bestand for s in sets)
    assert sets[2].ministeries == ("Infrastructuur en Waterstaat",)


def test_hand_ingested_documents_are_not_treated_as_published(tmp_path):
    from support.project import PROJECT

    from assistant.ingest import ingest

    demo = sorted((PROJECT / "corpus" / "demo" / "antwoorden").glob("*.txt"))[0]
    with Store.in_home(tmp_path) as store:
        ingest([demo], store)
        (doc,) = store.documents()
        assert doc["ah_id"] and not store.is_synced(doc["id"])  # a fictional id: no link


def test_a_notice_in_another_form_still_counts_as_a_postponement(tmp_path, fake, world):
    # e.g. a plain letter instead of an Aanhangsel 'Mededeling': the date is what matters
    fake.put_file(world.notice["Id"], FakeFile(b"Geachte voorzitter, ... later.", "text/plain"))
    fake.put_file(world.a_dijk["Id"], None)  # and an answer without a file behind it
    report = run_sync(tmp_path, fake)
    assert [label for label, _ in report.failed] == ["2024D11005"]
    with Store.in_home(tmp_path) as store:
        (jeugdzorg,) = [s for s in open_question_sets(store) if s.kenmerk == "2024Z03004"]
        assert jeugdzorg.uitstel.isoformat() == "2024-03-27"
        assert SyncTables(store).document(world.notice["Id"])["status"] == "metadata"


def test_a_ministry_letter_in_word_arrives_like_an_aanhangsel(tmp_path, fake):
    from support.project import PROJECT

    letter = PROJECT / "corpus" / "demo" / "brieven" / "2022-ienw-brief.docx"  # fictional
    z = zaak("2022Z99903", "Brieftest", "2022-05-02T00:00:00+02:00", "2022-05-02T10:00:00+02:00",
             gericht_aan=(IENW,), afgedaan=True)  # fmt: skip
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    doc = document("Antwoord schriftelijke vragen", [z], "2022-05-20T00:00:00+02:00",
                   "2022-05-20T10:00:00+02:00", documentnummer="2022D20001",
                   content_type=docx)  # fmt: skip
    fake.put("Zaak", z)
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(letter.read_bytes(), docx))
    report = run_sync(tmp_path, fake)
    assert report.failed == [] and report.added == [doc["Id"]]
    stored = synced_documents(tmp_path)[f"tk:{doc['Id']}"]
    assert stored["name"] == "2022D20001.docx" and stored["kind"] == "antwoord"
    assert stored["kenmerk"] == "2022Z99903" and stored["ah_id"] is None  # a letter, no Aanhangsel
    assert (tmp_path / "opendata" / "2022D20001.docx").is_file()  # the original is kept


def test_empty_and_oversized_files_are_reported_per_document(tmp_path, fake, world):
    fake.put_file(world.a_drones["Id"], FakeFile(b"", "application/pdf"))
    fake.put_file(world.a_fiets["Id"], FakeFile(b"%PDF-1.4 " + b"x" * 5000, "application/pdf"))
    settings = ClientSettings(interval=0, backoff=0.01, max_bytes=4000)
    with SyncFeed(fake.base_url, settings) as kamer, Store.in_home(tmp_path) as store:
        report = sync(store, kamer, tmp_path, SyncOptions())
    reasons = dict(report.failed)
    assert set(reasons) == {"2024D11001", "2024D11002"}
    assert "leeg" in reasons["2024D11001"] and "te groot" in reasons["2024D11002"]
    assert len(report.added) == 2  # the dike answer and the notice still arrive
