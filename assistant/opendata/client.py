"""A polite, patient and suspicious HTTP client for the Tweede Kamer's Gegevensmagazijn.

The service pages its answers, may answer 429 or 5xx under load and sits behind
the public internet. This client spaces its requests, retries what is worth
retrying with exponential backoff (honouring ``Retry-After``) and turns what
cannot be fixed by waiting into one NetworkError with a Dutch message, so the
sync can stop cleanly and resume.

It trusts nothing the server sends: every response is read streamed up to a
size limit and within a total deadline, a link to a next page must stay on the
server the sync was pointed at, and redirects are few. A server that breaks
these rules gets a ServiceError (exit 3, one line): the service is at fault,
everything stored so far stays, and the next run resumes. What the pages mean
is read elsewhere (syncfeed.py): this module only talks HTTP.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import MAX_INPUT_BYTES
from ..config import TK_API as DEFAULT_BASE_URL
from ..errors import AssistantError, NetworkError
from .deadline import DeadlineTransport

USER_AGENT = "kamervragen-assistant/0.1 (open-data sync)"
FEED_ACCEPT = "application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0  # never sleep longer than this on one Retry-After
# A feed page of the real service holds 250 entries, about 0.2 to 2 MB.
MAX_PAGE_BYTES = 16 * 1024 * 1024  # a larger list page is refused (read streamed, then cut)
# One listing (one category of the feed, from the cursor on) follows at most this many pages
# in one run: 2.5 million entries, more than one category holds (the whole feed, 35 categories,
# about 3.5 million entities). A server that keeps sending new next links is left there after
# about 40 minutes at the default pace; the next run resumes from the cursor.
MAX_PAGES = 10_000
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
    """The service answered, but not as the Gegevensmagazijn does (no feed, wrong shapes, a link
    to elsewhere, too large): its fault, so exit 3 like an outage, and the next run resumes."""


class UnavailableError(NetworkError):
    """The service kept answering a retryable status (429, 5xx) until the retries ran out."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


class KamerClient:
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
                headers={"User-Agent": USER_AGENT},  # Accept per request: files take any type
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                transport=transport or self._deadline,
            )
        except ValueError as exc:
            raise AssistantError(f"ongeldige API-URL '{base_url}': {exc}") from exc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> KamerClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- public ------------------------------------------------------------------------------

    def page(self, url: str, params: dict[str, str] | None, what: str) -> bytes:
        """One list page (a feed page): its bytes, within the page limits."""
        response = self._get(url, params, too_large=ServiceError, accept=FEED_ACCEPT)
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind and "xml" not in kind:
            start = response.content[:40].decode("utf-8", "replace")
            raise ServiceError(
                f"onverwacht antwoord van de API op {what}: geen XML maar {one_line(kind, 40)} "
                f"(begint met {one_line(start, 40)!r})"
            )
        return response.content

    def resource(self, url: str) -> Resource:
        """A document's file. 404, and a 5xx that outlasts the retries (the service answers 500
        for a file it does not have), are this document's problem: MissingResource."""
        try:
            response = self._get(url, None, missing_ok=True, max_bytes=self.settings.max_bytes)
        except UnavailableError as exc:
            raise MissingResource(
                f"de Kamer levert het bestand niet (HTTP {exc.status}, ook na herhalen)"
            ) from exc
        if response.status_code == 404:
            raise MissingResource("geen bestand bij dit document (HTTP 404)")
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        return Resource(response.content, content_type)

    def next_url(self, link, current: str, what: str) -> str:
        """The next page's address: text, relative or absolute, on the same scheme, host and
        port as the base."""
        return self._next_url(link, current, what)

    def _next_url(self, link, current: str, entity_set: str) -> str:
        """The next page's address: text, and on the same scheme, host and port as the base."""
        if not isinstance(link, str) or not link.strip():
            raise ServiceError(
                f"onverwacht antwoord van de API op {entity_set}: de link naar de volgende "
                f"pagina is geen adres ({one_line(repr(link), 60)})"
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
        accept: str | None = None,
    ) -> httpx.Response:
        attempt = deadline_misses = 0
        status = 0  # the last HTTP status that was retried (0: a network failure)
        limit = max_bytes or self.settings.max_page_bytes
        deadline = self.settings.deadline if max_bytes else self.settings.page_deadline
        while True:
            self._pace()
            self.requests += 1
            try:
                response = self._send(url, params, limit, too_large, deadline, accept)
            except httpx.TooManyRedirects as exc:
                raise ServiceError(
                    f"de API stuurt steeds door (meer dan {MAX_REDIRECTS} redirects) bij "
                    f"{_host(url)}"
                ) from exc
            except httpx.ConnectError as exc:
                status = 0
                retries, reason = self.settings.connect_retries, _connect_reason(url, exc)
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                status = 0
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
                        f"{_error_message(response)} — {_cut(str(response.request.url))}"
                    )
                retries, reason = self.settings.retries, f"HTTP {response.status_code}"
                status = response.status_code
                wait = _retry_after(response)
                if attempt < retries:
                    attempt += 1
                    self.retried += 1
                    self._sleep(wait if wait is not None else self._backoff(attempt))
                    continue
            if attempt >= retries:
                message = (
                    f"Tweede Kamer-API niet bereikbaar: {reason} (na {attempt + 1} pogingen). "
                    "Wat al binnen was, is opgeslagen; start de sync later opnieuw om verder "
                    "te gaan."
                )
                raise UnavailableError(message, status) if status else NetworkError(message)
            attempt += 1
            self.retried += 1
            self._sleep(self._backoff(attempt))

    def _send(
        self, url: str, params: dict | None, max_bytes: int, too_large: type[AssistantError],
        deadline: float, accept: str | None = None,
    ) -> httpx.Response:  # fmt: skip
        """One GET, read streamed: refused as soon as it is known to exceed max_bytes."""
        if self._deadline is not None:
            self._deadline.deadline(deadline)
        headers = {"Accept": accept} if accept else None
        with self._http.stream("GET", url, params=params, headers=headers) as response:
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


def _too_large(url: str, size: str) -> str:
    what = "bestand" if "/Resources/" in url else "antwoord van de API"
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


def _error_message(response: httpx.Response) -> str:
    """The service's own words: <Error><Message> (SyncFeed), error.message (JSON) or the text."""
    text = response.text
    found = re.search(r"<Message>(.*?)</Message>", text, flags=re.S)
    if found:
        return one_line(found.group(1), 300)
    try:
        return one_line(str(response.json()["error"]["message"]), 300)
    except (ValueError, KeyError, TypeError, RecursionError):
        return one_line(re.sub(r"<[^>]{0,200}>", " ", text), 300) or "(geen toelichting)"


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
