"""The HTTP client on its own (KamerClient): what it retries, what it refuses, how it reports.

What the pages mean is the reader's business (test_syncfeed_reader.py); here only HTTP.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed
from assistant.errors import NetworkError
from assistant.opendata.client import (
    ApiError,
    ClientSettings,
    KamerClient,
    MissingResource,
    ServiceError,
    UnavailableError,
    _retry_after,
)

FAST = ClientSettings(interval=0, backoff=0.01)
BASE = "http://kamer.test/SyncFeed/2.0"
FEED = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'


@pytest.fixture
def fake():
    with FakeSyncFeed(page_size=2) as server:
        yield server


def feed_page(client: KamerClient, **params) -> bytes:
    return client.page(f"{client.base_url}/Feed", {"category": "Zaak", **params}, "Zaak")


def test_a_refused_request_is_not_retried_and_names_the_reason(fake):
    with KamerClient(fake.base_url, FAST) as client, pytest.raises(ApiError) as caught:
        feed_page(client, skiptoken="abc")
    assert "HTTP 400" in caught.value.message
    assert "skiptoken must be a number" in caught.value.message  # the service's own words
    assert client.requests == 1 and client.retried == 0


def test_5xx_is_retried_with_doubling_backoff_then_a_network_error(fake):
    fake.fail_next("/Feed", [503] * 10)
    waits = []
    settings = ClientSettings(interval=0, retries=3, backoff=1.0)
    client = KamerClient(fake.base_url, settings, sleep=waits.append)
    with client, pytest.raises(UnavailableError, match="HTTP 503") as caught:
        feed_page(client)
    assert [round(w) for w in waits] == [1, 2, 4]  # doubling backoff
    assert caught.value.status == 503 and caught.value.exit_code == 3
    assert "na 4 pogingen" in caught.value.message and "\n" not in caught.value.message


def test_retry_after_is_honoured_and_the_page_then_arrives(fake):
    fake.fail_next("/Feed", [429, 503], retry_after="3")
    waits = []
    with KamerClient(fake.base_url, FAST, sleep=waits.append) as client:
        page = feed_page(client)
    assert waits == [3.0, 3.0]  # the service's wait, not the backoff
    assert b"<feed" in page and client.retried == 2 and client.requests == 3


def test_retry_after_as_seconds_or_http_date():
    later = datetime.now(UTC) + timedelta(seconds=30)
    as_date = httpx.Response(429, headers={"Retry-After": email.utils.format_datetime(later)})
    assert 25 <= _retry_after(as_date) <= 30
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "7"})) == 7.0
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "99999"})) == 120.0
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "morgen"})) is None
    assert _retry_after(httpx.Response(429)) is None


def test_a_page_that_is_not_xml_is_the_services_fault():
    html = httpx.Response(200, text="<html>proxy</html>", headers={"Content-Type": "text/html"})
    transport = httpx.MockTransport(lambda request: html)
    client = KamerClient(BASE, FAST, transport=transport)
    with client, pytest.raises(ServiceError, match="geen XML") as caught:
        feed_page(client)
    assert caught.value.exit_code == 3 and "<html>proxy" in caught.value.message


def test_the_polite_pause_spaces_requests(fake):
    waits = []
    with KamerClient(fake.base_url, ClientSettings(interval=0.2), sleep=waits.append) as client:
        feed_page(client)
        feed_page(client)
    assert waits and all(0 < w <= 0.2 for w in waits)


def test_a_slow_download_times_out_is_retried_and_then_reported(fake):
    fake.put_file("d1", FakeFile(b"%PDF-1.4 ...", "application/pdf"))
    fake.delay = 1.0
    settings = ClientSettings(interval=0, timeout=0.3, retries=1, backoff=0.01)
    client = KamerClient(fake.base_url, settings)
    with client, pytest.raises(NetworkError, match="Timeout") as caught:
        client.resource(f"{fake.base_url}/Resources/d1")
    assert client.retried == 1 and caught.value.exit_code == 3
    fake.delay = 0
    with KamerClient(fake.base_url, settings) as again:
        assert again.resource(f"{fake.base_url}/Resources/d1").content == b"%PDF-1.4 ..."


def test_a_file_that_answers_500_every_time_is_that_documents_problem(fake):
    """The Gegevensmagazijn answers 500 for a file it does not have: after the retries the
    document fails (MissingResource, exit 2 if ever shown alone), the run does not."""
    waits = []
    with KamerClient(fake.base_url, FAST, sleep=waits.append) as client:
        with pytest.raises(MissingResource, match="HTTP 500, ook na herhalen") as caught:
            client.resource(f"{fake.base_url}/Resources/no-such-file")
        assert client.requests == FAST.retries + 1 and len(waits) == FAST.retries
    assert caught.value.exit_code == 2
    assert not isinstance(caught.value, NetworkError)


def test_a_missing_file_404_is_that_documents_problem_without_retries(fake):
    with KamerClient(fake.base_url, FAST) as client:
        with pytest.raises(MissingResource, match="HTTP 404"):
            client.resource(f"{fake.base_url}/Resources/a/b")  # the fake: unknown path, 404
        assert client.requests == 1


def test_a_file_request_asks_for_any_type_and_a_page_for_xml():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "/Resources/" in request.url.path:
            return httpx.Response(200, content=b"PK\x03\x04", headers={"Content-Type": "x/y"})
        return httpx.Response(200, content=FEED, headers={"Content-Type": "application/atom+xml"})

    with KamerClient(BASE, FAST, transport=httpx.MockTransport(answer)) as client:
        feed_page(client)
        resource = client.resource(f"{BASE}/Resources/d1")
    page_accept, file_accept = (r.headers.get("Accept", "") for r in seen)
    assert "application/atom+xml" in page_accept and "json" not in page_accept
    assert "application/json" not in file_accept  # a Word file or PDF must not be refused
    assert resource.content == b"PK\x03\x04" and resource.content_type == "x/y"


def test_a_redirect_without_a_usable_location_is_the_services_fault():
    transport = httpx.MockTransport(lambda request: httpx.Response(302))
    client = KamerClient(BASE, FAST, transport=transport)
    with client, pytest.raises(ServiceError, match="HTTP 302") as caught:
        feed_page(client)
    assert caught.value.exit_code == 3


def test_an_oversized_file_is_a_per_document_failure_and_a_huge_page_the_services():
    big = b"x" * 5000

    def answer(request):
        if "/Resources/" in request.url.path:
            return httpx.Response(200, content=big)
        entries = b"<entry><title>a</title></entry>" * 1000
        return httpx.Response(
            200,
            content=b'<feed xmlns="http://www.w3.org/2005/Atom">' + entries + b"</feed>",
            headers={"Content-Type": "application/atom+xml"},
        )

    settings = ClientSettings(interval=0, max_bytes=4000, max_page_bytes=4000)
    client = KamerClient(BASE, settings, transport=httpx.MockTransport(answer))
    with client:
        with pytest.raises(MissingResource) as per_document:
            client.resource(f"{BASE}/Resources/d1")
        assert (
            per_document.value.exit_code == 2
            and "bestand is te groot" in per_document.value.message
        )
        with pytest.raises(ServiceError, match="antwoord van de API is te groot"):
            feed_page(client)


def test_a_next_page_elsewhere_is_refused_and_a_relative_one_stays_here():
    with KamerClient(BASE, FAST) as client:  # no request: links are only checked
        current = f"{BASE}/Feed?category=Zaak"
        assert (
            client.next_url("Feed?category=Zaak&skiptoken=7", current, "Zaak")
            == f"{BASE}/Feed?category=Zaak&skiptoken=7"
        )
        for elsewhere in (
            "http://kamer.test:8080/SyncFeed/2.0/Feed?skiptoken=7",
            "https://kamer.test/SyncFeed/2.0/Feed?skiptoken=7",
            "//evil.test/SyncFeed/2.0/Feed?skiptoken=7",
        ):
            with pytest.raises(ServiceError, match="andere server"):
                client.next_url(elsewhere, current, "Zaak")
