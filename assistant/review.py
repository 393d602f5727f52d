"""Review aids: a draft answer against its precedents (shared phrases, similarity),
the points still open before the definitief version, and the reviewer's checklist."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache

from .errors import AssistantError
from .models import Draft
from .nl import days_text, enumerate_nl, numbers_text
from .passage_id import PassageId
from .store import Store
from .vocabulary import ProposalStatus

# --- comparing an answer with a precedent -------------------------------------------------

# A word: letters or digits, with inner punctuation kept together ("1.250", "3,5", "Ja/Nee",
# "Michon-Derkzen", "zo'n"), so a number or a name is one word.
_WORD = re.compile(r"\w+(?:[.,'’/-]\w+)*")
# function words the bm25s list lacks; they never make a phrase worth marking
_EXTRA_STOPWORDS = frozenset({
    "we", "wij", "wel", "welke", "zullen", "werden", "bent", "kunt", "ten", "ter", "hen",
    "die", "deze", "elk", "elke", "alle", "waar", "waarom", "wanneer", "hoeveel", "dan",
})  # fmt: skip
_PHRASE_MARK = '<mark class="overlap-phrase" style="background:#cdeac5">'
_WORD_MARK = (
    '<mark class="overlap-word" style="background:#f1f8ef;border-bottom:1px dashed #6aa15f">'
)


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH  # lazily: bm25s pulls in scipy

    return frozenset(_norm(w) for w in (*STOPWORDS_DUTCH, *_EXTRA_STOPWORDS))


def _norm(word: str) -> str:
    """Case-, accent- and punctuation-free form used for matching ("Één" -> "een")."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    norm: str
    content: bool  # not a stopword


def _tokens(text: str) -> list[_Token]:
    stop = _stopwords()
    out = []
    for m in _WORD.finditer(text):
        norm = _norm(m.group())
        if norm:  # a single letter ("a." in a list) is no content word, a single digit is
            content = norm.isdigit() or (len(norm) > 1 and norm not in stop)
            out.append(_Token(m.start(), m.end(), norm, content))
    return out


@dataclass(frozen=True)
class _Overlap:
    tokens: list[_Token]
    phrases: list[tuple[int, int]]  # token ranges [start, end) of shared phrases, in order
    words: frozenset[int]  # indices of single shared meaningful words outside the phrases


def _overlap(answer: str, precedent: str, min_words: int) -> _Overlap:
    if min_words < 1:
        raise ValueError("min_words moet minstens 1 zijn")
    ta, tp = _tokens(answer), _tokens(precedent)
    where: dict[str, list[int]] = defaultdict(list)
    for j, t in enumerate(ta):
        where[t.norm].append(j)
    marked = [False] * len(tp)
    for i, t in enumerate(tp):
        for j in where.get(t.norm, ()):
            if i and j and tp[i - 1].norm == ta[j - 1].norm:
                continue  # inside a longer common run, handled from its start
            n = 0
            while i + n < len(tp) and j + n < len(ta) and tp[i + n].norm == ta[j + n].norm:
                n += 1
            start, end = i, i + n  # trim stopwords at both ends: they add nothing to the mark
            while start < end and not tp[start].content:
                start += 1
            while end > start and not tp[end - 1].content:
                end -= 1
            if sum(tp[k].content for k in range(start, end)) >= min_words:
                marked[start:end] = [True] * (end - start)
    phrases: list[tuple[int, int]] = []
    for i, m in enumerate(marked):
        if m and phrases and phrases[-1][1] == i:
            phrases[-1] = (phrases[-1][0], i + 1)
        elif m:
            phrases.append((i, i + 1))
    in_answer = {t.norm for t in ta}
    words = frozenset(
        i
        for i, t in enumerate(tp)
        if not marked[i] and t.content and t.norm in in_answer and _meaningful(precedent, t)
    )
    return _Overlap(tp, phrases, words)


def _meaningful(text: str, token: _Token) -> bool:
    """Worth marking on its own: a number or year, a name or abbreviation, a long word."""
    word = text[token.start : token.end]
    if any(c.isdigit() for c in token.norm):
        return len(token.norm) >= 2
    if sum(c.isalpha() for c in token.norm) >= 8:
        return True
    if len(word) >= 2 and word.isupper():
        return True  # DJI, NCTV, IND
    return word[0].isupper() and not _sentence_start(text, token.start)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t«»\"'‘’“”(")
    return not before or before[-1] in ".!?:;\n\r"


def _html(text: str, mark: str = "") -> str:
    """Escaped text with line breaks as <br>; a mark is closed around each line break."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not mark:
        return "<br>".join(html.escape(line) for line in lines)
    return "<br>".join(f"{mark}{html.escape(line)}</mark>" if line.strip() else html.escape(line)
                       for line in lines)  # fmt: skip


def overlap_html(answer: str, precedent: str, min_words: int = 3) -> str:
    """The precedent as HTML with what the answer shares with it marked; nothing struck.

    A shared phrase (``<mark class="overlap-phrase">``) is a run of words that occurs in both
    texts, matched regardless of case and punctuation, holding at least ``min_words`` words
    that are not Dutch stopwords. A single shared word outside those phrases is marked more
    lightly (``<mark class="overlap-word">``) when it means something on its own: a number,
    year or amount, a name or abbreviation, a word of 8 letters or more. Line breaks become
    ``<br>``; the whole is one ``<div class="overlap">`` without newlines, so Markdown
    (``st.markdown(..., unsafe_allow_html=True)``) leaves the precedent's text alone.
    """
    found = _overlap(answer, precedent, min_words)
    tokens = found.tokens
    spans = [(tokens[s].start, tokens[e - 1].end, _PHRASE_MARK) for s, e in found.phrases]
    spans += [(tokens[i].start, tokens[i].end, _WORD_MARK) for i in found.words]
    out, pos = [], 0
    for start, end, mark in sorted(spans):
        out.append(_html(precedent[pos:start]))
        out.append(_html(precedent[start:end], mark))
        pos = end
    out.append(_html(precedent[pos:]))
    return '<div class="overlap">' + "".join(out) + "</div>"


def shared_phrases(answer: str, precedent: str, min_words: int = 3) -> list[str]:
    """The phrases overlap_html marks (not the single words), in the precedent's order and
    wording, whitespace collapsed."""
    found = _overlap(answer, precedent, min_words)
    tokens = found.tokens
    return [
        " ".join(precedent[tokens[s].start : tokens[e - 1].end].split()) for s, e in found.phrases
    ]


def similarity(answer: str, precedent: str) -> float:
    """Share (0..1) of the answer's words, stopwords not counted, that also occur in the
    precedent: "overeenkomst 42%" = 42 of every 100 such words in the answer appear there."""
    words = [t.norm for t in _tokens(answer) if t.content]
    if not words:
        return 0.0
    found = {t.norm for t in _tokens(precedent)}
    return sum(w in found for w in words) / len(words)


# --- open points and the checklist --------------------------------------------------------


@dataclass(frozen=True)
class OpenPoint:
    """Something that must be settled before the definitief version goes out.

    nrs: the question numbers of the answer it is about (never empty).
    """

    nrs: tuple[int, ...]
    reason: str  # Dutch, e.g. "invulmarkering [Ja/Nee] nog aanwezig"


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    nrs: tuple[int, ...] = ()  # the answers a failed check is about (for links in the app)


_BRACKETED = re.compile(r"\[([^\[\]\n]{1,300})\]")
# fill-in markers the openings (templates/vraagtypes.toml), the letter and the review version
# put in: [Ja/Nee], [niet], [Ik ...], [Ja, ik ben bereid ... / Nee, ...], [Het aantal ...],
# [antwoord], [Suggestie 1], [naam bewindspersoon], [onderwerp]
_FILL_IN = re.compile(
    r"^(?:ja/nee|ja\b|nee\b|niet$|ik\s|het aantal|antwoord$|suggestie\b|naam\b|onderwerp$)", re.I
)
_ELLIPSIS = re.compile(r"\.\.\.|…")


def _markers(text: str, opening: str = "") -> tuple[list[str], list[str]]:
    """(fill-in markers, [Bron: ...] markers) in text, each once, in order."""
    in_opening = {m.group() for m in _BRACKETED.finditer(opening)}
    fill, bron = [], []
    for m in _BRACKETED.finditer(text):
        inner = m.group(1).strip()
        if inner.lower().startswith("bron:"):
            target = bron
        elif (
            m.group() in in_opening
            or _FILL_IN.match(inner)
            or (_ELLIPSIS.search(inner) and any(c.isalpha() for c in inner))
        ):  # a bare "[...]" is an elision in a quote, not a marker
            target = fill
        else:
            continue
        if m.group() not in target:
            target.append(m.group())
    return fill, bron


def _short(marker: str, limit: int = 60) -> str:
    if len(marker) <= limit:
        return marker
    cut = marker[: limit - 3].rsplit(" ", 1)[0]
    return f"{cut} …]"


def _marker_reason(kind: str, markers: list[str]) -> str:
    shown = enumerate_nl([_short(m) for m in markers])
    word = kind if len(markers) == 1 else kind + "en"
    return f"{word} {shown} nog aanwezig"


def _points(draft: Draft) -> list[tuple[str, OpenPoint]]:
    """(kind, point) with kind "onbeantwoord", "invul", "bron" or "brief", in letter order."""
    out: list[tuple[str, OpenPoint]] = []
    covered = {n for a in draft.antwoorden for n in a.nrs}
    for q in draft.vragen.vragen:
        if q.nr not in covered:
            out.append(("onbeantwoord", OpenPoint((q.nr,), f"vraag {q.nr} heeft geen antwoord")))
    for a in draft.antwoorden:
        if not a.tekst.strip():
            out.append(("onbeantwoord", OpenPoint(a.nrs, "leeg antwoord")))
            continue
        fill, bron = _markers(a.tekst, a.opening)
        if fill:
            out.append(("invul", OpenPoint(a.nrs, _marker_reason("invulmarkering", fill))))
        if bron:
            out.append(("bron", OpenPoint(a.nrs, _marker_reason("bronmarkering", bron))))
    out.sort(key=lambda kp: min(kp[1].nrs, default=0))
    for field, value in (
        ("ondertekening", draft.ondertekening),
        ("naam bewindspersoon", draft.naam_bewindspersoon),
    ):
        fill, _ = _markers(value)
        if fill:
            reason = _marker_reason("invulmarkering", fill) + f" ({field})"
            out.append(("brief", OpenPoint((), reason)))
    if not (draft.vragen.onderwerp or "").strip():
        out.append(("brief", OpenPoint((), "onderwerp ontbreekt (in de brief staat [onderwerp])")))
    return out


def open_points(draft: Draft) -> list[OpenPoint]:
    """What is still open in the answers before the definitief version can go out, in
    question order: questions without an answer, empty answers, fill-in markers ([Ja/Nee],
    [antwoord], [Ik ...]) and [Bron: ...] markers left in an answer. The letter's own
    placeholders ([naam bewindspersoon], [onderwerp]) are not answers: the checklist names
    them ("Brief: ...")."""
    return [point for kind, point in _points(draft) if kind != "brief"]


def _passage_id(text: str) -> PassageId | None:
    """A draft's stored passage id, None when it is no id at all (a hand-edited draft)."""
    try:
        return PassageId.parse(text)
    except AssistantError:
        return None


def _nrs_of(points: list[OpenPoint]) -> tuple[int, ...]:
    return tuple(sorted({n for p in points for n in p.nrs}))


def checklist(draft: Draft, store: Store | None = None, today: date | None = None) -> list[Check]:
    """The reviewer's checklist; a failed check about answers names them in ``nrs``."""
    today = today or date.today()
    checks = []
    points = _points(draft)
    unanswered = _nrs_of([p for kind, p in points if kind == "onbeantwoord"])
    if unanswered:
        checks.append(Check(False, f"Onbeantwoord: {numbers_text(unanswered)}", unanswered))
    else:
        checks.append(Check(True, "Elke vraag is beantwoord of gegroepeerd"))
    kinds = {kind for kind, _ in points if kind in ("invul", "bron")}
    marked = _nrs_of([p for kind, p in points if kind in kinds])
    if marked:
        what = {
            frozenset({"invul"}): "invulmarkeringen",
            frozenset({"bron"}): "bronmarkeringen [Bron: …]",
        }.get(frozenset(kinds), "invul- en bronmarkeringen")
        checks.append(Check(False, f"Nog {what} bij {numbers_text(marked)}", marked))
    else:
        checks.append(Check(True, "Geen invul-, suggestie- of bronmarkeringen meer"))
    checks.extend(_proposal_checks(draft))
    letter = [p.reason for kind, p in points if kind == "brief"]
    if letter:
        checks.append(Check(False, "Brief: " + "; ".join(letter)))
    else:
        checks.append(Check(True, "Onderwerp en ondertekening van de brief zijn ingevuld"))
    if store is not None:
        cited = {pid: _passage_id(pid) for a in draft.antwoorden for pid in a.gekozen}
        present = store.entries(p for p in cited.values() if p is not None)
        gone, gone_nrs = [], set()
        for a in draft.antwoorden:
            for pid in a.gekozen:
                if cited[pid] not in present:  # removed, replaced, or no id at all
                    gone.append(pid)
                    gone_nrs.update(a.nrs)
        if gone:
            text = f"Bron niet meer in het corpus: {', '.join(gone)}"
            checks.append(Check(False, text, tuple(sorted(gone_nrs))))
        else:
            checks.append(Check(True, "Elke geciteerde bron staat nog in het corpus"))
    deadline = draft.vragen.uiterste_antwoorddatum
    if deadline:
        days = (deadline - today).days
        if days > 0:
            checks.append(Check(True, f"Nog {days_text(days)} tot de uiterste antwoorddatum"))
        elif days == 0:
            checks.append(Check(True, "Vandaag is de uiterste antwoorddatum"))
        else:
            checks.append(
                Check(False, f"Termijn {days_text(-days)} verstreken: stuur een uitstelbericht")
            )
    else:
        checks.append(Check(False, "Uiterste antwoorddatum onbekend (geen datum van indiening)"))
    return checks


def _proposal_checks(draft: Draft) -> list[Check]:
    """Proposals not yet judged, "controleer" hints still true of the answer text, and cited
    precedents that a newer one overtakes (outdated.py) without the newer one cited."""
    checks = []
    with_proposal = [a for a in draft.antwoorden if a.voorstel and a.voorstel.sources]
    if with_proposal:
        waiting = _nrs_of([OpenPoint(a.nrs, "") for a in with_proposal
                           if a.voorstel.status == "open"])  # fmt: skip
        if waiting:
            checks.append(Check(False, "Voorstel nog niet overgenomen of verworpen bij "
                                f"{numbers_text(waiting)}", waiting))  # fmt: skip
        else:
            checks.append(Check(True, "Elk voorstel is overgenomen of verworpen"))
    for a in draft.antwoorden:
        if a.voorstel and a.voorstel.status == ProposalStatus.AANVAARD:
            for z in a.voorstel.zinnen:
                if z.controleer and z.tekst in a.tekst:
                    for h in z.controleer:
                        checks.append(Check(False, f"{numbers_text(a.nrs).capitalize()}: {h}",
                                            a.nrs))  # fmt: skip
        cited = {c.passage_id: c for c in a.suggesties if c.passage_id in a.gekozen}
        for c in cited.values():
            if c.achterhaald and c.nieuwer not in cited:
                name = c.label.split(",")[0]
                text = f"{numbers_text(a.nrs).capitalize()}: {name} is {c.achterhaald}"
                checks.append(Check(False, text, a.nrs))
    return checks
