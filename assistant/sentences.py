"""Sentences of an answer or passage, and what a sentence says: the proposal (compose.py),
its rewrite check (rewrite.py), the app's 'take over these sentences' and the adaptation
pairs all split and compare text the same way."""

from __future__ import annotations

import re

from .parse.policy import split_sentences

# "Zie het antwoord op vraag 3.", "Ik verwijs naar mijn antwoord op de vragen 2 en 3."
_REFERENCE = re.compile(
    r"^(?:zie|verwezen wordt naar|ik verwijs|hiervoor verwijs|daarvoor verwijs|voor het "
    r"antwoord|voor de beantwoording|graag verwijs|kortheidshalve)\b.*\b(?:antwoord\w*|"
    r"vra(?:ag|gen)|brief|kamerstuk\w*|beantwoording)\b",
    re.IGNORECASE | re.DOTALL,
)
# a sentence that leans on another answer of its own set ("Zoals in het antwoord op vraag 4
# is aangegeven, ..."): without that answer beside it, it points nowhere
_POINTS_INTO_SET = re.compile(r"\b(?:antwoord|antwoorden) op (?:de )?vra(?:ag|gen) \d", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")
_CONTENT = re.compile(r"\w+(?:[.,'’/-]\w+)*")


def sentences(text: str) -> list[str]:
    """Sentences per paragraph (a line break always ends one), whitespace made single."""
    out = []
    for paragraph in text.split("\n"):
        out.extend(" ".join(s.split()) for s in split_sentences(paragraph) if s.strip())
    return out


def words(text: str) -> int:
    return len(_WORD.findall(text))


def is_reference(sentence: str) -> bool:
    """A bare pointer to another answer or document ("Zie het antwoord op vraag 3")."""
    return words(sentence) <= 16 and bool(_REFERENCE.match(sentence.strip()))


def points_into_set(sentence: str) -> bool:
    """Refers to another answer of the same set by number ("... het antwoord op vraag 4")."""
    return bool(_POINTS_INTO_SET.search(sentence))


def content_words(text: str) -> set[str]:
    """The words that carry meaning, case- and accent-free; numbers kept whole ("1.250")."""
    from .review import _norm, _stopwords

    stop = _stopwords()
    out = set()
    for m in _CONTENT.finditer(text):
        norm = _norm(m.group())
        if norm and (norm.isdigit() or (len(norm) > 1 and norm not in stop)):
            out.add(norm)
    return out
