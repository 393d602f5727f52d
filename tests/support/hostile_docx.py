"""Builders for hostile and broken Word files, made in memory (no binaries in the repository).

Each builder returns the bytes of one .docx. The zip container is written by hand here, so a
test can say things zipfile never would: a member whose declared size lies, two members that
share their data, a deflate stream that inflates to a gigabyte from one megabyte.
`HOSTILE` names every case with the words the refusal must contain; tests and a benchmark
both import it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f'xmlns:w="{W_NS}"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_PART_TYPES = {
    "word/document.xml": (None, f"{_CT_BASE}.document.main+xml"),
    "word/numbering.xml": ("numbering", f"{_CT_BASE}.numbering+xml"),
    "word/footnotes.xml": ("footnotes", f"{_CT_BASE}.footnotes+xml"),
    "word/styles.xml": ("styles", f"{_CT_BASE}.styles+xml"),
}
MB = 1024 * 1024
GB = 1024 * MB

QUESTION_PARAGRAPHS = (
    "Vragen van het lid Visser (D66) aan de Minister van Financiën over de btw "
    "(ingezonden 3 september 2024).",
    "Vraag 1",
    "Kent u het bericht «Btw omhoog»?{fn}",
    "Vraag 2",
    "Wat vindt u daarvan?",
)


# --- the zip container, by hand ---------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One zip entry as written: its stored bytes and what the directory claims about them."""

    name: str
    raw: bytes  # the bytes as stored (deflated unless method is 0)
    crc: int
    size: int  # declared uncompressed size
    method: int = 8  # 8 deflate, 0 stored

    @classmethod
    def of(cls, name: str, content: bytes | str) -> Member:
        data = content.encode() if isinstance(content, str) else content
        return cls(name, _deflate(data), zlib.crc32(data), len(data))


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def write_zip(members: list[Member], shared_offsets: dict[str, str] | None = None) -> bytes:
    """A zip archive; shared_offsets maps a name to an earlier member whose data it reuses."""
    shared_offsets = shared_offsets or {}
    out = bytearray()
    offsets: dict[str, int] = {}
    central = bytearray()
    for m in members:
        name = m.name.encode()
        if m.name in shared_offsets:
            offset = offsets[shared_offsets[m.name]]
        else:
            offset = len(out)
            out += struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, m.method, 0, 0x21, m.crc,
                len(m.raw), m.size, len(name), 0,
            )  # fmt: skip
            out += name + m.raw
        offsets[m.name] = offset
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, m.method, 0, 0x21, m.crc,
            len(m.raw), m.size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


# --- a well-formed Word file, part by part ------------------------------------------------------


def paragraphs_xml(paragraphs=QUESTION_PARAGRAPHS, note_id: str = "1") -> str:
    """Body paragraphs; "{fn}" marks where a footnote reference goes."""
    body = []
    for text in paragraphs:
        before, _, after = text.partition("{fn}")
        runs = f'<w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
        if "{fn}" in text:
            runs += f'<w:r><w:footnoteReference w:id="{note_id}"/></w:r>'
            runs += f'<w:r><w:t xml:space="preserve">{after}</w:t></w:r>' if after else ""
        body.append(f"<w:p>{runs}</w:p>")
    return "".join(body)


def document_xml(body: str | None = None) -> str:
    return f"<w:document {_W}><w:body>{paragraphs_xml() if body is None else body}</w:body>" + (
        "</w:document>"
    )


def footnotes_xml(text: str = "NRC, 1 september 2024") -> str:
    return (
        f'<w:footnotes {_W}><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )


def package(parts: dict[str, Member | str | bytes], extra: list[Member] = ()) -> list[Member]:
    """The members of a Word package: content types, relationships and the given parts."""
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{_PART_TYPES[name][1]}"/>'
        for name in parts
        if name in _PART_TYPES
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/{_PART_TYPES[name][0]}" '
        f'Target="{name.removeprefix("word/")}"/>'
        for i, name in enumerate(parts, start=1)
        if _PART_TYPES.get(name, (None,))[0]
    )
    members = [
        Member.of(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>",
        ),
        Member.of(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        ),
        Member.of(
            "word/_rels/document.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        ),
    ]
    for name, content in parts.items():
        members.append(content if isinstance(content, Member) else Member.of(name, content))
    return members + list(extra)


def word_file(**parts: Member | str | bytes) -> bytes:
    """A Word file from parts given by short name: document, numbering, footnotes, styles."""
    named = {"word/document.xml": parts.pop("document", document_xml())}
    named["word/footnotes.xml"] = parts.pop("footnotes", footnotes_xml())
    for short, content in parts.items():
        named[f"word/{short}.xml"] = content
    return write_zip(package(named))


# --- numbering ----------------------------------------------------------------------------------


def numbering_xml(start: str = "1", ilvl: str | None = "0", fmt: str = "decimal") -> str:
    """One abstract list with one level; attributes are given as raw text, so they can be bad."""
    ilvl_attr = "" if ilvl is None else f' w:ilvl="{ilvl}"'
    return (
        f'<w:numbering {_W}><w:abstractNum w:abstractNumId="0"><w:lvl{ilvl_attr}>'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/>'
        '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


def numbered_document(ilvl_element: str = '<w:ilvl w:val="0"/>', count: int = 2) -> str:
    """The question set with its questions numbered by Word's list formatting only."""
    intro = QUESTION_PARAGRAPHS[0]
    numbered = "".join(
        f'<w:p><w:pPr><w:numPr>{ilvl_element}<w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>Wat vindt u van punt {i}?</w:t></w:r></w:p>"
        for i in range(1, count + 1)
    )
    return document_xml(f"<w:p><w:r><w:t>{intro}</w:t></w:r></w:p>{numbered}")


def numbering_start_not_a_number() -> bytes:
    return word_file(document=numbered_document(), numbering=numbering_xml(start="een"))


def numbering_ilvl_not_a_number() -> bytes:
    return word_file(
        document=numbered_document('<w:ilvl w:val="x"/>'), numbering=numbering_xml(ilvl="x")
    )


def numbering_ilvl_without_value() -> bytes:
    return word_file(document=numbered_document("<w:ilvl/>"), numbering=numbering_xml())


def numbering_ilvl_huge() -> bytes:
    """A level of a billion: a list of counters that long would never finish."""
    return word_file(
        document=numbered_document('<w:ilvl w:val="1000000000"/>'),
        numbering=numbering_xml(ilvl="1000000000"),
    )


def roman_numbering_from_a_billion() -> bytes:
    """2 KB that asked for 10**8 'X' characters per label."""
    return word_file(
        document=numbered_document(), numbering=numbering_xml(start="1000000000", fmt="upperRoman")
    )


def rich_parts() -> dict[str, str]:
    """Parts using what the reader interprets: two list levels, a list style with basedOn, a
    table, a footnote; the seed for mutation tests (word_file(**rich_parts()))."""
    numbering = (
        f'<w:numbering {_W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        '<w:start w:val="3"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    styles = (
        f'<w:styles {_W}><w:style w:type="paragraph" w:styleId="Lijst"><w:pPr><w:numPr>'
        '<w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Vraag"><w:basedOn w:val="Lijst"/></w:style>'
        "</w:styles>"
    )
    numbered = numbered_document(count=3)
    numbered = numbered[numbered.index("<w:body>") + 8 : numbered.index("</w:body>")]
    body = (
        paragraphs_xml()
        + '<w:p><w:pPr><w:pStyle w:val="Vraag"/></w:pPr><w:r><w:t>Via stijl</w:t></w:r></w:p>'
        + '<w:tbl><w:tr><w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
        + "</w:numPr></w:pPr><w:r><w:t>In een cel</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        + numbered
    )
    return {
        "document": document_xml(body),
        "numbering": numbering,
        "styles": styles,
        "footnotes": footnotes_xml(),
    }


# --- broken structure and XML -------------------------------------------------------------------


def document_wrong_root() -> bytes:
    body = f"<w:body>{paragraphs_xml()}</w:body>"
    return word_file(document=f"<w:footnotes {_W}>{body}</w:footnotes>")


def document_without_body() -> bytes:
    return word_file(document=f"<w:document {_W}>{paragraphs_xml()}</w:document>")


def footnotes_flipped_bytes() -> bytes:
    good = bytearray(footnotes_xml().encode())
    for i in range(10, len(good), 17):
        good[i] ^= 0xFF
    return word_file(footnotes=bytes(good))


def footnotes_truncated() -> bytes:
    good = footnotes_xml().encode()
    return word_file(footnotes=good[: len(good) // 2])


def _billion_laughs(root: str) -> str:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{entities}]>'


def footnotes_billion_laughs() -> bytes:
    return word_file(footnotes=_billion_laughs("w:footnotes") + footnotes_xml("&lol9;"))


def footnotes_quadratic_blowup() -> bytes:
    """One 50 KB entity used 50,000 times: 2.5 GB if expanded, no nesting to detect."""
    head = f'<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY a "{"A" * 50_000}">]>'
    return word_file(footnotes=head + footnotes_xml("&a;" * 50_000))


def footnotes_external_entity() -> bytes:
    head = '<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    return word_file(footnotes=head + footnotes_xml("&e;"))


def document_billion_laughs() -> bytes:
    """Entities in the part python-docx parses itself, not us."""
    body = paragraphs_xml(("&lol9;", *QUESTION_PARAGRAPHS))
    return word_file(document=_billion_laughs("w:document") + document_xml(body))


def styles_external_dtd() -> bytes:
    head = '<?xml version="1.0"?><!DOCTYPE w:styles SYSTEM "http://127.0.0.1:9/styles.dtd">'
    return word_file(styles=head + f"<w:styles {_W}/>")


def nested_tables(depth: int = 80) -> bytes:
    """A table in a cell of a table ... `depth` deep, one sentence at the bottom.

    Walking rows with iter() visits the sentence once per enclosing row and cell: about
    depth**2 / 2 copies, so a 20 MB document of this grows to gigabytes of text.
    """
    inner = "<w:p><w:r><w:t>Diepste zin.</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    return word_file(document=document_xml(paragraphs_xml() + inner))


def nested_footnote_paragraphs(depth: int = 80) -> bytes:
    """A footnote whose paragraph holds a paragraph ... `depth` deep (not valid, but parses)."""
    inner = "<w:r><w:t>Bron.</w:t></w:r>"
    for _ in range(depth):
        inner = f"<w:p>{inner}</w:p>"
    notes = f'<w:footnotes {_W}><w:footnote w:id="1">{inner}</w:footnote></w:footnotes>'
    return word_file(footnotes=notes)


# --- zip bombs and zip weirdness ----------------------------------------------------------------


@lru_cache(maxsize=4)
def _zeros_deflated(size: int) -> tuple[bytes, int]:
    """A deflate stream of `size` zero bytes, built from one repeated flushed block, and its CRC.

    Compressing a gigabyte would take seconds; with a full flush each megabyte compresses to the
    same bytes, so the stream is one block repeated.
    """
    chunk = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(size, MB)
    tail = compressor.compress(bytes(rest)) + compressor.flush()
    crc = 0
    for _ in range(whole):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(bytes(rest), crc)
    return first + block * (whole - 1) + tail, crc


def bomb_member(name: str, size: int, declared: int | None = None) -> Member:
    """`size` bytes of XML-ish zeros behind a deflate stream; `declared` may lie about them."""
    raw, crc = _zeros_deflated(size)
    return Member(name, raw, crc, size if declared is None else declared)


def document_bomb(size: int = GB) -> bytes:
    """document.xml declared (truthfully) as a gigabyte, about 1 MB on disk."""
    return write_zip(package({"word/document.xml": bomb_member("word/document.xml", size)}))


def footnotes_bomb(size: int = GB) -> bytes:
    return write_zip(
        package(
            {
                "word/document.xml": document_xml(),
                "word/footnotes.xml": bomb_member("word/footnotes.xml", size),
            }
        )
    )


def lying_size_bomb(size: int = GB) -> bytes:
    """footnotes.xml says 1 KB but inflates to `size`: only streaming with a limit stops it."""
    return write_zip(
        package(
            {
                "word/document.xml": document_xml(),
                "word/footnotes.xml": bomb_member("word/footnotes.xml", size, declared=1024),
            }
        )
    )


def many_parts_bomb(parts: int = 20, size: int = 40 * MB) -> bytes:
    """Images each under the per-part limit, together far over the total."""
    extra = [bomb_member(f"word/media/image{i}.png", size) for i in range(parts)]
    return write_zip(
        package({"word/document.xml": document_xml(), "word/footnotes.xml": footnotes_xml()}, extra)
    )


def too_many_members(count: int = 20_000) -> bytes:
    extra = [Member.of(f"customXml/item{i}.xml", "<a/>") for i in range(count)]
    return write_zip(
        package({"word/document.xml": document_xml(), "word/footnotes.xml": footnotes_xml()}, extra)
    )


def overlapping_members() -> bytes:
    """Two directory entries over the same data (the trick of non-recursive zip bombs)."""
    members = package({"word/document.xml": document_xml(), "word/footnotes.xml": footnotes_xml()})
    twin = Member.of("word/media/twin.xml", document_xml())
    return write_zip([*members, twin], shared_offsets={"word/media/twin.xml": "word/document.xml"})


def duplicate_members() -> bytes:
    members = package({"word/document.xml": document_xml(), "word/footnotes.xml": footnotes_xml()})
    return write_zip([*members, Member.of("word/document.xml", document_xml("<w:p/>"))])


@dataclass(frozen=True)
class Case:
    """A hostile file and the words its refusal must contain."""

    build: Callable[[], bytes]
    expect: str  # "beschadigd", "te groot uitgepakt", or "" when the file must be read fine


HOSTILE: dict[str, Case] = {
    "numbering start not a number": Case(numbering_start_not_a_number, ""),
    "numbering ilvl not a number": Case(numbering_ilvl_not_a_number, ""),
    "numbering ilvl without value": Case(numbering_ilvl_without_value, ""),
    "numbering ilvl of a billion": Case(numbering_ilvl_huge, ""),
    "roman numbering from 10**9": Case(roman_numbering_from_a_billion, ""),
    "tables nested 80 deep": Case(nested_tables, ""),
    "footnote paragraphs nested 80 deep": Case(nested_footnote_paragraphs, ""),
    "document wrong root": Case(document_wrong_root, "beschadigd"),
    "document without body": Case(document_without_body, "beschadigd"),
    "footnotes flipped bytes": Case(footnotes_flipped_bytes, "beschadigd"),
    "footnotes truncated": Case(footnotes_truncated, "beschadigd"),
    "footnotes billion laughs": Case(footnotes_billion_laughs, "beschadigd"),
    "footnotes quadratic blow-up": Case(footnotes_quadratic_blowup, "beschadigd"),
    "footnotes external entity": Case(footnotes_external_entity, "beschadigd"),
    "document billion laughs": Case(document_billion_laughs, "beschadigd"),
    "styles external DTD": Case(styles_external_dtd, "beschadigd"),
    "document.xml bomb 1 GB": Case(document_bomb, "te groot uitgepakt"),
    "footnotes.xml bomb 1 GB": Case(footnotes_bomb, "te groot uitgepakt"),
    "declared 1 KB, inflates 1 GB": Case(lying_size_bomb, "te groot uitgepakt"),
    "20 parts of 40 MB": Case(many_parts_bomb, "te groot uitgepakt"),
    "20,000 members": Case(too_many_members, "beschadigd"),
    "overlapping members": Case(overlapping_members, "beschadigd"),
    "duplicate members": Case(duplicate_members, "beschadigd"),
}
