"""A total deadline per HTTP request, headers and body included.

httpx's timeouts apply to each single read, so a server that drips one byte every few
seconds never trips them and keeps a request alive for hours. This transport wraps
httpcore's network streams: every connect, read and write gets at most the time left
until the request's deadline, and past it a read raises a timeout like any other.
"""

from __future__ import annotations

import time

import httpcore
import httpx


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport; `deadline(seconds)` arms the clock for the next request."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        pool = self._pool
        inner = getattr(pool, "_network_backend", None)
        if inner is None:  # an httpcore without the attribute: fail loudly, not silently slow
            raise RuntimeError("httpcore ConnectionPool has no _network_backend to wrap")
        self.clock = _Clock()
        pool._network_backend = _DeadlineBackend(inner, self.clock)

    def deadline(self, seconds: float) -> None:
        self.clock.ends = time.monotonic() + seconds
        self.clock.expired = False


class _Clock:
    def __init__(self) -> None:
        self.ends: float | None = None
        self.expired = False  # set when a request ran out of time (for the message)

    def limit(self, timeout: float | None) -> float | None:
        """The per-operation timeout, shortened to what is left of the request's time."""
        if self.ends is None:
            return timeout
        left = self.ends - time.monotonic()
        if left <= 0:
            self.expired = True
            raise httpcore.ReadTimeout("totale tijd voor het verzoek verstreken")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock):
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit = self._clock.limit(timeout)
        try:
            return self._inner.read(max_bytes, limit)
        except httpcore.ReadTimeout:
            if limit != timeout:  # our clock, not the per-read timeout, ran out
                self._clock.expired = True
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.limit(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        upgraded = self._inner.start_tls(ssl_context, server_hostname, self._clock.limit(timeout))
        return _DeadlineStream(upgraded, self._clock)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, clock: _Clock):
        self._inner = inner
        self._clock = clock

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(
            host, port, self._clock.limit(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self._clock)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        stream = self._inner.connect_unix_socket(path, self._clock.limit(timeout), socket_options)
        return _DeadlineStream(stream, self._clock)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
