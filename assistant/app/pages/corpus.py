"""Corpus: what the precedent corpus holds, and adding documents (the index follows, with a
progress bar)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.app import state
from assistant.app.advice import with_app_advice
from assistant.app.labels import local_time
from assistant.app.safe_text import md
from assistant.app.uploads import SavedUploads, saved_uploads
from assistant.config import MAX_CORPUS_BYTES
from assistant.opendata.tables import SyncTables
from assistant.vocabulary import kind_label

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


def build_with_progress(saved: SavedUploads | None, rebuild: bool = False) -> None:
    """Read the saved uploads (None: only bring the index up to date), then the index;
    rebuild: embed everything again (an index of another model or a damaged one)."""
    bar = st.progress(0.0, text="Inlezen ...")

    def files_done(done: int, total: int) -> None:
        bar.progress(0.3 * done / max(total, 1), text=f"Inlezen: {done} van {total} bestanden")

    def embedded(done: int, total: int) -> None:
        bar.progress(0.3 + 0.7 * done / max(total, 1),
                     text=f"Zoekindex: {done} van {total} passages ge-embed")  # fmt: skip

    try:
        if saved is not None:
            # an upload's source is its name: a new version of the same file replaces the old
            report = ws.ingest([saved.folder], progress=files_done,
                               source_of=lambda path: f"upload:{path.name}")  # fmt: skip
            for name, reason in report.failed:
                advised = with_app_advice(reason, report.codes.get(name))
                st.error(f"{md(saved.shown(name))}: {md(advised)}")
            for name, warning in report.warnings:
                st.warning(f"{md(saved.shown(name))}: {md(warning)}")
            changed = report.added or report.replaced
        else:
            report, changed = None, True
        if changed:
            ws.reindex(rebuild=rebuild, progress=embedded)
            state.clear_shared_searchers()
    except Exception as exc:
        bar.empty()
        state.show_error(exc)
        return
    bar.progress(1.0, text="Klaar")
    if report is not None:
        st.success(
            f"Toegevoegd: {len(report.added)}, ongewijzigd: {len(report.unchanged)}, "
            f"vervangen: {len(report.replaced)}, mislukt: {len(report.failed)}"
        )
    else:
        st.success("De zoekindex is bijgewerkt.")


limit_mb = MAX_CORPUS_BYTES // (1024 * 1024)
uploads = st.file_uploader(
    f"Documenten toevoegen (.pdf, .docx, .txt, .md, .jsonl, .csv), hoogstens {limit_mb} MB per "
    "bestand",
    accept_multiple_files=True,
    key="corpus_upload",
    max_upload_size=limit_mb,
)
cols = st.columns(2)
if uploads and cols[0].button("Toevoegen en index bijwerken", key="corpus_go", type="primary"):
    with saved_uploads(uploads, Path(ws.home)) as saved:  # the folder goes when they are read
        for name, reason in saved.skipped:
            st.warning(f"Niet gelezen: {md(name)}: {md(reason)}")
        if saved.names:
            build_with_progress(saved)
# the index can always be brought up to date or rebuilt here: the app's advice for an index of
# another model or a damaged one ("index-outdated", "index-damaged") points to this button
if not index.exists and counts["documents"]:
    if cols[1].button("Zoekindex bouwen", key="reindex_go"):
        build_with_progress(None)
elif index.exists and index.stale:
    if cols[1].button("Zoekindex bijwerken", key="reindex_go"):
        build_with_progress(None)
elif index.exists and cols[1].button("Zoekindex opnieuw opbouwen", key="rebuild_go"):
    build_with_progress(None, rebuild=True)
