"""An answer's composed proposal as the officer judges it (each sentence with its source, the
points to check, 'Voorstel overnemen' or 'Verwerpen'), and the policy line of its precedents.

The proposal is shown beside the answer box, never in it: only 'Voorstel overnemen' puts its
text (without source markers) into the answer, through the library (Workspace)."""

from __future__ import annotations

import streamlit as st

from ..errors import AssistantError
from ..models import DraftAnswer, Proposal, ProposalSentence
from ..outdated import policy_line
from ..vocabulary import ProposalStatus, proposal_label
from . import state
from .answer_editor import take_unsaved
from .safe_text import md

HEADING = ":blue[:material/edit_note: **Voorstel (nog niet overgenomen)**]"


def has_proposal(answer: DraftAnswer) -> bool:
    """A proposal worth judging: one that cites at least one precedent. (A bare opening, as a
    kennisname question gets, is no proposal.)"""
    return answer.voorstel is not None and bool(answer.voorstel.sources)


def method_text(methode: str) -> str:
    if methode == "extractief":
        return "Methode: extractief (zinnen letterlijk uit de precedenten)"
    if methode.startswith("herschreven"):
        return f"Methode: {methode}, getoetst aan de geciteerde zinnen"
    return f"Methode: {methode}"


def source_text(z: ProposalSentence, answer: DraftAnswer) -> str:
    """'[Bron: label]' under a sentence, or what an opening is; a source that a newer
    precedent overtakes says so."""
    if z.passage_id is None:
        return f"[Openingszin bij vraagtype {answer.vraagtype}; geen bron]"
    cited = next((c for c in answer.suggesties if c.passage_id == z.passage_id), None)
    flag = " · mogelijk achterhaald" if cited is not None and cited.achterhaald else ""
    return f"[Bron: {z.label or z.passage_id}]{flag}"


def remaining_hints(answer: DraftAnswer) -> list[str]:
    """After acceptance: the hints of sentences still in the answer (as the checklist has)."""
    p = answer.voorstel
    if p is None:
        return []
    found = [h for z in p.zinnen if z.controleer and z.tekst in answer.tekst for h in z.controleer]
    return list(dict.fromkeys(found))


def proposal_box(draft_id: str, answer: DraftAnswer, key: str, editor_key: str) -> None:
    """Open: the proposal with its buttons; judged: one line saying how."""
    if not has_proposal(answer):
        return
    p: Proposal = answer.voorstel
    if p.status == ProposalStatus.AANVAARD:
        st.success("Voorstel overgenomen", icon=":material/check_circle:")
        for hint in remaining_hints(answer):
            st.warning(md(_sentence(hint)), icon=":material/warning:")
        return
    if p.status == ProposalStatus.VERWORPEN:
        st.caption("Voorstel verworpen")
        return
    with st.container(border=True, key=f"voorstel-{key}"):
        st.markdown(HEADING)
        st.caption(md(method_text(p.methode)))
        for z in p.zinnen:
            if not z.tekst.strip():
                continue
            st.markdown(md(z.tekst))
            st.caption(md(source_text(z, answer)))
            for hint in z.controleer:
                st.warning(md(_sentence(hint)), icon=":material/warning:")
        if p.opmerking:
            st.info(md(_sentence(p.opmerking)), icon=":material/info:")
        row = st.container(horizontal=True)
        row.button(
            "Voorstel overnemen",
            type="primary",
            key=f"accept-{key}",
            icon=":material/done:",
            on_click=_accept,
            args=(draft_id, answer.nrs, editor_key),
            help="De zinnen (zonder bronmarkeringen) in het antwoord zetten en de bronnen "
            "citeren; wat u al typte blijft staan",
        )
        row.button(
            "Verwerpen",
            key=f"reject-{key}",
            icon=":material/close:",
            on_click=_reject,
            args=(draft_id, answer.nrs, editor_key),
            help="Het voorstel terzijde leggen; het antwoord blijft zoals het is",
        )


def policy_line_view(answer: DraftAnswer, expanded: bool = False) -> None:
    """The precedents oldest first, when there are at least two to compare."""
    entries = policy_line(answer.suggesties)
    if len(entries) < 2:
        return
    key = "-".join(map(str, answer.nrs))
    with st.expander("Beleidslijn (oudste eerst)", expanded=expanded, icon=":material/timeline:",
                     key=f"line-{key}"):  # fmt: skip
        for e in entries:
            label = e.label.removesuffix(f", {e.datum_tekst}")  # the date is shown first
            st.markdown(f"**{md(e.datum_tekst)}** · {md(label)}  \n{md(e.regel)}")
            if e.achterhaald:
                why = e.achterhaald.removeprefix("mogelijk achterhaald: ")
                st.markdown(f":orange[**Mogelijk achterhaald:**] {md(why)}")


def status_line(answer: DraftAnswer) -> str | None:
    """'Voorstel: open', '... overgenomen', '... verworpen'; None without a proposal."""
    if not has_proposal(answer):
        return None
    return f"Voorstel: {proposal_label(answer.voorstel.status)}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _save_typed(draft_id: str, nrs, editor_key: str | None) -> None:
    """Callbacks of one rerun run in no fixed order: text typed just before the click is
    saved first, so the proposal follows what was typed and nothing is lost."""
    typed = take_unsaved(editor_key) if editor_key else None
    if typed is not None:
        state.workspace().save_answer(draft_id, tuple(nrs), tekst=typed)


def _accept(draft_id: str, nrs, editor_key: str | None = None) -> None:
    ws = state.workspace()
    try:
        _save_typed(draft_id, nrs, editor_key)
        ws.accept_proposal(draft_id, tuple(nrs))
        st.session_state[f"_taken-{draft_id}"] = tuple(nrs)  # keeps the answer open
    except AssistantError as exc:
        if exc.code == "no-proposal" and _status(draft_id, nrs) == ProposalStatus.AANVAARD:
            return  # the second click of a double-click: already taken over
        state.remember_error(exc)
    except Exception as exc:  # callbacks report on the next page
        state.remember_error(exc)


def _reject(draft_id: str, nrs, editor_key: str | None = None) -> None:
    ws = state.workspace()
    try:
        _save_typed(draft_id, nrs, editor_key)
        ws.reject_proposal(draft_id, tuple(nrs))
        st.session_state[f"_taken-{draft_id}"] = tuple(nrs)
    except Exception as exc:
        state.remember_error(exc)


def _status(draft_id: str, nrs) -> str | None:
    try:
        draft = state.workspace().load_draft(draft_id)
    except AssistantError:
        return None
    answer = next((a for a in draft.antwoorden if a.nrs == tuple(nrs)), None)
    return answer.voorstel.status if answer is not None and answer.voorstel else None
