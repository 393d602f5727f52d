"""A local fake of the Tweede Kamer Gegevensmagazijn OData v4 API, for sync tests without internet.

It behaves like the real service where a client can get it wrong: server-driven paging
with an absolute ``@odata.nextLink`` that advances ``$skip``, a real ``$filter``
evaluator that answers 400 to what the service would reject (a syntax error, an unknown
property, a quoted date), ``Document(<id>)/resource`` downloads, and injected faults
(HTTP errors with Retry-After, a server that stops answering).

`hostile(mode, on=...)` turns the list answers of one entity set into those of a
broken or hostile service (see HOSTILE_MODES): malformed JSON, an HTML page, wrong
field types, a nextLink that is no text or points to another server, a redirect
loop, endless new nextLinks, a huge page streamed from a generator, a response
dripped one byte at a time. Loops in the handlers end when the client leaves or
the server stops, so `stop()` joins every handler thread.

Run ``python tests/fake_odata.py --port 8765`` for a server with a few demo objects.
"""

from __future__ import annotations

import collections
import copy
import json
import operator
import re
import select
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from odata_fixtures import (
    DOCUMENT_FIELDS,
    ZAAK_ACTOR_FIELDS,
    ZAAK_FIELDS,
    answer_pdf,
    document,
    mededeling_pdf,
    questions_pdf,
    zaak,
)

from assistant.dates import format_dutch

BASE_PATH = "/OData/v4/2.0"
# entity sets the real service has: asking one of these is never a 404, even when empty
SCHEMA: dict[str, tuple[str, ...]] = {
    "Zaak": ZAAK_FIELDS,
    "Document": DOCUMENT_FIELDS,
    "ZaakActor": ZAAK_ACTOR_FIELDS,
    **{name: () for name in ("DocumentActor", "Persoon", "Fractie", "Kamerstukdossier")},
}
# $expand and $select are accepted and ignored: stored objects carry their navigation data
HOSTILE_MODES = (
    "malformed-json",  # a JSON body cut off halfway
    "html",  # a proxy's or maintenance HTML page with status 200
    "wrong-types",  # params field, value: that field of every object gets this value
    "nextlink-not-text",  # @odata.nextLink is a JSON object
    "foreign-nextlink",  # params target: the nextLink goes there (another host or port)
    "redirect-loop",  # 302 to itself, forever
    "endless",  # every page, also past the end, has a new nextLink
    "huge-page",  # params size, declare: a page of `size` bytes streamed from a generator
    "drip",  # params interval: the whole response one byte per interval
)
_OPTIONS = {"$filter", "$orderby", "$skip", "$top", "$expand", "$select", "$count", "$format"}


@dataclass
class FakeFile:
    content: bytes
    content_type: str  # e.g. "application/pdf"


class ODataError(Exception):
    """Answered as ``{"error": {"code": "", "message": ...}}`` with this status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# --- $filter: tokenizer, recursive-descent parser, evaluation -----------------------------------

_DATETIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?"
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')"
    r"|(?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)"
    rf"|(?P<datetime>{_DATETIME}|\d{{4}}-\d\d-\d\d\b)"
    r"|(?P<number>-?\d+(?:\.\d+)?\b)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<punct>[(),]))"
)
_ISO_VALUE = re.compile(rf"{_DATETIME}|\d{{4}}-\d\d-\d\d")
_GUID_VALUE = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_COMPARE = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}


@dataclass(frozen=True)
class _Literal:
    kind: str  # string, guid, datetime, number, bool, null
    value: object


def _moment(text: str) -> datetime:
    """An ISO date or date-time as an aware datetime: naive is UTC, a date is midnight UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ODataError(
                400, f"Syntaxfout in $filter bij positie {pos}: {text[pos : pos + 20]!r}"
            )
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    """or_expr := and_expr ('or' and_expr)*;  and_expr := unary ('and' unary)*;
    unary := 'not' unary | '(' or_expr ')' | contains(Prop, 'text') | Prop op literal."""

    def __init__(self, text: str, properties: set[str]):
        self.tokens = _tokens(text)
        self.pos = 0
        self.properties = properties

    def parse(self):
        tree = self._or()
        if self.pos != len(self.tokens):
            self._fail(f"and, or of einde verwacht, niet {self._peek()[1]!r}")
        return tree

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token[0] == "end" or (expected is not None and token[1] != expected):
            self._fail(f"'{expected}' verwacht" if expected else "expressie onvolledig")
        self.pos += 1
        return token

    def _fail(self, why: str):
        raise ODataError(400, f"Syntaxfout in $filter bij token {self.pos + 1}: {why}")

    def _keyword(self, word: str) -> bool:
        if self._peek() == ("word", word):
            self.pos += 1
            return True
        return False

    def _or(self):
        node = self._and()
        while self._keyword("or"):
            node = ("or", node, self._and())
        return node

    def _and(self):
        node = self._unary()
        while self._keyword("and"):
            node = ("and", node, self._unary())
        return node

    def _unary(self):
        if self._keyword("not"):
            return ("not", self._unary())
        if self._peek() == ("punct", "("):
            self._take("(")
            node = self._or()
            self._take(")")
            return node
        if self._keyword("contains"):
            self._take("(")
            prop = self._property()
            self._take(",")
            text = self._literal()
            self._take(")")
            if text.kind != "string":
                self._fail("contains verwacht een tekst tussen aanhalingstekens")
            return ("contains", prop, text.value)
        prop = self._property()
        op = self._take()[1]
        if op not in _COMPARE:
            self._fail(f"vergelijking (eq, ne, gt, ge, lt, le) verwacht, niet {op!r}")
        return ("cmp", op, prop, self._literal())

    def _property(self) -> str:
        kind, text = self._take()
        if kind != "word" or text in {"and", "or", "not", "true", "false", "null"}:
            self._fail(f"eigenschap verwacht, niet {text!r}")
        if text not in self.properties:
            raise ODataError(400, f"Onbekende eigenschap '{text}' in $filter")
        return text

    def _literal(self) -> _Literal:
        kind, text = self._take()
        if kind == "string":
            return _Literal("string", text[1:-1].replace("''", "'"))
        if kind == "guid":
            return _Literal("guid", text.lower())
        if kind == "datetime":
            return _Literal("datetime", _moment(text))
        if kind == "number":
            return _Literal("number", float(text) if "." in text else int(text))
        if kind == "word" and text in ("true", "false"):
            return _Literal("bool", text == "true")
        if kind == "word" and text == "null":
            return _Literal("null", None)
        self._fail(f"waarde verwacht, niet {text!r}")
        raise AssertionError  # unreachable; _fail raises


def _comparable(value, literal: _Literal, prop: str):
    """The stored value in the literal's type; a type the service would refuse is a 400."""
    is_iso = isinstance(value, str) and _ISO_VALUE.fullmatch(value)
    if literal.kind == "datetime" and is_iso:
        return _moment(value)
    if literal.kind == "guid" and isinstance(value, str) and _GUID_VALUE.fullmatch(value):
        return value.lower()
    if literal.kind == "string" and isinstance(value, str):
        if is_iso or _GUID_VALUE.fullmatch(value):
            raise ODataError(400, f"'{prop}' is geen tekst: gebruik een literal zonder quotes")
        return value
    if literal.kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if literal.kind == "bool" and isinstance(value, bool):
        return value
    raise ODataError(400, f"Typen passen niet: '{prop}' vergeleken met {literal.kind}")


def _evaluate(node, obj: dict) -> bool:
    match node:
        case ("or", left, right):
            return _evaluate(left, obj) or _evaluate(right, obj)
        case ("and", left, right):
            return _evaluate(left, obj) and _evaluate(right, obj)
        case ("not", inner):
            return not _evaluate(inner, obj)
        case ("contains", prop, text):
            value = obj.get(prop)
            return isinstance(value, str) and text in value
        case ("cmp", op, prop, literal):
            value = obj.get(prop)
            if value is None or literal.kind == "null":
                # null equals only null; ordering with null is never true
                same = value is None and literal.kind == "null"
                return {"eq": same, "ne": not same}.get(op, False)
            return _COMPARE[op](_comparable(value, literal, prop), literal.value)
    raise AssertionError(node)


def _sort_key(value):
    """Nulls first, then by type: date-times as moments, everything else as itself."""
    if value is None:
        return (0, 0, "")
    if isinstance(value, str) and _ISO_VALUE.fullmatch(value):
        return (1, 0, _moment(value))
    if isinstance(value, bool | int | float):
        return (1, 1, value)
    return (1, 2, str(value))


# --- the fake service ---------------------------------------------------------------------------


class FakeOData:
    """A stand-in for https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0 on 127.0.0.1."""

    def __init__(self, page_size: int = 2, *, port: int = 0):
        self.page_size = page_size
        self.port = port
        self.requests: list[str] = []
        self.resource_hits: collections.Counter = collections.Counter()
        self.delay: float = 0.0
        self._lock = threading.Lock()
        self._sets: dict[str, dict[str, dict]] = {name: {} for name in SCHEMA}
        self._files: dict[str, FakeFile | None] = {}
        self._failures: list[list] = []  # [path_contains, remaining statuses, retry_after]
        self._offline_in: int | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._hostile: tuple[str, str, dict] | None = None  # mode, entity set, parameters
        self.stopping = threading.Event()  # ends the handlers' drip and stream loops
        self.bytes_sent = 0  # by the huge-page mode, to show the client stopped reading

    # lifecycle

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeOData is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}{BASE_PATH}"

    def start(self) -> FakeOData:
        fake = self

        class Handler(_Handler):
            service = fake

        self.stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        # handler threads are joined on close (block_on_close); none can outlive the test
        self._server.daemon_threads = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self.stopping.set()
            self._server.shutdown()
            self._server.server_close()  # joins the handler threads
            if self._thread is not None:
                self._thread.join()
            self._server = self._thread = None

    def __enter__(self) -> FakeOData:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # data

    def get(self, entity_set: str, obj_id: str) -> dict:
        """A copy of a stored object (to change it and put it back)."""
        with self._lock:
            return copy.deepcopy(self._sets[entity_set][obj_id])

    def put(self, entity_set: str, obj: dict) -> None:
        """Insert or replace by Id; a copy is stored, so later edits to obj do not leak in."""
        with self._lock:
            self._sets.setdefault(entity_set, {})[obj["Id"]] = copy.deepcopy(obj)

    def remove(self, entity_set: str, obj_id: str) -> None:
        with self._lock:
            self._sets.get(entity_set, {}).pop(obj_id, None)

    def put_file(self, document_id: str, file: FakeFile | None) -> None:
        with self._lock:
            self._files[document_id] = file

    # faults

    def fail_next(
        self, path_contains: str, statuses: list[int], retry_after: str | None = "0"
    ) -> None:
        """The next len(statuses) requests whose path contains the text get these statuses
        (OData error body, Retry-After when given); checked before anything else."""
        with self._lock:
            self._failures.append([path_contains, list(statuses), retry_after])

    def go_offline(self, after: int = 0) -> None:
        """After `after` more requests, close every connection without answering."""
        with self._lock:
            self._offline_in = after

    def go_online(self) -> None:
        with self._lock:
            self._offline_in = None

    def hostile(self, mode: str | None, on: str = "Document", **params) -> None:
        """From now on, answer list requests on entity set `on` in this mode (None: behave)."""
        if mode is not None and mode not in HOSTILE_MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {HOSTILE_MODES}")
        with self._lock:
            self._hostile = None if mode is None else (mode, on, params)

    # request handling (called from the handler threads)

    def _admit(self, target: str) -> tuple[int | None, str | None, bool]:
        """Record the request; say whether it gets an injected status or is refused."""
        with self._lock:
            self.requests.append(target)
            refuse = self._offline_in is not None and self._offline_in <= 0
            if self._offline_in is not None and self._offline_in > 0:
                self._offline_in -= 1
            decoded = unquote(target)
            for failure in self._failures:
                path_contains, statuses, retry_after = failure
                if path_contains in target or path_contains in decoded:
                    status = statuses.pop(0)
                    if not statuses:
                        self._failures.remove(failure)
                    return status, retry_after, refuse
            return None, None, refuse

    def _query(self, entity_set: str, options: dict[str, str], url: str) -> dict:
        unknown = [k for k in options if k.startswith("$") and k not in _OPTIONS]
        if unknown:
            raise ODataError(400, f"Onbekende query-optie {unknown[0]}")
        with self._lock:
            objects = list(self._sets[entity_set].values())
        properties = set(SCHEMA.get(entity_set, ())) | {k for o in objects for k in o}
        if options.get("$filter", "").strip():
            tree = _Parser(options["$filter"], properties).parse()
            objects = [o for o in objects if _evaluate(tree, o)]
        objects = _ordered(objects, options.get("$orderby", ""), properties)
        skip, top = _count(options, "$skip", 0), _count(options, "$top", None)
        end = len(objects) if top is None else min(len(objects), skip + top)
        page = objects[skip : min(end, skip + self.page_size)]
        body = {"@odata.context": f"{url}/$metadata#{entity_set}", "value": page}
        served = skip + len(page)
        if served < end:
            nxt = {**options, "$skip": str(served)}
            if top is not None:
                nxt["$top"] = str(top - len(page))
            query = urlencode(nxt, quote_via=quote, safe="$'(),:")
            body["@odata.nextLink"] = f"{url}/{entity_set}?{query}"
        return body

    def _entity(self, entity_set: str, obj_id: str, url: str) -> dict:
        with self._lock:
            obj = self._sets[entity_set].get(obj_id)
        if obj is None:
            raise ODataError(404, f"{entity_set}({obj_id}) bestaat niet")
        return {"@odata.context": f"{url}/$metadata#{entity_set}/$entity", **obj}

    def _file(self, document_id: str) -> FakeFile:
        with self._lock:
            file = self._files.get(document_id)
        if file is None:
            raise ODataError(404, f"Geen bestand voor Document({document_id})")
        return file


def _count(options: dict[str, str], name: str, default: int | None) -> int | None:
    raw = options.get(name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise ODataError(400, f"{name} moet een niet-negatief geheel getal zijn, niet {raw!r}")
    return int(raw)


def _ordered(objects: list[dict], orderby: str, properties: set[str]) -> list[dict]:
    """Stable sort by the $orderby keys (last key first), on top of a sort by Id."""
    result = sorted(objects, key=lambda o: str(o.get("Id")))
    keys = [part.split() for part in orderby.split(",") if part.strip()]
    for key in reversed(keys):
        if len(key) > 2 or key[0] not in properties or key[1:] not in ([], ["asc"], ["desc"]):
            raise ODataError(400, f"Ongeldige $orderby: {' '.join(key)!r}")
        descending = key[1:] == ["desc"]
        result.sort(key=lambda o, p=key[0]: _sort_key(o.get(p)), reverse=descending)
    return result


def _peer_gone(sock: socket.socket) -> bool:
    """True when the client has closed its side (it sends nothing more after a request)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


_ENTITY_SET = re.compile(r"(\w+)")
_ONE = re.compile(r"(\w+)\((?:guid)?'?([^'()/]+)'?\)(/resource)?")


_JSON_TYPE = {"Content-Type": "application/json; odata.metadata=minimal"}


class _Handler(BaseHTTPRequestHandler):
    service: FakeOData
    timeout = 30  # no handler blocks on a socket for longer, so stop() always returns

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_GET(self):
        status, retry_after, refuse = self.service._admit(self.path)
        if status is not None:
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return self._error(ODataError(status, f"Gesimuleerde fout {status}"), headers)
        if refuse:
            self.close_connection = True  # close the socket without a word
            return None
        try:
            self._route()
        except ODataError as exc:
            self._error(exc)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (an interruption test)
        except Exception as exc:  # a bug in the fake: say so instead of dropping the connection
            self._error(ODataError(500, f"Fout in FakeOData: {exc!r}"))
        return None

    def _not_allowed(self):
        self.service._admit(self.path)
        self._error(ODataError(405, f"{self.command} is niet toegestaan"), {"Allow": "GET"})

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _not_allowed

    def _route(self):
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if not path.startswith(BASE_PATH + "/"):
            raise ODataError(404, f"Onbekend pad {path}")
        rest = path[len(BASE_PATH) + 1 :]
        url = self.service.base_url
        known = self.service._sets
        if _ENTITY_SET.fullmatch(rest) and rest in known:
            options = dict(parse_qsl(parts.query, keep_blank_values=True))
            hostile = self.service._hostile
            if hostile is not None and hostile[1] == rest:
                return self._hostile(hostile[0], hostile[2], rest, options, url)
            return self._json(self.service._query(rest, options, url))
        one = _ONE.fullmatch(rest)
        if one and one.group(1) in known and not one.group(3):
            return self._json(self.service._entity(one.group(1), one.group(2), url))
        if one and one.group(1) == "Document" and one.group(3):
            file = self.service._file(one.group(2))
            if self.service.delay:
                time.sleep(self.service.delay)
                if _peer_gone(self.connection):
                    return None  # the client gave up while waiting: not a download
            with self.service._lock:  # counted before sending, so a test never races the count
                self.service.resource_hits[one.group(2)] += 1
            self._send(200, file.content, {"Content-Type": file.content_type})
            return None
        raise ODataError(404, f"Onbekend pad {path}")

    # --- hostile answers --------------------------------------------------------------------

    def _hostile(self, mode: str, params: dict, entity_set: str, options: dict, url: str):
        if mode == "malformed-json":
            return self._send(200, b'{"value": [{"Id": "a", "Soort": "Antw', _JSON_TYPE)
        if mode == "html":
            page = b"<!DOCTYPE html>\n<html><body>\n<h1>Onderhoud</h1>\n</body></html>\n"
            return self._send(200, page, {"Content-Type": "text/html"})
        if mode == "redirect-loop":
            return self._send(302, b"", {"Location": self.path})
        if mode == "huge-page":
            return self._huge(params.get("size", 1 << 30), params.get("declare", False))
        if mode == "drip":
            return self._drip(self.service._query(entity_set, options, url), params)
        body = copy.deepcopy(self.service._query(entity_set, options, url))  # stored stay intact
        if mode == "wrong-types":
            for obj in body["value"]:
                obj[params.get("field", "GewijzigdOp")] = params.get("value", 12345)
        elif mode == "nextlink-not-text":
            body["@odata.nextLink"] = {"href": body.get("@odata.nextLink", url)}
        elif mode == "foreign-nextlink":
            target = params.get("target", "http://odata.example.invalid")
            body["@odata.nextLink"] = f"{target}{BASE_PATH}/{entity_set}?$skip=2"
        elif mode == "endless":
            skip = int(options.get("$skip", "0"))
            nxt = urlencode({**options, "$skip": str(skip + self.service.page_size)})
            body["@odata.nextLink"] = f"{url}/{entity_set}?{nxt}"
        return self._json(body)

    def _huge(self, size: int, declare: bool):
        """A list page of `size` bytes, made as it is sent: never held in memory here."""
        self.send_response(200)
        self.send_header("Content-Type", _JSON_TYPE["Content-Type"])
        if declare:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        item = b'{"Id": "ffffffff-ffff-ffff-ffff-ffffffffffff", "Soort": "Antwoord"},' * 256
        sent = self._write(b'{"value": [')
        try:
            while sent < size and not self.service.stopping.is_set():
                sent += self._write(item[: size - sent])
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the client stopped reading: what it should do
        finally:
            with self.service._lock:
                self.service.bytes_sent += sent

    def _write(self, data: bytes) -> int:
        self.wfile.write(data)
        return len(data)

    def _drip(self, body: dict, params: dict):
        """The whole response, status line included, one byte per `interval` seconds."""
        data = json.dumps(body).encode()
        head = f"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}"
        response = head.encode() + b"\r\n\r\n" + data
        interval = params.get("interval", 5.0)
        try:
            for i in range(len(response)):
                self.connection.sendall(response[i : i + 1])
                if self.service.stopping.wait(interval):
                    return
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        finally:
            self.close_connection = True

    def _json(self, body: dict, status: int = 200, headers: dict | None = None):
        data = json.dumps(body, ensure_ascii=False).encode()
        content_type = "application/json; odata.metadata=minimal"
        self._send(status, data, {"Content-Type": content_type, **(headers or {})})

    def _error(self, exc: ODataError, headers: dict | None = None):
        self._json({"error": {"code": "", "message": str(exc)}}, exc.status, headers)

    def _send(self, status: int, data: bytes, headers: dict):
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


# --- by hand: python tests/fake_odata.py --port 8765 --------------------------------------------


def demo(fake: FakeOData, today: date | None = None) -> None:
    """Fictional question sets: two answered in 2024, and three still open with deadlines
    around `today` (one overdue and postponed, one due soon, one just in), each open set
    with its question document."""
    for nr, (nummer, onderwerp, ingezonden) in enumerate(
        [
            ("2024Z03101", "de fictieve kabelbaan over de Lindewaard", "3 maart 2024"),
            ("2024Z03202", "het verzonnen proefproject met drijvende bushaltes", "5 maart 2024"),
        ],
        start=1,
    ):
        z = zaak(
            nummer, onderwerp, f"2024-03-0{2 * nr + 1}T00:00:00+01:00",
            f"2024-03-2{nr}T10:00:00+01:00", afgedaan=True,
        )  # fmt: skip
        fake.put("Zaak", z)
        pdf = answer_pdf(
            nummer, onderwerp,
            [
                (f"Bent u bekend met de berichten over {onderwerp}?", "Ja."),
                ("Wat gaat u doen?", "Ik laat dit onderzoeken en informeer uw Kamer."),
            ],
            ingezonden=ingezonden, ah_id=f"ah-tk-20232024-{1300 + nr}",
        )  # fmt: skip
        _demo_document(fake, "Antwoord schriftelijke vragen", z, f"2024-03-2{nr + 2}",
                       f"2024D1{nr:04d}", pdf, aanhangsel=f"2324{1300 + nr:05d}")  # fmt: skip

    today = today or date.today()
    ienw = (("R. Meijer", "minister van Infrastructuur en Waterstaat"),)
    open_sets = [
        (25, "2026Z20411", "wachttijden bij het denkbeeldige Veerloket Oost", (), True),
        (17, "2026Z20977", "de fictieve storing in het meldsysteem Nachtwacht", (), False),
        (5, "2026Z21530", "het verzonnen plan voor een fietsbrug bij Oudewater", ienw, False),
    ]
    for nr, (days_ago, nummer, onderwerp, addressees, postponed) in enumerate(open_sets):
        day = today - timedelta(days=days_ago)
        minister = "Minister Van Dijk (Justitie en Veiligheid)"
        extra = {"gericht_aan": addressees} if addressees else {}
        if addressees:
            minister = "Minister Meijer (Infrastructuur en Waterstaat)"
        z = zaak(nummer, onderwerp, f"{day}T00:00:00+01:00", f"{day}T15:00:00+01:00", **extra)
        fake.put("Zaak", z)
        questions = [
            f"Bent u bekend met de berichten over {onderwerp}?",
            "Hoeveel mensen zijn hierdoor getroffen?",
            "Welke maatregelen neemt u, en wanneer informeert u de Kamer?",
        ]
        pdf = questions_pdf(
            nummer, onderwerp, questions, ingezonden=format_dutch(day), minister=minister
        )
        _demo_document(fake, "Schriftelijke vragen", z, str(day), f"2026D2{nr:04d}", pdf)
        if postponed:
            notice_day = day + timedelta(days=20)
            pdf = mededeling_pdf(
                nummer, onderwerp, ingezonden=format_dutch(day), minister=minister,
                ontvangen=format_dutch(notice_day), reden="afstemming met de gemeente nodig is",
            )  # fmt: skip
            _demo_document(fake, "Mededeling (uitstel antwoord)", z, str(notice_day),
                           f"2026D3{nr:04d}", pdf)  # fmt: skip


def _demo_document(fake, soort, z, day: str, number: str, pdf: bytes, aanhangsel=None) -> None:
    doc = document(
        soort, [z], f"{day}T00:00:00+01:00", f"{day}T16:00:00+01:00", documentnummer=number,
        aanhangselnummer=aanhangsel, content_length=len(pdf),
    )  # fmt: skip
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(pdf, "application/pdf"))


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="A fake Gegevensmagazijn with demo objects.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--page-size", type=int, default=2)
    args = parser.parse_args()
    fake = FakeOData(page_size=args.page_size, port=args.port).start()
    demo(fake)
    print(fake.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
