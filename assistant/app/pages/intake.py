"""Nieuwe vragenset: drop a question set (the draft is made at once and opens) or paste it."""

from __future__ import annotations

import streamlit as st

from assistant.app import state
from assistant.app.uploads import QUESTION_SUFFIXES, disk_name, refusal, shown_name
from assistant.config import MAX_INPUT_BYTES
from assistant.nl import count_text
from assistant.parse.ministries import ministry_label
from assistant.profiles import load_profiles

ws = state.workspace()
st.header("Nieuwe vragenset", anchor=False)
profiles = load_profiles()
AUTO = "uit de geadresseerden"
labels = {p.afkorting: ministry_label(p.ministerie) for p in profiles.values()}
st.selectbox(
    "Ministerie dat antwoordt",
    [AUTO, *labels],
    key="intake_min",
    format_func=lambda choice: labels.get(choice, choice),
    help="Uit de geadresseerden: het ministerie van de eerste geadresseerde; heeft dat geen "
    "briefprofiel, dan kiest u het bij het concept.",
)
if not ws.index_state().exists:
    st.caption(
        "Er is nog geen zoekindex: het concept krijgt openingen maar geen precedenten. "
        "Voeg documenten toe onder 'Corpus'."
    )


def make_draft(data: bytes, name: str) -> None:
    """Read the set, store a draft and open it; a spinner while precedents are searched."""
    choice = st.session_state.get("intake_min", AUTO)
    try:
        with st.spinner("Vragen inlezen en precedenten zoeken ..."):
            qs = ws.read_questions(data, name)
            draft = ws.new_draft(qs, None if choice == AUTO else choice, k=3)
    except Exception as exc:
        state.show_error(exc)
        return
    state.open_new_draft(draft.id, f"Concept gemaakt: {count_text(len(qs.vragen))}.")


def from_upload() -> None:
    """Any name can arrive ("..", "", "x.exe"); only the types in the label are read."""
    from assistant.errors import AssistantError

    upload = st.session_state.get("upload")
    if upload is None:
        return
    name = shown_name(upload.name)
    reason = refusal(disk_name(upload.name), QUESTION_SUFFIXES)
    if reason:
        state.remember_error(AssistantError(f"{name}: {reason}"))
        return
    st.session_state["_pending"] = (upload.getvalue(), name)


def from_paste() -> None:
    text = st.session_state.get("paste", "")
    if not text.strip():
        from assistant.errors import AssistantError

        state.remember_error(AssistantError("Kies een bestand of plak de tekst van de vragen."))
        return
    st.session_state["_pending"] = (text.encode("utf-8"), "geplakte tekst")


limit_mb = MAX_INPUT_BYTES // (1024 * 1024)
# Callbacks mark the work and the page does it: a click that follows an upload at once can be
# lost in Streamlit's rerun, so dropping the file is the whole action. No type= here: Streamlit
# checks it before any page code runs and fails in English on a name such as "..", "" or
# "x.exe"; make_draft checks the name itself and says so in Dutch.
st.file_uploader(
    f"Vragenset als PDF, Word (.docx) of tekst (.txt), hoogstens {limit_mb} MB; het concept "
    "wordt meteen gemaakt",
    key="upload",
    max_upload_size=limit_mb,
    on_change=from_upload,
)
st.text_area("of plak de tekst van de vragen", height=200, key="paste")
st.button("Geplakte tekst inlezen en concept maken", type="primary", key="intake_go",
          on_click=from_paste)  # fmt: skip

pending = st.session_state.pop("_pending", None)
if pending:
    make_draft(*pending)
