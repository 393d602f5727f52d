"""The open draft's heading, shared by the Antwoorden, Review and Downloaden pages: subject,
kenmerk, dates with the full deadline, status, members, the answering ministry, warnings,
header corrections."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ..dates import format_dutch
from ..models import Draft
from ..nl import deadline_text, members_list
from ..parse.ministries import known_ministry, ministry_label
from ..profiles import load_profiles
from ..workspace import STATUSES, Workspace
from . import nav, state
from .safe_text import md


def current_draft(ws: Workspace) -> Draft:
    """The open draft; without one, a pointer to intake and the page stops."""
    draft_id = state.open_draft_id()
    if draft_id:
        try:
            return ws.load_draft(draft_id)
        except Exception as exc:
            state.show_error(exc)
            state.set_open_draft(None)
    st.info("Nog geen concept geopend. Lees een nieuwe vragenset in of kies een concept links.")
    st.page_link(nav.page("intake"), label="Nieuwe vragenset inlezen", icon=":material/upload:")
    st.stop()


def draft_header(ws: Workspace, draft: Draft, editable: bool = True) -> None:
    qs = draft.vragen
    created = st.session_state.pop("_created", None)
    if created:
        st.success(created)
    st.header(md(qs.onderwerp) if qs.onderwerp else "(geen onderwerp)", anchor=False)
    cols = st.columns([1, 1, 2, 1])
    cols[0].markdown(f"**Kenmerk**  \n{md(qs.kenmerk or 'onbekend')}")
    cols[1].markdown(
        f"**Ingezonden**  \n{format_dutch(qs.ingezonden) if qs.ingezonden else 'onbekend'}"
    )
    with cols[2]:
        deadline_block(ws, draft)
    status_key = f"status-{draft.id}-{draft.status}"  # follows a change made in another tab
    cols[3].selectbox(
        "Status",
        STATUSES,
        index=STATUSES.index(draft.status),
        key=status_key,
        on_change=_save_choice,
        args=("set_status", draft.id, status_key),
    )
    members = members_list(qs.indieners)
    addressees = "; ".join(qs.gericht_aan) or "onbekend"
    st.caption(f"Indieners: {md(members or 'onbekend')} · Gericht aan: {md(addressees)}")
    ministry_choice(draft)
    for warning in qs.waarschuwingen:
        st.warning(f"Let op bij het inlezen: {md(warning)}")
    if editable:
        header_corrections(draft)


def ministry_choice(draft: Draft) -> None:
    """The ministry that answers: its letterhead and who signs. A draft whose addressees'
    ministry has no letter profile starts without one; the officer picks it here."""
    try:
        options = [p.ministerie for p in load_profiles().values()]
    except Exception as exc:  # a ministry's own profile that does not load: say which
        state.show_error(exc)
        return
    current = known_ministry(draft.ministerie)  # older drafts store the abbreviation
    key = f"ministerie-{draft.id}-{current}"  # follows a change made in another tab
    st.selectbox(
        "Ministerie dat antwoordt",
        options,
        index=options.index(current) if current in options else None,
        format_func=ministry_label,
        placeholder="kies het ministerie",
        key=key,
        on_change=_save_choice,
        args=("set_ministry", draft.id, key),
        help="Bepaalt het briefhoofd, de ondertekening en namens wie mede wordt geantwoord.",
    )
    if current not in options:
        st.warning(
            "Kies het ministerie dat antwoordt: voor de geadresseerden is er geen briefprofiel "
            "(briefhoofd en ondertekening). Daarna kan de brief worden gedownload."
        )


def _save_choice(setter: str, draft_id: str, key: str) -> None:
    """A selectbox's on_change: store the chosen value through the Workspace method named
    (set_status, set_ministry); an error is shown on the rerun that follows."""
    try:
        value = st.session_state.get(key)
        if value:
            getattr(state.workspace(), setter)(draft_id, value)
    except Exception as exc:
        state.remember_error(exc)


def deadline_block(ws: Workspace, draft: Draft) -> None:
    deadline = draft.vragen.uiterste_antwoorddatum
    if not deadline:
        st.markdown("**Uiterste antwoorddatum**  \nonbekend (geen datum van indiening)")
        return
    today = date.today()
    days = (deadline - today).days
    colour = "red" if days < 0 else "orange" if days <= 5 else "green"
    st.markdown(
        f"**Uiterste antwoorddatum**  \n{format_dutch(deadline, weekday=True)} "
        f":{colour}[{deadline_text(deadline, today)}]"
    )
    if days < 0:
        postponed = ws.postponement_of(draft.vragen.kenmerk)
        if postponed:
            st.caption(f"Uitstel gemeld op {format_dutch(postponed)}.")
        else:
            st.error("Termijn verstreken: stuur een uitstelbericht (pagina Downloaden).")


def header_corrections(draft: Draft) -> None:
    qs = draft.vragen
    with (
        st.expander("Kop aanpassen (kenmerk, onderwerp, datum van indiening)"),
        st.form(f"header-{draft.id}", border=False),
    ):
        kenmerk = st.text_input("Kenmerk", value=qs.kenmerk or "")
        onderwerp = st.text_input("Onderwerp", value=qs.onderwerp or "")
        ingezonden = st.date_input(
            "Ingezonden", value=qs.ingezonden, format="DD-MM-YYYY", help="dag-maand-jaar"
        )
        if st.form_submit_button("Kop opslaan"):
            try:
                state.workspace().edit_header(draft.id, kenmerk, onderwerp, ingezonden)
            except Exception as exc:
                state.show_error(exc)
                return
            st.rerun()
