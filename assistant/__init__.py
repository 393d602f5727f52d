"""Kamervragen answer-drafting assistant: the library behind the CLI and the app."""

from .errors import AssistantError, InputError, NotAQuestionSetError
from .intake import parse_question_bytes, parse_question_text, read_question_set
from .models import Footnote, Member, Question, QuestionSet

__all__ = [
    "AssistantError",
    "Footnote",
    "InputError",
    "Member",
    "NotAQuestionSetError",
    "Question",
    "QuestionSet",
    "parse_question_bytes",
    "parse_question_text",
    "read_question_set",
]
