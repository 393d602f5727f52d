"""The seed's letter against a real JenV letter, both rendered to PDF by LibreOffice:
text edges, first lines, the right-hand column, Datum and the page number each within
0.3 cm of where the real letter has them (benchmarks/letter_layout.py prints the table
for all eight real letters)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from support.pdf_layout import CM, measure, soffice, to_pdf

from assistant.draft import compose_draft
from assistant.intake import read_question_set
from assistant.render import render_draft, render_postponement

pytestmark = [pytest.mark.slow, pytest.mark.realdata]
TOLERANCE_CM = 0.3
REAL_LETTER = "*Eerdmans*.docx"
FIRST_PAGE = ("text top p1", "column left p1", "column top p1", "Datum x p1", "Datum y p1",
              "Retouradres y")  # fmt: skip
LATER_PAGES = ("body left", "body right", "text top p2", "column left p2", "column top p2",
               "Datum x p2", "Datum y p2", "Pagina x", "Pagina y")  # fmt: skip


@pytest.fixture(scope="module")
def libreoffice():
    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (scripts/install-test-deps)")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


@pytest.fixture(scope="module")
def real(shared_data, libreoffice, tmp_path_factory) -> dict:
    letter = next((shared_data / "ministerie-docx").glob(REAL_LETTER))
    out = tmp_path_factory.mktemp("real")
    copy = out / "real.docx"
    copy.write_bytes(letter.read_bytes())
    return measure(to_pdf(copy, out))


@pytest.fixture(scope="module")
def seed_draft(shared_data):
    qs = read_question_set(shared_data / "seed" / "2021Z16950-vragen.txt")
    draft = compose_draft(qs, None, "JenV")
    answers = tuple(replace(a, tekst="Dit is een voorlopig antwoord van enige lengte, zodat de "
                            "regels tot de rechterkantlijn lopen zoals in de echte brieven. " * 3)
                    for a in draft.antwoorden)  # fmt: skip
    return replace(draft, antwoorden=answers, verzenddatum=date(2021, 10, 25),
                   ons_kenmerk="3600001", naam_bewindspersoon="F. Grapperhaus")  # fmt: skip


@pytest.fixture(scope="module")
def ours(seed_draft, libreoffice, tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("ours")
    path = out / "seed-definitief.docx"
    path.write_bytes(render_draft(seed_draft, "definitief"))
    pdf = to_pdf(path, out)
    return measure(pdf), pdf


def off_by(real: dict, ours: dict, keys) -> dict:
    return {k: (round(real[k], 2), None if ours[k] is None else round(ours[k], 2))
            for k in keys
            if ours[k] is None or abs(ours[k] - real[k]) > TOLERANCE_CM}  # fmt: skip


def test_first_page_matches_the_real_letter(real, ours):
    assert off_by(real, ours[0], FIRST_PAGE) == {}


def test_later_pages_match_the_real_letter(real, ours):
    assert ours[0]["pages"] >= 3
    assert off_by(real, ours[0], LATER_PAGES) == {}


def test_footnote_sits_at_the_foot_of_its_page(ours):
    import pdfplumber

    with pdfplumber.open(ours[1]) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            if any(w["text"] == "Trouw," for w in words):
                break
        else:
            pytest.fail("the footnote text is not in the PDF")
    note = next(w for w in words if w["text"] == "Trouw,")
    assert note["top"] > 24 * CM and note["size"] < 8.5  # at the foot, in the note size
    question = [w for w in words if w["text"] == "Vraag" and w["size"] >= 8.5]
    assert question and question[0]["top"] < note["top"]  # the same page as its question


def test_postponement_first_page_matches_the_real_letter(real, seed_draft, tmp_path):
    path = tmp_path / "uitstel.docx"
    path.write_bytes(render_postponement(seed_draft.vragen, "afstemming met Defensie nodig is",
                                         date(2021, 11, 15), "JenV"))  # fmt: skip
    # a one-page letter: compare the first page only (its text is shorter than a letter's)
    ours = measure(to_pdf(path, tmp_path))
    keys = [k for k in FIRST_PAGE if k != "text top p1"]
    assert ours["pages"] == 1 and off_by(real, ours, keys) == {}
