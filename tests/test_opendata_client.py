"""The HTTP client on its own: what it retries, what it refuses, how it reports."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fake_odata import FakeOData

from assistant.errors import NetworkError
from assistant.opendata.client import (
    ApiError,
    ClientSettings,
    MissingResource,
    ODataClient,
    ServiceError,
    _retry_after,
)

FAST = ClientSettings(interval=0, backoff=0.01)


@pytest.fixture
def fake():
    with FakeOData(page_size=2) as server:
        yield server


def test_a_refused_query_is_not_retried_and_names_the_reason(fake):
    with ODataClient(fake.base_url, FAST) as client, pytest.raises(ApiError) as caught:
        list(client.pages("Document", {"$filter": "Sort eq 'x'"}))
    assert "HTTP 400" in caught.value.message and "Sort" in caught.value.message
    assert client.requests == 1


def test_5xx_is_retried_until_the_limit_then_a_network_error(fake):
    fake.fail_next("/Zaak", [503] * 10, retry_after=None)
    waits = []
    settings = ClientSettings(interval=0, retries=3, backoff=1.0)
    client = ODataClient(fake.base_url, settings, sleep=waits.append)
    with client, pytest.raises(NetworkError, match="HTTP 503"):
        list(client.pages("Zaak", {}))
    assert len(waits) == 3 and [round(w) for w in waits] == [1, 2, 4]  # doubling backoff


def test_a_page_that_is_not_odata_is_reported():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>proxy</html>"))
    client = ODataClient("http://example.invalid/OData", FAST, transport=transport)
    with client, pytest.raises(ServiceError, match="geen JSON") as caught:
        list(client.pages("Zaak", {}))
    assert caught.value.exit_code == 3 and "<html>proxy" in caught.value.message


def test_a_next_link_pointing_back_is_not_followed_forever():
    def answer(request):
        return httpx.Response(200, json={"value": [], "@odata.nextLink": "http://x.test/Z?p=2"})

    transport = httpx.MockTransport(answer)
    client = ODataClient("http://x.test", FAST, transport=transport)
    with client, pytest.raises(ServiceError, match="dezelfde pagina"):
        list(client.pages("Z", {}))


def test_retry_after_as_seconds_or_http_date():
    later = datetime.now(UTC) + timedelta(seconds=30)
    as_date = httpx.Response(429, headers={"Retry-After": email.utils.format_datetime(later)})
    assert 25 <= _retry_after(as_date) <= 30
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "7"})) == 7.0
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "99999"})) == 120.0
    assert _retry_after(httpx.Response(429)) is None


def test_the_polite_pause_spaces_requests(fake):
    waits = []
    with ODataClient(fake.base_url, ClientSettings(interval=0.2), sleep=waits.append) as client:
        list(client.pages("Zaak", {}))
        list(client.pages("Zaak", {}))
    assert waits and all(0 < w <= 0.2 for w in waits)


def test_a_slow_download_times_out_is_retried_and_then_reported(fake):
    from fake_odata import FakeFile

    fake.put_file("d1", FakeFile(b"%PDF-1.4 ...", "application/pdf"))
    fake.delay = 1.0
    settings = ClientSettings(interval=0, timeout=0.3, retries=1, backoff=0.01)
    client = ODataClient(fake.base_url, settings)
    with client, pytest.raises(NetworkError, match="Timeout"):
        client.resource("d1")
    assert client.retried == 1
    fake.delay = 0
    with ODataClient(fake.base_url, settings) as again:
        assert again.resource("d1").content == b"%PDF-1.4 ..."


def test_a_redirect_without_a_usable_location_is_the_services_fault():
    transport = httpx.MockTransport(lambda request: httpx.Response(302))
    client = ODataClient("http://x.test/OData", FAST, transport=transport)
    with client, pytest.raises(ServiceError, match="HTTP 302") as caught:
        list(client.pages("Zaak", {}))
    assert caught.value.exit_code == 3


def test_an_oversized_file_is_a_per_document_failure_and_a_huge_page_the_services():
    big = b"x" * 5000

    def answer(request):
        if request.url.path.endswith("/resource"):
            return httpx.Response(200, content=big)
        return httpx.Response(200, content=b'{"value": [' + b'{"Id": "a"},' * 1000 + b"]}")

    settings = ClientSettings(interval=0, max_bytes=4000, max_page_bytes=4000)
    client = ODataClient("http://x.test/OData", settings, transport=httpx.MockTransport(answer))
    with client:
        with pytest.raises(MissingResource) as per_document:
            client.resource("d1")
        assert (
            per_document.value.exit_code == 2
            and "bestand is te groot" in per_document.value.message
        )
        with pytest.raises(ServiceError, match="antwoord van de API is te groot"):
            list(client.pages("Zaak", {}))
