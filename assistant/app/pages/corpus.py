"""Corpus: what the precedent corpus holds, and adding documents (the index follows, with a
progress bar); the reading runs as a job (assistant/app/jobs.py), so a click meanwhile does
not stop it."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from assistant.app import jobs, state
from assistant.app.advice import with_app_advice
from assistant.app.labels import local_time
from assistant.app.safe_text import md
from assistant.app.uploads import SavedUploads, remove_folder, save_uploads
from assistant.config import MAX_CORPUS_BYTES
from assistant.opendata.tables import SyncTables
from assistant.vocabulary import kind_label
from assistant.workspace import Workspace

ws = state.workspace()
st.header("Corpus", anchor=False)
counts = ws.counts()
c = st.columns(3)
c[0].metric("Documenten", counts["documents"])
c[1].metric("Vraag/antwoord-records", counts["qa_records"])
c[2].metric("Beleidspassages", counts["passages"])
index = ws.index_state()
if not index.exists and counts["documents"]:
    st.warning("Er is nog geen zoekindex: klik 'Zoekindex bouwen'.")
elif not index.exists:
    st.warning("Er is nog geen zoekindex. Voeg documenten toe; de index wordt dan gebouwd.")
elif index.stale:
    st.info("De zoekindex loopt achter op het corpus: klik 'Zoekindex bijwerken'.")
last = SyncTables(ws.store).last_run()
if last:
    st.caption(
        f"{ws.store.count_synced()} documenten komen uit de open data van de Tweede Kamer; "
        f"laatste sync {local_time(last['tijd'])}."
    )
for col, (title, key) in zip(
    st.columns([1, 2, 1]),
    [("Soort", "by_kind"), ("Ministerie", "by_ministry"), ("Jaar", "by_year")],
    strict=True,
):
    # a plain table: every column fits, nothing is cut off or scrolled
    names = {name: kind_label(name) if key == "by_kind" else name for name in counts[key]}
    rows = "\n".join(f"| {md(names[name])} | {count} |" for name, count in counts[key].items())
    col.markdown(f"| {title} | Aantal |\n|---|--:|\n{rows}")


def corpus_work(saved: SavedUploads | None, rebuild: bool = False):
    """Reading the saved uploads (None: only the index) and then the index, as a job: its
    own Workspace in its own thread; the upload folder goes when it has been read."""
    settings = ws.settings

    def work(progress):
        try:
            with Workspace(settings) as own:
                report = None
                if saved is not None:
                    # an upload's source is its name: a new version of a file replaces the old
                    report = own.ingest(
                        [saved.folder],
                        progress=lambda done, total: progress(
                            f"Inlezen: {done} van {total} bestanden", 0.3 * done / max(total, 1)
                        ),
                        source_of=lambda path: f"upload:{path.name}",
                    )
                if report is None or report.added or report.replaced:
                    own.reindex(
                        rebuild=rebuild,
                        progress=lambda done, total: progress(
                            f"Zoekindex: {done} van {total} passages ge-embed",
                            0.3 + 0.7 * done / max(total, 1),
                        ),
                    )
                    state.clear_shared_searchers()  # the next search loads the new index
                return report, saved
        finally:
            if saved is not None:
                remove_folder(saved.folder)

    return work


def start_job(saved: SavedUploads | None, rebuild: bool = False) -> None:
    try:
        jobs.start(ws.home, "corpus", corpus_work(saved, rebuild))
    except Exception as exc:  # another job runs: nothing of this upload is kept
        if saved is not None:
            remove_folder(saved.folder)
        state.show_error(exc)


@st.fragment(run_every=1.0)
def corpus_progress() -> None:
    """While reading and indexing run: how far, every second; then the whole page again."""
    job = jobs.latest(ws.home, "corpus")
    if job is None or not job.running:
        st.rerun()
    st.progress(job.fraction or 0.0, text=job.last_line or "Inlezen ...")


def corpus_result(job) -> None:
    """What the last reading did, file by file where something went wrong."""
    if job.error is not None:
        state.show_error(job.error)
        return
    report, saved = job.result
    at = time.strftime("%H:%M", time.localtime(job.finished))
    if report is None:
        st.success(f"De zoekindex is bijgewerkt (om {at}).")
        return
    for name, reason in saved.skipped:
        st.warning(f"Niet gelezen: {md(name)}: {md(reason)}")
    for name, reason in report.failed:
        advised = with_app_advice(reason, report.codes.get(name))
        st.error(f"{md(saved.shown(name))}: {md(advised)}")
    for name, warning in report.warnings:
        st.warning(f"{md(saved.shown(name))}: {md(warning)}")
    st.success(
        f"Toegevoegd: {len(report.added)}, ongewijzigd: {len(report.unchanged)}, "
        f"vervangen: {len(report.replaced)}, mislukt: {len(report.failed)} (om {at})"
    )


limit_mb = MAX_CORPUS_BYTES // (1024 * 1024)
uploads = st.file_uploader(
    f"Documenten toevoegen (.pdf, .docx, .txt, .md, .jsonl, .csv), hoogstens {limit_mb} MB per "
    "bestand",
    accept_multiple_files=True,
    key="corpus_upload",
    max_upload_size=limit_mb,
)
job = jobs.latest(ws.home, "corpus")
running = job is not None and job.running
cols = st.columns(2)
if uploads and cols[0].button("Toevoegen en index bijwerken", key="corpus_go", type="primary",
                              disabled=running):  # fmt: skip
    saved = save_uploads(uploads, Path(ws.home))
    if saved.names:
        start_job(saved)
    else:  # nothing readable: say why at once
        remove_folder(saved.folder)
        for name, reason in saved.skipped:
            st.warning(f"Niet gelezen: {md(name)}: {md(reason)}")
# the index can always be brought up to date or rebuilt here: the app's advice for an index of
# another model or a damaged one ("index-outdated", "index-damaged") points to this button
if not index.exists and counts["documents"]:
    if cols[1].button("Zoekindex bouwen", key="reindex_go", disabled=running):
        start_job(None)
elif index.exists and index.stale:
    if cols[1].button("Zoekindex bijwerken", key="reindex_go", disabled=running):
        start_job(None)
elif index.exists and cols[1].button(
    "Zoekindex opnieuw opbouwen", key="rebuild_go", disabled=running
):
    start_job(None, rebuild=True)
job = jobs.latest(ws.home, "corpus")
if job is not None and job.running:
    corpus_progress()
elif job is not None:
    corpus_result(job)
