"""`assistant sync` against a hostile or broken open-data service (the local fake, hostile modes).

Each case goes through the real client and sync code: the service at fault ends the run with
a NetworkError (exit 3) in one line, what was stored stays, the cursor is kept and the next
run against a well-behaved service completes. Limits are made small through ClientSettings;
no test measures time.
"""

from __future__ import annotations

import pytest
from conftest import run_assistant
from fake_odata import FakeFile, FakeOData
from odata_fixtures import answer_pdf, docx_bomb, pdf_flate_bomb
from test_sync import PAIRS_FIETS, World, synced_documents

from assistant.errors import NetworkError
from assistant.opendata import ClientSettings, ODataClient, SyncOptions, sync
from assistant.opendata.sync import scope
from assistant.opendata.tables import SyncTables
from assistant.store import Store

FAST = ClientSettings(interval=0, backoff=0.01)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def fake():
    server = FakeOData(page_size=2).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def other():
    """A second server on another port, where a hostile nextLink may point."""
    server = FakeOData().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def world(fake):
    return World(fake)


def run_sync(home, fake, settings: ClientSettings = FAST, **options):
    with ODataClient(fake.base_url, settings) as client, Store.in_home(home) as store:
        return sync(store, client, home, SyncOptions(**options))


def failed_run(home, fake, settings: ClientSettings = FAST) -> NetworkError:
    """A run that must end with a one-line NetworkError (exit 3)."""
    with pytest.raises(NetworkError) as caught:
        run_sync(home, fake, settings)
    error = caught.value
    assert error.exit_code == 3 and "\n" not in error.message and len(error.message) < 600
    return error


def cursors(home) -> dict[str, str | None]:
    with Store.in_home(home) as store:
        tables = SyncTables(store)
        return {what: tables.cursor(scope(what, SyncOptions())) for what in ("zaak", "document")}


def resumes_completely(home, fake) -> None:
    """The service behaves again: the next run completes, nothing was lost or skipped."""
    fake.hostile(None)
    report = run_sync(home, fake)
    assert report.failed == [] and not report.stopped_at_page_cap
    assert len(synced_documents(home)) == 4
    assert set(fake.resource_hits.values()) == {1}  # nothing downloaded twice


# --- what is not OData --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "said"), [("malformed-json", "geen JSON"), ("html", "<!DOCTYPE html>")]
)
def test_a_page_that_is_not_json_is_the_services_fault(tmp_path, fake, world, mode, said):
    fake.hostile(mode, on="Document")
    error = failed_run(tmp_path, fake)
    assert said in error.message and "Document" in error.message
    kept = cursors(tmp_path)
    assert kept["zaak"] is not None and kept["document"] is None  # the question sets are stored
    resumes_completely(tmp_path, fake)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("GewijzigdOp", 12345),
        ("GewijzigdOp", "gisteren"),
        ("Verwijderd", "nee"),
        ("Soort", ["Antwoord schriftelijke vragen"]),
        ("Datum", "2024-13-45"),
        ("Zaak", "2024Z03001"),
        ("Zaak", [17]),
        ("Id", "../../Zaak"),
    ],
)
def test_wrong_field_types_stop_the_run_and_keep_the_cursor(tmp_path, fake, world, field, value):
    run_sync(tmp_path, fake, limit=2)  # a first run stored some documents
    before = cursors(tmp_path)
    fake.hostile("wrong-types", on="Document", field=field, value=value)
    error = failed_run(tmp_path, fake)
    assert "onverwacht antwoord van de API" in error.message
    assert field in error.message
    assert cursors(tmp_path) == before  # no object was skipped for good
    resumes_completely(tmp_path, fake)


def test_wrong_types_in_a_question_set_are_refused_too(tmp_path, fake, world):
    fake.hostile("wrong-types", on="Zaak", field="Afgedaan", value="ja")
    error = failed_run(tmp_path, fake)
    assert "Afgedaan is geen true/false" in error.message
    assert cursors(tmp_path) == {"zaak": None, "document": None}
    resumes_completely(tmp_path, fake)


def test_a_next_link_that_is_not_text(tmp_path, fake, world):
    fake.hostile("nextlink-not-text", on="Zaak")
    error = failed_run(tmp_path, fake)
    assert "@odata.nextLink is geen adres" in error.message
    resumes_completely(tmp_path, fake)


def test_a_redirect_loop_ends_after_a_few_redirects(tmp_path, fake, world):
    fake.hostile("redirect-loop", on="Document")
    error = failed_run(tmp_path, fake)
    assert "redirects" in error.message
    listed = [r for r in fake.requests if "/Document?" in r]
    assert 1 < len(listed) <= 6  # the first request and at most five redirects
    resumes_completely(tmp_path, fake)


def test_next_links_to_another_port_host_or_scheme_are_refused(tmp_path, fake, other, world):
    port = fake.base_url.split(":")[2].split("/")[0]
    other_port = other.base_url.split(":")[2].split("/")[0]
    for target in (
        f"http://127.0.0.1:{other_port}",  # another port
        f"http://localhost:{port}",  # another host name, even for the same machine
        f"https://127.0.0.1:{port}",  # another scheme
    ):
        fake.hostile("foreign-nextlink", on="Document", target=target)
        error = failed_run(tmp_path, fake)
        assert "andere server" in error.message and target in error.message
        assert f"alleen 127.0.0.1:{port} wordt gevolgd" in error.message
    assert other.requests == []  # never followed
    resumes_completely(tmp_path, fake)


def test_a_relative_next_link_on_the_same_server_is_followed():
    import httpx

    def answer(request):
        if "skip" in str(request.url):
            return httpx.Response(200, json={"value": [{"Id": "b"}]})
        return httpx.Response(200, json={"value": [{"Id": "a"}], "@odata.nextLink": "Z?skip=1"})

    client = ODataClient("http://x.test/OData", FAST, transport=httpx.MockTransport(answer))
    with client:
        listing = client.pages("Z", {})
        assert [obj["Id"] for page in listing for obj in page] == ["a", "b"]
    assert listing.complete and listing.pages == 2


# --- too much: pages, bytes, time ---------------------------------------------------------------


def test_endless_next_links_stop_at_the_page_cap_and_the_next_run_resumes(tmp_path, fake, world):
    capped = ClientSettings(interval=0, backoff=0.01, max_pages=2)
    fake.hostile("endless", on="Document")
    report = run_sync(tmp_path, fake, capped)  # a clean stop, no error
    assert report.stopped_at_page_cap and report.to_dict()["gestopt_bij_paginalimiet"]
    assert sum("/Document?" in r for r in fake.requests) == 2
    assert 0 < len(synced_documents(tmp_path)) < 4
    resumes_completely(tmp_path, fake)


def test_a_capped_full_run_removes_nothing(tmp_path, fake, world):
    run_sync(tmp_path, fake)
    fake.hostile("endless", on="Zaak")
    capped = ClientSettings(interval=0, backoff=0.01, max_pages=1)
    report = run_sync(tmp_path, fake, capped, full=True)
    # the listing was cut off, so what it did not reach is not "gone at the Kamer"
    assert report.stopped_at_page_cap and report.zaken_verwijderd == 0 and report.removed == []
    with Store.in_home(tmp_path) as store:
        assert len(SyncTables(store).zaken()) == 5
    assert len(synced_documents(tmp_path)) == 4


def test_the_cli_says_it_stopped_at_the_page_cap_and_exits_0(tmp_path, fake, world):
    fake.hostile("endless", on="Zaak")
    done = run_assistant(
        "sync", "--base-url", fake.base_url, "--pauze", "0", "--geen-index", "--limit", "0",
        home=tmp_path, timeout=300,
    )  # fmt: skip
    # 1000 pages of the default cap, each asked for once: the run ends by itself
    assert done.returncode == 0, done.stderr.decode()
    assert "maximum aantal pagina's" in done.stdout.decode()
    assert sum("/Zaak?" in r for r in fake.requests) == 1000


@pytest.mark.parametrize("declare", [False, True])
def test_a_huge_list_page_is_refused_while_it_streams(tmp_path, fake, world, declare):
    fake.hostile("huge-page", on="Zaak", size=1 << 30, declare=declare)  # 1 GB, made as sent
    small = ClientSettings(interval=0, backoff=0.01, max_page_bytes=1 << 20)
    error = failed_run(tmp_path, fake, small)
    assert "antwoord van de API is te groot" in error.message
    assert ("1024.0 MB" in error.message) == declare  # refused on the header alone
    fake.stop()  # joins the handler: its byte count is final
    assert fake.bytes_sent < 64 << 20  # the client stopped reading long before 1 GB


def test_a_server_that_drips_meets_the_total_deadline_and_one_retry(tmp_path, fake, world):
    fake.hostile("drip", on="Zaak", interval=0.05)  # the whole answer takes many seconds
    # every single read comes well within its 30 s timeout: only a total deadline ends this
    dripping = ClientSettings(
        interval=0, backoff=0.01, timeout=30, deadline=60, page_deadline=0.5, retries=4
    )  # a list page: its own, shorter deadline
    with ODataClient(fake.base_url, dripping) as client, Store.in_home(tmp_path) as store:
        with pytest.raises(NetworkError) as caught:
            sync(store, client, tmp_path, SyncOptions())
        assert client.retried == 1  # retried once, not four times
    assert "binnen 0.5 s" in caught.value.message and "na 2 pogingen" in caught.value.message
    assert "\n" not in caught.value.message
    resumes_completely(tmp_path, fake)


# --- the command line: exit 3, one line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "params"),
    [
        ("html", {}),
        ("wrong-types", {"field": "GewijzigdOp", "value": 12345}),
        ("nextlink-not-text", {}),
        ("redirect-loop", {}),
    ],
)
def test_cli_exit_3_and_one_line_when_the_service_is_at_fault(tmp_path, fake, world, mode, params):
    fake.hostile(mode, on="Document", **params)
    done = run_assistant(
        "sync", "--base-url", fake.base_url, "--pauze", "0", "--geen-index", home=tmp_path
    )
    err = done.stderr.decode()
    assert done.returncode == 3, err
    errors = [line for line in err.splitlines() if "fout" in line]
    assert len(errors) == 1 and errors[0].startswith("fout: ") and "Traceback" not in err
    assert err.splitlines()[-1] == errors[0]


# --- files that blow up when read ---------------------------------------------------------------


def test_bomb_files_are_recorded_as_failed_and_not_fetched_again(tmp_path, fake, world):
    fiets, drones = world.a_fiets, world.a_drones
    fake.put_file(fiets["Id"], FakeFile(docx_bomb(256 << 20), DOCX))  # ~0.5 MB, 256 MB inside
    fake.put_file(drones["Id"], FakeFile(pdf_flate_bomb(256 << 20), "application/pdf"))
    questions = world.q_open["Id"]  # an open set's question file, read by the intake
    fake.put_file(questions, FakeFile(docx_bomb(256 << 20), DOCX))
    report = run_sync(tmp_path, fake)
    assert sorted(label for label, _ in report.failed) == ["2024D10003", "2024D11001", "2024D11002"]
    assert len(report.added) == 2  # the dike answer and the notice still arrive
    assert all("\n" not in reason for _, reason in report.failed)
    with Store.in_home(tmp_path) as store:
        tables = SyncTables(store)
        recorded = {(r["id"], r["gewijzigd_op"]) for r in tables.failed_reads() if r["reden"]}
        assert {fiets["Id"], drones["Id"], questions} == {doc_id for doc_id, _ in recorded}
        assert tables.document(fiets["Id"])["status"] == "mislukt"

    again = run_sync(tmp_path, fake)
    assert again.failed == [] and again.added == []
    assert {fake.resource_hits[i] for i in (fiets["Id"], drones["Id"], questions)} == {1}

    # the Kamer replaces the file: the new version is fetched and read
    fake.put("Document", dict(fiets, GewijzigdOp="2024-04-02T09:00:00+02:00"))
    fake.put_file(
        fiets["Id"],
        FakeFile(
            answer_pdf("2024Z03002", "Fietsdiefstal bij stations", PAIRS_FIETS,
                       ingezonden="5 maart 2024", ontvangen="22 maart 2024"),
            "application/pdf",
        ),
    )  # fmt: skip
    third = run_sync(tmp_path, fake)
    assert third.added == [fiets["Id"]] and fake.resource_hits[fiets["Id"]] == 2


class ProcessKilled(BaseException):
    """Stands for the end of the process (out of memory, kill -9) in the middle of a read."""


def test_a_file_that_kills_the_run_is_given_up_after_two_tries(tmp_path, fake, world, monkeypatch):
    import importlib

    sync_module = importlib.import_module("assistant.opendata.sync")  # the name is also a function
    deadly = b"%PDF-1.4 this file ends every process that reads it"
    fiets = world.a_fiets["Id"]
    fake.put_file(fiets, FakeFile(deadly, "application/pdf"))
    real_read = sync_module.read_document

    def read(data, name, kind=None):
        if data == deadly:
            raise ProcessKilled
        return real_read(data, name, kind)

    monkeypatch.setattr(sync_module, "read_document", read)
    for _ in range(2):  # the first death may be bad luck, so it is tried once more
        with pytest.raises(ProcessKilled):
            run_sync(tmp_path, fake)
    third = run_sync(tmp_path, fake)
    assert [label for label, _ in third.failed] == ["2024D11002"]
    assert "brak 2 keer af" in third.failed[0][1]
    assert fake.resource_hits[fiets] == 2  # given up without a third download
    assert len(synced_documents(tmp_path)) == 3
    fourth = run_sync(tmp_path, fake)
    assert fourth.failed == [] and fake.resource_hits[fiets] == 2
