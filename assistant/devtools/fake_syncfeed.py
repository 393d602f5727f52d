"""A local fake of the Tweede Kamer SyncFeed 2.0 API (Atom 1.0 XML) for sync tests offline.

It takes the world as the dicts of kamer_world (`zaak(...)`, `document(...)`,
`tombstone(...)`). It renders them as the
SyncFeed writes entities, and it behaves like the real service where a client can go wrong.
Where each shape comes from (public sources; tests/samples/syncfeed/SOURCES.md has the details):

- Endpoints ``/SyncFeed/2.0/Feed?category=..&skiptoken=..``, ``/Entiteiten/<id>`` and
  ``/Resources/<id>``: the official page https://opendata.tweedekamer.nl/documentatie/syncfeed-api.
- The feed header (namespaces, title, self link, author, rights) and the end of a feed
  (no entries, ``<link rel="resume">`` with the asked skiptoken + 1): OpenDataPortaal issue #37.
- An integer skiptoken counted over all categories, so a category's feed has gaps. A changed
  entity comes back at a new, higher skiptoken (issue #127). The feed is a compacted log with
  one entry per entity at its latest change (tkconv keeps only the highest skiptoken per id).
- A ``<link rel="next">`` in every entry carrying that entry's own skiptoken (issue #164;
  berthubert/tkconv tkgetxml.cc follows only those) and a feed-level next (wetsuite, alphons
  FeedController.cs). Both parameter orders occur in real links (tkconv comment, wetsuite).
- Entry ``<title>`` = the GUID, ``<id>`` = .../Entiteiten/<GUID>, ``<link rel="enclosure">`` to
  .../Resources/<GUID> for a downloadable document: tkconv tkgetxml.cc, tkpull.cc, tkserv.cc.
- The content root: a lowerCamel element in the tkData namespace with ``id``, ``tk:bijgewerkt``
  and ``tk:verwijderd`` (+ ``tk:contentType``/``tk:contentLength`` on a document). Its children
  follow the XSD sequence order, and references look like ``<zaak ref="..."/>``: the XSD copies
  in alphons/OpenDataPortaal (src/OpenKamer.DataModel/XSD).
- ``tk:bijgewerkt`` is naive local time with 7 fractional digits (``2008-08-26T12:13:04.6270000``,
  a README excerpt of a real entry). Entry ``<updated>`` is ApiGewijzigdOp and ``tk:bijgewerkt``
  is GewijzigdOp (the Document and Zaak documentation pages, issue #83). The times of an
  entry are written in Europe/Amsterdam (#37 shows +02:00).
- A ContentType that lies (a Word file labelled application/pdf): issues #15 and #174; a
  FakeFile carries any content_type. A missing resource answers HTTP 500 with
  ``<Error><Message>An error has occurred.</Message></Error>`` (wetsuite; the body of issue #84).
- An unknown category answers an empty feed, never 404 (wetsuite).

Assumed, because no public source shows it: the enclosure link carries only ``href``; the
category term is spelled like the category parameter ("Document"); a feed page is served as
application/atom+xml; a skiptoken that is not a number gets 400; a deleted entity has no child
elements; ``kamer`` holds 2 for the Tweede Kamer. Real pages hold 250 entries, but that is
a third-party observation and not documented. Here the page size is a parameter.

`hostile(mode, on=...)` turns the feed of one category into that of a broken or hostile
service (see HOSTILE_MODES). Loops in the handlers end when the client leaves or the server
stops, so `stop()` joins every handler thread.

Run ``python -m assistant.devtools.fake_syncfeed --port 8765`` for a server with the demo world.
"""

from __future__ import annotations

import collections
import copy
import hashlib
import random
import select
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from assistant.dates import format_dutch
from assistant.devtools.kamer_world import (
    answer_pdf,
    document,
    mededeling_pdf,
    questions_pdf,
    tombstone,
    zaak,
)

BASE_PATH = "/SyncFeed/2.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
TK_NS = "http://www.tweedekamer.nl/xsd/tkData/v1-0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FIRST_SEQ = 17_000_000  # real skiptokens were around 17-18 million in 2024 (issue #127)
MAX_STEP = 7  # the global counter steps 1..7 per change, so category feeds have gaps
AUTHOR = "Tweede Kamer der Staten-Generaal"
FEED_TYPE = {"Content-Type": "application/atom+xml; charset=utf-8"}  # assumed
XML_TYPE = {"Content-Type": "application/xml; charset=utf-8"}
ERROR_TYPE = {"Content-Type": "text/xml; charset=utf-8"}
SERVER_ERROR = "An error has occurred."  # the real body text (issue #84)

HOSTILE_MODES = (
    "malformed-xml",  # the page cut off halfway
    "html",  # a proxy's or maintenance HTML page with status 200 and text/html
    "wrong-types",  # params element, value: that child (or attribute "id"/"tk:...") gets value
    "bad-next",  # params value: every next href is this text ("" by default)
    "backwards-next",  # next links carry a skiptoken lower than the one asked: a loop
    "foreign-nextlink",  # params target: next links point there (another host or port)
    "redirect-loop",  # 302 to itself, forever
    "endless",  # past the end: the last real entry again, with a new, higher next link
    "huge-page",  # params size, declare: `size` bytes streamed from a generator
    "drip",  # params interval: the whole response one byte per interval
    "xml-bomb",  # a DOCTYPE with nested entities (billion laughs) used in the title
    "external-entity",  # a DOCTYPE with a SYSTEM entity (file:///etc/passwd) used in the title
)
_MODE_PARAMS = {
    "wrong-types": {"element", "value"},
    "bad-next": {"value"},
    "foreign-nextlink": {"target"},
    "huge-page": {"size", "declare"},
    "drip": {"interval"},
}

# Content children per category in XSD sequence order: (element, kind, key of the OData dict).
# kind "text" is a value, "ref" one <x ref="guid"/>, "refs" one per item of a list.
LAYOUT: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Zaak": (
        ("nummer", "text", "Nummer"),
        ("soort", "text", "Soort"),
        ("onderwerp", "text", "Onderwerp"),
        ("gestartOp", "text", "GestartOp"),
        ("organisatie", "text", "Organisatie"),
        ("titel", "text", "Titel"),
        ("citeertitel", "text", "Citeertitel"),
        ("alias", "text", "Alias"),
        ("grondslagvoorhang", "text", "Grondslagvoorhang"),
        ("termijn", "text", "Termijn"),
        ("vergaderjaar", "text", "Vergaderjaar"),
        ("volgnummer", "text", "Volgnummer"),
        ("status", "text", "Status"),
        ("huidigeBehandelstatus", "text", "HuidigeBehandelstatus"),
        ("afgedaan", "text", "Afgedaan"),
        ("grootProject", "text", "GrootProject"),
        ("kabinetsappreciatie", "text", "Kabinetsappreciatie"),
        ("kamerstukdossier", "ref", "Kamerstukdossier_Id"),
    ),
    "ZaakActor": (
        ("zaak", "ref", "Zaak_Id"),
        ("actorNaam", "text", "ActorNaam"),
        ("actorFractie", "text", "ActorFractie"),
        ("actorAfkorting", "text", "ActorAfkorting"),
        ("functie", "text", "Functie"),
        ("relatie", "text", "Relatie"),
        ("sidActor", "text", "SidActor"),
        ("persoon", "ref", "Persoon_Id"),
        ("fractie", "ref", "Fractie_Id"),
        ("commissie", "ref", "Commissie_Id"),
    ),
    "Document": (
        ("soort", "text", "Soort"),
        ("documentNummer", "text", "DocumentNummer"),
        ("titel", "text", "Titel"),
        ("onderwerp", "text", "Onderwerp"),
        ("datum", "text", "Datum"),
        ("volgnummer", "text", "Volgnummer"),
        ("vergaderjaar", "text", "Vergaderjaar"),
        ("kamer", "text", "Kamer"),
        ("citeertitel", "text", "Citeertitel"),
        ("alias", "text", "Alias"),
        ("datumRegistratie", "text", "DatumRegistratie"),
        ("datumOntvangst", "text", "DatumOntvangst"),
        ("aanhangselnummer", "text", "Aanhangselnummer"),
        ("kenmerkAfzender", "text", "KenmerkAfzender"),
        ("huidigeDocumentVersie", "ref", "HuidigeDocumentVersie_Id"),
        ("zaak", "refs", "Zaak"),
        ("kamerstukdossier", "ref", "Kamerstukdossier_Id"),
        ("organisatie", "text", "Organisatie"),
    ),
}
DOWNLOADABLE = {"Document"}  # downloadEntiteitType in the XSD: tk:contentType, tk:contentLength
_KAMER = {"Tweede Kamer": "2", "Eerste Kamer": "1"}  # the XSD types kamer as an int (assumed)


@dataclass
class FakeFile:
    content: bytes
    content_type: str  # e.g. "application/pdf"; may lie about the content (issues #15, #174)


class FeedError(Exception):
    """Answered as ``<Error><Message>...</Message></Error>`` with this status."""

    def __init__(self, status: int, message: str = SERVER_ERROR):
        super().__init__(message)
        self.status = status


# --- times ------------------------------------------------------------------------------------


def _moment(text: str | None) -> datetime:
    """An ISO date-time as an aware moment; naive means UTC (as kamer_world writes it),
    and no text means now."""
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def bijgewerkt(text: str | None) -> str:
    """GewijzigdOp as tk:bijgewerkt: Amsterdam local time, naive, 7 fractional digits."""
    return f"{_moment(text).astimezone(AMSTERDAM):%Y-%m-%dT%H:%M:%S.%f}0"


def updated(text: str | None) -> str:
    """An Atom <updated>: Amsterdam time with its offset and 7 fractional digits."""
    local = _moment(text).astimezone(AMSTERDAM)
    return f"{local:%Y-%m-%dT%H:%M:%S.%f}0{local.isoformat()[-6:]}"


def _later(obj: dict, candidate: str | None) -> str:
    """A GewijzigdOp for obj's tombstone: candidate (or now), at least a second after obj's own
    (kamer_world.tombstone refuses a deletion that is not newer)."""
    when = _moment(candidate)
    if obj.get("GewijzigdOp"):
        when = max(when, _moment(obj["GewijzigdOp"]) + timedelta(seconds=1))
    return when.isoformat()


# --- the content of an entry --------------------------------------------------------------------


def _attr(value: str) -> str:
    return '"' + escape(value, {'"': "&quot;"}) + '"'


def _text(element: str, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if element == "kamer":
        return _KAMER.get(value, str(value))
    return str(value)


@dataclass(frozen=True)
class Content:
    """One entity as its content root element: what is rendered, and what is compared to
    decide whether a put is a change."""

    category: str
    id: str | None
    attrs: tuple[tuple[str, str], ...]  # tk:bijgewerkt, tk:verwijderd, tk:content...
    children: tuple[tuple[str, str, str], ...]  # (element, "text" | "ref" | "nil", value)

    @property
    def root(self) -> str:
        return self.category[:1].lower() + self.category[1:]

    @property
    def deleted(self) -> bool:
        return dict(self.attrs).get("tk:verwijderd") == "true"

    @property
    def downloadable(self) -> bool:
        """A file behind it: contentLength > 0 (the XSD: a value means downloadable)."""
        length = dict(self.attrs).get("tk:contentLength", "")
        return not self.deleted and length.isdigit() and int(length) > 0

    def xml(self, indent: str = "") -> str:
        head = f'<{self.root} xmlns:tk="{TK_NS}" xmlns="{TK_NS}" xmlns:xsi="{XSI_NS}"'
        if self.id is not None:
            head += f" id={_attr(self.id)}"
        head += "".join(f" {name}={_attr(value)}" for name, value in self.attrs)
        if not self.children:
            return f"{indent}{head}/>"
        inner = [f"{indent}  {_child_xml(*child)}" for child in self.children]
        return "\n".join([f"{indent}{head}>", *inner, f"{indent}</{self.root}>"])

    def altered(self, element: str, value) -> Content:
        """This content as a service with the wrong type would send it: the attribute ("id" or
        "tk:...") or every child named `element` gets `value` (added when absent). None makes
        the child xsi:nil and removes the attribute."""
        if element == "id":
            return replace(self, id=None if value is None else str(value))
        if element.startswith("tk:"):
            attrs = dict(self.attrs)  # keeps the order; a new attribute comes last
            if value is None:
                attrs.pop(element, None)
            else:
                attrs[element] = str(value)
            return replace(self, attrs=tuple(attrs.items()))
        new = (element, "nil", "") if value is None else (element, "text", str(value))
        children = [new if child[0] == element else child for child in self.children]
        if all(child[0] != element for child in self.children):
            children.append(new)
        return replace(self, children=tuple(children))


def _child_xml(element: str, kind: str, value: str) -> str:
    if kind == "ref":
        return f"<{element} ref={_attr(value)}/>"
    if kind == "nil":
        return f'<{element} xsi:nil="true"/>'
    return f"<{element}>{escape(value)}</{element}>"


def render_content(category: str, obj: dict, nil_style: bool = False) -> Content:
    """The OData dict as the SyncFeed writes it: a deleted entity keeps only its attributes;
    null fields are omitted, or written as xsi:nil when nil_style is on."""
    deleted = bool(obj.get("Verwijderd"))
    attrs = [
        ("tk:bijgewerkt", bijgewerkt(obj.get("GewijzigdOp"))),
        ("tk:verwijderd", "true" if deleted else "false"),
    ]
    if category in DOWNLOADABLE and not deleted:
        for name, key in (("tk:contentType", "ContentType"), ("tk:contentLength", "ContentLength")):
            if obj.get(key) is not None:
                attrs.append((name, str(obj[key])))
    children = () if deleted else tuple(_children(LAYOUT.get(category, ()), obj, nil_style))
    return Content(category, obj["Id"], tuple(attrs), children)


def _children(layout, obj: dict, nil_style: bool) -> Iterator[tuple[str, str, str]]:
    for element, kind, key in layout:
        value = obj.get(key)
        if kind == "refs":
            for item in value or ():
                yield element, "ref", item["Id"] if isinstance(item, dict) else str(item)
        elif value is None:
            if nil_style and kind == "text":
                yield element, "nil", ""
        else:
            yield element, kind, value if kind == "ref" else _text(element, value)


# --- pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """One entity in its category's feed, at the sequence number of its latest change."""

    seq: int
    id: str
    content: Content
    updated: str
    enclosure: bool


@dataclass(frozen=True)
class Links:
    """Writes a page's hrefs: absolute (as the real service) or relative to the Feed URL.
    The feed-level next puts skiptoken first and the entry-level next puts category first,
    because both orders occur in real links."""

    base: str
    relative: bool = False

    def _prefix(self) -> str:
        return "" if self.relative else f"{self.base}/"

    def feed(self, query: str) -> str:
        return f"{self._prefix()}Feed?{query}" if query else f"{self._prefix()}Feed"

    def feed_next(self, category: str | None, token: int) -> str:
        return self.feed(
            f"skiptoken={token}" + (f"&category={quote(category)}" if category else "")
        )

    def entry_next(self, category: str | None, token: int) -> str:
        return self.feed(
            (f"category={quote(category)}&" if category else "") + f"skiptoken={token}"
        )

    def resource(self, entity_id: str) -> str:
        return f"{self._prefix()}Resources/{entity_id}"

    def entity(self, entity_id: str) -> str:
        return f"{self.base}/Entiteiten/{entity_id}"  # an identifier, always absolute


@dataclass(frozen=True)
class Page:
    """One feed page before it is written: entries with their next hrefs, and the feed links."""

    self_href: str
    entries: tuple[tuple[Published, str], ...]
    next_href: str | None
    resume_href: str | None


def render_feed(page: Page, links: Links, *, title: str | None = None, doctype: str = "") -> str:
    """The Atom page as the real service writes it. `title` and `doctype` are raw XML, only
    for the hostile modes that need an entity in the title."""
    feed_links = [("self", page.self_href), ("next", page.next_href), ("resume", page.resume_href)]
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        *([doctype] if doctype else []),
        f'<feed xmlns:xsd="{XSD_NS}" xmlns:xsi="{XSI_NS}" xmlns="{ATOM_NS}">',
        f"  <title>{title or 'Gegevensmagazijn SyncFeed'}</title>",
        *(
            f'  <link rel="{rel}" href={_attr(href)}/>'
            for rel, href in feed_links
            if href is not None
        ),
        f"  <updated>{updated(None)}</updated>",
        f"  <author><name>{AUTHOR}</name><uri>https://opendata.tweedekamer.nl</uri>"
        "<email>opendata@tweedekamer.nl</email></author>",
        "  <rights>(fictional test server)</rights>",
        *(_entry_xml(entry, href, links) for entry, href in page.entries),
        "</feed>",
    ]
    return "\n".join(lines) + "\n"


def _entry_xml(entry: Published, next_href: str, links: Links) -> str:
    lines = [
        "  <entry>",
        f"    <title>{escape(entry.id)}</title>",
        f"    <id>{escape(links.entity(entry.id))}</id>",
        f"    <author><name>{AUTHOR}</name></author>",
        f"    <updated>{entry.updated}</updated>",
        f"    <category term={_attr(entry.content.category)}/>",
        f'    <link rel="next" href={_attr(next_href)}/>',
    ]
    if entry.enclosure:
        lines.append(f'    <link rel="enclosure" href={_attr(links.resource(entry.id))}/>')
    lines += [
        '    <content type="application/xml">',
        entry.content.xml("      "),
        "    </content>",
        "  </entry>",
    ]
    return "\n".join(lines)


def _foreign(href: str, target: str) -> str:
    """The same path and query on another server."""
    return f"{target.rstrip('/')}{BASE_PATH}/Feed?{urlsplit(href).query}"


_BOMB = (
    "<!DOCTYPE feed [\n"
    '  <!ENTITY lol0 "lol">\n'
    + "".join(f'  <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(1, 10))
    + "]>"
)
_EXTERNAL = '<!DOCTYPE feed [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>'
_HTML = (
    b"<!DOCTYPE html>\n<html><body>\n<h1>Onderhoud</h1>\n<p>Later opnieuw.</p>\n</body></html>\n"
)
_PADDING = (
    b"  <entry><title>ffffffff-ffff-ffff-ffff-ffffffffffff</title>"
    b'<category term="Document"/></entry>\n'
) * 256


def _huge_body(size: int) -> Iterator[bytes]:
    """`size` bytes of a feed that never ends: a valid start, then entries as padding. Made as
    it is consumed, never held whole."""
    head = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM_NS}">\n'
        "  <title>Gegevensmagazijn SyncFeed</title>\n"
    ).encode()
    yield head[:size]
    sent = len(head)
    while sent < size:
        chunk = _PADDING[: size - sent]
        yield chunk
        sent += len(chunk)


# --- the fake service ---------------------------------------------------------------------------


class FakeSyncFeed:
    """A stand-in for https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0 on 127.0.0.1."""

    def __init__(
        self,
        page_size: int = 2,
        *,
        port: int = 0,
        relative_links: bool = False,
        nil_style: bool = False,
    ):
        self.page_size = page_size
        self.port = port
        self.relative_links = relative_links
        self.nil_style = nil_style
        self.requests: list[str] = []
        self.resource_hits: collections.Counter = collections.Counter()
        self.delay: float = 0.0
        self._lock = threading.Lock()
        self._objects: dict[str, dict[str, dict]] = collections.defaultdict(dict)
        self._feeds: dict[str, dict[str, Published]] = collections.defaultdict(dict)
        self._actors_of: dict[str, set[str]] = {}  # zaak id -> ids of the actors it listed
        self._files: dict[str, FakeFile | None] = {}
        self._seq = FIRST_SEQ
        self._reserved = FIRST_SEQ  # highest resume token handed out: later changes go above it
        self._steps = random.Random(FIRST_SEQ)  # the same gaps in every run
        self._failures: list[list] = []  # [path_contains, remaining statuses, retry_after]
        self._offline_in: int | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._hostile: tuple[str, str, dict] | None = None  # mode, category, parameters
        self.stopping = threading.Event()  # ends the handlers' drip and stream loops
        self.bytes_sent = 0  # by the huge-page mode, to show the client stopped reading

    # lifecycle

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSyncFeed is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}{BASE_PATH}"

    def start(self) -> FakeSyncFeed:
        fake = self

        class Handler(_Handler):
            service = fake

        self.stopping.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        # handler threads are joined on close (block_on_close); none can outlive the test
        self._server.daemon_threads = False
        # a shutdown is noticed at the next poll (0.5 s by default): tests stop many fakes
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
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

    def __enter__(self) -> FakeSyncFeed:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # data

    def get(self, entity_set: str, obj_id: str) -> dict:
        """A copy of the current object (to change it and put it back)."""
        with self._lock:
            return copy.deepcopy(self._objects[entity_set][obj_id])

    def put(self, entity_set: str, obj: dict, visible_at: str | None = None) -> None:
        """Publish obj (a copy) when its rendering changed; for a Zaak also its new and changed
        actors, and tombstones for the actors it no longer lists. `visible_at` is the entry's
        <updated> (default: ApiGewijzigdOp, else GewijzigdOp, else now)."""
        if entity_set not in LAYOUT:
            raise ValueError(f"put knows {sorted(LAYOUT)}, not {entity_set!r}")
        with self._lock:
            self._publish(entity_set, obj, visible_at)
            if entity_set == "Zaak":
                self._publish_actors(obj, visible_at)

    def remove(self, entity_set: str, obj_id: str) -> None:
        """Delete as the service does: a tombstone at a new sequence number (for a Zaak, its
        actors too). An id never put still gets one: clients see deletions of unknown ids."""
        with self._lock:
            old = self._objects[entity_set].get(obj_id, {"Id": obj_id})
            if old.get("Verwijderd"):
                return
            dead = tombstone(old, _later(old, None))
            self._publish(entity_set, dead, None)
            if entity_set == "Zaak":
                self._publish_actors(dead, None)

    def purge(self, entity_set: str, obj_id: str) -> None:
        """Drop an entity from the feed without a tombstone (for a Zaak, its actors too): what
        only a complete listing (assistant sync --volledig) can notice."""
        with self._lock:
            self._feeds[entity_set].pop(obj_id, None)
            self._objects[entity_set].pop(obj_id, None)
            if entity_set == "Zaak":
                actors = self._feeds["ZaakActor"]
                of_zaak = [
                    i for i, e in actors.items() if ("zaak", "ref", obj_id) in e.content.children
                ]
                for actor_id in of_zaak:
                    actors.pop(actor_id)

    def put_file(self, document_id: str, file: FakeFile | None) -> None:
        """Serve this file for the document. As in the Gegevensmagazijn, another file is another
        DocumentVersie: the document is republished with the new version and its length (a
        length the test set itself is kept while the file is the first one)."""
        with self._lock:
            before = self._files.get(document_id)
            self._files[document_id] = file
            doc = self._objects["Document"].get(document_id)
            if file is None or doc is None or doc.get("Verwijderd"):
                return
            changed = before is not None and before.content != file.content
            if not changed and doc.get("ContentLength") is not None:
                return
            doc = copy.deepcopy(doc)
            doc["ContentLength"] = len(file.content)
            if changed:
                digest = hashlib.sha256(file.content).hexdigest()[:12]
                doc["HuidigeDocumentVersie_Id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, digest))
            self._publish("Document", doc, None)

    def entries(self, category: str) -> list[tuple[int, str]]:
        """(seq, id) of every entry now in that category's feed, in feed order."""
        with self._lock:
            return sorted((e.seq, e.id) for e in self._feeds.get(category, {}).values())

    @property
    def last_seq(self) -> int:
        """The latest sequence number handed out (FIRST_SEQ before any change)."""
        with self._lock:
            return self._seq

    def _publish(self, category: str, obj: dict, visible_at: str | None) -> bool:
        """Store obj; when its content differs from the published one, move it to a new seq."""
        content = render_content(category, obj, self.nil_style)
        self._objects[category][obj["Id"]] = copy.deepcopy(obj)
        old = self._feeds[category].get(obj["Id"])
        if old is not None and old.content == content:
            return False
        visible = visible_at or obj.get("ApiGewijzigdOp") or obj.get("GewijzigdOp")
        self._feeds[category][obj["Id"]] = Published(
            self._next_seq(), obj["Id"], content, updated(visible), content.downloadable
        )
        return True

    def _publish_actors(self, z: dict, visible_at: str | None) -> None:
        """The ZaakActor entries of zaak z: each listed one (unchanged ones stay where they
        are), and tombstones for the ones it no longer lists (all of them when z is deleted)."""
        listed = {} if z.get("Verwijderd") else {a["Id"]: a for a in z.get("ZaakActor") or ()}
        for actor in listed.values():
            self._publish("ZaakActor", actor, visible_at)
        for actor_id in sorted(self._actors_of.get(z["Id"], set()) - listed.keys()):
            old = self._objects["ZaakActor"][actor_id]
            if not old.get("Verwijderd"):
                dead = tombstone(old, _later(old, z.get("GewijzigdOp")))
                self._publish("ZaakActor", dead, visible_at)
        self._actors_of[z["Id"]] = set(listed)

    def _next_seq(self) -> int:
        step = self._steps.randint(1, MAX_STEP)
        self._seq = max(self._seq + step, self._reserved + 1)
        return self._seq

    # faults

    def fail_next(
        self, path_contains: str, statuses: list[int], retry_after: str | None = None
    ) -> None:
        """The next len(statuses) requests whose path contains the text get these statuses
        (Error body, Retry-After when given); checked before anything else."""
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
        """From now on, answer the feed of category `on` in this mode (None: behave)."""
        if mode is not None and mode not in HOSTILE_MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {HOSTILE_MODES}")
        unknown = set(params) - _MODE_PARAMS.get(mode or "", set())
        if unknown:
            raise ValueError(f"mode {mode!r} takes no parameter {sorted(unknown)}")
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

    def _window(self, category: str | None, after: int) -> list[Published]:
        """The entries of the category (every category when None) after skiptoken `after`,
        at most a page. An empty window hands out resume token after+1, so later changes
        are numbered above it and a client that resumes there misses none."""
        with self._lock:
            feeds = [self._feeds.get(category, {})] if category else list(self._feeds.values())
            later = sorted((e for f in feeds for e in f.values() if e.seq > after), key=_seq)
            if not later and after <= self._seq:
                self._reserved = max(self._reserved, after + 1)
            return later[: self.page_size]

    def _last(self, category: str) -> Published | None:
        with self._lock:
            return max(self._feeds.get(category, {}).values(), key=_seq, default=None)

    def _page(self, category: str | None, after: int, query: str, links: Links) -> Page:
        """The page the real service answers for `query` (category, skiptoken `after`)."""
        window = self._window(category, after)
        entries = tuple((e, links.entry_next(category, e.seq)) for e in window)
        return Page(
            self_href=links.feed(query),
            entries=entries,
            next_href=links.feed_next(category, window[-1].seq) if window else None,
            resume_href=None if window else links.feed_next(category, after + 1),
        )

    def _hostile_page(self, mode: str, params: dict, page: Page, category: str, after: int,
                      links: Links) -> Page:  # fmt: skip
        """The page changed by one of the modes that keep the XML well-formed."""
        if mode == "wrong-types":
            element, value = params.get("element", "tk:bijgewerkt"), params.get("value", "12345")
            entries = tuple((replace(e, content=e.content.altered(element, value)), href)
                            for e, href in page.entries)  # fmt: skip
            return replace(page, entries=entries)
        if mode in ("bad-next", "backwards-next", "foreign-nextlink"):

            def href_for(kind: str, href: str) -> str:
                if mode == "bad-next":
                    return str(params.get("value", ""))
                if mode == "foreign-nextlink":
                    return _foreign(href, params.get("target", "http://syncfeed.example.invalid"))
                lower = max(after - 1, 0)  # backwards-next: below the token asked (0 stays 0)
                return (links.feed_next if kind == "feed" else links.entry_next)(category, lower)

            return _relinked(page, href_for)
        if mode == "endless" and not page.entries:
            last = self._last(category)
            token = max(after, last.seq if last else 0) + self.page_size
            entries = ((last, links.entry_next(category, token)),) if last else ()
            return Page(page.self_href, entries, links.feed_next(category, token), None)
        return page

    def _file(self, document_id: str) -> FakeFile:
        with self._lock:
            file = self._files.get(document_id)
        if file is None:
            raise FeedError(500)  # the real service: a missing resource is a 500
        return file

    def _content_of(self, entity_id: str) -> Content | None:
        with self._lock:
            for feed in self._feeds.values():
                if entity_id in feed:
                    return feed[entity_id].content
        return None


class _Stopped(Exception):
    """The server stops: a streaming handler ends at once."""


def _seq(entry: Published) -> int:
    return entry.seq


def _relinked(page: Page, href_for) -> Page:
    """The page with every next href (feed-level and per entry) replaced by href_for."""
    entries = tuple((e, href_for("entry", href)) for e, href in page.entries)
    feed_next = href_for("feed", page.next_href) if page.next_href is not None else None
    return replace(page, entries=entries, next_href=feed_next)


def _skiptoken(raw: str | None) -> int:
    """The skiptoken asked; none is the start of the feed. Not a number: 400 (assumed)."""
    if raw is None:
        return 0
    if not raw.isdigit():
        raise FeedError(400, f"skiptoken must be a number, not {raw!r}")
    return int(raw)


def _peer_gone(sock: socket.socket) -> bool:
    """True when the client has closed its side (it sends nothing more after a request)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class _Handler(BaseHTTPRequestHandler):
    service: FakeSyncFeed
    timeout = 30  # no handler blocks on a socket for longer, so stop() always returns

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_GET(self):
        status, retry_after, refuse = self.service._admit(self.path)
        if status is not None:
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return self._error(FeedError(status), headers)
        if refuse:
            self.close_connection = True  # close the socket without a word
            return None
        try:
            self._route()
        except FeedError as exc:
            self._error(exc)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (an interruption test)
        except Exception as exc:  # a bug in the fake: say so instead of dropping the connection
            self._error(FeedError(500, f"Fout in FakeSyncFeed: {exc!r}"))
        return None

    def _not_allowed(self):
        self.service._admit(self.path)
        self._error(FeedError(405, f"{self.command} is not allowed"), {"Allow": "GET"})

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _not_allowed

    def _route(self):
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if not path.startswith(BASE_PATH + "/"):
            raise FeedError(404, f"Unknown path {path}")
        kind, _, entity_id = path[len(BASE_PATH) + 1 :].partition("/")
        if kind == "Feed" and not entity_id:
            return self._feed(parts.query)
        if kind == "Entiteiten" and entity_id and "/" not in entity_id:
            return self._entity(entity_id)
        if kind == "Resources" and entity_id and "/" not in entity_id:
            return self._resource(entity_id)
        raise FeedError(404, f"Unknown path {path}")

    def _feed(self, query: str):
        options = dict(parse_qsl(query, keep_blank_values=True))
        category, after = options.get("category") or None, _skiptoken(options.get("skiptoken"))
        links = Links(self.service.base_url, self.service.relative_links)
        hostile = self.service._hostile
        if hostile is not None and category is not None and hostile[1] == category:
            return self._hostile(hostile[0], hostile[2], category, after, query, links)
        page = self.service._page(category, after, query, links)
        return self._send(200, render_feed(page, links).encode(), FEED_TYPE)

    def _entity(self, entity_id: str):
        content = self.service._content_of(entity_id)
        if content is None:
            raise FeedError(404, f"No entity {entity_id}")
        body = f'<?xml version="1.0" encoding="utf-8"?>\n{content.xml()}\n'
        self._send(200, body.encode(), XML_TYPE)

    def _resource(self, entity_id: str):
        file = self.service._file(entity_id)
        if self.service.delay:
            time.sleep(self.service.delay)
            if _peer_gone(self.connection):
                return  # the client gave up while waiting: not a download
        with self.service._lock:  # counted before sending, so a test never races the count
            self.service.resource_hits[entity_id] += 1
        self._send(200, file.content, {"Content-Type": file.content_type})

    # --- hostile answers --------------------------------------------------------------------

    def _hostile(self, mode: str, params: dict, category: str, after: int, query: str,
                 links: Links):  # fmt: skip
        if mode == "html":
            return self._send(200, _HTML, {"Content-Type": "text/html"})
        if mode == "redirect-loop":
            return self._send(302, b"", {"Location": self.path})
        if mode == "huge-page":
            return self._huge(params.get("size", 1 << 30), params.get("declare", False))
        service = self.service
        page = service._page(category, after, query, links)
        page = service._hostile_page(mode, params, page, category, after, links)
        if mode == "xml-bomb":
            body = render_feed(page, links, title="&lol9;", doctype=_BOMB)
        elif mode == "external-entity":
            body = render_feed(page, links, title="&xxe;", doctype=_EXTERNAL)
        else:
            body = render_feed(page, links)
        data = body.encode()
        if mode == "malformed-xml":
            data = data[: len(data) // 2]
        if mode == "drip":
            return self._drip(data, params)
        return self._send(200, data, FEED_TYPE)

    def _huge(self, size: int, declare: bool):
        """A feed page of `size` bytes, made as it is sent: never held in memory here."""
        self.send_response(200)
        self.send_header("Content-Type", FEED_TYPE["Content-Type"])
        if declare:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        sent = 0
        try:
            for chunk in _huge_body(size):
                sent += self._stream(chunk)
        except (BrokenPipeError, ConnectionResetError, TimeoutError, _Stopped):
            pass  # the client stopped reading (what it should do), or the server stops
        finally:
            self.close_connection = True
            with self.service._lock:
                self.service.bytes_sent += sent

    def _stream(self, data: bytes) -> int:
        """Send data, waiting for room in short slices: a client that stays connected but
        stops reading holds the handler only until the server stops (or the timeout)."""
        view, waited = memoryview(data), 0.0
        while view:
            if self.service.stopping.is_set():
                raise _Stopped
            _, writable, _ = select.select([], [self.connection], [], 0.1)
            if not writable:
                waited += 0.1
                if waited > self.timeout:
                    raise TimeoutError
                continue
            view = view[self.connection.send(view) :]
            waited = 0.0
        return len(data)

    def _drip(self, data: bytes, params: dict):
        """The whole response, status line included, one byte per `interval` seconds."""
        head = f"HTTP/1.0 200 OK\r\nContent-Type: {FEED_TYPE['Content-Type']}\r\n"
        response = f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data
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

    def _error(self, exc: FeedError, headers: dict | None = None):
        body = f"<Error><Message>{escape(str(exc))}</Message></Error>".encode()
        self._send(exc.status, body, {**ERROR_TYPE, **(headers or {})})

    def _send(self, status: int, data: bytes, headers: dict):
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


# --- by hand: python -m assistant.devtools.fake_syncfeed --port 8765 ----------------------------


def demo(fake: FakeSyncFeed, today: date | None = None) -> None:
    """Fictional question sets: two answered in 2024, three still open with deadlines around
    `today` (one overdue and postponed, one due soon, one just in), each open set with its
    question document, and one open set withdrawn by a Mededeling (no file)."""
    _demo_answered(fake)
    today = today or date.today()
    ienw = (("R. Meijer", "minister van Infrastructuur en Waterstaat"),)
    open_sets = [
        (25, "2026Z20411", "wachttijden bij het denkbeeldige Veerloket Oost", (), "postponed"),
        (17, "2026Z20977", "de fictieve storing in het meldsysteem Nachtwacht", (), None),
        (5, "2026Z21530", "het verzonnen plan voor een fietsbrug bij Oudewater", ienw, None),
        (12, "2026Z21102", "de verzonnen sluiting van het Kanaalpad bij Bergdorp", (), "withdrawn"),
    ]
    for nr, (days_ago, nummer, onderwerp, addressees, follow_up) in enumerate(open_sets):
        day = today - timedelta(days=days_ago)
        _demo_open_set(fake, nr, day, nummer, onderwerp, addressees, follow_up)


def _demo_answered(fake: FakeSyncFeed) -> None:
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


def _demo_open_set(fake, nr, day: date, nummer, onderwerp, addressees, follow_up) -> None:
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
    if follow_up == "postponed":
        notice_day = day + timedelta(days=20)
        pdf = mededeling_pdf(
            nummer, onderwerp, ingezonden=format_dutch(day), minister=minister,
            ontvangen=format_dutch(notice_day), reden="afstemming met de gemeente nodig is",
        )  # fmt: skip
        _demo_document(fake, "Mededeling (uitstel antwoord)", z, str(notice_day),
                       f"2026D3{nr:04d}", pdf)  # fmt: skip
    if follow_up == "withdrawn":
        _demo_withdrawal(fake, z, day + timedelta(days=3), f"2026D4{nr:04d}")


def _demo_withdrawal(fake: FakeSyncFeed, z: dict, day: date, number: str) -> None:
    """A Mededeling that the questions are withdrawn: registered without a file."""
    doc = document(
        "Mededeling", [z], f"{day}T00:00:00+01:00", f"{day}T11:00:00+01:00",
        documentnummer=number, content_type=None, content_length=None,
        onderwerp=f"Mededeling dat de vragen van het lid De Vries over {z['Onderwerp']} "
        "zijn ingetrokken",
    )  # fmt: skip
    fake.put("Document", doc)


def _demo_document(fake, soort, z, day: str, number: str, pdf: bytes, aanhangsel=None) -> None:
    doc = document(
        soort, [z], f"{day}T00:00:00+01:00", f"{day}T16:00:00+01:00", documentnummer=number,
        aanhangselnummer=aanhangsel, content_length=len(pdf),
    )  # fmt: skip
    fake.put("Document", doc)
    fake.put_file(doc["Id"], FakeFile(pdf, "application/pdf"))


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="A fake SyncFeed 2.0 with demo objects.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--page-size", type=int, default=2)
    args = parser.parse_args()
    fake = FakeSyncFeed(page_size=args.page_size, port=args.port).start()
    demo(fake)
    print(fake.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
