"""The one place where the assistant's own errors are defined.

Library code raises these; only the edges (cli/, app/) turn them into a
message and an exit code. Messages are Dutch because officers read them.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the user can cause and fix; carries its exit code."""

    exit_code = 2

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code  # a stable name ("no-index", "no-draft", ...) the edges can word


class InputError(AssistantError):
    """The input file cannot be read at all (missing, empty, corrupt, too large, wrong type)."""


class NotAQuestionSetError(AssistantError):
    """The input was readable but holds no numbered questions."""


class NetworkError(AssistantError):
    """A remote service (the Tweede Kamer open-data API) cannot be reached or keeps failing.

    Its own exit code, so a scheduled sync can tell "try again later" from bad input.
    """

    exit_code = 3
