"""What an error code means on the command line: the advice a CLI user can act on.

Library errors carry a code and say what is wrong; only this edge names a command to
run (the app words the same codes in assistant/app/advice.py, where there is no shell).
"""

from __future__ import annotations

from ..errors import AssistantError

CLI_ADVICE = {"no-draft": " (zie 'assistant drafts')"}


def cli_message(exc: AssistantError) -> str:
    """The error's own words followed by the command-line advice for its code."""
    return f"{exc.message}{CLI_ADVICE.get(exc.code or '', '')}"
