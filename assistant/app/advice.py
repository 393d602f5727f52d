"""What an error code means in the app: advice in terms of its pages, never a command.

The command line words the same codes in assistant/cli/advice.py.
"""

from __future__ import annotations

from ..errors import AssistantError

APP_ADVICE = {
    "no-index": "Er is nog geen zoekindex. Voeg documenten toe onder 'Corpus'.",
    "no-draft": "Dit concept bestaat niet meer. Kies een ander concept in de zijbalk.",
}


def app_message(exc: AssistantError) -> str:
    """The app's advice for the error's code, else the error's own words."""
    return APP_ADVICE.get(exc.code or "", exc.message)
