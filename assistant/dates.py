"""Dutch dates: "1 oktober 2021" <-> date, weekday names, the three-week answer term."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .config import ANSWER_TERM_DAYS

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]

_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_WRITTEN = re.compile(r"\b(\d{1,2})\s+([a-zA-Z]{3,9})\.?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_dutch_date(text: str) -> date | None:
    """First date in the text: "1 oktober 2021", "1 okt. 2021", "01-10-2021" or ISO."""
    for m in _WRITTEN.finditer(text):
        month = _month_number(m.group(2))
        if month:
            return _safe_date(int(m.group(3)), month, int(m.group(1)))
    m = _ISO.search(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC.search(text)
    if m:
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _month_number(word: str) -> int | None:
    word = word.lower()
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return _ABBREVIATIONS.get(word[:4]) or _ABBREVIATIONS.get(word[:3]) if len(word) <= 5 else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# The Tweede Kamer exists since 1815; a submission date outside these years is a typing
# slip or hostile input, read but flagged (see implausible_year).
PLAUSIBLE_YEARS = range(1815, 2200)


def answer_deadline(submitted: date) -> date | None:
    """Answers are due three weeks after the questions were submitted (ingezonden).

    None when that day lies past the end of the calendar (31 december 9999): any date the
    parser or an officer gives must give an answer, never an exception."""
    try:
        return submitted + timedelta(days=ANSWER_TERM_DAYS)
    except OverflowError:
        return None


def implausible_year(d: date) -> bool:
    """True for a year no Kamervragen can carry (before 1815, or 2200 and later)."""
    return d.year not in PLAUSIBLE_YEARS


def iso_date(value: str | None) -> date | None:
    """A stored ISO date ("2019-11-05"), or None when absent or not a date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def dutch_date_text(value: str | None) -> str:
    """A stored ISO date as officers read it: "5 november 2019"; "datum onbekend" when
    absent, the stored text itself when it is no date."""
    if not value:
        return "datum onbekend"
    d = iso_date(value)
    return format_dutch(d) if d else value


def format_dutch(d: date, weekday: bool = False) -> str:
    """date(2021, 10, 22) -> "22 oktober 2021" or, with weekday, "vrijdag 22 oktober 2021"."""
    text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text
