"""A suggestion as an officer can judge it: what it answered, where it comes from, how
strong the match is, whether a newer answer overtakes it, the whole precedent in a dialog,
citing and 'Overnemen'."""

from __future__ import annotations

import streamlit as st

from ..dates import dutch_date_text
from ..models import Citation, DraftAnswer
from ..nl import count_text, numbers_text
from ..precedent import publication_link
from ..sentences import sentences
from ..vocabulary import DocumentKind, kind_label
from . import state
from .answer_editor import take_unsaved
from .labels import STRENGTH_BADGES, shorten
from .safe_text import code, md


def outdated_text(note: str) -> str:
    """'Mogelijk achterhaald: nieuwer antwoord van 3 juli 2025 (ah-...)', a sentence."""
    return note[:1].upper() + note[1:] + ("" if note.endswith(".") else ".")


def suggestion_card(draft_id: str, answer: DraftAnswer, s: Citation, i: int, key: str,
                    editor_key: str) -> None:  # fmt: skip
    with st.container(border=True):
        badges = []
        if s.sterkte:
            badges.append(f":{STRENGTH_BADGES.get(s.sterkte, 'gray')}-badge[{md(s.sterkte)}]")
        if s.achterhaald:
            badges.append(":orange-badge[Mogelijk achterhaald]")
        if s.fictief:
            badges.append(":violet-badge[Fictief demomateriaal]")
        kind = kind_label(s.kind)
        st.markdown(
            " ".join(badges)
            + f" **{md(s.onderwerp or 'onderwerp onbekend')}**  \n"
            + md(f"{kind} · {s.ministerie or 'ministerie onbekend'} · {dutch_date_text(s.datum)}")
            + f" · {code(s.label)}"
        )
        if s.achterhaald:
            shown = any(c.passage_id == s.nieuwer for c in answer.suggesties)
            also = " Dat staat ook bij deze suggesties." if shown else ""
            st.warning(md(outdated_text(s.achterhaald) + also), icon=":material/history:")
        if s.vraag:
            st.markdown(f"*Beantwoordde de vraag:* {md(shorten(s.vraag, 320))}")
        st.markdown(f"> {md(shorten(s.tekst, 420))}")
        url = publication_link(s.ah_id, None, s.fictief)
        row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
        cited = s.passage_id in answer.gekozen
        cite_key = f"cite-{key}-{i}-{int(cited)}"  # a new box when Overnemen cites it
        row.checkbox(
            "Citeren",
            value=cited,
            key=cite_key,
            on_change=_toggle_citation,
            args=(draft_id, answer.nrs, s.passage_id, cite_key),
            help="Het precedent als bron bij dit antwoord vermelden",
        )
        if row.button("Volledig bekijken", key=f"view-{key}-{i}", icon=":material/article:"):
            precedent_dialog(draft_id, answer.nrs, s.passage_id, editor_key)
        row.button(
            "Overnemen",
            key=f"take-{key}-{i}",
            icon=":material/content_copy:",
            on_click=_take_over,
            args=(draft_id, answer.nrs, s.passage_id, None, editor_key),
            help="De tekst van het precedent aan het antwoord toevoegen, met bronvermelding",
        )
        if url:
            row.markdown(f"[Officiële publicatie]({url})")


@st.dialog("Precedent", width="large")
def precedent_dialog(draft_id: str, nrs: tuple[int, ...], passage_id: str,
                     editor_key: str | None = None) -> None:  # fmt: skip
    ws = state.workspace()
    try:
        p = ws.precedent(passage_id)
    except Exception as exc:
        state.show_error(exc)
        return
    if p.fictief:
        st.markdown(":violet-badge[Fictief demomateriaal]")
    st.subheader(md(p.onderwerp or p.titel or "Precedent"), anchor=False)
    st.caption(
        md(
            f"{p.soort} · {p.ministerie or 'ministerie onbekend'} · {dutch_date_text(p.datum)} · "
            f"{p.ah_id or p.kenmerk or p.bron}"
        )
    )
    if p.url:
        st.markdown(f"[Officiële publicatie]({p.url})")
    if p.vraag:
        st.markdown(f"**Vraag**  \n{md(p.vraag)}")
    st.markdown("**Antwoord**" if p.vraag or p.kind != DocumentKind.BELEID else "**Passage**")
    st.markdown(md(p.tekst))
    chosen = st.multiselect(
        "Alleen deze zinnen overnemen (leeg: alles)",
        sentences(p.tekst),
        key=f"zinnen-{passage_id}",
        placeholder="Kies zinnen",
    )
    if st.button("Overnemen in het antwoord", type="primary", key=f"dlg-take-{passage_id}"):
        _take_over(draft_id, nrs, passage_id, " ".join(chosen) if chosen else None, editor_key)
        st.rerun()
    with st.expander(f"Het hele document ({count_text(len(p.parts), 'deel', 'delen')})"):
        for part in p.parts:
            head = numbers_text(part.nrs) if part.nrs else " > ".join(part.kop)
            marker = " (dit precedent)" if part.is_cited else ""
            st.markdown(f"**{md(head or 'passage')}{marker}**")
            if part.vraag:
                st.markdown(f"*{md(' '.join(part.vraag.split()))}*")
            st.markdown(md(part.tekst))


def _toggle_citation(draft_id: str, nrs, passage_id: str, key: str) -> None:
    ws = state.workspace()
    try:
        answer = next(a for a in ws.load_draft(draft_id).antwoorden if a.nrs == tuple(nrs))
        keep = st.session_state[key]
        cited = [p for p in answer.gekozen if p != passage_id] + ([passage_id] if keep else [])
        ws.save_answer(draft_id, tuple(nrs), gekozen=tuple(cited))
    except Exception as exc:
        state.remember_error(exc)


def _take_over(draft_id: str, nrs, passage_id: str, text: str | None,
               editor_key: str | None = None) -> None:  # fmt: skip
    """Callbacks of one rerun run in no fixed order: text typed just before the click is saved
    first (from the answer box's state), so Overnemen always adds to what was typed."""
    ws = state.workspace()
    try:
        typed = take_unsaved(editor_key) if editor_key else None
        if typed is not None:
            ws.save_answer(draft_id, tuple(nrs), tekst=typed)  # typed just before the click
        ws.take_over(draft_id, tuple(nrs), passage_id, text)
        st.session_state[f"_taken-{draft_id}"] = tuple(nrs)
    except Exception as exc:  # callbacks report on the next page
        state.remember_error(exc)
