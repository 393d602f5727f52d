"""`assistant sync` against a hostile or broken SyncFeed (the local fake, hostile modes).

Each case goes through the real client, reader and sync code: the service at fault ends
the run with a NetworkError (a ServiceError, exit 3) in one line, what was stored stays,
the cursors are kept and the next run against a well-behaved service completes. Limits
are made small through ClientSettings; no test measures time.
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs, urlsplit

import pytest
from support.commands import invoke_assistant, run_assistant
from support.kamer import FAST, docx_bomb, pdf_flate_bomb, run_sync
from support.sync_world import PAIRS_FIETS, World, synced_documents

from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed
from assistant.devtools.kamer_world import answer_pdf
from assistant.errors import NetworkError
from assistant.opendata import ClientSettings, SyncFeed, SyncOptions, sync
from assistant.opendata.client import ServiceError
from assistant.opendata.sync import scope
from assistant.opendata.tables import SyncTables
from assistant.store import Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The World's feeds, two entries a page: Zaak 4 pages, ZaakActor 7, Document 5 (the last
# page of each is the empty one that says the reader is up to date).
ACTOR_PAGES = 7


@pytest.fixture
def fake():
    server = FakeSyncFeed(page_size=2).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def other():
    """A second server on another port, where a hostile next link may point."""
    server = FakeSyncFeed().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def world(fake):
    return World(fake)


def failed_run(home, fake, settings: ClientSettings = FAST) -> ServiceError:
    """A run that must end with a one-line ServiceError: the service is at fault (exit 3)."""
    with pytest.raises(NetworkError) as caught:
        run_sync(home, fake, settings)
    error = caught.value
    assert isinstance(error, ServiceError), error.message
    assert error.exit_code == 3 and "\n" not in error.message and len(error.message) < 600
    return error


def cursors(home) -> dict[str, int | None]:
    with Store.in_home(home) as store:
        tables = SyncTables(store)
        return {
            what: tables.cursor(scope(what, SyncOptions()))
            for what in ("zaak", "zaakactor", "document")
        }


def feed_requests(fake, category: str) -> list[str]:
    """The feed pages of one category that the fake was asked for, in order."""
    return [
        r
        for r in fake.requests
        if "/Feed?" in r and parse_qs(urlsplit(r).query).get("category") == [category]
    ]


def resumes_completely(home, fake) -> None:
    """The service behaves again: the next run completes, nothing was lost or skipped."""
    fake.hostile(None)
    report = run_sync(home, fake)
    assert report.failed == [] and not report.stopped_at_page_cap
    assert len(synced_documents(home)) == 4
    assert set(fake.resource_hits.values()) == {1}  # nothing downloaded twice


def partly_synced(home, fake) -> tuple[dict, dict]:
    """A first run that stored two answers and stopped at --limit: (cursors, documents)."""
    report = run_sync(home, fake, limit=2)
    assert report.stopped_at_limit and len(report.added) == 2
    return cursors(home), synced_documents(home)


# --- what is not a feed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("malformed-xml", "geen geldige feed"),
        ("html", "geen XML maar text/html"),
    ],
)
def test_a_page_that_is_not_a_feed_is_the_services_fault(tmp_path, fake, world, mode, said):
    fake.hostile(mode, on="Document")
    error = failed_run(tmp_path, fake)
    assert said in error.message and "Document" in error.message
    if mode == "html":
        assert "<!DOCTYPE html>" in error.message  # what the page began with
    kept = cursors(tmp_path)
    assert kept["zaak"] is not None and kept["zaakactor"] is not None  # the sets are stored
    assert kept["document"] is None
    resumes_completely(tmp_path, fake)


@pytest.mark.parametrize("mode", ["xml-bomb", "external-entity"])
@pytest.mark.parametrize("on", ["Zaak", "Document"])
def test_a_feed_with_entities_is_refused_unexpanded_and_nothing_is_lost(
    tmp_path, fake, world, mode, on
):
    before, stored = partly_synced(tmp_path, fake)
    fake.hostile(mode, on=on)
    error = failed_run(tmp_path, fake)
    assert "geen geldige feed" in error.message and on in error.message
    assert "lol" not in error.message and "root:" not in error.message  # nothing expanded
    assert cursors(tmp_path) == before
    assert synced_documents(tmp_path) == stored
    resumes_completely(tmp_path, fake)


@pytest.mark.parametrize(
    ("element", "value", "said"),
    [
        ("tk:bijgewerkt", "12345", "bijgewerkt is geen tijdstip"),
        ("tk:bijgewerkt", "gisteren", "bijgewerkt is geen tijdstip"),
        ("tk:verwijderd", "nee", "verwijderd is geen true/false"),
        ("tk:contentLength", "veel", "contentLength is geen getal"),
        ("datum", "2024-13-45", "datum is geen datum"),
        ("id", "../../Zaak", "ongeldige id"),
        # a reference written as a value instead of <zaak ref="..."/>: the answer's question
        # set cannot be known, so the document must not be passed over as another soort's
        ("zaak", "2024Z03001", "zaak"),
    ],
)
def test_wrong_field_types_stop_the_run_and_keep_the_cursor(
    tmp_path, fake, world, element, value, said
):
    before, stored = partly_synced(tmp_path, fake)
    fake.hostile("wrong-types", on="Document", element=element, value=value)
    error = failed_run(tmp_path, fake)
    assert "onverwacht antwoord van de API" in error.message
    assert said in error.message
    assert cursors(tmp_path) == before  # no object was skipped for good
    assert synced_documents(tmp_path) == stored
    resumes_completely(tmp_path, fake)


def test_an_answer_republished_with_a_reference_as_text_stays(tmp_path, fake, world):
    """<zaak>2024Z03001</zaak> instead of <zaak ref="..."/>: the service's fault, not a sign
    that the answer stopped being one. It must not leave the corpus."""
    run_sync(tmp_path, fake)
    stored = synced_documents(tmp_path)
    drones = fake.get("Document", world.a_drones["Id"])
    fake.put("Document", dict(drones, Titel="Antwoord (gecorrigeerd)"))  # republished
    fake.hostile("wrong-types", on="Document", element="zaak", value="2024Z03001")
    with contextlib.suppress(ServiceError):  # refused (see above) or not: the answer stays
        run_sync(tmp_path, fake)
    assert synced_documents(tmp_path).keys() == stored.keys()


def test_wrong_types_in_a_question_set_are_refused_too(tmp_path, fake, world):
    fake.hostile("wrong-types", on="Zaak", element="afgedaan", value="ja")
    error = failed_run(tmp_path, fake)
    assert "afgedaan is geen true/false" in error.message
    assert cursors(tmp_path) == {"zaak": None, "zaakactor": None, "document": None}
    resumes_completely(tmp_path, fake)


# --- links: unusable, backwards, elsewhere, relative, in circles ----------------------------------


@pytest.mark.parametrize("value", ["", "niet een adres", "Feed?category=Zaak&skiptoken=-1"])
def test_a_next_link_without_a_usable_skiptoken(tmp_path, fake, world, value):
    fake.hostile("bad-next", on="Zaak", value=value)
    error = failed_run(tmp_path, fake)
    assert "de link naar de volgende pagina heeft geen geldig skiptoken" in error.message
    assert cursors(tmp_path) == {"zaak": None, "zaakactor": None, "document": None}
    resumes_completely(tmp_path, fake)


def test_a_next_link_back_to_an_earlier_page_is_not_followed_forever(tmp_path, fake, world):
    run_sync(tmp_path, fake)  # up to date
    changed = dict(world.z_dijk, Onderwerp="Dijkversterking Lobith en Tiel")
    fake.put("Zaak", dict(changed, GewijzigdOp="2024-04-02T09:00:00+02:00"))
    fake.hostile("backwards-next", on="Zaak")
    error = failed_run(tmp_path, fake)
    assert "eerdere pagina" in error.message
    assert len(feed_requests(fake, "Zaak")) <= 4 + 2  # the first run's four, then two at most
    fake.hostile(None)
    report = run_sync(tmp_path, fake)
    assert report.failed == [] and not report.stopped_at_page_cap
    with Store.in_home(tmp_path) as store:
        onderwerpen = {z["onderwerp"] for z in SyncTables(store).zaken()}
    assert "Dijkversterking Lobith en Tiel" in onderwerpen  # the change was not skipped
    assert set(fake.resource_hits.values()) == {1}


def test_a_redirect_loop_ends_after_a_few_redirects(tmp_path, fake, world):
    fake.hostile("redirect-loop", on="Document")
    error = failed_run(tmp_path, fake)
    assert "redirects" in error.message
    listed = feed_requests(fake, "Document")
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


def test_relative_links_on_the_same_server_sync_completely(tmp_path):
    """Next links and file links relative to the feed page (Feed?..., Resources/<id>), as
    some services write them: followed to the same server, and every file arrives."""
    with FakeSyncFeed(page_size=2, relative_links=True) as fake:
        world = World(fake)
        report = run_sync(tmp_path, fake)
        assert report.failed == [] and not report.stopped_at_page_cap
        assert len(synced_documents(tmp_path)) == 4
        assert sorted(report.question_files) == sorted([world.q_open["Id"], world.q_uitstel["Id"]])
        assert len(feed_requests(fake, "Document")) == 5  # followed page by page to the end
        assert all(r.startswith("/SyncFeed/2.0/") for r in fake.requests)


# --- too much: pages, bytes, time -----------------------------------------------------------------


def test_endless_next_links_stop_at_the_page_cap_and_the_next_run_resumes(tmp_path, fake, world):
    capped = ClientSettings(interval=0, backoff=0.01, max_pages=ACTOR_PAGES)
    fake.hostile("endless", on="Document")
    report = run_sync(tmp_path, fake, capped)  # a clean stop, no error
    assert report.stopped_at_page_cap and report.to_dict()["gestopt_bij_paginalimiet"]
    assert len(feed_requests(fake, "Document")) == ACTOR_PAGES
    assert len(synced_documents(tmp_path)) == 4  # what the real pages held is in
    kept = cursors(tmp_path)["document"]
    assert kept is not None and kept > max(seq for seq, _ in fake.entries("Document"))

    # still endless: the next run starts from the cursor, not from the beginning
    asked = len(fake.requests)
    again = run_sync(tmp_path, fake, capped)
    assert again.stopped_at_page_cap and again.added == [] and again.failed == []
    first = feed_requests(fake, "Document")[ACTOR_PAGES]
    assert f"skiptoken={kept}" in first and first in fake.requests[asked:]
    resumes_completely(tmp_path, fake)


def test_a_page_cap_in_the_first_pass_stops_the_run_and_the_next_one_goes_on(tmp_path, fake, world):
    report = run_sync(tmp_path, fake, ClientSettings(interval=0, max_pages=2))
    assert report.stopped_at_page_cap and report.zaken_opgeslagen == 4
    assert feed_requests(fake, "ZaakActor") == feed_requests(fake, "Document") == []
    kept = cursors(tmp_path)["zaak"]
    asked = len(fake.requests)
    resumes_completely(tmp_path, fake)
    assert fake.requests[asked] == f"/SyncFeed/2.0/Feed?category=Zaak&skiptoken={kept}"
    with Store.in_home(tmp_path) as store:
        assert len(SyncTables(store).zaken()) == 5


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


@pytest.mark.slow
def test_the_cli_says_it_stopped_at_the_page_cap_and_exits_0(tmp_path, fake, world):
    fake.hostile("endless", on="Zaak")
    done = run_assistant(
        "sync", "--base-url", fake.base_url, "--pauze", "0", "--geen-index", "--limit", "0",
        home=tmp_path, timeout=600,
    )  # fmt: skip
    # 20,000 pages of the default cap (about 100 s here), each asked for once: the run ends
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert "maximum aantal pagina's" in done.stdout.decode()
    asked = feed_requests(fake, "Zaak")
    assert len(asked) == len(set(asked)) == ClientSettings().max_pages


@pytest.mark.parametrize("declare", [False, True])
def test_a_huge_list_page_is_refused_while_it_streams(tmp_path, fake, world, declare):
    fake.hostile("huge-page", on="Zaak", size=1 << 30, declare=declare)  # 1 GB, made as sent
    small = ClientSettings(interval=0, backoff=0.01, max_page_bytes=1 << 20)
    error = failed_run(tmp_path, fake, small)
    assert "antwoord van de API is te groot" in error.message
    assert ("1024.0 MB" in error.message) == declare  # refused on the header alone
    fake.stop()  # joins the handler: its byte count is final
    assert fake.bytes_sent < 64 << 20  # the client stopped reading long before 1 GB


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
def test_a_server_that_drips_meets_the_total_deadline_and_one_retry(tmp_path, fake, world):
    fake.hostile("drip", on="Zaak", interval=0.05)  # the whole answer takes many seconds
    # every single read comes well within its 30 s timeout: only a total deadline ends this
    dripping = ClientSettings(
        interval=0, backoff=0.01, timeout=30, deadline=60, page_deadline=0.5, retries=4
    )  # a list page: its own, shorter deadline
    with SyncFeed(fake.base_url, dripping) as kamer, Store.in_home(tmp_path) as store:
        with pytest.raises(NetworkError) as caught:
            sync(store, kamer, tmp_path, SyncOptions())
        assert kamer.retried == 1  # retried once, not four times
    assert "binnen 0.5 s" in caught.value.message and "na 2 pogingen" in caught.value.message
    assert "\n" not in caught.value.message and caught.value.exit_code == 3
    resumes_completely(tmp_path, fake)


# --- files the Kamer does not deliver -------------------------------------------------------------


def test_a_file_that_answers_500_every_time_fails_that_document_only(tmp_path, fake, world):
    fiets = world.a_fiets["Id"]
    fake.put_file(fiets, None)  # the service answers 500 for it, every time
    report = run_sync(tmp_path, fake)
    assert [label for label, _ in report.failed] == ["2024D11002"]
    assert "HTTP 500" in report.failed[0][1] and "\n" not in report.failed[0][1]
    assert len(report.added) == 3 and not report.stopped_at_page_cap  # the others arrived
    assert len(synced_documents(tmp_path)) == 3
    assert sum(f"/Resources/{fiets}" in r for r in fake.requests) == FAST.retries + 1
    with Store.in_home(tmp_path) as store:
        assert SyncTables(store).document(fiets)["status"] == "mislukt"


# --- the command line: exit 3, one line -----------------------------------------------------------


@pytest.mark.slow  # a real process per case (exit code through main()); full suite only
@pytest.mark.parametrize(
    ("mode", "params"),
    [
        ("html", {}),
        ("malformed-xml", {}),
        ("wrong-types", {"element": "tk:bijgewerkt", "value": "12345"}),
        ("bad-next", {}),
        ("redirect-loop", {}),
        ("xml-bomb", {}),
        ("external-entity", {}),
    ],
)
def test_cli_exit_3_and_one_line_when_the_service_is_at_fault(tmp_path, fake, world, mode, params):
    fake.hostile(mode, on="Document", **params)
    done = invoke_assistant(
        "sync", "--base-url", fake.base_url, "--pauze", "0", "--geen-index", home=tmp_path
    )
    err = done.stderr.decode()
    assert done.returncode == 3, err
    errors = [line for line in err.splitlines() if "fout" in line]
    assert len(errors) == 1 and errors[0].startswith("fout: ") and "Traceback" not in err
    assert err.splitlines()[-1] == errors[0]
    assert "lol" not in err and "root:" not in err
    assert cursors(tmp_path)["zaak"] is not None  # the question sets stayed


# --- files that blow up when read -----------------------------------------------------------------


@pytest.mark.slow  # waits seconds by design (timeouts, processes); full suite only
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

    again = run_sync(tmp_path, fake, full=True)  # listed again from the start
    assert again.failed == [] and again.added == []
    assert {fake.resource_hits[i] for i in (fiets["Id"], drones["Id"], questions)} == {1}

    # the Kamer replaces the file (a new DocumentVersie): the new version is fetched and read
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
    fourth = run_sync(tmp_path, fake, full=True)
    assert fourth.failed == [] and fake.resource_hits[fiets] == 2
