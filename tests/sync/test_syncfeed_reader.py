"""The SyncFeed reader on its own: paging by skiptoken, the end of the feed, links, and XML
that must be refused. Pages are written here in the feed's shape (see samples/syncfeed)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from assistant.errors import AssistantError
from assistant.opendata.client import ClientSettings, ServiceError
from assistant.opendata.reader import DOCUMENT, ZAAK
from assistant.opendata.syncfeed import SyncFeed, check_feed_url

FAST = ClientSettings(interval=0, backoff=0.01)
BASE = "http://kamer.test/SyncFeed/2.0"
TK = "http://www.tweedekamer.nl/xsd/tkData/v1-0"


def zaak_entry(guid: str, token: int, *, next_href: str | None = None) -> str:
    href = next_href or f"{BASE}/Feed?category=Zaak&amp;skiptoken={token}"
    return f"""<entry><title>{guid}</title><id>{BASE}/Entiteiten/{guid}</id>
      <updated>2024-03-05T10:00:00.0000000+01:00</updated><category term="Zaak"/>
      <link rel="next" href="{href}"/>
      <content type="application/xml"><zaak xmlns="{TK}" xmlns:tk="{TK}" id="{guid}"
        tk:bijgewerkt="2024-03-05T09:59:00.1230000" tk:verwijderd="false">
        <nummer>2024Z0{token % 10000:04d}</nummer><soort>Schriftelijke vragen</soort>
        <onderwerp>Fictief onderwerp {token}</onderwerp>
        <gestartOp>2024-03-05T00:00:00+01:00</gestartOp><afgedaan>false</afgedaan>
      </zaak></content></entry>"""


def feed(entries: list[str], next_href: str | None = None, *, end: int | None = None) -> bytes:
    links = f'<link rel="next" href="{next_href}"/>' if next_href is not None else ""
    if end is not None:
        links = f'<link rel="resume" href="{BASE}/Feed?skiptoken={end + 1}"/>'
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gegevensmagazijn SyncFeed</title>
{links}<updated>2024-03-05T10:00:00+01:00</updated>{"".join(entries)}</feed>""".encode()


def serve(pages: dict[int | None, bytes], seen: list[str] | None = None):
    """A transport answering each skiptoken (None: the first page) with a prepared page."""

    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(str(request.url))
        token = parse_qs(urlsplit(str(request.url)).query).get("skiptoken")
        body = pages.get(int(token[0]) if token else None)
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, content=body, headers={"Content-Type": "application/atom+xml"})

    return httpx.MockTransport(answer)


def read_all(pages, after=None, category=ZAAK, settings=FAST):
    with SyncFeed(BASE, settings, transport=serve(pages)) as kamer:
        listing = kamer.changes(category, after)
        changes = [c for page in listing for c in page]
    return changes, listing


def test_pages_are_followed_by_skiptoken_until_a_page_without_entries():
    pages = {
        None: feed([zaak_entry("a1", 101), zaak_entry("a2", 105)],
                   f"{BASE}/Feed?skiptoken=105&amp;category=Zaak"),
        105: feed([zaak_entry("a3", 230)], f"{BASE}/Feed?skiptoken=230&amp;category=Zaak"),
        230: feed([], end=230),
    }  # fmt: skip
    changes, listing = read_all(pages)
    assert [c.record.id for c in changes] == ["a1", "a2", "a3"]
    assert [c.cursor for c in changes] == [101, 105, 230]  # each entry's own resume point
    assert listing.complete and listing.pages == 3
    assert changes[0].record.nummer == "2024Z00101"
    assert changes[0].record.gewijzigd_op == "2024-03-05T08:59:00.123000Z"  # naive = Dutch time


def test_a_cursor_resumes_after_it_and_an_empty_page_changes_nothing():
    pages = {230: feed([], end=230)}
    changes, listing = read_all(pages, after=230)
    assert changes == [] and listing.complete


def test_parameter_order_and_relative_links_both_work():
    pages = {
        None: feed([zaak_entry("a1", 7)], "Feed?category=Zaak&amp;skiptoken=7"),
        7: feed([zaak_entry("a2", 9, next_href="Feed?skiptoken=9&amp;category=Zaak")],
                "Feed?skiptoken=9&amp;category=Zaak"),
        9: feed([], end=9),
    }  # fmt: skip
    changes, listing = read_all(pages)
    assert [c.cursor for c in changes] == [7, 9] and listing.complete


def test_a_next_link_back_to_an_earlier_token_is_the_services_fault():
    pages = {
        50: feed([zaak_entry("a1", 60)], f"{BASE}/Feed?skiptoken=40&amp;category=Zaak"),
    }
    with pytest.raises(ServiceError, match="eerdere pagina"):
        read_all(pages, after=50)


@pytest.mark.parametrize("href", ["", "Feed?category=Zaak&amp;skiptoken=abc", "Feed?category=Zaak"])
def test_a_next_link_without_a_usable_skiptoken_is_refused(href):
    pages = {None: feed([zaak_entry("a1", 7)], href)}
    with pytest.raises(ServiceError, match="volgende pagina"):
        read_all(pages)


def test_a_page_cap_leaves_the_listing_incomplete():
    pages = {
        None: feed([zaak_entry("a1", 1)], f"{BASE}/Feed?skiptoken=1&amp;category=Zaak"),
        1: feed([zaak_entry("a2", 2)], f"{BASE}/Feed?skiptoken=2&amp;category=Zaak"),
    }
    changes, listing = read_all(pages, settings=ClientSettings(interval=0, max_pages=1))
    assert [c.record.id for c in changes] == ["a1"] and not listing.complete


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&d;</title></feed>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>"""


@pytest.mark.parametrize(
    "body",
    [
        BOMB,
        EXTERNAL,
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b"<html>onderhoud</html>",
    ],
    ids=["entity-bomb", "external-entity", "cut-off", "not-a-feed"],
)
def test_xml_that_is_no_plain_feed_is_refused(body):
    with pytest.raises(ServiceError, match="feed"):
        read_all({None: body})


def test_fields_of_the_wrong_type_are_refused_not_skipped():
    entry = zaak_entry("a1", 7).replace(
        "<afgedaan>false</afgedaan>", "<afgedaan>misschien</afgedaan>"
    )
    with pytest.raises(ServiceError, match="afgedaan is geen true/false"):
        read_all({None: feed([entry], f"{BASE}/Feed?skiptoken=7&amp;category=Zaak")})


def test_an_entity_of_another_kind_in_a_category_is_refused():
    with pytest.raises(ServiceError, match="bevat een <zaak>"):
        read_all({None: feed([zaak_entry("a1", 7)], None)}, category=DOCUMENT)


def test_the_switched_off_odata_address_gets_a_clear_message():
    with pytest.raises(AssistantError, match="SyncFeed"):
        check_feed_url("https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0")
    assert check_feed_url(BASE) == BASE


# --- replay: the sample pages in tests/samples/syncfeed (shapes from public sources, see
# SOURCES.md there), read by the reader and synced end to end --------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "syncfeed"
REAL_BASE = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_the_sample_pages_read_as_records():
    from assistant.opendata.syncfeed import parse_page, to_record

    zaken = [to_record(e, "Zaak") for _, e in parse_page(sample("feed-zaak.xml"), "Zaak").entries]
    assert [(z.nummer, z.soort) for z in zaken] == [
        ("2024Z08123", "Schriftelijke vragen"), ("2024Z08190", "Mondelinge vragen")
    ]  # fmt: skip
    assert zaken[0].gewijzigd_op == "2024-05-14T14:42:09.317000Z"  # naive: Dutch summer time
    assert zaken[1].gewijzigd_op == "2024-05-15T08:03:51.000000Z"
    page = parse_page(sample("feed-zaakactor.xml"), "ZaakActor")
    actors = [to_record(e, "ZaakActor") for _, e in page.entries]
    assert [a.actor.relatie for a in actors if a.actor] == [
        "Indiener",
        "Medeindiener",
        "Gericht aan",
    ]
    assert actors[-1].verwijderd and actors[-1].actor is None
    page = parse_page(sample("feed-document.xml"), "Document")
    assert [token for token, _ in page.entries] == [17000204, 17000211, 17000226, 17000231]
    docs = [to_record(e, "Document") for _, e in page.entries]
    answer, withdrawal, deleted, questions = docs
    assert answer.publicatie == "ah-tk-20232024-1777" and len(answer.zaak_ids) == 2
    assert answer.bestand_url.endswith("/Resources/" + answer.id)
    assert answer.content_length == 48213 and answer.versie
    assert withdrawal.is_withdrawal and withdrawal.content_length is None
    assert deleted.verwijderd and deleted.soort is None
    assert questions.aanhangselnummer is None and questions.datum.isoformat() == "2024-06-05"
    end = parse_page(sample("feed-end.xml"), "Document")
    assert end.entries == [] and end.next_link is None
    verslag = parse_page(sample("feed-ns1.xml"), "Verslag")  # ns1-prefixed content reads too
    assert {e.kind for _, e in verslag.entries} == {"verslag"}
    assert all(e.attributes.get("bijgewerkt") for _, e in verslag.entries)


def test_a_sync_replayed_from_the_sample_pages(tmp_path):
    from assistant.devtools.kamer_world import answer_pdf
    from assistant.opendata import SyncOptions, open_question_sets, sync
    from assistant.store import Store

    pages = {"Zaak": "feed-zaak.xml", "ZaakActor": "feed-zaakactor.xml",
             "Document": "feed-document.xml"}  # fmt: skip
    pdf = answer_pdf("2024Z08123", "de verzonnen veerpont bij Zandwijk",
                     [("Kent u het bericht?", "Ja.")], ingezonden="14 mei 2024",
                     ontvangen="4 juni 2024")  # fmt: skip
    asked: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if "/Resources/" in request.url.path:
            return httpx.Response(200, content=pdf, headers={"Content-Type": "application/pdf"})
        query = parse_qs(urlsplit(str(request.url)).query)
        body = (
            sample("feed-end.xml") if "skiptoken" in query else sample(pages[query["category"][0]])
        )
        return httpx.Response(200, content=body, headers={"Content-Type": "application/atom+xml"})

    with (
        SyncFeed(REAL_BASE, FAST, transport=httpx.MockTransport(answer)) as kamer,
        Store.in_home(tmp_path) as store,
    ):
        report = sync(store, kamer, tmp_path, SyncOptions())
        (doc,) = [d for d in store.documents()]
        sets = open_question_sets(store)
    assert report.added and report.failed == [] and report.zaken_opgeslagen == 1
    assert doc["kenmerk"] == "2024Z08123" and doc["ah_id"] == "ah-tk-20232024-1777"
    assert report.waiting == 2  # the withdrawal and the questions: their sets are not in the sample
    assert sets == []  # the one set is answered
    files = [r for r in asked if "/Resources/" in r.url.path]
    assert len(files) == 1 and "json" not in files[0].headers.get("Accept", "")
    feeds = [r for r in asked if "/Feed" in r.url.path]
    assert all("xml" in r.headers["Accept"] for r in feeds)
