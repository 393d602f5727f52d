"""Hostile and broken Word files: each is read or refused as InputError naming the file.

The files are built in memory by tests/support/hostile_docx.py. Refusals of zip bombs are shown to
happen without inflating them: python-docx and zipfile are made to fail the test if they are
reached, and the bytes our own guard inflates are counted.
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import zipfile
import zlib

import docx
import pytest
import support.hostile_docx as h

from assistant.errors import InputError
from assistant.extract import safe_xml, safe_zip
from assistant.extract.docx import MAX_LIST_NUMBER, read_docx

REFUSED = {name: case for name, case in h.HOSTILE.items() if case.expect}
READABLE = {name: case for name, case in h.HOSTILE.items() if not case.expect}


def questions_cli(path, home) -> subprocess.CompletedProcess:
    """`assistant questions PATH` as a user runs it; the process group never outlives the test."""
    env = dict(os.environ, ASSISTANT_HOME=str(home))
    with subprocess.Popen(
        [sys.executable, "-m", "assistant", "questions", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=180)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


# --- every case, in process -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_file_is_refused_naming_it(name):
    case = REFUSED[name]
    with pytest.raises(InputError) as info:
        read_docx(case.build(), "vijandig.docx")
    assert case.expect in info.value.message
    assert info.value.message.endswith(": vijandig.docx")
    assert "\n" not in info.value.message


@pytest.mark.parametrize("name", list(READABLE))
def test_odd_but_harmless_file_is_read(name):
    extracted = read_docx(READABLE[name].build(), "vreemd.docx")
    assert extracted.text.startswith("Vragen van het lid Visser (D66)")


# --- through the command, as the user meets it ----------------------------------------------

CLI_CASES = [
    "numbering start not a number",
    "document wrong root",
    "footnotes flipped bytes",
    "footnotes billion laughs",
    "footnotes external entity",
    "document.xml bomb 1 GB",
    "declared 1 KB, inflates 1 GB",
    "overlapping members",
]


@pytest.mark.parametrize("name", CLI_CASES)
def test_command_answers_one_line_with_exit_2(name, tmp_path):
    case = h.HOSTILE[name]
    path = tmp_path / "kamervragen-vijandig.docx"
    path.write_bytes(case.build())
    result = questions_cli(path, tmp_path / "home")
    err = result.stderr.decode()
    if not case.expect:  # read fine: the numbered questions come out
        assert result.returncode == 0, err
        assert "Wat vindt u van punt 2?" in result.stdout.decode()
        return
    assert result.returncode == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert path.name in err and case.expect in err


# --- numbering: bad attributes count as absent, numbers are capped --------------------------


def _labels(data: bytes) -> list[str]:
    lines = read_docx(data, "lijst.docx").text.split("\n\n")
    return [line.split(" Wat vindt")[0] for line in lines if "Wat vindt u van punt" in line]


@pytest.mark.parametrize(
    "build",
    [h.numbering_start_not_a_number, h.numbering_ilvl_not_a_number, h.numbering_ilvl_huge],
)
def test_malformed_numbering_attribute_counts_as_absent(build):
    assert _labels(build()) == ["1.", "2."]


def test_ilvl_without_value_is_level_zero():
    assert _labels(h.numbering_ilvl_without_value()) == ["1.", "2."]


def test_roman_numbering_from_a_billion_is_capped_with_a_warning():
    data = h.word_file(
        document=h.numbered_document(),
        numbering=h.numbering_xml(start="1000000000", fmt="upperRoman"),
    )
    extracted = read_docx(data, "lijst.docx")
    assert _labels(data) == ["MMMMMMMMMM.", "MMMMMMMMMM."]
    assert extracted.warnings == ("lijstnummering boven 10.000 is als 10.000 weergegeven",)


def test_counter_running_past_the_cap_stops_there():
    data = h.word_file(
        document=h.numbered_document(count=3),
        numbering=h.numbering_xml(start=str(MAX_LIST_NUMBER - 1)),
    )
    assert _labels(data) == ["9999.", "10000.", "10000."]


def test_normal_numbers_have_no_warning_and_word_letters_and_numerals():
    data = h.word_file(
        document=h.numbered_document(count=3),
        numbering=h.numbering_xml(start="26", fmt="lowerLetter"),
    )
    assert _labels(data) == ["z.", "aa.", "bb."]
    assert read_docx(data, "lijst.docx").warnings == ()
    roman = h.word_file(
        document=h.numbered_document(count=2),
        numbering=h.numbering_xml(start="1948", fmt="upperRoman"),
    )
    assert _labels(roman) == ["MCMXLVIII.", "MCMXLIX."]


def test_list_style_numbering_follows_based_on_chains_and_survives_cycles():
    document = docx.Document()
    styles = document.styles
    previous = styles["List Number"]
    for i in range(5):
        style = styles.add_style(f"Keten{i}", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = previous
        previous = style
    loop_a = styles.add_style("LusA", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    loop_b = styles.add_style("LusB", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    loop_a.base_style, loop_b.base_style = loop_b, loop_a
    document.add_paragraph("Vragen van het lid Visser (D66).")
    document.add_paragraph("Wat vindt u van punt 1?", style="Keten4")
    document.add_paragraph("Wat vindt u van punt 2?", style="LusA")
    document.add_paragraph("Wat vindt u van punt 3?", style="Keten2")
    buffer = io.BytesIO()
    document.save(buffer)
    assert _labels(buffer.getvalue()) == ["1.", "Wat vindt u van punt 2?", "2."]


# --- structure: nesting does not multiply text ----------------------------------------------


def test_nested_tables_give_their_text_once():
    text = read_docx(h.nested_tables(80), "tabellen.docx").text
    assert text.count("Diepste zin.") == 1


def test_nested_footnote_paragraphs_give_their_text_once():
    extracted = read_docx(h.nested_footnote_paragraphs(80), "noten.docx")
    assert extracted.footnotes == {1: "Bron."}


# --- mutations: whatever the damage, read or refused, never a crash -------------------------


def test_rich_seed_is_read_with_its_labels():
    text = read_docx(h.word_file(**h.rich_parts()), "rijk.docx").text
    for line in ("ii.A) Via stijl", "In een cel", "iii. Wat vindt u van punt 1?", "v. Wat vindt"):
        assert f"\n\n{line}" in text


def test_byte_mutations_of_the_zip_are_read_or_refused():
    seed = h.word_file(**h.rich_parts())
    rng = random.Random(15)
    for _ in range(2000):
        data = bytearray(seed)
        for _ in range(rng.choice((1, 2, 4, 16))):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_docx(bytes(data), "gemuteerd.docx")
        except InputError as exc:
            assert exc.message.endswith(": gemuteerd.docx")


MUTATION_TOKENS = (
    '"', "<", ">", "/", "", " ", "-1", "99999999999999", "1e3", "x", "9", "&amp;", "&x;",
    "\x00", "w:ilvl", "<w:p>", "</w:p>", "<w:tbl>", 'w:val="', "<!DOCTYPE x>", "\uffff",
)  # fmt: skip


def test_text_mutations_of_each_xml_part_are_read_or_refused():
    parts = h.rich_parts()
    rng = random.Random(15)
    for _ in range(1000):
        which = rng.choice(list(parts))
        xml = parts[which]
        for _ in range(rng.choice((1, 2, 3, 6))):
            at = rng.randrange(len(xml))
            xml = xml[:at] + rng.choice(MUTATION_TOKENS) + xml[at + rng.choice((0, 1, 3, 10)) :]
        data = h.word_file(**{**parts, which: xml.encode("utf-8", "surrogatepass")})
        try:
            read_docx(data, "gemuteerd.docx")
        except InputError as exc:
            assert exc.message.endswith(": gemuteerd.docx")


# --- zip bombs: refused before anything inflates them ---------------------------------------


@pytest.fixture
def count_inflated(monkeypatch):
    """Counts the bytes safe_zip inflates; python-docx and zipfile reading fail the test."""
    counted = {"bytes": 0}
    real_inflate = safe_zip._inflate

    def counting(data, info):
        for chunk in real_inflate(data, info):
            counted["bytes"] += len(chunk)
            yield chunk

    def forbidden(*args, **kwargs):
        raise AssertionError("a zip bomb reached a reader that inflates it whole")

    monkeypatch.setattr(safe_zip, "_inflate", counting)
    monkeypatch.setattr(docx, "Document", forbidden)
    monkeypatch.setattr(zipfile.ZipFile, "open", forbidden)
    return counted


def test_declared_gigabyte_is_refused_from_the_directory(count_inflated):
    with pytest.raises(InputError, match=r"te groot uitgepakt.*document\.xml.*: bom\.docx"):
        read_docx(h.document_bomb(h.GB), "bom.docx")
    assert count_inflated["bytes"] == 0


def test_declared_gigabyte_footnotes_are_refused_from_the_directory(count_inflated):
    with pytest.raises(InputError, match=r"te groot uitgepakt.*footnotes\.xml"):
        read_docx(h.footnotes_bomb(h.GB), "bom.docx")
    assert count_inflated["bytes"] == 0


def test_lying_declared_size_is_stopped_at_the_limit(count_inflated):
    with pytest.raises(InputError, match=r"te groot uitgepakt.*footnotes\.xml"):
        read_docx(h.lying_size_bomb(h.GB), "bom.docx")
    limit = safe_zip.MAX_XML_PART_BYTES + safe_zip.CHUNK_BYTES
    assert count_inflated["bytes"] <= limit + 100_000  # plus the few small parts before it


def test_parts_within_limit_but_too_much_together_are_refused(count_inflated):
    with pytest.raises(InputError, match="alle onderdelen samen"):
        read_docx(h.many_parts_bomb(parts=20, size=40 * h.MB), "bom.docx")
    assert count_inflated["bytes"] == 0


def test_xml_renamed_to_hide_it_gets_the_xml_limit(count_inflated):
    """A part named .bin still gets the XML limit once its content shows it is XML."""
    raw, _ = h._zeros_deflated(30 * h.MB)
    head = b"<w:document>"
    body = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = body.compress(head) + body.flush(zlib.Z_FULL_FLUSH)
    member = h.Member("word/document.bin", stream + raw, 0, 30 * h.MB + len(head))
    data = h.write_zip([*h.package({"word/footnotes.xml": h.footnotes_xml()}), member])
    with pytest.raises(InputError, match=r"document\.bin meer dan 20 MB"):
        read_docx(data, "bom.docx")


# --- the guard's own checks -------------------------------------------------------------------


def _valid_word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("Vraag 1")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_normal_word_file_passes_the_guard():
    safe_zip.check_word_zip(_valid_word_file(), "gewoon.docx")


def test_real_word_files_pass_the_guard(shared_data):
    files = sorted(shared_data.rglob("*.docx"))
    assert files
    for path in files:
        safe_zip.check_word_zip(path.read_bytes(), path.name)


def test_wrong_crc_is_damage():
    members = h.package({"word/document.xml": h.document_xml()})
    document = members[-1]
    members[-1] = h.Member(document.name, document.raw, document.crc ^ 1, document.size)
    with pytest.raises(InputError, match=r"beschadigd.*document\.xml klopt niet"):
        safe_zip.check_word_zip(h.write_zip(members), "kapot.docx")


def test_cut_off_deflate_stream_is_damage():
    members = h.package({"word/document.xml": h.document_xml()})
    document = members[-1]
    members[-1] = h.Member(document.name, document.raw[:20], document.crc, document.size)
    with pytest.raises(InputError, match=r"beschadigd: kapot\.docx"):
        safe_zip.check_word_zip(h.write_zip(members), "kapot.docx")


# --- the hardened XML parser ------------------------------------------------------------------

DTD_CASES = {
    "internal entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>',
    "external entity": b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
    "external DTD": b'<!-- c --><!DOCTYPE r SYSTEM "http://127.0.0.1:9/r.dtd"><r/>',
    "utf-16": '<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>'.encode("utf-16"),
}


@pytest.mark.parametrize("name", list(DTD_CASES))
def test_any_dtd_is_refused_whole_or_in_one_byte_pieces(name):
    data = DTD_CASES[name]
    with pytest.raises(safe_xml.UnsafeXMLError):
        safe_xml.parse(data)
    with pytest.raises(safe_xml.UnsafeXMLError):
        safe_xml.check_prolog(data[i : i + 1] for i in range(len(data)))


def test_plain_xml_parses_and_broken_xml_is_a_syntax_error():
    assert safe_xml.parse("<r><a>é</a></r>".encode("utf-16")).find("a").text == "é"
    safe_xml.check_prolog([b"\x89PNG\r\n\x1a\n", b"not xml at all"])  # not XML: not its concern
    with pytest.raises(safe_xml.etree.XMLSyntaxError):
        safe_xml.parse(b"<r><a></r>")
