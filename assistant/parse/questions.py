"""Incoming question set: ExtractedText -> QuestionSet.

Finds the numbered questions ("Vraag 1", "Vraag 10 en 11", "1.", "1)", "Vraag 1:"),
stops each question at the next heading of any kind (another question, an
answer heading, "Toelichting", "Mededeling"), and reads the header before the
first question. Answer texts are skipped here; past answers are parsed elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import answer_deadline
from ..errors import NotAQuestionSetError
from ..extract import ExtractedText
from ..footnotes import find_typed_footnotes
from ..models import Footnote, Question, QuestionSet
from ..textclean import (
    join_lines,
    normalize_characters,
    normalize_quotes,
    take_markers,
)
from .header import KENMERK, parse_header

_NUMS = r"\d{1,3}(?:\s*(?:,|\s|en|&|t/m|tot\s+en\s+met)\s*\d{1,3})*"
_VRAAG = re.compile(
    rf"^\s*Vra(?:ag|gen)\s+(?P<nums>{_NUMS})\s*(?P<sep>[:.)])?(?:\s*(?P<rest>\S.*))?$"
)
_ANTWOORD = re.compile(
    rf"^\s*Antwoord(?:en)?(?:\s+op)?(?:\s+(?:de\s+)?vra(?:ag|gen))?\s*(?P<nums>{_NUMS})?\s*"
    r"(?P<colon>[:.])?\s*(?P<rest>.*)$"
)
_NUMBERED = re.compile(r"^\s*(?P<num>\d{1,3})\s*(?P<sep>[.)])(?:\s+(?P<rest>\S.*))?\s*$")
_BARE_NUMBER = re.compile(r"^\s*(?P<num>\d{1,3})\s*$")
_TOELICHTING = re.compile(r"^\s*Toelichting\s*(?::\s*(?P<rest>.*))?$")
_MEDEDELING = re.compile(r"^\s*Mededeling\s*$")
_MAX_GAP = 5


@dataclass
class _Block:
    numbers: list[int]
    lines: list[str] = field(default_factory=list)
    in_answer_document: bool = False


def parse_question_set(extracted: ExtractedText) -> QuestionSet:
    """Parse a question set; raise NotAQuestionSetError if it holds no numbered questions."""
    text, notes = extracted.text, dict(extracted.footnotes)
    text, typed = find_typed_footnotes(
        text, plain_digits=extracted.kind == "txt" and not notes, taken=set(notes)
    )
    notes.update(typed)
    text = normalize_quotes(normalize_characters(text))
    notes = {
        nr: normalize_quotes(normalize_characters(join_lines(t.split("\n"))))
        for nr, t in notes.items()
    }
    lines = text.split("\n")

    warnings: list[str] = list(extracted.warnings)
    header_lines, blocks, toelichting_lines, headed = _split(lines)
    if not blocks:
        raise NotAQuestionSetError("geen genummerde vragen gevonden")

    questions = _questions(blocks, notes, warnings)
    header = parse_header(_paragraphs_text(header_lines))
    if not _asks_questions(questions, headed, header.kenmerk is not None or bool(header.indieners)):
        raise NotAQuestionSetError(
            "geen genummerde vragen gevonden (de genummerde punten zijn geen vragen)"
        )
    warnings[:0] = header.warnings
    toelichting = _paragraphs_text(toelichting_lines) or None
    if toelichting:
        toelichting, _ = take_markers(toelichting)

    own = header.kenmerk
    found = KENMERK.findall(" ".join([toelichting or "", *(q.tekst for q in questions)]))
    references = tuple(dict.fromkeys(k for k in found if k != own))
    return QuestionSet(
        kenmerk=own,
        indieners=header.indieners,
        gericht_aan=header.gericht_aan,
        onderwerp=header.onderwerp,
        ingezonden=header.ingezonden,
        uiterste_antwoorddatum=answer_deadline(header.ingezonden) if header.ingezonden else None,
        vragen=tuple(questions),
        toelichting=toelichting,
        verwijzingen=references,
        waarschuwingen=tuple(dict.fromkeys(warnings)),
    )


def _split(lines: list[str]):
    """Walk the lines once: header, question blocks, answers (skipped), toelichting."""
    headed = any(_VRAAG.match(ln) for ln in lines)
    answers = any(_is_answer_heading(ln) for ln in lines)
    header: list[str] = []
    blocks: list[_Block] = []
    toelichting: list[str] = []
    state = "header"
    expected = 1
    for line in lines:
        start = _question_start(line, headed, expected)
        if start is not None:
            numbers, rest = start
            blocks.append(_Block(numbers, [rest] if rest else [], in_answer_document=answers))
            expected = max(expected, numbers[-1] + 1)
            state = "question"
            continue
        if state != "header" and _is_answer_heading(line):
            state = "answer"
            continue
        m = _TOELICHTING.match(line)
        if m and state != "answer":
            state = "toelichting"
            if m.group("rest"):
                toelichting.append(m.group("rest"))
            continue
        if _MEDEDELING.match(line) and state != "header":
            state = "answer"
            continue
        if state == "header":
            header.append(line)
        elif state == "question":
            blocks[-1].lines.append(line)
        elif state == "toelichting":
            toelichting.append(line)
    return header, blocks, toelichting, headed


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


def _question_start(line: str, headed: bool, expected: int) -> tuple[list[int], str] | None:
    if headed:
        m = _VRAAG.match(line)
        if not m:
            return None
        rest = m.group("rest") or ""
        # "Vraag 2 en 3 gaan over ..." inside a text is no heading
        if rest and not m.group("sep") and not rest[0].isupper() and rest[0] not in "«“‘'\"":
            return None
        numbers = _numbers(m.group("nums"))
        return (numbers, rest) if numbers else None
    m = _NUMBERED.match(line) or _BARE_NUMBER.match(line)
    if not m:
        return None
    num = int(m.group("num"))
    if not expected <= num <= expected + _MAX_GAP:
        return None
    rest = m.groupdict().get("rest") or ""
    return [num], rest


def _numbers(text: str) -> list[int]:
    """'3, 4 en 5' -> [3, 4, 5]; '7 t/m 9' -> [7, 8, 9]."""
    values = [int(n) for n in re.findall(r"\d{1,3}", text)]
    if re.search(r"t/m|tot\s+en\s+met", text) and len(values) == 2 and values[0] < values[1]:
        return list(range(values[0], values[1] + 1))
    return sorted(dict.fromkeys(values))


def _is_answer_heading(line: str) -> bool:
    m = _ANTWOORD.match(line)
    if not m:
        return False
    if m.group("nums"):
        return True
    rest = m.group("rest").strip()
    return not rest or bool(m.group("colon"))


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines -> paragraphs (blank lines separate them), each joined with dehyphenation."""
    return [join_lines(p) for p in _paragraph_lines(lines)]


def _paragraphs_text(lines: list[str]) -> str:
    return "\n".join(_paragraphs(lines))


def _questions(blocks: list[_Block], notes: dict[int, str], warnings: list[str]):
    questions: list[Question] = []
    seen: set[int] = set()
    for block in blocks:
        if block.in_answer_document and _drop_unheaded_answer(block):
            warnings.append(
                f"bij vraag {_label(block.numbers)} ontbreekt de kop 'Antwoord'; "
                "de tekst na de vraag is als antwoord gezien en weggelaten"
            )
        texts = _split_group(block)
        if texts is None:
            texts = ["\n".join(_paragraphs(block.lines))] * len(block.numbers)
            warnings.append(
                f"vragen {_label(block.numbers)} staan onder één kop met één tekst; "
                "elke vraag kreeg die hele tekst"
            )
        for nr, raw in zip(block.numbers, texts, strict=True):
            if nr in seen:
                warnings.append(f"vraag {nr} komt dubbel voor; de eerste is gebruikt")
                continue
            seen.add(nr)
            text, cited = take_markers(raw)
            text = text.strip()
            if not text:
                warnings.append(f"vraag {nr} heeft geen tekst")
            footnotes = tuple(Footnote(n, notes[n]) for n in cited if n in notes)
            for n in cited:
                if n not in notes:
                    warnings.append(f"voetnoot {n} bij vraag {nr} niet gevonden")
            questions.append(Question(nr=nr, tekst=text, voetnoten=footnotes))
    missing = [n for n in range(1, max(seen) + 1) if n not in seen]
    if missing:
        warnings.append(f"nummering springt: vraag {_label(missing)} ontbreekt")
    questions.sort(key=lambda q: q.nr)
    return questions


# A line that starts with one of these continues the question before it.
_CONTINUATION = re.compile(r"^(Zo\s+(ja|nee|niet)\b|En\s|Indien|Waarom\s+(wel|niet)\b)", re.I)


def _split_group(block: _Block) -> list[str] | None:
    """Texts for the questions under one heading ("Vraag 3, 4 en 5"), or None if unclear.

    Paragraphs give the split when their number matches; otherwise extra breaks
    are taken after the shortest lines ending in "?" whose next line opens a new
    question (not "Zo ja, ..." and the like).
    """
    paragraphs = _paragraph_lines(block.lines)
    k = len(block.numbers)
    if k == 1:
        return ["\n".join(join_lines(p) for p in paragraphs)]
    if len(paragraphs) == k:
        return [join_lines(p) for p in paragraphs]
    if len(paragraphs) > k:
        return None
    candidates = []  # (line length, paragraph index, line index)
    for pi, para in enumerate(paragraphs):
        for li in range(len(para) - 1):
            nxt = para[li + 1].strip()
            if para[li].rstrip().endswith("?") and not _CONTINUATION.match(nxt):
                candidates.append((len(para[li].strip()), pi, li))
    needed = k - len(paragraphs)
    if len(candidates) < needed:
        return None
    cuts = {(pi, li) for _, pi, li in sorted(candidates)[:needed]}
    pieces: list[list[str]] = []
    for pi, para in enumerate(paragraphs):
        current: list[str] = []
        for li, line in enumerate(para):
            current.append(line)
            if (pi, li) in cuts:
                pieces.append(current)
                current = []
        pieces.append(current)
    return [join_lines(p) for p in pieces]


def _drop_unheaded_answer(block: _Block) -> bool:
    """In an answer document, cut the question where an answer without heading begins:
    the first paragraph without any "?" after a paragraph that ends with one."""
    paragraphs = _paragraph_lines(block.lines)
    for i in range(1, len(paragraphs)):
        previous, current = join_lines(paragraphs[i - 1]), join_lines(paragraphs[i])
        if _ends_question(previous) and "?" not in current:
            kept = [line for p in paragraphs[:i] for line in [*p, ""]]
            block.lines = kept
            return True
    return False


def _ends_question(text: str) -> bool:
    clean, _ = take_markers(text)
    return clean.rstrip(' »”’")').endswith("?")


def _paragraph_lines(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _label(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    return ", ".join(str(n) for n in numbers[:-1]) + f" en {numbers[-1]}"
