"""Open Kamervragen: synced question sets still waiting for an answer, with deadlines; update
from the Tweede Kamer (the app's only network use, on request) and start a draft from a set."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import streamlit as st

from assistant.app import jobs, state
from assistant.app.labels import local_time
from assistant.dates import format_dutch
from assistant.nl import count_text
from assistant.opendata.tables import SyncTables
from assistant.parse.ministries import MINISTRIES, ministry_label

ws = state.workspace()
st.header("Open Kamervragen", anchor=False)
tables = SyncTables(ws.store)
everyone = "alle ministeries"
addressed = {m for z in tables.zaken() for m in z["ministeries"]}
choice = st.selectbox("Ministerie", [everyone, *sorted(addressed or MINISTRIES)], key="open_min",
                      format_func=ministry_label)  # fmt: skip
ministry = None if choice == everyone else choice


def sync_work(ministry: str | None, limit: int):
    """The sync as a job: its own Workspace and connection to the Kamer, in its own thread."""
    from assistant.opendata import SyncFeed, SyncOptions, check_feed_url
    from assistant.workspace import Workspace

    settings = ws.settings

    def work(progress):
        with Workspace(settings) as own, SyncFeed(check_feed_url(settings.tk_api)) as kamer:
            report, built = own.sync(
                kamer, SyncOptions(ministry=ministry, limit=limit), progress=progress
            )
        if built is not None:
            state.clear_shared_searchers()  # the next search loads the new index
        return report

    return work


def update_from_kamer() -> None:
    s = ws.settings
    job = jobs.latest(ws.home, "sync")
    running = job is not None and job.running
    with st.expander("Bijwerken vanaf de Tweede Kamer"):
        st.caption(
            f"Haalt nieuwe en gewijzigde Kamervragen, antwoorden en uitstelberichten op "
            f"({ministry or 'alle ministeries'}) van {s.tk_api}. Per keer hoogstens het "
            "gekozen aantal documenten; nogmaals klikken gaat verder waar het stopte. Het "
            "bijwerken gaat door als u intussen verder klikt."
        )
        limit = st.number_input("Hoogstens documenten", 10, 5000, 100, step=50, key="sync_n")
        if st.button("Nu bijwerken", key="sync_go", disabled=running):
            job = jobs.start(ws.home, "sync", sync_work(ministry, int(limit)))
            running = True
    if running:
        sync_progress()
    elif job is not None:
        sync_result(job)


@st.fragment(run_every=1.0)
def sync_progress() -> None:
    """While the sync runs: its last progress line, refreshed every second; when it has
    ended, the whole page again (with its result and the new sets)."""
    job = jobs.latest(ws.home, "sync")
    if job is None or not job.running:
        st.rerun()
    st.info(f"Bezig met bijwerken ... {job.last_line or ''}".strip())


def sync_result(job) -> None:
    """The last sync of this server: what it did, or why it stopped."""
    at = time.strftime("%H:%M", time.localtime(job.finished))
    if job.error is not None:
        state.show_error(job.error)
        return
    report = job.result
    st.success(
        f"Bijgewerkt: {len(report.added)} nieuwe en {len(report.replaced)} gewijzigde "
        f"documenten, {len(report.removed)} verwijderd, {len(report.failed)} mislukt (om {at})."
        + (f" Ingetrokken: {', '.join(report.withdrawn)}." if report.withdrawn else "")
        + (" Klik nogmaals om verder te gaan." if report.stopped_at_limit else "")
    )


def sets_table(sets, today):
    import pandas as pd

    rows = pd.DataFrame(
        [
            {
                "Kenmerk": s.kenmerk,
                "Uiterste datum": format_dutch(s.deadline, weekday=True) if s.deadline else "",
                "Dagen over": s.days_left(today),
                "Status": s.status(today),
                "Onderwerp": s.onderwerp or "",
                "Uitstel": format_dutch(s.uitstel) if s.uitstel else "",
                "Ingezonden": format_dutch(s.ingezonden) if s.ingezonden else "",
                "Gericht aan": ", ".join(s.gericht_aan),
                "Vragenstellers": ", ".join(s.indieners),
                "Publicatie": s.url,
            }
            for s in sets
        ]
    )

    def colour(row):  # overdue red, due within five days amber
        days = row["Dagen over"]
        tint = "" if pd.isna(days) or days > 5 else ("#fde2e1" if days < 0 else "#fff4d6")
        return [f"background-color: {tint}" if tint else ""] * len(row)

    return rows.style.apply(colour, axis=1)


def start_from_open_set(ready) -> None:
    """Begin a draft straight from a synced question document: no download or copy-paste."""
    if not ready:
        st.caption("Bij deze vragensets is nog geen vragendocument opgehaald.")
        return
    labels = {f"{s.kenmerk} · {(s.onderwerp or '')[:70]}": s for s in ready}
    chosen = labels[st.selectbox("Concept maken voor", list(labels), key="open_pick")]
    if st.button("Concept maken", type="primary", key="open_go"):
        try:
            qs = ws.read_question_file(Path(chosen.vragen_bestand))
            with st.spinner("Precedenten zoeken ..."):
                draft = ws.new_draft(qs, None, k=3)
        except Exception as exc:
            state.show_error(exc)
            return
        state.open_new_draft(draft.id, f"Concept gemaakt: {count_text(len(qs.vragen))}.")


update_from_kamer()
last = tables.last_run()
if last is None:
    st.info(
        "Nog niet gesynchroniseerd met de Tweede Kamer. Kies 'Bijwerken vanaf de Tweede "
        "Kamer' hierboven, of laat een beheerder `assistant sync` draaien (zie README); "
        "daarna staan hier de vragen die nog op antwoord wachten."
    )
    st.stop()
st.caption(f"Laatste sync: {local_time(last['tijd'])}")
today = date.today()
sets = ws.open_sets(ministry)
late = [s for s in sets if (s.days_left(today) or 0) < 0]
soon = [s for s in sets if 0 <= (s.days_left(today) or -1) <= 5]
c = st.columns(3)
c[0].metric("Open vragensets", len(sets))
c[1].metric("Termijn verstreken", len(late))
c[2].metric("Binnen 5 dagen", len(soon))
if not sets:
    st.success("Geen open Kamervragen voor deze keuze.")
    st.stop()
st.dataframe(
    sets_table(sets, today),
    hide_index=True,
    width="stretch",
    column_config={
        "Publicatie": st.column_config.LinkColumn("Publicatie", display_text="kv-tk"),
        "Dagen over": st.column_config.NumberColumn("Dagen over", format="%d"),
    },
    key="open_table",
)
start_from_open_set([s for s in sets if s.vragen_bestand])
