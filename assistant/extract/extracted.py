"""What every reader returns: the text with its footnotes, blocks and warnings. Its own module
so the readers (pdf, docx, text, the worker) and the package's front door import it without
importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextBlock:
    """One paragraph as laid out: its lines joined by "\n"; heading level 0 for body text."""

    text: str
    heading: int = 0


@dataclass(frozen=True)
class ExtractedText:
    text: str
    footnotes: dict[int, str] = field(default_factory=dict)
    kind: str = "txt"  # "txt", "pdf" or "docx"
    warnings: tuple[str, ...] = ()
    # identifiers seen in removed page furniture, e.g. {"ah_id": "ah-tk-20232024-1786"},
    # and the letterhead side column of a letter ("sidebar")
    meta: dict[str, str] = field(default_factory=dict)
    # the same paragraphs as text, with headings marked where the layout shows them
    # (PDF font weight and size, Word heading styles); empty for plain text
    blocks: tuple[TextBlock, ...] = ()
