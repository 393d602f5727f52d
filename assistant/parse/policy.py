"""Policy texts (Kamerbrieven, notes, fiches) -> citable passages.

Passages follow the document's headings and paragraphs: each carries its
heading path, holds about 150-350 words, and ends at a sentence end. A long
paragraph is cut between sentences; short paragraphs under one heading are
joined. Footnote markers leave the text; the footnotes go with the passage.
"""

from __future__ import annotations

import re

from ..dates import parse_dutch_date
from ..extract import ExtractedText, TextBlock
from ..footnotes import find_typed_footnotes
from ..identifiers import KENMERK
from ..models import CorpusDocument, Footnote, Passage
from ..textclean import join_lines, normalize_characters, normalize_quotes, take_markers
from .ministries import MINISTRIES, ministry_of

MIN_WORDS = 150
MAX_WORDS = 350

# No sentence ends after these abbreviations.
_ABBREVIATIONS = (
    "o.a", "bijv", "bv", "nr", "nrs", "art", "artt", "d.w.z", "e.d", "jl", "mr", "dr", "drs",
    "ir", "ing", "prof", "ca", "incl", "excl", "m.b.t", "t.a.v", "t.b.v", "i.p.v", "z.s.m",
    "vs", "etc", "resp", "blz", "p", "pag", "d.d", "c.q", "m.n", "o.m", "e.a", "min", "mln",
    "mld", "mrd", "zgn", "i.c", "i.o.m", "t.z.t", "a.s",
)  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”’\")]*\s+(?=[A-Z0-9À-Ý«“‘\"(•–-])")
_DATE_LINE = re.compile(r"\b(?:Datum|Den Haag,?)\s+(\d{1,2}\s+[a-z]+\s+\d{4})")
_OUR_REF = re.compile(r"\b(?:Ons kenmerk|Kenmerk)\s*\n?\s*([A-Z][\w./-]*\d[\w./-]*)")
_TITLE_LINE = re.compile(r"^\s*(?:Betreft|Onderwerp)\s+(.+)$", re.M)
_MINISTRY = re.compile(r"Ministerie van\s*\n?\s*([A-Z][^\n]*(?:\n[^\n]*){0,2})")
# the signature at the end of a letter: "De Minister van Justitie en Veiligheid,"
_SIGNER = re.compile(
    r"^De (?:[Mm]inister|[Ss]taatssecretaris) (?:van|voor) ([^\n,]+(?:, [A-Z][^\n,]+)*)", re.M
)
_BOILERPLATE = re.compile(
    r"^(Geachte [Vv]oorzitter,?|Hoogachtend,?|Met vriendelijke groet,?|"
    r"(Datum|Ons kenmerk|Kenmerk|Betreft|Onderwerp|Bijlage\(n\)|Uw kenmerk)\b.{0,120}|"
    r"(De |Aan de )?[Vv]oorzitter van de Tweede Kamer\b.{0,160}|"
    r"der Staten-Generaal\b.{0,80}|Postbus \d+\b.{0,60}|\d{4} ?[A-Z]{2}\s+[A-Za-z' -]{2,30}|"
    r"De (?:[Mm]inister|[Ss]taatssecretaris) (?:van|voor) [^.]{0,90}|> Retouradres.*|"
    r"Pagina \d+ van \d+|(?:[A-Z]\.)+ ?[A-Z][\w'’-]+(?:[ -][\w'’-]+){0,3}|Mede namens [^.]{0,120})$"
)


def parse_policy_document(extracted: ExtractedText, name: str = "") -> CorpusDocument:
    """Cut a policy document into passages with heading paths and metadata."""
    text, notes = extracted.text, dict(extracted.footnotes)
    text, typed = find_typed_footnotes(text, plain_digits=False, taken=set(notes))
    notes.update(typed)
    notes = {n: normalize_characters(join_lines(t.split("\n"))) for n, t in notes.items()}
    blocks = list(extracted.blocks) or _blocks_from_text(text)
    if extracted.blocks and typed:
        blocks = _blocks_from_text(text)  # typed footnotes changed the text
    passages = chunk(blocks, notes)
    sidebar = extracted.meta.get("sidebar", "")
    everything = sidebar + "\n" + extracted.text
    date = _DATE_LINE.search(everything)
    ref = _OUR_REF.search(everything)
    kenmerk = KENMERK.search(everything)
    ministry = _MINISTRY.search(everything)
    signer = None if ministry else _SIGNER.findall(extracted.text)
    warnings = list(extracted.warnings)
    if not passages:
        warnings.append("geen tekst gevonden om passages van te maken")
    meta = {}
    if ref:
        meta["ons_kenmerk"] = ref.group(1)
    return CorpusDocument(
        kind="beleid",
        title=_title(extracted, blocks, name),
        kenmerk=kenmerk.group(0) if kenmerk else (ref.group(1) if ref else None),
        datum=parse_dutch_date(date.group(1)) if date else None,
        ministerie=_ministry(ministry.group(1))
        if ministry
        else (ministry_of(signer[-1]) if signer else None),
        passages=tuple(passages),
        warnings=tuple(warnings),
        meta=meta,
    )


def _ministry(following: str) -> str | None:
    """The ministry named after "Ministerie van", over up to three letterhead lines."""
    lines = [ln.strip() for ln in following.split("\n") if ln.strip()]
    for n in range(len(lines), 0, -1):
        name = ministry_of(" ".join(lines[:n]))
        if name in MINISTRIES:
            return name
    return ministry_of(lines[0]) if lines else None


def _title(extracted: ExtractedText, blocks: list[TextBlock], name: str) -> str:
    subject = _TITLE_LINE.search(extracted.text)
    if subject:
        return " ".join(subject.group(1).split())
    for block in blocks:
        if block.heading:
            return " ".join(block.text.split())
    first = next((b.text for b in blocks if b.text.strip()), name)
    return " ".join(first.split())[:120] or name


def _blocks_from_text(text: str) -> list[TextBlock]:
    """Plain text or Markdown: '#' lines and short numbered lines are headings."""
    blocks = []
    for para in re.split(r"\n\s*\n", text):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        md = re.match(r"^(#{1,6})\s+(.*)$", lines[0])
        if md:
            blocks.append(TextBlock(md.group(2).strip(), len(md.group(1))))
            if len(lines) > 1:
                blocks.append(TextBlock("\n".join(lines[1:])))
            continue
        numbered = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S.{0,100}$", lines[0])
        if len(lines) == 1 and numbered and not lines[0].rstrip().endswith((".", ";", ",")):
            blocks.append(TextBlock(lines[0].strip(), numbered.group(1).count(".") + 1))
            continue
        blocks.append(TextBlock("\n".join(lines)))
    return blocks


def chunk(blocks: list[TextBlock], notes: dict[int, str]) -> list[Passage]:
    """Blocks -> passages of about MIN..MAX words, cut at headings and sentence ends.

    The body text of each section (everything under one heading path) is split
    into sentences, which are packed into passages of even size; a paragraph
    break that the layout put mid-sentence does not end a passage. A short
    remainder (a lead-in) moves on to the next section.
    """
    passages: list[Passage] = []
    carry: list[str] = []
    carry_path: tuple[str, ...] = ()

    def emit(sentences: list[str], path: tuple[str, ...]) -> None:
        text, cited = take_markers(" ".join(sentences))
        footnotes = tuple(Footnote(n, notes[n]) for n in cited if n in notes)
        passages.append(Passage(len(passages), text.strip(), path, footnotes))

    for path, texts in _sections(blocks):
        sentences = [*carry, *_bounded(split_sentences(" ".join(texts)))]
        if carry and path[: len(carry_path)] != carry_path:
            path = carry_path  # the lead-in keeps its own, wider heading
        carry = []
        total = sum(_count(s) for s in sentences)
        if total < 40:
            carry, carry_path = sentences, path
            continue
        parts = max(1, -(-total // MAX_WORDS))
        target = total / parts
        current: list[str] = []
        made = 0
        for sentence in sentences:
            if current and _words(current) + _count(sentence) > MAX_WORDS:
                emit(current, path)
                current, made = [], made + 1
            current.append(sentence)
            if _words(current) >= target and made < parts - 1:
                emit(current, path)
                current, made = [], made + 1
        if current:
            emit(current, path)
    if carry:
        emit(carry, carry_path)
    return passages


def _sections(blocks: list[TextBlock]) -> list[tuple[tuple[str, ...], list[str]]]:
    """Group body paragraphs under their heading path, dropping letter boilerplate."""
    sections: list[tuple[tuple[str, ...], list[str]]] = []
    path: list[tuple[int, str]] = []
    for block in blocks:
        text = normalize_quotes(normalize_characters(join_lines(block.text.split("\n"))))
        if not text or _BOILERPLATE.match(text) or _debris(text):
            continue
        if block.heading:
            while path and path[-1][0] >= block.heading:
                path.pop()
            path.append((block.heading, text))
            continue
        key = tuple(t for _, t in path)
        if sections and sections[-1][0] == key:
            sections[-1][1].append(text)
        else:
            sections.append((key, [text]))
    return sections


def _debris(text: str) -> bool:
    """Letters of vertical or decorative text, one or two per line: no words at all."""
    return not any(len(re.sub(r"\W", "", token)) >= 3 for token in text.split())


def _bounded(sentences: list[str]) -> list[str]:
    """A 'sentence' longer than a passage (a table, a list without stops) is cut by words."""
    out = []
    for sentence in sentences:
        words = sentence.split()
        while len(words) > MAX_WORDS:
            out.append(" ".join(words[:MAX_WORDS]))
            words = words[MAX_WORDS:]
        out.append(" ".join(words))
    return out


def split_sentences(text: str) -> list[str]:
    """Dutch sentences; abbreviations such as 'o.a.' and 'nr.' do not end one."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rstrip('»”’")')
        last_word = before.rsplit(" ", 1)[-1].rstrip(".").lower()
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        out.append(text[start : m.start()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _count(text: str) -> int:
    return len(text.split())


def _words(parts: list[str]) -> int:
    return sum(_count(p) for p in parts)
