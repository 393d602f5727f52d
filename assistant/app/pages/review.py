"""Review: the checklist with a link to each open point, then per answer the question, the
draft answer with what became of its proposal, the cited precedents with the phrases they
share marked, and the policy line of its precedents."""

from __future__ import annotations

import streamlit as st

from assistant.app import state
from assistant.app.draft_header import current_draft, draft_header
from assistant.app.proposal import policy_line_view, status_line
from assistant.app.safe_text import md
from assistant.nl import numbers_text
from assistant.review import checklist, overlap_html, similarity

ws = state.workspace()
draft = current_draft(ws)
draft_header(ws, draft, editable=False)

st.subheader("Checklist", anchor=False)
for check in checklist(draft, ws.store):
    links = " ".join(f"[{n}](#antwoord-{n})" for n in check.nrs) if check.nrs else ""
    text = md(check.text) + (f" · ga naar vraag {links}" if links else "")
    (st.success if check.ok else st.error)(
        text, icon=":material/check_circle:" if check.ok else ":material/error:"
    )

by_nr = {q.nr: q for q in draft.vragen.vragen}
for answer in draft.antwoorden:
    st.divider()
    for n in answer.nrs:
        st.html(f'<span id="antwoord-{n}"></span>')
    st.subheader(f"Antwoord op {numbers_text(answer.nrs)}", anchor=False)
    for n in answer.nrs:
        st.markdown(f"**Vraag {n}** {md(by_nr[n].tekst)}")
    cited = [s for s in answer.suggesties if s.passage_id in answer.gekozen]
    left, right = st.columns(2)
    left.markdown("**Concept-antwoord**")
    left.markdown(md(answer.tekst) if (answer.tekst or "").strip() else "(leeg)")
    status = status_line(answer)
    if status:
        left.caption(status)
    right.markdown("**Geciteerde precedenten**")
    if not cited:
        right.caption("Geen precedenten geciteerd.")
    for s in cited:
        badge = " :violet-badge[Fictief demomateriaal]" if s.fictief else ""
        badge += " :orange-badge[Mogelijk achterhaald]" if s.achterhaald else ""
        match = similarity(answer.tekst, s.tekst)
        right.markdown(f"*{md(s.label)}*{badge} · overeenkomst {match:.0%}")
        if s.vraag:
            right.caption(f"Beantwoordde: {md(s.vraag)}")
        right.html(f'<div style="line-height:1.5">{overlap_html(answer.tekst, s.tekst)}</div>')
    policy_line_view(answer, expanded=any(c.achterhaald for c in answer.suggesties))
