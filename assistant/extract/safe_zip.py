"""Check a Word file's zip container before anything inflates it.

python-docx reads every part it needs into memory at once, so a 1 MB file whose document.xml
inflates to a gigabyte costs a gigabyte (or four) before any parser can object. This module
looks at the zip's directory first (declared sizes, member count, names, overlapping data),
then inflates every member as a stream, counting what comes out and stopping at the limit:
declared sizes are written by the file's maker and can lie. Each XML part's prolog is checked
on the way for a DTD (see safe_xml), so python-docx never sees entity declarations either.
"""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
import zlib
from collections.abc import Iterator

from ..errors import InputError
from .safe_xml import PrologCheck, UnsafeXMLError

MB = 1024 * 1024
# One part: photos are a few MB each; a Word file embedding a 50 MB one is not a question set.
MAX_PART_BYTES = 50 * MB
# One XML part (any member that starts as XML, whatever its name: python-docx goes by content
# type). Real answer letters have a document.xml of about 100 KB, a long policy note a few MB.
# python-docx builds an lxml tree of it and we walk every paragraph: measured on this 2-core
# box, 49 MB of empty paragraphs took 43 s and 1.2 GB, 19 MB took 21 s and 0.5 GB.
MAX_XML_PART_BYTES = 20 * MB
# All parts together: images do not compress, and the input file itself is at most 20 MB
# (config.MAX_INPUT_BYTES), so a real Word file inflates to well under this.
MAX_TOTAL_BYTES = 200 * MB
# Real Word files have tens of members, a few hundred with many images; each directory entry
# costs a Python object, and a file of tiny entries is a way to spend memory without content.
MAX_MEMBERS = 5_000
CHUNK_BYTES = 256 * 1024  # inflated bytes per step of the stream

# What zipfile raises for a directory it cannot read (NotImplementedError: "zip file version").
_UNREADABLE_ZIP = (
    zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
    NotImplementedError, struct.error,
)  # fmt: skip
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50


def check_word_zip(data: bytes, label: str) -> None:
    """Raise InputError unless `data` is a zip that inflates within the limits and has no DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _UNREADABLE_ZIP as exc:
        raise InputError(f"geen geldig Word-bestand (.docx): {label}") from exc
    _check_directory(infos, len(data), label)
    total = 0
    for info in infos:
        size = crc = 0
        prolog = PrologCheck()
        try:
            for chunk in _inflate(data, info):
                prolog.feed(chunk)
                size += len(chunk)
                total += len(chunk)
                if size > _part_limit(info.filename, prolog.is_xml) or total > MAX_TOTAL_BYTES:
                    raise InputError(_too_big(label, info.filename, size, total, prolog.is_xml))
                crc = zlib.crc32(chunk, crc)
            prolog.close()
        except UnsafeXMLError as exc:
            raise InputError(
                f"Word-bestand is beschadigd (DTD of entiteiten in {info.filename}): {label}"
            ) from exc
        except (zlib.error, ValueError) as exc:
            raise InputError(f"Word-bestand is beschadigd: {label}") from exc
        if size != info.file_size or crc != info.CRC:
            raise InputError(
                f"Word-bestand is beschadigd ({info.filename} klopt niet met de "
                f"inhoudsopgave): {label}"
            )


def _check_directory(infos: list[zipfile.ZipInfo], length: int, label: str) -> None:
    """What the zip's directory says, before a byte is inflated."""
    damaged = f"Word-bestand is beschadigd: {label}"
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            f"Word-bestand is beschadigd ({len(infos)} onderdelen; maximaal {MAX_MEMBERS}): {label}"
        )
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise InputError(f"Word-bestand is beschadigd (onderdelen dubbel): {label}")
    declared_total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"Word-bestand is beschadigd (versleuteld onderdeel): {label}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InputError(damaged)
        declared_total += info.file_size
        if info.file_size > _part_limit(info.filename) or declared_total > MAX_TOTAL_BYTES:
            raise InputError(_too_big(label, info.filename, info.file_size, declared_total))
    spans = sorted((info.header_offset, info.header_offset + info.compress_size) for info in infos)
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        if end > next_start:  # members sharing bytes: how non-recursive zip bombs multiply
            raise InputError(f"Word-bestand is beschadigd (overlappende onderdelen): {label}")
    if spans and spans[-1][1] > length:
        raise InputError(damaged)


def _inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in chunks of at most CHUNK_BYTES, whatever its header claims.

    Reads the raw data behind the local header and inflates it here: zipfile would stop at the
    declared size, which hides how large the member really is.
    """
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise ValueError("local header outside the file")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_SIGNATURE:
        raise ValueError("no local header")
    begin = start + _LOCAL_HEADER.size + fields[9] + fields[10]  # name and extra field lengths
    raw = memoryview(data)[begin : begin + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), CHUNK_BYTES):
            yield bytes(raw[i : i + CHUNK_BYTES])
        return
    inflater = zlib.decompressobj(-15)
    pending: bytes | memoryview = raw
    while not inflater.eof:
        chunk = inflater.decompress(pending, CHUNK_BYTES)
        pending = inflater.unconsumed_tail
        if not chunk and not pending:
            raise ValueError("deflate stream ends too soon")
        yield chunk


def _part_limit(name: str, is_xml: bool = False) -> int:
    """The XML limit for parts named or found to be XML, the general one for the rest."""
    if is_xml or name.lower().endswith((".xml", ".rels")):
        return MAX_XML_PART_BYTES
    return MAX_PART_BYTES


def _too_big(label: str, part: str, size: int, total: int, is_xml: bool = False) -> str:
    limit = _part_limit(part, is_xml)
    if size > limit:
        what = f"{part} meer dan {limit // MB} MB"
    else:
        what = f"alle onderdelen samen meer dan {MAX_TOTAL_BYTES // MB} MB"
    return f"Word-bestand is te groot uitgepakt ({what}): {label}"
