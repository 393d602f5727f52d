"""Downloaden: the review and definitief .docx and the uitstelbericht, made when the page is
shown from the draft as stored (so every answer typed before is in them). The definitief
version warns and asks for confirmation while answers are empty or hold fill-in markers."""

from __future__ import annotations

import re

import streamlit as st

from assistant.app import state
from assistant.app.draft_header import current_draft, draft_header
from assistant.app.safe_text import md
from assistant.nl import numbers_text
from assistant.parse.ministries import known_ministry
from assistant.review import open_points

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ws = state.workspace()
draft = current_draft(ws)
draft_header(ws, draft, editable=False)
name = re.sub(r"[^\w.-]+", "-", draft.vragen.kenmerk or draft.id).strip(".-")[:80] or "concept"
if not known_ministry(draft.ministerie):
    st.stop()  # the header asks for the ministry: no letterhead to write with until then

st.subheader("Antwoordbrief", anchor=False)


name_key = f"naam-{draft.id}-{draft.naam_bewindspersoon}"  # follows another tab's change


def save_name() -> None:
    try:
        ws.set_signatory_name(draft.id, st.session_state.get(name_key, ""))
    except Exception as exc:  # callbacks report on the next page
        state.remember_error(exc)


st.text_input(
    f"Naam van de ondertekenaar ({md(draft.ondertekening)})",
    value="" if draft.naam_bewindspersoon.startswith("[") else draft.naam_bewindspersoon,
    key=name_key,
    on_change=save_name,
    placeholder="bijvoorbeeld: D.M. van Weel",
)

# Datum and Ons kenmerk of the letter: empty, the .docx shows a yellow fill-in marker.
fields_key = f"{draft.id}-{draft.verzenddatum}-{draft.ons_kenmerk}"  # follows another tab


def save_letter_fields() -> None:
    try:
        ws.set_letter_fields(draft.id, st.session_state.get(f"datum-{fields_key}"),
                             st.session_state.get(f"kenmerk-{fields_key}", ""))  # fmt: skip
    except Exception as exc:  # callbacks report on the next page
        state.remember_error(exc)


date_col, ref_col = st.columns(2)
with date_col:
    st.date_input(
        "Datum van de brief", value=draft.verzenddatum, key=f"datum-{fields_key}",
        format="DD-MM-YYYY", on_change=save_letter_fields,
        help="dag-maand-jaar; leeg: in de brief staat [datum invullen]",
    )  # fmt: skip
with ref_col:
    st.text_input(
        "Ons kenmerk", value=draft.ons_kenmerk or "", key=f"kenmerk-{fields_key}",
        on_change=save_letter_fields, placeholder="leeg: in de brief staat [kenmerk invullen]",
    )  # fmt: skip
left, right = st.columns(2)
with left:
    st.markdown("**Concept voor review**  \nmet suggesties, bronnen en een bronnenbijlage")
    st.download_button(
        "Concept voor review (.docx)",
        data=ws.render(draft, "review"),
        file_name=f"{name}-review.docx",
        mime=DOCX_MIME,
        key=f"dl-review-{draft.id}",
        icon=":material/download:",
    )
with right:
    st.markdown("**Definitieve versie**  \nzonder suggesties en bronmarkeringen")
    points = open_points(draft)
    confirmed = True
    if points:
        st.warning(
            f"Nog {len(points)} open punt{'en' if len(points) != 1 else ''}:  \n"
            + "  \n".join(f"- {numbers_text(p.nrs)}: {md(p.reason)}" for p in points[:12])
        )
        confirmed = st.checkbox(
            "Ik weet het: toch de definitieve versie maken", key=f"confirm-{draft.id}"
        )
    st.download_button(
        "Definitieve versie (.docx)",
        data=ws.render(draft, "definitief"),
        file_name=f"{name}-definitief.docx",
        mime=DOCX_MIME,
        key=f"dl-final-{draft.id}",
        disabled=not confirmed,
        icon=":material/download:",
        type="primary" if not points else "secondary",
    )

st.subheader("Uitstelbericht", anchor=False)
reason = st.text_input(
    "Reden van uitstel: De reden hiervan is dat …",
    value="voor de beantwoording afstemming met andere departementen nodig is",
    key=f"reason-{draft.id}",
    help="Vul de zin aan, of schrijf een eigen zin met een hoofdletter.",
)
expected = st.date_input(
    "Verwachte datum van beantwoording", value=None, key=f"expected-{draft.id}",
    format="DD-MM-YYYY", help="dag-maand-jaar; leeg: geen datum in de brief",
)  # fmt: skip
st.download_button(
    "Uitstelbericht (.docx)",
    data=ws.render_postponement(draft.vragen, reason, expected, draft.ministerie),
    file_name=f"{name}-uitstel.docx",
    mime=DOCX_MIME,
    key=f"dl-uitstel-{draft.id}",
    icon=":material/download:",
)
