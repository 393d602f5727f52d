"""A polite, patient and suspicious HTTP client for the Gegevensmagazijn OData API.

The service pages its answers (``@odata.nextLink``), may answer 429 or 5xx
under load and sits behind the public internet. This client spaces its
requests, retries what is worth retrying with exponential backoff (honouring
``Retry-After``) and turns what cannot be fixed by waiting into one
NetworkError with a Dutch message, so the sync can stop cleanly and resume.

It trusts nothing the server sends: every response is read streamed up to a
size limit and within a total deadline, a page must be an OData list, a
nextLink must stay on the server the sync was pointed at, redirects are few,
and one listing follows at most ``MAX_PAGES`` pages per run. A server that
breaks these rules gets a ServiceError (exit 3, one line): the service is at
fault, everything stored so far stays, and the next run resumes.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import MAX_INPUT_BYTES
from ..config import TK_API as DEFAULT_BASE_URL
from ..errors import AssistantError, NetworkError
from .deadline import DeadlineTransport

USER_AGENT = "kamervragen-assistant/0.1 (open-data sync)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0  # never sleep longer than this on one Retry-After
# A page of the real service holds 250 objects, well under 2 MB with its expansions.
MAX_PAGE_BYTES = 16 * 1024 * 1024  # a larger list page is refused (read streamed, then cut)
# One listing (all question sets, or all documents, changed since the cursor) follows at most
# this many pages in one run: 250,000 objects, more than all written questions since 2018.
# A server that keeps sending new nextLinks is left there; the next run resumes from the cursor.
MAX_PAGES = 1000
MAX_REDIRECTS = 5  # the service does not redirect; a loop ends here
# Total time for one request (headers and body); httpx's own timeouts are per read only.
# A list page (under 2 MB) gets 25 s, so that a server that drips, retried once, ends the
# run within a minute; a document file (up to 20 MB) gets 120 s.
PAGE_DEADLINE = 25.0
REQUEST_DEADLINE = 120.0


@dataclass(frozen=True)
class ClientSettings:
    """How hard and how politely to ask; the defaults suit the public service."""

    interval: float = 0.25  # seconds between the starts of two requests
    retries: int = 4  # extra attempts after a 429, a 5xx or a timeout
    connect_retries: int = 2  # extra attempts when the host cannot be reached at all
    backoff: float = 1.0  # first wait; doubles on every retry
    timeout: float = 60.0  # per connect or read
    deadline: float = REQUEST_DEADLINE  # per file request, all reads together; retried once
    page_deadline: float = PAGE_DEADLINE  # the same for a list page
    max_bytes: int = MAX_INPUT_BYTES  # largest document file taken, as for any input file
    max_page_bytes: int = MAX_PAGE_BYTES
    max_pages: int = MAX_PAGES


@dataclass(frozen=True)
class Resource:
    content: bytes
    content_type: str


class MissingResource(AssistantError):
    """The document has no file behind it (404), or it is too large: a per-document problem."""


class ApiError(AssistantError):
    """The service refused the request itself (a 4xx other than 429)."""


class ServiceError(NetworkError):
    """The service answered, but not as an OData service does (no JSON, wrong shapes, a link to
    elsewhere, too large): its fault, so exit 3 like an outage, and the next run resumes."""


class Listing:
    """The pages of one query; after iterating, `complete` says whether the service had no more
    (False when MAX_PAGES stopped it: what was listed is a part, not the whole)."""

    def __init__(self, client: ODataClient, entity_set: str, params: dict[str, str]):
        self._client = client
        self._entity_set = entity_set
        self._params = params
        self.complete = False
        self.pages = 0

    def __iter__(self) -> Iterator[list[dict]]:
        client, entity_set = self._client, self._entity_set
        url: str = f"{client.base_url}/{entity_set}"
        query: dict[str, str] | None = self._params
        seen: set[str] = set()
        while True:
            body = client._json(url, query, entity_set)
            self.pages += 1
            yield _values(body, entity_set)
            link = body.get("@odata.nextLink")
            if link is None:
                self.complete = True
                return
            url, query = client._next_url(link, url, entity_set), None
            if url in seen:
                raise ServiceError(f"de API verwijst steeds naar dezelfde pagina ({_cut(url)})")
            seen.add(url)
            if self.pages >= client.settings.max_pages:
                return  # the rest waits for the next run; the cursor marks where we are


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
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise AssistantError(f"ongeldige API-URL '{base_url}': verwacht http(s)://…")
        self._deadline = DeadlineTransport() if transport is None else None
        try:
            self._origin = _origin(self.base_url)
            self._http = httpx.Client(
                timeout=settings.timeout,
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                transport=transport or self._deadline,
            )
        except ValueError as exc:
            raise AssistantError(f"ongeldige API-URL '{base_url}': {exc}") from exc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ODataClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- public ------------------------------------------------------------------------------

    def pages(self, entity_set: str, params: dict[str, str]) -> Listing:
        """Every page of a query, following @odata.nextLink until the service has no more or
        `max_pages` is reached (then `.complete` is False)."""
        return Listing(self, entity_set, params)

    def resource(self, document_id: str) -> Resource:
        """The file behind Document(<id>)/resource."""
        url = f"{self.base_url}/Document({document_id})/resource"
        response = self._get(url, None, missing_ok=True, max_bytes=self.settings.max_bytes)
        if response.status_code == 404:
            raise MissingResource("geen bestand bij dit document (HTTP 404)")
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        return Resource(response.content, content_type)

    # --- checking what the service sends ------------------------------------------------------

    def _json(self, url: str, params: dict | None, entity_set: str) -> dict:
        response = self._get(url, params, too_large=ServiceError)
        try:
            body = json.loads(response.content)
        except (ValueError, RecursionError) as exc:  # RecursionError: nesting beyond reason
            start = response.content[:40].decode("utf-8", "replace")
            raise ServiceError(
                f"onverwacht antwoord van de API op {entity_set}: geen JSON "
                f"({one_line(str(exc), 80)}; begint met {one_line(start, 40)!r})"
            ) from exc
        if not isinstance(body, dict):
            raise ServiceError(
                f"onverwacht antwoord van de API op {entity_set}: geen OData-lijst "
                f"(JSON-{type(body).__name__} in plaats van een object)"
            )
        return body

    def _next_url(self, link, current: str, entity_set: str) -> str:
        """The next page's address: text, and on the same scheme, host and port as the base."""
        if not isinstance(link, str) or not link.strip():
            raise ServiceError(
                f"onverwacht antwoord van de API op {entity_set}: @odata.nextLink is geen "
                f"adres ({one_line(repr(link), 60)})"
            )
        url = urljoin(current, link.strip())
        try:
            origin = _origin(url)
        except ValueError:
            origin = None
        if origin != self._origin:
            raise ServiceError(
                f"de API verwijst voor de volgende pagina naar een andere server "
                f"({_cut(url)}); alleen {_host(self.base_url)} wordt gevolgd"
            )
        return url

    # --- one request, with politeness and retries ---------------------------------------------

    def _get(
        self,
        url: str,
        params: dict | None,
        missing_ok: bool = False,
        max_bytes: int | None = None,
        too_large: type[AssistantError] = MissingResource,
    ) -> httpx.Response:
        attempt = deadline_misses = 0
        limit = max_bytes or self.settings.max_page_bytes
        deadline = self.settings.deadline if max_bytes else self.settings.page_deadline
        while True:
            self._pace()
            self.requests += 1
            try:
                response = self._send(url, params, limit, too_large, deadline)
            except httpx.TooManyRedirects as exc:
                raise ServiceError(
                    f"de API stuurt steeds door (meer dan {MAX_REDIRECTS} redirects) bij "
                    f"{_host(url)}"
                ) from exc
            except httpx.ConnectError as exc:
                retries, reason = self.settings.connect_retries, _connect_reason(url, exc)
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                retries, reason = self.settings.retries, f"{type(exc).__name__} bij {_host(url)}"
                if self._deadline is not None and self._deadline.clock.expired:
                    deadline_misses += 1  # a server that drips once will drip again: retry once
                    retries = min(retries, attempt + (1 if deadline_misses < 2 else 0))
                    reason = f"geen volledig antwoord van {_host(url)} binnen {deadline:g} s"
            else:
                if 300 <= response.status_code < 400:  # a redirect without a usable Location
                    raise ServiceError(
                        f"onverwacht antwoord van de API: HTTP {response.status_code} zonder "
                        f"geldige doorverwijzing bij {_host(url)}"
                    )
                if response.status_code < 400 or (missing_ok and response.status_code == 404):
                    return response
                if response.status_code not in RETRY_STATUSES:
                    raise ApiError(
                        f"de API weigert het verzoek (HTTP {response.status_code}): "
                        f"{_odata_message(response)} — {_cut(str(response.request.url))}"
                    )
                retries, reason = self.settings.retries, f"HTTP {response.status_code}"
                wait = _retry_after(response)
                if attempt < retries:
                    attempt += 1
                    self.retried += 1
                    self._sleep(wait if wait is not None else self._backoff(attempt))
                    continue
            if attempt >= retries:
                raise NetworkError(
                    f"Tweede Kamer-API niet bereikbaar: {reason} (na {attempt + 1} pogingen). "
                    "Wat al binnen was, is opgeslagen; start de sync later opnieuw om verder "
                    "te gaan."
                )
            attempt += 1
            self.retried += 1
            self._sleep(self._backoff(attempt))

    def _send(
        self, url: str, params: dict | None, max_bytes: int, too_large: type[AssistantError],
        deadline: float,
    ) -> httpx.Response:  # fmt: skip
        """One GET, read streamed: refused as soon as it is known to exceed max_bytes."""
        if self._deadline is not None:
            self._deadline.deadline(deadline)
        with self._http.stream("GET", url, params=params) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes and response.status_code < 400:
                raise too_large(_too_large(url, f"{_size(int(declared))}"))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(_too_large(url, f"meer dan {_size(max_bytes)}"))
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


def _values(body: dict, entity_set: str) -> list[dict]:
    """The page's objects; a page without a list of objects is not OData."""
    values = body.get("value")
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        shown = type(values).__name__ if not isinstance(values, list) else "lijst met niet-objecten"
        raise ServiceError(
            f"onverwacht antwoord van de API op {entity_set}: geen OData-lijst ('value' is {shown})"
        )
    return values


def _too_large(url: str, size: str) -> str:
    what = "bestand" if url.endswith("/resource") else "antwoord van de API"
    return f"{what} is te groot ({size})"


def _origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in; ValueError for a bad port."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


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
        return one_line(str(response.json()["error"]["message"]), 300)
    except (ValueError, KeyError, TypeError, RecursionError):
        return one_line(response.text, 300) or "(geen toelichting)"


def one_line(text: str, limit: int) -> str:
    """Server text as part of a one-line message: whitespace collapsed, cut to a length."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut(url: str) -> str:
    return one_line(url, 200)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _connect_reason(url: str, exc: Exception) -> str:
    reason = one_line(str(exc), 200)
    return f"geen verbinding met {_host(url)} (offline, of de server is uit de lucht: {reason})"
