"""The app's frame: page setup, Dutch-only chrome, navigation and the list of drafts.

Each page is a small module in assistant/app/pages; they call only the Workspace.
"""

from __future__ import annotations

import streamlit as st

from . import nav, state
from .labels import draft_label
from .safe_text import md

# Streamlit's own English (status widget, upload hints) is hidden; our labels say it in Dutch.
_CSS = """
<style>
[data-testid="stStatusWidget"], [data-testid="stAppDeployButton"],
[data-testid="stMainMenu"], [data-testid="InputInstructions"],
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] > * {
  display: none !important;
}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "Bestand kiezen"; font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzone"]:has(
  [data-testid="stFileUploaderDropzoneInstructions"])::before {
  content: "Sleep een bestand hierheen of kies er een"; font-size: 0.875rem; margin-right: 1rem;
  align-self: center;
}
[data-testid="stSidebarNav"] { margin-bottom: 0.5rem; }
</style>
"""


def run() -> None:
    st.set_page_config(page_title="Kamervragen-assistent", layout="wide")
    st.html(_CSS)
    current = nav.navigation()
    # the last line of defence: a Dutch message, never a traceback (see state.guard)
    with state.guard():
        drafts_sidebar()
    with state.guard():
        state.show_remembered_error()
    with state.guard():
        current.run()


def drafts_sidebar() -> None:
    """Stored drafts as buttons (kenmerk, onderwerp, time); the open one is marked."""
    ws = state.workspace()
    drafts = ws.drafts()
    bar = st.sidebar
    if not drafts:
        bar.info("Nog geen concepten. Begin bij 'Nieuwe vragenset'.")
        return
    open_id = state.open_draft_id()
    if open_id not in {d.id for d in drafts}:
        open_id = drafts[0].id
        state.set_open_draft(open_id, in_address=False)  # no address change on every page
    bar.markdown("**Concepten**")
    for d in drafts[:20]:
        is_open = d.id == open_id
        if bar.button(
            md(draft_label(d)),
            key=f"open-{d.id}",
            type="primary" if is_open else "secondary",
            icon=":material/edit_note:" if is_open else None,
            width="stretch",
            help="Geopend" if is_open else "Openen",
        ):
            state.set_open_draft(d.id)
            st.rerun()
