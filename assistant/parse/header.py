"""The header of a question set: kenmerk, indieners, addressees, subject, date.

Two forms occur: the Kamer's own ("Vragen van de leden A en B (allen VVD) aan de
Ministers van X en van Y over Z (ingezonden 1 oktober 2021).") and a ministry's
answer letter ("In antwoord op uw brief van 5 juli 2024, nr. 2024Z11859, deel ik
u mede dat de vragen van de leden ... over ... worden beantwoord ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..dates import format_dutch, implausible_year, parse_dutch_date
from ..identifiers import KENMERK
from ..models import Member
from .portfolios import PORTFOLIOS, match_portfolio, split_portfolios

_ROLE = r"(?:[Mm]inister(?:s|-[Pp]resident)?|[Ss]taatssecretaris(?:sen)?)"
_MEMBERS = r"(?P<members>(?:het\s+lid|de\s+leden|lid|leden)\s+(?=[A-ZÀ-ɏ]).+?)"
_ADDRESSEES = r"(?:\s+aan\s+(?P<addr>(?:de|het)\s+" + _ROLE + r".*?))?"
_SUBJECT = r"\s+over\s+(?P<subject>.+?)"
# The set's own sentence (never across paragraphs), in order of preference: the
# Kamer's form with the date, a ministry letter ("... worden beantwoord"), and a
# plain sentence ending in a full stop.
_HEADER_FORMS = [
    re.compile(
        _MEMBERS + _ADDRESSEES + _SUBJECT + r"\s*\((?:ingezonden|ingediend)\s+(?P<date>[^)]*)\)"
    ),
    re.compile(
        _MEMBERS
        + _ADDRESSEES
        + _SUBJECT
        + r",?\s+(?:worden|wordt|zijn|kunnen|zullen)\s+(?:beantwoord|niet)\b"
    ),
    re.compile(_MEMBERS + _ADDRESSEES + _SUBJECT + r"\.?(?:\n|$)", re.M),
]
_ANSWERING = re.compile(
    r"\bAntwoord(?:en)?\s+van\s+(?P<who>(?:de\s+)?" + _ROLE + r"\s+(?:van|voor)\s+.+?)"
    r"(?:,?\s+mede\s+namens\s+(?P<also>(?:de\s+)?" + _ROLE + r".+?))?,?\s+op\s+",
    re.S,
)
_LETTER_DATE = re.compile(r"uw\s+brief\s+van\s+(\d{1,2}\s+\w+\s+\d{4})", re.I)
_PARTY_PREFIX = re.compile(r"^(?:allen|beiden|beide|alle)\s+", re.I)
# A date on a line of its own ("(ingezonden 12 november 2025)"), as in today's documents.
_DATE_LINE = re.compile(r"\((?:ingezonden|ingediend)\s+(?P<date>[^)]*)\)")
# PDF text that lost a space: "Sportover wachtlijsten", "overhet", "Ministervan".
_GLUED_OVER = re.compile(r"\bover(?=(?:het|de|een|die|dit|deze)\s)")
_GLUED_ROLE = re.compile(r"\b(" + _ROLE + r")(van|voor)\b")
_GLUED_PORTFOLIO = re.compile(
    r"(" + "|".join(re.escape(p) for p in sorted(PORTFOLIOS, key=len, reverse=True)) + r")"
    r"(?=(?:over|en)\s)"
)
_MEMBER_SLIPS = re.compile(r"\b(?:het\s+leden|de\s+leden\s+lid|de\s+lid)\s+", re.I)


@dataclass(frozen=True)
class Header:
    kenmerk: str | None
    indieners: tuple[Member, ...]
    gericht_aan: tuple[str, ...]
    onderwerp: str | None
    ingezonden: date | None
    warnings: tuple[str, ...]


def parse_header(text: str) -> Header:
    """Read the header from the text before the first question (already joined and cleaned)."""
    text = repair_spacing(text)
    flat = " ".join(text.split())
    warnings: list[str] = []
    kenmerk_match = KENMERK.search(flat)
    match = _first_form(text)
    members: tuple[Member, ...] = ()
    addressees: tuple[str, ...] = ()
    subject = None
    submitted = None
    if match:
        members = tuple(parse_members(match.group("members")))
        if match.group("addr"):
            addressees = tuple(parse_addressees(match.group("addr")))
        subject = _clean_subject(match.group("subject"))
        if "date" in match.re.groupindex and match.group("date"):
            submitted = parse_dutch_date(match.group("date"))
    if not addressees:
        answering = _search_answering(flat)
        if answering:
            found = parse_addressees(answering.group("who"))
            if answering.group("also"):
                found += parse_addressees(answering.group("also"))
            addressees = tuple(dict.fromkeys(found))
            warnings.append("geadresseerden afgeleid uit de beantwoordende bewindspersonen")
    if submitted is None:
        own_line = _DATE_LINE.search(flat)
        if own_line:
            submitted = parse_dutch_date(own_line.group("date"))
    if submitted is None:
        letter = _LETTER_DATE.search(flat)
        if letter:
            submitted = parse_dutch_date(letter.group(1))
            if submitted:
                warnings.append(
                    "geen datum 'ingezonden' gevonden; de datum van de brief van de Kamer "
                    "is gebruikt"
                )
    if kenmerk_match is None:
        warnings.append("geen kenmerk gevonden (zoals 2021Z16950)")
    if match is None:
        warnings.append("kopregel 'Vragen van ... aan ... over ...' niet gevonden")
    if match is not None and not addressees:
        warnings.append("geadresseerde bewindspersonen niet gevonden")
    if submitted is None:
        warnings.append("geen datum van indiening gevonden; uiterste antwoorddatum onbekend")
    elif implausible_year(submitted):
        warnings.append(
            f"datum van indiening {format_dutch(submitted)} is onwaarschijnlijk; "
            "controleer de datum"
        )
    return Header(
        kenmerk=kenmerk_match.group(0) if kenmerk_match else None,
        indieners=members,
        gericht_aan=addressees,
        onderwerp=subject,
        ingezonden=submitted,
        warnings=tuple(warnings),
    )


def repair_spacing(text: str) -> str:
    """Put back the spaces PDF text loses or gains around the header's words.

    "Sportover" -> "Sport over", "overhet" -> "over het", "Ministervan" -> "Minister van",
    "De Wit , Peters" -> "De Wit, Peters"; slips like "het leden" -> "de leden".
    """
    text = re.sub(r"[ \t]+,", ",", text)
    text = _GLUED_OVER.sub("over ", text)
    text = _GLUED_ROLE.sub(r"\1 \2", text)
    text = _GLUED_PORTFOLIO.sub(r"\1 ", text)
    return _MEMBER_SLIPS.sub("de leden ", text)


def _first_form(text: str) -> re.Match | None:
    """The header sentence in the most informative form found (see _HEADER_FORMS).

    Each paragraph of the header is one line here, so no form reaches across paragraphs.
    """
    for form, end in zip(_HEADER_FORMS, _FORM_ENDS, strict=True):
        match = _search_form(form, end, text)
        if match:
            return match
    # a sentence broken over lines inside a paragraph (PDF text, direct callers):
    # the forms that end at a date or a verb are safe on the joined text
    flat = " ".join(text.split())
    for form, end in zip(_HEADER_FORMS[:2], _FORM_ENDS[:2], strict=True):
        match = _search_form(form, end, flat)
        if match:
            return match
    return None


# What ends each header form (None: the end of the line), the start of its members and
# the word "over" before its subject. _search_form uses them to try a form only where it
# can match: the forms' lazy parts make a failed search cost the square (or more) of the
# line length, so a long pasted header would otherwise take minutes.
_FORM_ENDS = [
    re.compile(r"\((?:ingezonden|ingediend)\s+[^)]*\)"),
    re.compile(r"(?:worden|wordt|zijn|kunnen|zullen)\s+(?:beantwoord|niet)\b"),
    None,
]
_MEMBERS_START = re.compile(r"(?:het\s+lid|de\s+leden|lid|leden)\s+(?=[A-ZÀ-ɏ])")
_OVER_WORD = re.compile(r"(?<=\s)over(?=\s)")


def _search_form(form: re.Pattern, end: re.Pattern | None, text: str) -> re.Match | None:
    """form.search(text), in time linear in the text.

    A match lies on one line, starts at a members start and needs a word "over" after
    it with room for a subject before the form's end. Per line, only starts before the
    last such "over" are tried; from each of them the form matches (its lazy parts
    reach that "over" and that end), so at most a few attempts fail.
    """
    pos = 0
    while pos <= len(text):
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        bound = _start_bound(text, pos, line_end, end)
        start = pos
        while bound is not None:
            found = _MEMBERS_START.search(text, start, line_end)
            if found is None or found.start() >= bound:
                break
            match = form.match(text, found.start(), line_end)
            if match:
                return match
            start = found.start() + 1
        pos = line_end + 1
    return None


_ANSWERING_START = re.compile(r"\bAntwoord(?:en)?\s+van\s+")
_OP = re.compile(r"\s+op\s+")


def _search_answering(flat: str) -> re.Match | None:
    """_ANSWERING.search(flat) in linear time: only starts before the last " op " are
    tried (from each, the lazy name reaches that " op "; later starts cannot match)."""
    last_op = None
    for last_op in _OP.finditer(flat):  # noqa: B007 - the last one counts
        pass
    if last_op is None:
        return None
    pos = 0
    while (found := _ANSWERING_START.search(flat, pos, last_op.start())) is not None:
        match = _ANSWERING.match(flat, found.start())
        if match:
            return match
        pos = found.start() + 1
    return None


def _start_bound(text: str, pos: int, line_end: int, end: re.Pattern | None) -> int | None:
    """On the line text[pos:line_end]: the start of the last "over" that leaves room for a
    subject (one character and a space) before the form's last end, or None."""
    if end is None:
        limit = line_end
    else:
        last = None
        for last in end.finditer(text, pos, line_end):  # noqa: B007 - the last one counts
            pass
        if last is None:
            return None
        limit = last.start()
    bound = None
    for word in _OVER_WORD.finditer(text, pos, line_end):
        if word.end() + 2 > limit:
            break
        bound = word.start()
    return bound


def parse_members(text: str) -> list[Member]:
    """'de leden A, B (GL-PvdA), C (CDA) en D (allen X)' -> members with their party.

    A party in brackets applies to every name since the previous bracket.
    """
    text = re.sub(r"^(?:het\s+lid|de\s+leden|lid|leden)\s+", "", " ".join(text.split()))
    members: list[Member] = []
    pending: list[str] = []
    pos = 0
    for m in re.finditer(r"\(([^()]*)\)", text):
        pending.extend(_names(text[pos : m.start()]))
        party = _PARTY_PREFIX.sub("", m.group(1).strip())
        members.extend(Member(naam=n, partij=party or None) for n in pending)
        pending = []
        pos = m.end()
    pending.extend(_names(text[pos:]))
    members.extend(Member(naam=n, partij=None) for n in pending)
    return members


def _names(segment: str) -> list[str]:
    parts = re.split(r",|\s+en\s+|\s+&\s+", segment)
    names = []
    for part in parts:
        name = part.strip(" ,.;")
        if name and name.lower() not in {"en", "de", "het"}:
            names.append(name)
    return names


def parse_addressees(text: str) -> list[str]:
    """'de Ministers van Justitie en Veiligheid en van Buitenlandse Zaken' ->
    ['Minister van Justitie en Veiligheid', 'Minister van Buitenlandse Zaken'].

    A role without a portfolio shares the next one ("de Staatssecretaris en de
    Minister van VWS"); a portfolio without a role takes the previous role.
    """
    text = " ".join(text.split()).strip(" ,.")
    # a new item starts at "en de", ", de", "en van", ", van", "en voor", ", voor"
    items = re.split(r"\s*(?:,|\s+en)\s+(?=(?:de|het|van|voor)\s)", " " + text)
    result: list[str] = []
    waiting: list[str] = []  # roles still looking for their portfolio
    role, prep = "Minister", "van"
    for item in items:
        item = re.sub(r"^(?:de|het)\s+", "", item.strip())
        if not item:
            continue
        m = re.match(r"^(" + _ROLE + r")\b\s*(.*)$", item)
        if m:
            role = _singular_role(m.group(1))
            item = m.group(2)
        p = re.match(r"^(van|voor)\s+(.*)$", item)
        if p:
            prep, item = p.group(1), p.group(2)
        if not item:
            waiting.append(role)
            continue
        portfolios = [item] if match_portfolio(item) else split_portfolios(item)
        names = [match_portfolio(pf) or pf for pf in portfolios]
        for earlier in waiting:
            result.append(f"{earlier} {prep} {names[0]}")
        waiting = []
        result.extend(f"{role} {prep} {name}" for name in names)
    result.extend(waiting)
    return list(dict.fromkeys(result))


def _singular_role(role: str) -> str:
    low = role.lower()
    if low.startswith("minister-president"):
        return "Minister-President"
    if low.startswith("staatssecretaris"):
        return "Staatssecretaris"
    return "Minister"


def _clean_subject(subject: str) -> str:
    return " ".join(subject.split()).strip(" ,.")
