"""What an error code means in the app: advice in terms of its pages, never a command.

The error's own words say what is wrong; the advice, appended as a sentence, says what to do
here. The command line words the same codes in assistant/cli/advice.py.
"""

from __future__ import annotations

from ..errors import AssistantError

APP_ADVICE = {
    "no-draft": "Kies een ander concept in de zijbalk.",
    "no-index": "Voeg op de pagina 'Corpus' documenten toe of klik daar 'Zoekindex bouwen'.",
    "index-outdated": "Klik op de pagina 'Corpus' op 'Zoekindex opnieuw opbouwen'.",
    "index-damaged": "Klik op de pagina 'Corpus' op 'Zoekindex opnieuw opbouwen'.",
    "no-profile": "Kies bij het concept het ministerie dat antwoordt.",
    "empty-corpus": "Voeg eerst documenten toe op de pagina 'Corpus'.",
    "corpus-too-small": "Voeg meer documenten toe op de pagina 'Corpus'.",
    "incoming-questions": "Maak er een concept van op de pagina 'Nieuwe vragenset'.",
}


def with_app_advice(message: str, code: str | None) -> str:
    """The message as a sentence followed by the app's advice for the code, if any."""
    advice = APP_ADVICE.get(code or "")
    if not advice:
        return message
    text = message.rstrip()
    return f"{text}{'' if text.endswith(('.', '!', '?')) else '.'} {advice}"


def app_message(exc: AssistantError) -> str:
    """The error's own words followed by the app's advice for its code."""
    return with_app_advice(exc.message, exc.code)
