"""Incoming question set: ExtractedText -> QuestionSet.

Finds the numbered questions ("Vraag 1", "Vraag 10 en 11", "1.", "1)", "Vraag 1:"),
stops each question at the next heading of any kind (another question, an
answer heading, "Toelichting", "Mededeling"), and reads the header before the
first question. Answer texts are skipped here; past answers are parsed in answers.py.
"""

from __future__ import annotations

import re

from ..dates import answer_deadline
from ..errors import NotAQuestionSetError
from ..extract import ExtractedText
from ..footnotes import find_typed_footnotes
from ..identifiers import KENMERK
from ..models import Question, QuestionSet
from ..nl import enumerate_nl
from ..textclean import join_lines, take_markers
from .answered import unheaded_answers
from .header import parse_header
from .segments import (
    Block,
    Segments,
    clean_with_notes,
    paragraphs,
    paragraphs_text,
    prepare,
    segment,
    split_group,
    split_unheaded_answer,
)


def parse_question_set(extracted: ExtractedText) -> QuestionSet:
    """Parse a question set; raise NotAQuestionSetError if it holds no numbered questions."""
    prepared = prepare(extracted)
    warnings = prepared.warnings
    segments = segment(prepared.lines)
    warnings.extend(segments.warnings)
    blocks = segments.of("vraag")
    derived = None if blocks else unnumbered_questions(segments.header)
    if not blocks and derived is None:
        raise NotAQuestionSetError("geen genummerde vragen gevonden")
    if derived is None:
        unheaded = set(unheaded_answers(segments)) if segments.has_answers else set()
        questions = read_questions(blocks, prepared.notes, list(warnings), unheaded)
        header = parse_header(paragraphs_text(segments.header))
        asks = _asks_questions(questions, segments.headed, bool(header.kenmerk or header.indieners))
        if not asks and not segments.headed and not segments.has_answers:
            # pasted text without numbering whose footnote lines ("1) Dagblad ...",
            # no marker in the text) were taken for numbered items
            derived = unnumbered_questions(segments.header)
        if derived is None and not asks:
            raise NotAQuestionSetError(
                "geen genummerde vragen gevonden (de genummerde punten zijn geen vragen)"
            )
    if derived is not None:
        header_lines, blocks = derived
        # numbered items taken for questions are footnote lines ("1) Dagblad ...")
        tail = [f"{b.numbers[0]}) " + " ".join(b.lines) for b in segments.of("vraag")]
        blocks, notes = _pasted_footnotes(blocks, tail, prepared.notes, warnings)
        segments = Segments(header_lines, segments.of("toelichting"), False, False)
        header = parse_header(paragraphs_text(header_lines))
        warnings.append(
            "de vragen waren niet genummerd; de nummering is afgeleid uit de alinea's "
            "(elke alinea na de kop is één vraag)"
        )
        questions = read_questions(blocks, notes, warnings, set())
        if not _asks_questions(questions, False, bool(header.kenmerk or header.indieners)):
            raise NotAQuestionSetError("geen genummerde vragen gevonden")
    else:
        questions = read_questions(blocks, prepared.notes, warnings, unheaded)
    warnings[:0] = header.warnings
    toelichting_lines = [ln for b in segments.of("toelichting") for ln in [*b.lines, ""]]
    toelichting = paragraphs_text(toelichting_lines) or None
    if toelichting:
        toelichting, _ = take_markers(toelichting)

    deadline = answer_deadline(header.ingezonden) if header.ingezonden else None
    if header.ingezonden and deadline is None:
        warnings.append(
            "uiterste antwoorddatum valt na het einde van de kalender (31 december 9999); "
            "niet berekend"
        )
    own = header.kenmerk
    found = KENMERK.findall(" ".join([toelichting or "", *(q.tekst for q in questions)]))
    references = tuple(dict.fromkeys(k for k in found if k != own))
    return QuestionSet(
        kenmerk=own,
        indieners=header.indieners,
        gericht_aan=header.gericht_aan,
        onderwerp=header.onderwerp,
        ingezonden=header.ingezonden,
        uiterste_antwoorddatum=deadline,
        vragen=tuple(questions),
        toelichting=toelichting,
        verwijzingen=references,
        waarschuwingen=tuple(dict.fromkeys(warnings)),
    )


_HEADER_START = re.compile(r"^\s*Vragen\s+van\s+(?:het|de)\s+(?:lid|leden)\b", re.I)
_SENTENCE_END = re.compile(r"[.?!:;)\]»\"']\s*$")
_SUBJECT_NAMED = re.compile(r"\sover\s|over(?=het\s|de\s)|\((?:ingezonden|ingediend)")
_SUBJECT_REACH = 12  # longer than any match of _SUBJECT_NAMED, lookahead included


def unnumbered_questions(lines: list[str]) -> tuple[list[str], list[Block]] | None:
    """Pasted Word text lost its numbering: every paragraph after the header
    sentence ("Vragen van ... over ...") is one question, numbered 1..n.

    A paragraph is a non-empty line; a line that starts in lower case after a line
    without closing punctuation continues it (a wrapped line). Returns the header
    lines and one block per question, or None without a header sentence.
    """
    start = next((i for i, ln in enumerate(lines) if _HEADER_START.match(ln)), None)
    if start is None:
        return None
    end = start + 1
    # the header sentence may wrap until it names its subject ("... over ..."); each new
    # line is searched with the end of the text before it (a match is at most
    # _SUBJECT_REACH long), never the whole growing sentence again
    joined_tail = lines[start]
    found = _SUBJECT_NAMED.search(joined_tail)
    while end < len(lines) and lines[end].strip() and not found:
        joined_tail = joined_tail[-_SUBJECT_REACH:] + " " + lines[end]
        found = _SUBJECT_NAMED.search(joined_tail)
        end += 1
    paragraphs_found: list[list[str]] = []
    previous = ""
    for line in lines[end:]:
        text = line.replace("\u00a0", " ").strip()
        if not text:
            previous = ""
            continue
        if previous and not _SENTENCE_END.search(previous) and text[0].islower():
            paragraphs_found[-1].append(text)
        else:
            paragraphs_found.append([text])
        previous = text
    if not paragraphs_found:
        return None
    blocks = [Block("vraag", [nr], para) for nr, para in enumerate(paragraphs_found, start=1)]
    return lines[:end], blocks


_NOTE_LINE = re.compile(r"^\s*\d{1,2}\)\s+\S")


def _pasted_footnotes(
    blocks: list[Block], tail: list[str], notes: dict[int, str], warnings: list[str]
) -> tuple[list[Block], dict[int, str]]:
    """Footnotes in pasted text without blank lines: "1) Dagblad ..." lines after the
    questions, markers "? 1)" at the end of a question. Each paragraph is set apart
    so the usual finder (markers must occur earlier) takes them; note lines that
    match no marker are left out with a warning. Blocks renumbered 1..n."""
    paras = [join_lines(b.lines) for b in blocks] + tail
    text, found = find_typed_footnotes("\n\n".join(paras), plain_digits=False, taken=set(notes))
    kept = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    while kept and _NOTE_LINE.match(kept[-1]) and "?" not in kept[-1]:
        warnings.append(f"regel '{kept[-1][:40]}' lijkt een voetnoot zonder verwijzing; weggelaten")
        kept.pop()
    out = [Block("vraag", [nr], [p]) for nr, p in enumerate(kept, start=1)]
    return out, {**notes, **found}


def read_questions(
    blocks: list[Block], notes: dict[int, str], warnings: list[str], unheaded: set[int]
) -> list[Question]:
    """Question blocks -> questions in number order; grouped headings split where possible.

    In an answer document a question block may hold an answer that lacks its
    heading (``unheaded``: first numbers of such blocks); that part is cut off
    here (answers.py keeps it as the answer).
    """
    questions: list[Question] = []
    seen: set[int] = set()
    doubles: set[int] = set()
    for block in blocks:
        lines = block.lines
        if block.numbers[0] in unheaded:
            cut = split_unheaded_answer(lines)
            if cut is not None:
                lines = cut[0]
                warnings.append(
                    f"bij vraag {enumerate_nl(block.numbers)} ontbreekt de kop 'Antwoord'; "
                    "de tekst na de vraag is als antwoord gezien"
                )
        texts = split_group(lines, len(block.numbers))
        if texts is None:
            warnings.append(
                f"vragen {enumerate_nl(block.numbers)} staan onder één kop met één tekst; "
                "elke vraag kreeg die hele tekst"
            )
            # one text for every number: cleaned once, so a heading with many numbers
            # costs as much as one question
            shared = clean_with_notes(
                "\n".join(paragraphs(lines)),
                notes,
                warnings,
                f"vragen {enumerate_nl(block.numbers)}",
            )
            cleaned = [shared] * len(block.numbers)
        else:
            cleaned = None
        for k, nr in enumerate(block.numbers):
            if nr in seen:
                if nr not in doubles:  # one warning per number, however often it recurs
                    doubles.add(nr)
                    warnings.append(f"vraag {nr} komt dubbel voor; de eerste is gebruikt")
                continue
            seen.add(nr)
            if cleaned is None:
                text, footnotes = clean_with_notes(texts[k], notes, warnings, f"vraag {nr}")
            else:
                text, footnotes = cleaned[k]
            if not text:
                warnings.append(f"vraag {nr} heeft geen tekst")
            questions.append(Question(nr=nr, tekst=text, voetnoten=footnotes))
    missing = _missing(seen)
    if missing:
        warnings.append(f"nummering springt: vraag {missing} ontbreekt")
    questions.sort(key=lambda q: q.nr)
    return questions


def _missing(seen: set[int]) -> str:
    """The numbers missing from 1..max(seen) ("3", "3 en 4", runs of three or more as
    "4 t/m 9"), so the warning stays short for any numbering."""
    runs: list[tuple[int, int]] = []
    expected = 1
    for nr in sorted(seen):
        if nr > expected:
            runs.append((expected, nr - 1))
        expected = max(expected, nr + 1)
    parts = [
        str(a) if a == b else (f"{a} en {b}" if b == a + 1 else f"{a} t/m {b}") for a, b in runs
    ]
    return enumerate_nl(parts)


def _asks_questions(questions: list[Question], headed: bool, has_header: bool) -> bool:
    """Tell a question set from a letter with a numbered list.

    Under "Vraag N" headings one real question is enough; plain numbered items
    must mostly be questions, and a lone numbered item needs a Kamervragen header.
    """
    asking = sum("?" in q.tekst for q in questions)
    if headed:
        return asking >= 1
    if len(questions) == 1 and not has_header:
        return False
    return asking * 2 >= len(questions)
