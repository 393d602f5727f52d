"""Past answers: ExtractedText of an Aanhangsel or a ministry answer letter -> CorpusDocument.

One Q/A record per numbered question. The answer that covers a question is
found by number: "Antwoord op vragen 2 en 3" covers 2 and 3, also when
question 3 has no answer heading of its own and the grouped answer comes
later ("Antwoord op vraag 3 en 8"). An answer heading without numbers covers
the question(s) just before it; an answer without any heading (text after the
question mark) is kept as that question's answer. A postponement or other
notice (Mededeling) is stored as such, its questions without an answer.
"""

from __future__ import annotations

import re

from ..dates import parse_dutch_date
from ..errors import InputError, NotAQuestionSetError
from ..extract import ExtractedText
from ..identifiers import ANY_AANHANGSEL_ID, vergaderjaar
from ..models import CorpusDocument, QARecord
from ..nl import enumerate_nl
from .answered import unheaded_answers
from .header import parse_addressees, parse_header
from .ministries import ministry_of
from .questions import read_questions
from .segments import (
    Segments,
    clean_with_notes,
    paragraphs,
    paragraphs_text,
    prepare,
    segment,
)

_ROLE = r"(?:Minister(?:-President)?|Staatssecretaris|minister|staatssecretaris)"
_AANHANGSEL_ANSWER = re.compile(
    r"\b(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>" + _ROLE + r"\s+[^()]+?)\s*"
    r"\((?P<ministry>[^()]*)\)(?P<between>[^()]*?(?:\([^()]*\)[^()]*?)?)"
    r"(?:,?\s*mede\s+namens\s+(?P<also>[^()]+?))?\s*"
    r"\(ontvangen\s+(?:\(ontvangen\s+)?(?P<date>[^)]*)\)"
)
_VERGADERJAAR = re.compile(r"[Vv]ergaderjaar\s+(\d{4})\s*[–-]\s*(\d{4})")
# the Aanhangsel id; "demo-ah-..." is the same form for the fictional demo corpus
_LETTER_DATE = re.compile(r"^Datum\s+(\d{1,2}\s+\w+\s+\d{4})", re.M)
_OUR_REF = re.compile(r"^Ons kenmerk\s*\n?\s*(\S[^\n]*)", re.M)
_SIGNATURE = re.compile(
    r"^(?:[Dd]e\s+)?(?P<role>[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris)\s+"
    r"(?P<prep>van|voor)\s+(?P<portfolio>[^\n\t]+?),?[ \t]*$",
    re.M,
)
_MEDE_NAMENS = re.compile(
    r"[Mm]ede\s+namens\s+(?P<who>(?:de\s+)?" + _ROLE + r"\s+(?:van|voor)\s+[^\n\t]+?)"
    r"(?:,?[ \t]*$|\s+op\s+)",
    re.M,
)
_UITSTEL = re.compile(r"niet\s+binnen\s+de\s+(?:gebruikelijke\s+)?termijn", re.I)
_SEE_ALSO = re.compile(r"Zie ook Aanhangsel Handelingen,? vergaderjaar[^.]*?(?:nr\.\s*)?(\d+)")


def parse_answer_document(extracted: ExtractedText) -> CorpusDocument:
    """Parse an answer document or notice; InputError if it is something else."""
    prepared = prepare(extracted)
    warnings = prepared.warnings
    segments = segment(prepared.lines)
    warnings.extend(segments.warnings)  # headings read as text (an implausible number)
    header_text = paragraphs_text(segments.header)
    flat_header = " ".join(header_text.split())
    notice = _notice_text(segments, flat_header, header_text)
    questions_blocks = segments.of("vraag")
    if not questions_blocks and notice is None:
        raise NotAQuestionSetError("geen genummerde vragen en antwoorden gevonden")

    unheaded = unheaded_answers(segments)
    answered = segments.has_answers or bool(unheaded)
    if questions_blocks and not answered and notice is None:
        raise InputError(
            "dit is een binnenkomende vragenset zonder antwoorden, geen precedent",
            code="incoming-questions",
        )
    questions = (
        read_questions(questions_blocks, prepared.notes, warnings, set(unheaded))
        if questions_blocks
        else []
    )
    header = parse_header(header_text)
    kind = "mededeling" if notice is not None and not segments.has_answers else "antwoord"
    answers = _answers(segments, unheaded, prepared.notes, warnings) if kind == "antwoord" else {}

    records = []
    for q in questions:
        covering = answers.get(q.nr)
        if kind == "antwoord" and covering is None:
            warnings.append(f"vraag {q.nr} heeft geen antwoord")
        records.append(
            QARecord(
                nr=q.nr,
                vraag=q.tekst,
                antwoord=covering[1] if covering else None,
                vraag_nrs=covering[0] if covering else (q.nr,),
                vraag_voetnoten=q.voetnoten,
                antwoord_voetnoten=covering[2] if covering else (),
            )
        )
    meta = _answer_meta(flat_header, header_text, extracted)
    ah_id = meta.pop("ah_id", None) or extracted.meta.get("ah_id")
    return CorpusDocument(
        kind=kind,
        title=header.onderwerp,
        kenmerk=header.kenmerk,
        ah_id=ah_id,
        vergaderjaar=meta.pop("vergaderjaar", None) or vergaderjaar(ah_id),
        ingezonden=header.ingezonden,
        ontvangen=meta.get("ontvangen"),
        datum=meta.pop("ontvangen", None),
        indieners=header.indieners,
        gericht_aan=header.gericht_aan,
        beantwoord_door=meta.pop("beantwoord_door", None),
        ministerie=meta.pop("ministerie", None),
        mede_namens=tuple(meta.pop("mede_namens", ())),
        onderwerp=header.onderwerp,
        mededeling=notice,
        records=tuple(records),
        warnings=tuple(dict.fromkeys([*_relevant(header.warnings, ah_id), *warnings])),
        meta=meta,
    )


def looks_like_answers(extracted: ExtractedText) -> str | None:
    """'antwoord', 'mededeling', 'vragen' (incoming set) or None, for kind detection."""
    prepared = prepare(extracted)
    segments = segment(prepared.lines)
    flat = " ".join(paragraphs_text(segments.header).split())
    if segments.of("vraag") and (segments.has_answers or unheaded_answers(segments)):
        return "antwoord"
    if _notice_text(segments, flat, paragraphs_text(segments.header)) is not None:
        return "mededeling"
    if segments.of("vraag") and segments.headed:
        return "vragen"
    return None


def _notice_text(segments: Segments, flat_header: str, header_text: str) -> str | None:
    """The text of a Mededeling (postponement or 'answered by letter'), if this is one."""
    blocks = segments.of("mededeling")
    if blocks:
        return paragraphs_text([ln for b in blocks for ln in [*b.lines, ""]]) or ""
    if re.search(r"\bMededeling\s+van\b", flat_header) or (
        not segments.has_answers and _UITSTEL.search(flat_header)
    ):
        paras = [p for p in header_text.split("\n") if _UITSTEL.search(p) or "uitstel" in p]
        return "\n".join(paras) or ""
    return None


def _answers(segments: Segments, unheaded: dict[int, list[str]], notes, warnings):
    """Question number -> (numbers covered, answer text, footnotes)."""
    result: dict[int, tuple[tuple[int, ...], str, tuple]] = {}
    since_last_answer: list[int] = []

    def store(numbers: list[int], lines: list[str]) -> None:
        where = f"antwoord {enumerate_nl(numbers)}"
        text, found = clean_with_notes("\n".join(paragraphs(lines)), notes, warnings, where)
        if not text:
            warnings.append(f"{where} is leeg")
        for nr in numbers:
            if nr in result:
                warnings.append(f"vraag {nr} heeft meer dan één antwoord; het eerste is gebruikt")
                continue
            result[nr] = (tuple(numbers), text, found)

    for block in segments.blocks:
        if block.kind == "vraag":
            since_last_answer.extend(block.numbers)
            if block.numbers[0] in unheaded:
                store(block.numbers, unheaded[block.numbers[0]])
                since_last_answer = []
        elif block.kind == "antwoord":
            numbers = block.numbers or since_last_answer
            if not numbers:
                warnings.append("antwoord zonder vraag overgeslagen")
                continue
            store(sorted(numbers), block.lines)
            since_last_answer = []
    return result


def _answer_meta(flat: str, header_text: str, extracted: ExtractedText) -> dict:
    """Who answered, for which ministry, on behalf of whom, when; and identifiers."""
    meta: dict = {}
    m = _AANHANGSEL_ANSWER.search(flat)
    if m:
        meta["beantwoord_door"] = " ".join(m.group("who").split())
        meta["ministerie"] = ministry_of(m.group("ministry"))
        meta["ontvangen"] = parse_dutch_date(m.group("date"))
        between = m.group("between").strip()
        if m.group("also"):
            meta["mede_namens"] = parse_addressees(m.group("also"))
        elif between.startswith("van "):
            # "Antwoord van Minister A (BZ) van Minister B (BHO)": answered for both
            meta["mede_namens"] = [" ".join(between[4:].split())]
    else:
        signature = None
        for sig in _SIGNATURE.finditer(header_text):
            signature = sig  # the signature is the last such line before the answers
        if signature:
            role = signature.group("role").capitalize()
            portfolio = signature.group("portfolio").strip()
            meta["beantwoord_door"] = f"{role} {signature.group('prep')} {portfolio}"
            meta["ministerie"] = ministry_of(portfolio)
        also = [
            name
            for mm in _MEDE_NAMENS.finditer(header_text)
            for name in parse_addressees(mm.group("who"))
        ]
        if also:
            meta["mede_namens"] = list(dict.fromkeys(also))
        date = _LETTER_DATE.search(extracted.text)
        if date:
            meta["ontvangen"] = parse_dutch_date(date.group(1))
        ref = _OUR_REF.search(extracted.text)
        if ref and not ref.group(1).strip().startswith("["):  # "[kenmerk invullen]": not yet
            meta["ons_kenmerk"] = ref.group(1).strip()
    year = _VERGADERJAAR.search(flat)
    if year:
        meta["vergaderjaar"] = f"{year.group(1)}-{year.group(2)}"
    number = re.search(r"regering gegeven antwoorden\s+(\d{1,5})\b", flat)
    if number:
        meta["aanhangsel_nr"] = number.group(1)
    see = _SEE_ALSO.search(flat)
    if see:
        meta["zie_ook_aanhangsel_nr"] = see.group(1)
    # the document's own id is in its footer: the last one (a footnote may cite another)
    found = [m.group(0) for m in ANY_AANHANGSEL_ID.finditer(extracted.text)]
    ah = extracted.meta.get("ah_id") or (found[-1] if found else None)
    if ah:
        meta["ah_id"] = ah
    return meta


def _relevant(header_warnings: tuple[str, ...], ah_id: str | None) -> list[str]:
    """A published Aanhangsel is identified by its ah-tk id; no kenmerk there is normal."""
    return [w for w in header_warnings if not (ah_id and w.startswith("geen kenmerk"))]
