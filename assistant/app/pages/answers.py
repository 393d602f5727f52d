"""Antwoorden: per question its answer box (saved while typing), the composed proposal to
take over or set aside, the policy line of the precedents, suggestions that explain
themselves, more searching with filters, and grouping."""

from __future__ import annotations

import streamlit as st

from assistant.app import state
from assistant.app.answer_editor import answer_editor
from assistant.app.draft_header import current_draft, draft_header
from assistant.app.labels import shorten
from assistant.app.proposal import policy_line_view, proposal_box
from assistant.app.safe_text import md
from assistant.app.suggestions import suggestion_card
from assistant.models import Draft, DraftAnswer
from assistant.nl import numbers_text
from assistant.parse.ministries import MINISTRIES, ministry_label
from assistant.review import open_points
from assistant.search import Filters
from assistant.vocabulary import SEARCH_KINDS, kind_label, values

ws = state.workspace()
draft = current_draft(ws)
draft_header(ws, draft)


def save_text(draft_id: str, nrs: tuple[int, ...], text: str) -> None:
    try:
        ws.save_answer(draft_id, nrs, tekst=text)
    except Exception as exc:  # callbacks report on the next page
        state.remember_error(exc)


def group_proposals(draft: Draft) -> None:
    """Suggested groups with one click; a proposal that no longer fits is not shown."""
    current = {a.nrs for a in draft.antwoorden}
    singles = {a.nrs[0] for a in draft.antwoorden if len(a.nrs) == 1}
    valid = [g for g in draft.groepsvoorstellen if tuple(g) not in current and set(g) <= singles]
    for g in valid:
        cols = st.columns([4, 1])
        cols[0].info(f"Voorstel: {numbers_text(g)} samen beantwoorden (zelfde precedent of "
                     "verwijzing naar elkaar).")  # fmt: skip
        cols[1].button("Samen beantwoorden", key=f"apply-{draft.id}-{'-'.join(map(str, g))}",
                       on_click=_apply_group, args=(draft.id, tuple(g)))  # fmt: skip
    with st.expander("Vragen groeperen of groepen opheffen"):
        text = "; ".join(",".join(map(str, a.nrs)) for a in draft.antwoorden if len(a.nrs) > 1)
        st.text_input(
            "Samen te beantwoorden vragen (bv. 2,3; 7,8,9), leeg: geen groepen",
            value=text,
            key=f"groups-{draft.id}-{text}",
            on_change=_set_groups,
            args=(draft.id, f"groups-{draft.id}-{text}"),
        )


def _apply_group(draft_id: str, group: tuple[int, ...]) -> None:
    try:
        d = ws.load_draft(draft_id)
        groups = [a.nrs for a in d.antwoorden if len(a.nrs) > 1] + [group]
        ws.regroup(draft_id, groups)
    except Exception as exc:
        state.remember_error(exc)


def _set_groups(draft_id: str, key: str) -> None:
    try:
        raw = st.session_state[key]
        groups = [tuple(int(n) for n in part.split(",")) for part in raw.split(";") if part.strip()]
    except ValueError:
        from assistant.errors import AssistantError

        state.remember_error(AssistantError("schrijf groepen als 2,3; 7,8,9"))
        return
    try:
        ws.regroup(draft_id, groups)
    except Exception as exc:
        state.remember_error(exc)


def answer_section(draft: Draft, answer: DraftAnswer, open_nrs: set[int]) -> None:
    by_nr = {q.nr: q for q in draft.vragen.vragen}
    key = f"{draft.id}-{'-'.join(map(str, answer.nrs))}"
    first = shorten(by_nr[answer.nrs[0]].tekst, 90)
    done = not (set(answer.nrs) & open_nrs)
    title = f"{numbers_text(answer.nrs).capitalize()}: {md(first)}"
    taken = st.session_state.get(f"_taken-{draft.id}") == answer.nrs
    with st.expander(
        title,
        expanded=len(draft.antwoorden) <= 3 or taken,
        key=f"exp-{key}",
        icon=":material/check_circle:" if done else ":material/radio_button_unchecked:",
    ):
        st.html(f'<span id="antwoord-{"-".join(map(str, answer.nrs))}"></span>')
        for n in answer.nrs:
            st.markdown(f"**Vraag {n}** {md(by_nr[n].tekst)}")
        st.caption(f"Vraagtype: {md(answer.vraagtype)}")
        editor_key = f"answer-{key}"
        answer_editor(
            key=editor_key,
            text=answer.tekst,
            on_save=lambda text, nrs=answer.nrs: save_text(draft.id, nrs, text),
            backup_key=f"{draft.id}/{'-'.join(map(str, answer.nrs))}",
        )
        proposal_box(draft.id, answer, key, editor_key)
        policy_line_view(answer)
        if answer.suggesties:
            st.markdown(f"**Suggesties** ({len(answer.suggesties)})")
        else:
            st.caption("Geen suggesties gevonden.")
        for i, s in enumerate(answer.suggesties):
            suggestion_card(draft.id, answer, s, i, key, editor_key)
        search_more(draft, answer, key)


def search_more(draft: Draft, answer: DraftAnswer, key: str) -> None:
    """Search again with filters (ministry, period, kind); what is new is added."""
    if not ws.index_state().exists:
        return
    with st.popover("Verder zoeken met filters", icon=":material/search:"):
        everyone = "alle ministeries"
        ministry = st.selectbox("Ministerie", [everyone, *MINISTRIES], key=f"fmin-{key}",
                                format_func=ministry_label)  # fmt: skip
        since = st.date_input("Vanaf", value=None, key=f"fsince-{key}", format="DD-MM-YYYY",
                              help="dag-maand-jaar; leeg: alle jaren")  # fmt: skip
        kinds = st.multiselect(
            "Soort", values(SEARCH_KINDS), key=f"fkind-{key}", format_func=kind_label,
            placeholder="alle soorten",
        )  # fmt: skip
        if st.button("Zoeken", key=f"fgo-{key}"):
            filters = Filters(None if ministry == everyone else ministry, since, None,
                              tuple(kinds))  # fmt: skip
            try:
                added = ws.add_suggestions(draft.id, answer.nrs, filters)
            except Exception as exc:
                state.show_error(exc)
                return
            st.session_state[f"_taken-{draft.id}"] = answer.nrs
            if not added:
                st.info("Geen nieuwe precedenten met deze filters.")
                return
            st.rerun()


if not ws.index_state().exists:
    st.info(
        "Er is nog geen zoekindex: er zijn geen suggesties. Voeg documenten toe onder 'Corpus'."
    )
group_proposals(draft)
open_nrs = {n for p in open_points(draft) for n in p.nrs}
for answer in draft.antwoorden:
    answer_section(draft, answer, open_nrs)
