"""Hostile plain text (issue 15): any text gives a QuestionSet or a clear input error, never
another exception; numbers of any length; dates at the end of the calendar; large inputs
in bounded work.

Work is bounded without timing: big inputs are parsed in a worker process with a CPU-time
limit (RLIMIT_CPU) far above what linear parsing needs and far below what the quadratic
(or exponential) code took, so a regression is reported as a killed worker. Timings
are in benchmarks/text_scaling.py.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.hostile_text import (
    HEADER,
    hyphenated,
    numbered_set,
    one_long_token,
    repeated,
    typed_footnotes,
)

from assistant.dates import answer_deadline
from assistant.errors import InputError, NotAQuestionSetError
from assistant.footnotes import find_typed_footnotes
from assistant.intake import parse_question_text
from assistant.models import QuestionSet
from assistant.textclean import join_lines

TESTS = Path(__file__).resolve().parents[1]

# --- dates -------------------------------------------------------------------------------


def test_deadline_past_the_end_of_the_calendar_is_a_warning():
    qs = parse_question_text(numbered_set(2, date="31 december 9999"))
    assert qs.ingezonden == date(9999, 12, 31)
    assert qs.uiterste_antwoorddatum is None
    assert any("einde van de kalender" in w for w in qs.waarschuwingen)
    assert any("onwaarschijnlijk" in w and "9999" in w for w in qs.waarschuwingen)


def test_deadline_on_the_last_day_of_the_calendar_still_works():
    qs = parse_question_text(numbered_set(2, date="10 december 9999"))
    assert qs.uiterste_antwoorddatum == date(9999, 12, 31)


@pytest.mark.parametrize("day", [date.min, date(1, 1, 1), date(2021, 10, 1), date.max])
def test_answer_deadline_never_raises(day):
    deadline = answer_deadline(day)
    assert deadline is None or (deadline - day).days == 21


def test_ordinary_dates_get_no_plausibility_warning():
    qs = parse_question_text(numbered_set(2, date="1 oktober 2021"))
    assert qs.uiterste_antwoorddatum == date(2021, 10, 22)
    assert not any("onwaarschijnlijk" in w for w in qs.waarschuwingen)


# --- question numbers --------------------------------------------------------------------


@pytest.mark.parametrize("style", ["vraag", "nummer"])
def test_a_thousand_and_two_questions(style):
    qs = parse_question_text(numbered_set(1002, style=style))
    assert [q.nr for q in qs.vragen] == list(range(1, 1003))
    assert all(f"punt {q.nr} " in q.tekst for q in qs.vragen)
    assert not any("nummering" in w or "dubbel" in w for w in qs.waarschuwingen)


def test_an_implausible_question_number_is_text_with_a_warning():
    text = numbered_set(2) + "Vraag 123456789012345678901234567890\nKlopt dat ook?\n"
    qs = parse_question_text(text)
    assert [q.nr for q in qs.vragen] == [1, 2]
    assert "123456789012345678901234567890" in qs.vragen[1].tekst
    assert any("onwaarschijnlijk" in w for w in qs.waarschuwingen)


def test_a_number_of_thousands_of_digits_is_no_error():
    qs = parse_question_text(numbered_set(1) + "Vraag " + "9" * 5000 + "\nEn dit?\n")
    assert len(qs.vragen) == 1


def test_a_huge_range_is_text_with_a_warning():
    qs = parse_question_text(numbered_set(2) + "Vraag 3 t/m 100000000\nEn de rest?\n")
    assert [q.nr for q in qs.vragen] == [1, 2]
    assert any("onwaarschijnlijk" in w for w in qs.waarschuwingen)


def test_missing_numbers_are_named_as_ranges():
    text = HEADER.format(date="1 oktober 2021")
    text += "".join(f"Vraag {nr}\nKlopt {nr}?\n\n" for nr in (1, 2, 9, 11, 13, 14, 2000))
    warnings = parse_question_text(text).waarschuwingen
    assert "nummering springt: vraag 3 t/m 8, 10, 12 en 15 t/m 1999 ontbreekt" in warnings


def test_one_warning_per_doubled_number():
    qs = parse_question_text(repeated(numbered_set(3), 20_000))
    assert [q.nr for q in qs.vragen] == [1, 2, 3]
    assert sum("komt dubbel voor" in w for w in qs.waarschuwingen) == 3


def test_a_grouped_heading_shares_one_cleaned_text():
    text = HEADER.format(date="1 oktober 2021") + "Vraag 1 t/m 40\nKlopt dit allemaal?[^1]\n"
    qs = parse_question_text(text)
    assert len(qs.vragen) == 40
    assert len({q.tekst for q in qs.vragen}) == 1
    assert any("voetnoot 1 bij vragen 1, 2" in w for w in qs.waarschuwingen)


# --- footnotes ---------------------------------------------------------------------------


def test_bracket_number_at_the_start_of_a_line_is_no_marker():
    # used to crash: the marker search took the line break before "[1]" as part of the marker
    qs = parse_question_text("Vraag 1\nKlopt dit?\n[1] ja\n\n[1] Bron, 2021\n")
    assert qs.vragen[0].tekst.startswith("Klopt dit?")


def test_typed_footnotes_in_a_long_set_all_attach():
    qs = parse_question_text(typed_footnotes(99))
    assert len(qs.vragen) == 99
    assert all([f.nr for f in q.voetnoten] == [q.nr] for q in qs.vragen)
    assert all(q.voetnoten[0].tekst.startswith(f"Website Bron, bericht {q.nr},") for q in qs.vragen)


# --- big inputs in bounded work ----------------------------------------------------------

# CPU seconds a worker may use. Linear parsing of these inputs needs a few seconds; the
# code before issue 15 needed minutes to hours (quadratic) or forever (exponential).
CPU_LIMIT = 120

_WORKER = """
import sys
sys.path.insert(0, sys.argv[1])
import support.hostile_text as H
from assistant.errors import InputError, NotAQuestionSetError
from assistant.intake import parse_question_text
seed = open(sys.argv[3], encoding="utf-8").read() if sys.argv[3] else ""
text = eval(sys.argv[2], {"H": H, "seed": seed})
try:
    qs = parse_question_text(text)
    print("vragen", len(qs.vragen), eval(sys.argv[4], {"qs": qs}))
except (InputError, NotAQuestionSetError) as exc:
    print("fout", exc)
"""


def _parse_in_worker(expression: str, seed: Path | None = None, check: str = "True") -> str:
    """Parse the text the expression builds in a worker with a CPU-time limit; its output:
    "vragen N" and the check evaluated on the question set qs, or "fout ..." """

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 5))

    args = [sys.executable, "-c", _WORKER, str(TESTS), expression, str(seed or ""), check]
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
        start_new_session=True,
        cwd=TESTS.parent,
    )
    try:
        out, err = proc.communicate(timeout=CPU_LIMIT * 10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0, f"worker ended with {proc.returncode}: {err[-500:]}"
    return out.strip()


@pytest.fixture(scope="module")
def seed(shared_data) -> Path:
    return shared_data / "seed" / "2021Z16950-vragen.txt"


@pytest.mark.slow  # 2 MB parsed in a worker process; full suite only
def test_seed_repeated_to_two_megabytes(seed):
    check = "[f.nr for f in qs.vragen[0].voetnoten], qs.vragen[0].voetnoten[0].tekst[:13]"
    out = _parse_in_worker("H.repeated(seed, 2_000_000)", seed, check)
    assert out == "vragen 14 ([1], 'Website Trouw')"


@pytest.mark.slow  # 2 MB parsed in a worker process; full suite only
def test_footnote_lines_without_markers():
    # each footnote-like line used to search for its marker from the start of the text
    check = "len(qs.vragen[0].tekst) > 1_000_000"
    assert _parse_in_worker("H.unmatched_footnote_lines(2_000_000)", check=check) == "vragen 1 True"


@pytest.mark.slow  # 2 MB parsed in a worker process; full suite only
def test_hyphenated_paragraph_of_two_megabytes():
    check = "'veilig-' not in qs.vragen[0].tekst and qs.vragen[0].tekst.count('heids veil') > 9999"
    assert _parse_in_worker("H.hyphenated(2_000_000)", check=check) == "vragen 1 True"


@pytest.mark.slow  # 2 MB parsed in a worker process; full suite only
def test_one_word_of_two_megabytes_over_hyphenated_lines():
    # joining used to rescan the whole growing word for every line
    check = "qs.vragen[0].tekst.count('-')"
    assert _parse_in_worker("H.one_long_token(2_000_000)", check=check) == "vragen 1 0"


def test_long_run_of_number_separators():
    # "Vraag 1 en en en ... x": the number pattern tried every split (exponential)
    text = "H.numbered_set(1) + 'Vraag 2' + ' en' * 200 + ' Klopt het?\\n'"
    assert _parse_in_worker(text, check="qs.vragen[0].tekst[-10:]") == "vragen 1 Klopt het?"


def test_long_pasted_header():
    # the header forms' lazy parts made a failed search polynomial in the line length
    header = "'lid Jansen aan de Minister van Financiën over ' * 20_000"
    assert _parse_in_worker(header + " + '\\n\\nVraag 1\\nKlopt het?\\n'") == "vragen 1 True"
    answering = "'Antwoord van de Minister van Financiën ' * 20_000"
    assert _parse_in_worker(answering + " + '\\n\\nVraag 1\\nKlopt het?\\n'") == "vragen 1 True"


def test_long_unnumbered_header_sentence():
    text = "'Vragen van de leden Jansen\\n' + 'en nog een regel tekst\\n' * 100_000"
    assert _parse_in_worker(text) == "fout geen genummerde vragen gevonden"


# --- properties --------------------------------------------------------------------------


def _parses_or_input_error(text: str) -> QuestionSet | None:
    try:
        return parse_question_text(text)
    except (InputError, NotAQuestionSetError):
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_gives_a_question_set_or_an_input_error(text):
    _parses_or_input_error(text)


_JUNK = st.sampled_from(
    [
        "Klopt het?",
        "Zo ja, waarom?",
        "zie [1]",
        "[1] Bron",
        "1 Website",
        "2) Dagblad",
        "(ingezonden 31 december 9999)",
        "Antwoord",
        "Antwoord op vragen 1 t/m 99999",
        "Toelichting:",
        "Mededeling",
        "produc-",
        "ren",
        "https://example.org/a-",
        "b/c",
        "\u00ad",
        "lid Jansen over",
        "",
        "   ",
        "«« »»",
    ]
)
_NUMBER = st.one_of(st.integers(0, 30), st.integers(0, 10**40), st.just(10**4), st.just(9999)).map(
    str
)
_HEADING = st.tuples(
    st.sampled_from(["Vraag ", "Vragen ", "", "Antwoord op vraag "]),
    st.lists(_NUMBER, min_size=1, max_size=4),
    st.sampled_from([", ", " en ", " t/m ", " ", " en en "]),
    st.sampled_from(["", ".", ":", ")", " Klopt het?"]),
).map(lambda t: t[0] + t[2].join(t[1]) + t[3])
_LINE = st.one_of(_HEADING, _JUNK, st.text(max_size=30))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=30), st.booleans())
def test_numbered_sets_with_junk_give_a_question_set_or_an_input_error(lines, with_header):
    text = (HEADER.format(date="1 oktober 2021") if with_header else "") + "\n".join(lines)
    qs = _parses_or_input_error(text)
    if qs is not None:
        numbers = [q.nr for q in qs.vragen]
        assert numbers == sorted(set(numbers))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab-/.:?A1 w\u00ad"), max_size=20).map(
            lambda s: " ".join(s.split())
        ),
        max_size=12,
    ),
    st.integers(0, 12),
)
def test_joining_continues_from_any_prefix(lines, k):
    """The join keeps only a summary of the text so far; continuing from the joined prefix
    as one line must give the same text."""
    whole = join_lines(lines)
    prefix = join_lines(lines[:k])
    assert join_lines([prefix, *lines[k:]]) == whole


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_JUNK, st.text(max_size=20)), max_size=20), st.booleans())
def test_typed_footnotes_never_change_the_number_of_kept_lines(lines, plain):
    text = "\n".join(lines)
    clean, notes = find_typed_footnotes(text, plain_digits=plain)
    assert clean.count("\n") <= text.count("\n")
    assert all(isinstance(nr, int) for nr in notes)


def test_builders_give_the_sizes_asked():
    assert len(hyphenated(100_000)) >= 100_000
    assert len(one_long_token(100_000)) >= 90_000
    assert len(repeated("abc", 1000)) >= 1000


def test_a_word_without_spaces_is_shown_in_lines_of_the_terminal_width():
    """textwrap alone cuts such a word quadratically (19 MB took minutes); the terminal view
    cuts it into line-sized pieces first."""
    from assistant import parse_question_text
    from assistant.show import format_question_set

    word = "x" * 200_000
    qs = parse_question_text(f"Vraag 1\nKlopt {word}?\n")
    lines = format_question_set(qs).splitlines()
    assert max(len(line) for line in lines) <= 88
    assert "".join(line.strip() for line in lines).count("x") == len(word)
