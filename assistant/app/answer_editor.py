"""The answer box as a small custom component (Streamlit components v2, no iframe).

Why not st.text_area: it commits only on blur or Ctrl+Enter, and a value that arrives in
the same rerun as a page switch reaches no code that saves it, so typed text could vanish.
This box sends while typing (after a pause), on blur and when the page is hidden, keeps an
unsent copy in the browser for a reload, and saves through an on-change callback, which
Streamlit runs before any page code: whatever the officer clicks next, the text is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent
_HTML = '<div class="editor"><label></label><textarea spellcheck="true" lang="nl"></textarea></div>'

_component = st.components.v2.component(
    "kamervragen_answer_editor",
    html=_HTML,
    css=(_HERE / "answer_editor.css").read_text(encoding="utf-8"),
    js=(_HERE / "answer_editor.js").read_text(encoding="utf-8"),
)


def answer_editor(key: str, text: str, on_save: Callable[[str], None], label: str = "Antwoord",
                  height: int = 150, backup_key: str | None = None) -> None:  # fmt: skip
    """Show the box; ``on_save(new_text)`` runs (in a callback) for every edit it sends."""

    def changed() -> None:
        new = take_unsaved(key)
        if new is not None:
            on_save(new)

    _component(
        key=key,
        data={"text": text, "label": label, "height": height, "backup_key": backup_key or key},
        default={"text": json.dumps({"text": text, "seq": None})},
        on_text_change=changed,
    )


def take_unsaved(key: str) -> str | None:
    """The text the box sent that no save has handled yet, marked handled now.

    Callbacks of one rerun run in no fixed order; a button beside the box (Overnemen) calls
    this first, so typed text is saved before the button's change, and only once."""
    state = st.session_state.get(key)
    try:  # the box sends {"text": ..., "seq": ...} as JSON text
        value = json.loads(state.get("text")) if hasattr(state, "get") else None
    except (TypeError, ValueError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return None
    seq = value.get("seq")
    if seq is None or st.session_state.get(f"_handled-{key}") == seq:
        return None
    st.session_state[f"_handled-{key}"] = seq
    return value["text"]
