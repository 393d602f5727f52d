"""The answer box as a small custom component (Streamlit components v2, no iframe).

Why not st.text_area: it commits only on blur or Ctrl+Enter, and a value that arrives in
the same rerun as a page switch reaches no code that saves it, so typed text could vanish.
This box sends while typing (after a pause), on blur and when the page is hidden, keeps an
unsent copy in the browser for a reload, and saves through an on-change callback, which
Streamlit runs before any page code: whatever the officer clicks next, the text is stored.
"""

from __future__ import annotations

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
    """Show the box; ``on_save(new_text)`` runs (in a callback) whenever the text changed."""

    def changed() -> None:
        value = st.session_state[key]
        new = value.get("text") if hasattr(value, "get") else getattr(value, "text", None)
        if isinstance(new, str):
            on_save(new)

    _component(
        key=key,
        data={"text": text, "label": label, "height": height, "backup_key": backup_key or key},
        default={"text": text},
        on_text_change=changed,
    )
