"""The text a question is searched with: its boilerplate dropped, its set's context added.

Kamervragen open with formulas ("Bent u bekend met het bericht ...", "Zo ja, waarom?")
that say nothing about the subject; preprocess_query drops them. A short follow-up
("Hoeveel meldingen waren dat in totaal?") says little without the question before it;
query_context gives the search that question and the set's onderwerp as an extra signal.
"""

from __future__ import annotations

import re

# Kamervragen boilerplate that says nothing about the subject.
_OPENINGS = re.compile(
    r"^\s*(?:Bent u (?:bekend|op de hoogte) met|Heeft u kennisgenomen van|Kent u|"
    r"Bent u bereid|Kunt u (?:aangeven|toelichten|uitleggen)|Deelt u de (?:mening|opvatting))"
    r"\s+(?:(?:het|de|dit|deze)\s+)?(?:(?:bericht|artikel|nieuwsbericht|rapport|uitzending)(?:en)?\s+)?",
    re.I,
)
_FOLLOW_UPS = re.compile(
    r"\s*\b(?:Zo\s+(?:ja|nee|niet)|Indien\s+(?:ja|nee|niet))\s*,?\s*(?:waarom\s+(?:wel|niet)|"
    r"waarom|hoe|welke|wanneer|kunt u dat toelichten)?\s*\?",
    re.I,
)


def preprocess_query(text: str) -> str:
    """Drop question boilerplate and footnote markers; keep what the question is about."""
    text = re.sub(r"\[\^\d+\]|(?<=[?»”])\d{1,2}\b", "", text)
    text = _FOLLOW_UPS.sub(" ", text)
    text = _OPENINGS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or ""


# A follow-up that means little without the question before it: "Hoeveel meldingen waren
# dat in totaal?", "Zo ja, wanneer?", "En in 2023?", "Waarom niet?"
_FOLLOW_UP = re.compile(
    r"^\s*(?:zo\s+(?:ja|nee|niet)|indien\s+(?:ja|nee|niet)|en\b|waarom\s+(?:wel|niet)\b|"
    r"wat\s+(?:is|zijn|was|waren)\s+daarvan|hoe\s+verhoudt\s+(?:dit|zich\s+dit))"
    r"|\b(?:dat|dit|deze|die|daar\w*|hiervan|hierover|hierbij|hierin)\b",
    re.I,
)
FOLLOW_UP_WORDS = 14  # a question of at most this many words may lean on the one before


def query_context(onderwerp: str | None, question: str, previous: str | None) -> str | None:
    """The context a question is searched with besides itself (Searcher.search_many).

    The set's onderwerp; for a short follow-up ("Hoeveel meldingen waren dat?") also the
    question before it, whose subject it leaves out."""
    parts = [onderwerp] if onderwerp else []
    short = len(question.split()) <= FOLLOW_UP_WORDS
    if previous and short and _FOLLOW_UP.search(question):
        parts.append(previous)
    return "\n".join(parts) or None
