"""Question intake: a file or bytes -> QuestionSet. The one entry point for CLI and app."""

from __future__ import annotations

from pathlib import Path

from .config import MAX_INPUT_BYTES
from .errors import NotAQuestionSetError
from .extract import ExtractedText, extract_bytes, extract_file
from .models import QuestionSet
from .parse.questions import parse_question_set

PASTED = "tekst"


def read_question_set(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> QuestionSet:
    """Read a .txt, .pdf or .docx question set from disk."""
    return _parse(extract_file(path, max_bytes=max_bytes), Path(path).name)


def parse_question_bytes(
    data: bytes, name: str = "", max_bytes: int = MAX_INPUT_BYTES
) -> QuestionSet:
    """Read a question set from uploaded or piped bytes; the type comes from the content."""
    return _parse(extract_bytes(data, name=name, max_bytes=max_bytes), name)


def parse_question_text(text: str) -> QuestionSet:
    """Read a question set from pasted text."""
    return parse_question_bytes(text.encode("utf-8"), name=PASTED)


def _parse(extracted: ExtractedText, name: str) -> QuestionSet:
    """Parse; a file without questions is named in the message (one line says which)."""
    try:
        return parse_question_set(extracted)
    except NotAQuestionSetError as exc:
        if not name or name == PASTED:
            raise
        raise NotAQuestionSetError(f"{exc.message}: {name}", code=exc.code) from exc
