"""Facts a reviewer checks against the newest precedent: years, amounts, percentages,
counted things ("85 drones") and named reports. A proposal sentence from an older
precedent whose fact differs from what the newest precedent on the subject says gets a
"controleer" hint: the classic error is repeating last year's figure."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "€ 3,5 miljoen", "3,5 miljoen euro", "€ 12.000", "12 miljard euro"
_AMOUNT = re.compile(
    r"(?:€\s?\d[\d.,]*(?:\s(?:miljoen|miljard|duizend))?"
    r"|\b\d[\d.,]*\s(?:miljoen|miljard|duizend)?\s?euro\b)",
    re.I,
)
_PERCENT = re.compile(r"\b\d+(?:,\d+)?\s?(?:%|procent\b)", re.I)
# a year on its own: not inside an identifier (2021Z16950, ah-tk-20232024-1314, 2023-06-27)
_YEAR = re.compile(r"(?<![\w-])(?:19[5-9]\d|20[0-4]\d)(?![\w-]|,\d)")
# a count with the thing counted: "85 drones", "1.650 keer", "25 nieuwe drones" (an
# inflected adjective before the noun is skipped)
_COUNT = re.compile(
    r"(?<![\w€.,-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s(?:[a-zà-ÿ]{2,}e\s(?=[a-zà-ÿ]))?"
    r"([a-zà-ÿ'’-]{3,})"
)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_NOT_COUNTED = re.compile(rf"^(?:{_MONTHS}|procent|euro|miljoen|miljard|duizend|uur|jaar)$")
# a named report: a «title» or “title” right after a word for a report or study
_REPORT = re.compile(
    r"\b(?:rapport\w*|onderzoek\w*|evaluatie\w*|monitor\w*|advies\w*|notitie|nota|"
    r"verkenning|analyse|plan|strategie|visie|actieplan|agenda|programma)\s+"
    r"(?:van\s+\S+\s+)?[«“\"']([^»”\"']{4,120})[»”\"']",
    re.I,
)


@dataclass(frozen=True)
class Fact:
    kind: str  # "jaar", "bedrag", "percentage", "aantal", "rapport"
    value: str  # as written, whitespace made single
    key: str  # what must match to compare: the counted noun for "aantal", else the kind


def facts(text: str) -> list[Fact]:
    """The checkable facts in a text, each once, in order."""
    text = " ".join(text.split())
    out: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match, key: str, group: int = 0) -> None:
        span = m.span(group)
        if any(a < span[1] and span[0] < b for a, b in taken):
            return
        taken.append(span)
        fact = Fact(kind, m.group(group).strip(), key)
        if fact not in out:
            out.append(fact)

    for m in _REPORT.finditer(text):
        add("rapport", m, "rapport", 1)
    for m in _AMOUNT.finditer(text):
        add("bedrag", m, "bedrag")
    for m in _PERCENT.finditer(text):
        add("percentage", m, "percentage")
    for m in _COUNT.finditer(text):
        noun = m.group(2).lower()
        if not _NOT_COUNTED.match(noun) and not _YEAR.fullmatch(m.group(1)):
            add("aantal", m, noun)
    for m in _YEAR.finditer(text):
        add("jaar", m, "jaar")
    return out


def _number(value: str) -> str:
    return re.sub(r"[^\d,]", "", value)


def differing(sentence: str, newest: str) -> list[tuple[Fact, list[Fact]]]:
    """Facts of ``sentence`` the ``newest`` text states otherwise: the newest precedent
    names facts of the same key (the same counted noun, an amount, a year) but not this
    value. Returns (the sentence's fact, the newest's facts of that key)."""
    theirs = facts(newest)
    by_key: dict[str, list[Fact]] = {}
    for f in theirs:
        by_key.setdefault(f.key, []).append(f)
    out = []
    for f in facts(sentence):
        others = by_key.get(f.key)
        if not others:
            continue
        if f.kind == "aantal":
            same = any(_number(o.value.split()[0]) == _number(f.value.split()[0]) for o in others)
        elif f.kind in ("bedrag", "percentage"):
            same = any(_number(o.value) == _number(f.value) for o in others)
        else:
            same = any(o.value.casefold() == f.value.casefold() for o in others)
        if not same:
            out.append((f, others))
    return out


def hint(fact: Fact, others: list[Fact], source: str) -> str:
    """'controleer «85 drones»: het nieuwste precedent (3 juli 2025, ah-...) noemt «25
    drones»'."""
    named = ", ".join(f"«{o.value}»" for o in others[:3])
    return f"controleer «{fact.value}»: het nieuwste precedent ({source}) noemt {named}"
