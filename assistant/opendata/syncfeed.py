"""The Tweede Kamer's SyncFeed 2.0 (Atom XML) as a KamerReader.

Why the SyncFeed: the OData v4/2.0 endpoint was switched off in 2026 (OpenDataPortaal
issue #175, which also says "Aan de SyncFeed API verandert niets"), and the names of
the OData version after it are not published where we could check them. The SyncFeed
is documented (opendata.tweedekamer.nl/documentatie/syncfeed-api) and read by public
clients (berthubert/tkconv's tkgetxml, alphons/OpenDataPortaal's FeedController).

Its shape, as those sources show it:

- ``{base}/Feed?category=<Soort>&skiptoken=<n>``: the changes of one entity kind, in
  the order they became visible, one entry per entity at its latest version. Each
  entry's ``<link rel="next">`` carries the skiptoken that resumes just after it
  (tkconv keeps exactly that); the page has one too. A page without entries, with a
  ``<link rel="resume">``, means the reader is up to date (issue #37).
- An entry: ``<title>`` is the entity's GUID, ``<updated>`` the moment it became
  visible in the API (ApiGewijzigdOp), ``<link rel="enclosure">`` its file, and
  ``<content>`` the entity in the tkData namespace: a root element named after the
  kind (``zaak``, ``zaakActor``, ``document``) with attributes ``id``,
  ``tk:bijgewerkt`` (GewijzigdOp), ``tk:verwijderd`` and, on documents,
  ``tk:contentType`` and ``tk:contentLength``; fields as child elements; references
  as ``<zaak ref="…"/>`` (the XSD's, in alphons/OpenDataPortaal).

Assumed (not in public material we could check): the exact ``category`` term, the
attributes of the enclosure link besides ``href`` (only ``href`` is read) and the
page size (250 in a third-party note; nothing depends on it).

The XML is parsed without DTDs or entities (defusedxml): a feed that declares
any is refused as the service's fault.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import defusedxml
import defusedxml.ElementTree as SafeET
import httpx

from ..config import TK_API
from ..errors import AssistantError
from .client import ClientSettings, KamerClient, MissingResource, Resource, ServiceError, one_line
from .reader import DOCUMENT, ZAAK, ZAAK_ACTOR, Change, Record
from .records import (
    MalformedRecord,
    TkActor,
    TkDocument,
    TkZaak,
    TkZaakActor,
    local_day,
    normalise_timestamp,
)

ATOM = "{http://www.w3.org/2005/Atom}"
_ROOTS = {ZAAK: "zaak", ZAAK_ACTOR: "zaakActor", DOCUMENT: "document"}
_GUID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # goes into URLs and file names: nothing else


@dataclass(frozen=True)
class Entity:
    """One entity from a feed entry, namespace-free: its fields as text and its references."""

    kind: str  # the root element's name, e.g. "document"
    id: str
    bijgewerkt: str | None
    verwijderd: bool
    attributes: dict[str, str]
    fields: dict[str, str | None]
    refs: dict[str, tuple[str, ...]]
    enclosure: str | None = None


@dataclass(frozen=True)
class Page:
    entries: list[tuple[int | None, Entity]]  # (the entry's own resume token, its entity)
    next_link: str | None  # the page's rel="next"; None at the end


class FeedListing:
    """The pages of one category from a cursor on; see reader.Changes."""

    def __init__(self, feed: SyncFeed, category: str, after: int | None):
        self._feed, self._category, self._after = feed, category, after
        self.complete = False
        self.pages = 0

    def __iter__(self) -> Iterator[list[Change]]:
        client, category = self._feed.client, self._category
        url = f"{client.base_url}/Feed"
        params: dict[str, str] | None = {"category": category}
        if self._after is not None:
            params["skiptoken"] = str(self._after)
        cursor = self._after
        seen: set[str] = set()
        while True:
            page = parse_page(client.page(url, params, category), category)
            self.pages += 1
            changes = []
            for token, entity in page.entries:
                cursor = token if token is not None else cursor
                changes.append(Change(cursor or 0, to_record(entity, category)))
            following = _token(page.next_link, category) if page.next_link else None
            if changes and following is not None and changes[-1].cursor < following:
                changes[-1] = Change(following, changes[-1].record)
            yield changes
            if not page.entries or page.next_link is None:
                self.complete = True  # a page without entries: up to date
                return
            if following is not None and self._after is not None and following <= self._after:
                raise ServiceError(
                    f"de API verwijst op {category} terug naar een eerdere pagina "
                    f"(skiptoken {following} na {self._after})"
                )
            url, params = client.next_url(page.next_link, url, category), None
            if url in seen:
                raise ServiceError(
                    f"de API verwijst steeds naar dezelfde pagina ({one_line(url, 200)})"
                )
            seen.add(url)
            self._after = following if following is not None else self._after
            if self.pages >= client.settings.max_pages:
                return  # the rest waits for the next run; the cursor marks where we are


class SyncFeed:
    """A KamerReader over the SyncFeed: polite and bounded through KamerClient."""

    def __init__(
        self,
        base_url: str = TK_API,
        settings: ClientSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        settings = settings or ClientSettings()
        self.client = KamerClient(base_url, settings, transport=transport, sleep=sleep)

    @property
    def requests(self) -> int:
        return self.client.requests

    @property
    def retried(self) -> int:
        return self.client.retried

    def changes(self, category: str, after: int | None) -> FeedListing:
        return FeedListing(self, category, after)

    def resource(self, document: TkDocument) -> Resource:
        if document.content_length == 0:
            raise MissingResource("het bestand bij dit document is leeg (lengte 0)")
        if document.content_length is None and not document.bestand_url:
            raise MissingResource("geen bestand bij dit document (de Kamer meldt er geen)")
        url = document.bestand_url or f"Resources/{document.id}"
        base = f"{self.client.base_url}/"  # a relative link is relative to the feed's folder
        return self.client.resource(self.client.next_url(url, base, "Resources"))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> SyncFeed:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_feed_url(url: str) -> str:
    """The SyncFeed's base address; the switched-off OData address gets a clear message."""
    if "/odata/" in url.lower() + "/":
        raise AssistantError(
            f"'{url}' is een OData-adres; de OData v4-API van de Tweede Kamer is uitgezet en de "
            "sync leest de SyncFeed: gebruik https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0 "
            "(of laat $ASSISTANT_TK_API leeg)"
        )
    return url


# --- reading a page ------------------------------------------------------------------------------


def parse_page(data: bytes, category: str) -> Page:
    """An Atom page -> its entries; ServiceError for anything that is not such a page."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ServiceError(
            f"onverwacht antwoord van de API op {category}: geen geldige feed (een DTD of "
            "entiteiten, die niet worden gelezen)"
        ) from exc
    except (ET.ParseError, ValueError) as exc:
        raise ServiceError(
            f"onverwacht antwoord van de API op {category}: geen geldige feed "
            f"({one_line(str(exc) or type(exc).__name__, 100)})"
        ) from exc
    if root.tag != f"{ATOM}feed":
        raise ServiceError(
            f"onverwacht antwoord van de API op {category}: geen Atom-feed "
            f"(begint met <{one_line(_local(root.tag), 40)}>)"
        )
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        entity = _entity(entry, category)
        if entity is not None:
            entries.append((_token(_link(entry, "next"), category), entity))
    return Page(entries, _link(root, "next"))


def _entity(entry: ET.Element, category: str) -> Entity | None:
    content = entry.find(f"{ATOM}content")
    body = list(content) if content is not None else []
    if not body:
        return None  # an entry without content (content=external) carries nothing to store
    node = body[0]
    attributes = {_local(k): v for k, v in node.attrib.items()}
    what = f"{category} {one_line(attributes.get('id', '?'), 40)}"
    identifier = attributes.get("id") or (entry.findtext(f"{ATOM}title") or "").strip()
    if not _GUID.fullmatch(identifier):
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {category} met ongeldige id ({identifier[:40]!r})"
        )
    fields: dict[str, str | None] = {}
    refs: dict[str, list[str]] = {}
    for child in node:
        name = _local(child.tag)
        ref = child.attrib.get("ref")
        if ref is not None:
            refs.setdefault(name, []).append(ref)
        elif any(_local(k) == "nil" and v.lower() == "true" for k, v in child.attrib.items()):
            fields[name] = None
        else:
            fields[name] = _text(child.text)
    return Entity(
        kind=_local(node.tag),
        id=identifier,
        bijgewerkt=attributes.get("bijgewerkt"),
        verwijderd=_boolean(attributes.get("verwijderd"), "verwijderd", what) or False,
        attributes=attributes,
        fields=fields,
        refs={k: tuple(v) for k, v in refs.items()},
        enclosure=_link(entry, "enclosure"),
    )


def _link(node: ET.Element, rel: str) -> str | None:
    for link in node.findall(f"{ATOM}link"):
        if link.attrib.get("rel") == rel:
            return link.attrib.get("href", "")
    return None


def _token(link: str | None, category: str) -> int | None:
    """The skiptoken of a next link, in either parameter order."""
    if link is None:
        return None
    values = parse_qs(urlsplit(link.strip()).query).get("skiptoken") or [""]
    if not re.fullmatch(r"\d{1,18}", values[0]):
        raise ServiceError(
            f"onverwacht antwoord van de API op {category}: de link naar de volgende pagina "
            f"heeft geen geldig skiptoken ({one_line(link, 80)!r})"
        )
    return int(values[0])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _text(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None


# --- entity -> record ----------------------------------------------------------------------------


def to_record(entity: Entity, category: str) -> Record:
    expected = _ROOTS.get(category)
    if expected and entity.kind != expected:
        raise MalformedRecord(
            f"onverwacht antwoord van de API: de feed {category} bevat een <{entity.kind}>"
        )
    build = {ZAAK: zaak_record, ZAAK_ACTOR: actor_record, DOCUMENT: document_record}[category]
    return build(entity)


def zaak_record(e: Entity) -> TkZaak:
    what = f"Zaak {e.id}"
    return TkZaak(
        **_identity(e, what),
        nummer=e.fields.get("nummer"),
        soort=e.fields.get("soort"),
        onderwerp=e.fields.get("onderwerp"),
        gestart_op=_day(e.fields.get("gestartOp"), "gestartOp", what),
        afgedaan=bool(_boolean(e.fields.get("afgedaan"), "afgedaan", what)),
        vergaderjaar=e.fields.get("vergaderjaar"),
    )


def actor_record(e: Entity) -> TkZaakActor:
    what = f"ZaakActor {e.id}"
    zaak = _reference(e, "zaak", what)
    actor = TkActor(
        naam=e.fields.get("actorNaam") or "",
        relatie=e.fields.get("relatie") or "",
        fractie=e.fields.get("actorFractie"),
        functie=e.fields.get("functie"),
    )
    return TkZaakActor(
        **_identity(e, what),
        zaak_id=zaak,
        actor=None if e.verwijderd else actor,
    )


def document_record(e: Entity) -> TkDocument:
    what = f"Document {e.id}"
    length = e.attributes.get("contentLength")
    if length is not None and not re.fullmatch(r"\d{1,12}", length.strip()):
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: contentLength is geen getal ({length[:40]!r})"
        )
    versie = _reference(e, "huidigeDocumentVersie", what)
    return TkDocument(
        **_identity(e, what),
        soort=e.fields.get("soort"),
        documentnummer=e.fields.get("documentNummer"),
        onderwerp=e.fields.get("onderwerp"),
        datum=_day(e.fields.get("datum"), "datum", what),
        aanhangselnummer=e.fields.get("aanhangselnummer"),
        content_type=_text(e.attributes.get("contentType")),
        content_length=int(length) if length is not None else None,
        versie=versie,
        bestand_url=e.enclosure,
        zaak_ids=_references(e, "zaak", what),
    )


def _identity(e: Entity, what: str) -> dict:
    """The fields every record starts with: its id, its change time at the source, deleted."""
    return {
        "id": e.id,
        "gewijzigd_op": _moment(e.bijgewerkt, "bijgewerkt", what),
        "verwijderd": e.verwijderd,
    }


def _reference(e: Entity, name: str, what: str) -> str | None:
    """The one id an entity refers to by `name` (the first, if the feed sends more)."""
    found = _references(e, name, what)
    return found[0] if found else None


def _references(e: Entity, name: str, what: str) -> tuple[str, ...]:
    """The ids an entity refers to by `name`; a reference sent as text, or an id that is none,
    breaks the schema (taking it as 'no reference' would file a document under nothing)."""
    if e.fields.get(name) is not None:
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: {name} is geen verwijzing "
            f"({e.fields[name][:40]!r})"
        )
    found = e.refs.get(name, ())
    for ref in found:
        if not _GUID.fullmatch(ref):
            raise MalformedRecord(
                f"onverwacht antwoord van de API: {what}: {name} verwijst naar een ongeldige id "
                f"({ref[:40]!r})"
            )
    return found


def _moment(value: str | None, name: str, what: str) -> str:
    try:
        return normalise_timestamp(value)
    except (ValueError, OverflowError) as exc:
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: {name} is geen tijdstip ({str(value)[:40]!r})"
        ) from exc


def _day(value: str | None, name: str, what: str):
    try:
        return local_day(value)
    except (ValueError, OverflowError) as exc:
        raise MalformedRecord(
            f"onverwacht antwoord van de API: {what}: {name} is geen datum ({str(value)[:40]!r})"
        ) from exc


def _boolean(value: str | None, name: str, what: str) -> bool | None:
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise MalformedRecord(
        f"onverwacht antwoord van de API: {what}: {name} is geen true/false ({value[:40]!r})"
    )
