"""The id of a citable text in the corpus: "qa:12" (a Q/A record) or "p:7" (a policy passage).

The index, hits, citations and drafts carry the string form (drafts keep it on disk); this
type is the one place that builds and reads it, so nobody splits the string by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AssistantError

QA = "qa"  # a Q/A record (qa_records.id)
PASSAGE = "p"  # a policy passage (passages.id)
_KINDS = (QA, PASSAGE)


@dataclass(frozen=True, order=True)
class PassageId:
    kind: str  # QA or PASSAGE
    number: int  # the row id in its table

    def __post_init__(self) -> None:
        if self.kind not in _KINDS or isinstance(self.number, bool) or self.number < 0:
            raise AssistantError(f"onbekende bron '{self.kind}:{self.number}'", code="no-source")

    @classmethod
    def qa(cls, number: int) -> PassageId:
        return cls(QA, number)

    @classmethod
    def passage(cls, number: int) -> PassageId:
        return cls(PASSAGE, number)

    @classmethod
    def parse(cls, text: str) -> PassageId:
        """ "qa:12" -> PassageId("qa", 12); anything else is an AssistantError (code
        "no-source": a citation that points to nothing the corpus can hold)."""
        kind, sep, raw = str(text).strip().partition(":")
        if not sep or kind not in _KINDS or not (raw.isascii() and raw.isdigit()):
            raise AssistantError(f"onbekende bron '{text}'", code="no-source")
        return cls(kind, int(raw))

    @property
    def is_qa(self) -> bool:
        return self.kind == QA

    def __str__(self) -> str:
        return f"{self.kind}:{self.number}"
