"""What an error code means on the command line: the advice a CLI user can act on.

Library errors carry a code and say what is wrong; only this edge names a command to
run (the app words the same codes in assistant/app/advice.py, where there is no shell).
Both edges append their advice to the error's own words, never replace them.
"""

from __future__ import annotations

from ..errors import AssistantError

CLI_ADVICE = {
    "no-draft": "zie 'assistant drafts'",
    "no-index": "lees documenten in met 'assistant ingest' en voer 'assistant index' uit",
    "index-outdated": "voer 'assistant index' uit",
    "index-damaged": "voer 'assistant index --rebuild' uit",
    "empty-corpus": "lees eerst documenten in met 'assistant ingest'",
    "corpus-too-small": "lees meer documenten in met 'assistant ingest'",
    "no-profile": "kies er een met --ministerie",
    "incoming-questions": "lees hem met 'assistant questions' of maak een concept met "
    "'assistant draft'",
}

# After `assistant adapt` installed a model: what the report (adaptation/report.py) leaves out.
AFTER_ADAPT = "Voer 'assistant index' uit om het aangepaste model te gebruiken."


def with_cli_advice(message: str, code: str | None) -> str:
    """The message followed by the command-line advice for the code, when there is one."""
    advice = CLI_ADVICE.get(code or "")
    return f"{message} — {advice}" if advice else message


def cli_message(exc: AssistantError) -> str:
    """The error's own words followed by the command-line advice for its code."""
    return with_cli_advice(exc.message, exc.code)
