"""A polite, patient HTTP client for the Gegevensmagazijn OData API.

The service pages its answers (``@odata.nextLink``), may answer 429 or 5xx
under load and sits behind the public internet. This client spaces its
requests, retries what is worth retrying with exponential backoff (honouring
``Retry-After``) and turns what cannot be fixed by waiting into one
NetworkError with a Dutch message, so the sync can stop cleanly and resume.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from ..config import TK_API as DEFAULT_BASE_URL
from ..errors import AssistantError, NetworkError

USER_AGENT = "kamervragen-assistant/0.1 (open-data sync)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0  # never sleep longer than this on one Retry-After


@dataclass(frozen=True)
class ClientSettings:
    """How hard and how politely to ask; the defaults suit the public service."""

    interval: float = 0.25  # seconds between the starts of two requests
    retries: int = 4  # extra attempts after a 429, a 5xx or a timeout
    connect_retries: int = 2  # extra attempts when the host cannot be reached at all
    backoff: float = 1.0  # first wait; doubles on every retry
    timeout: float = 60.0
    max_bytes: int = 100 * 1024 * 1024  # largest document file taken (lists are not capped)


@dataclass(frozen=True)
class Resource:
    content: bytes
    content_type: str


class MissingResource(AssistantError):
    """The document has no file behind it (404): a per-document problem, not a network one."""


class ApiError(AssistantError):
    """The service refused the request itself (a 4xx other than 429)."""


class ODataClient:
    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        settings: ClientSettings = ClientSettings(),
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.settings = settings
        self._sleep = sleep
        self._last_start = 0.0
        self.requests = 0  # every attempt, for the report
        self.retried = 0
        try:
            self._http = httpx.Client(
                timeout=settings.timeout,
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                follow_redirects=True,
                transport=transport,
            )
        except ValueError as exc:
            raise AssistantError(f"ongeldige API-URL '{base_url}': {exc}") from exc
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise AssistantError(f"ongeldige API-URL '{base_url}': verwacht http(s)://…")

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ODataClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- public ------------------------------------------------------------------------------

    def pages(self, entity_set: str, params: dict[str, str]) -> Iterator[list[dict]]:
        """Every page of a query, following @odata.nextLink until the service has no more."""
        url: str | None = f"{self.base_url}/{entity_set}"
        query: dict[str, str] | None = params
        seen: set[str] = set()
        while url:
            response = self._get(url, query)
            try:
                body = response.json()
                values = body["value"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ApiError(
                    f"onverwacht antwoord van de API op {entity_set} (geen OData-lijst): {exc}"
                ) from exc
            yield [v for v in values if isinstance(v, dict)]
            url, query = body.get("@odata.nextLink"), None
            if url in seen:
                raise ApiError(f"de API verwijst steeds naar dezelfde pagina ({url})")
            if url:
                seen.add(url)

    def resource(self, document_id: str) -> Resource:
        """The file behind Document(<id>)/resource."""
        url = f"{self.base_url}/Document({document_id})/resource"
        response = self._get(url, None, missing_ok=True, max_bytes=self.settings.max_bytes)
        if response.status_code == 404:
            raise MissingResource("geen bestand bij dit document (HTTP 404)")
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        return Resource(response.content, content_type)

    # --- one request, with politeness and retries ---------------------------------------------

    def _get(
        self, url: str, params: dict | None, missing_ok: bool = False, max_bytes: int | None = None
    ) -> httpx.Response:
        attempt = 0
        while True:
            self._pace()
            self.requests += 1
            try:
                response = self._send(url, params, max_bytes)
            except httpx.ConnectError as exc:
                limit, reason = self.settings.connect_retries, _connect_reason(url, exc)
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                limit, reason = self.settings.retries, f"{type(exc).__name__} bij {_host(url)}"
            else:
                if response.status_code < 400 or (missing_ok and response.status_code == 404):
                    return response
                if response.status_code not in RETRY_STATUSES:
                    raise ApiError(
                        f"de API weigert het verzoek (HTTP {response.status_code}): "
                        f"{_odata_message(response)} — {response.request.url}"
                    )
                limit, reason = self.settings.retries, f"HTTP {response.status_code}"
                wait = _retry_after(response)
                if attempt < limit:
                    attempt += 1
                    self.retried += 1
                    self._sleep(wait if wait is not None else self._backoff(attempt))
                    continue
            if attempt >= limit:
                raise NetworkError(
                    f"Tweede Kamer-API niet bereikbaar: {reason} (na {attempt + 1} pogingen). "
                    "Wat al binnen was, is opgeslagen; start de sync later opnieuw om verder "
                    "te gaan."
                )
            attempt += 1
            self.retried += 1
            self._sleep(self._backoff(attempt))

    def _send(self, url: str, params: dict | None, max_bytes: int | None) -> httpx.Response:
        with self._http.stream("GET", url, params=params) as response:
            declared = response.headers.get("Content-Length")
            if max_bytes and declared and declared.isdigit() and int(declared) > max_bytes:
                raise MissingResource(f"bestand is te groot ({_size(int(declared))})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if max_bytes and size > max_bytes:
                    raise MissingResource(f"bestand is te groot (meer dan {_size(max_bytes)})")
                chunks.append(chunk)
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=b"".join(chunks),
                request=response.request,
            )

    def _pace(self) -> None:
        wait = self._last_start + self.settings.interval - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_start = time.monotonic()

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff * 2 ** (attempt - 1)
        return base * (1 + random.uniform(0, 0.1))  # a little jitter against lockstep


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After as seconds (it may also be an HTTP date)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), MAX_RETRY_AFTER)


def _odata_message(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["message"])[:300]
    except (ValueError, KeyError, TypeError):
        return response.text[:300].strip() or "(geen toelichting)"


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _connect_reason(url: str, exc: Exception) -> str:
    return f"geen verbinding met {_host(url)} (offline, of de server is uit de lucht: {exc})"
