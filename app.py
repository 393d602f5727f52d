"""Streamlit app for policy officers and reviewers: intake, suggestions, answers, review,
download, corpus. Thin on purpose: every step calls the assistant library.

Start with `assistant app` (or `streamlit run app.py`); the home folder comes from
$ASSISTANT_HOME (default ./.assistant).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from assistant import AssistantError, parse_question_bytes
from assistant.config import Settings
from assistant.dates import format_dutch
from assistant.draft import (
    compose_draft,
    draft_from_dict,
    draft_to_dict,
    edit_answer,
    edit_header,
    regroup,
    touch,
)
from assistant.opendata import postponement_of
from assistant.profiles import load_profiles
from assistant.render import render_draft, render_postponement
from assistant.review import checklist, diff_html, similarity
from assistant.search import Filters
from assistant.store import Store

STATUSES = ("concept", "in review", "definitief")

st.set_page_config(page_title="Kamervragen-assistent", layout="wide")


def settings() -> Settings:
    """Read on every run (cheap); the heavy objects below are cached per home folder, so a
    process never serves one home's corpus under another home's name."""
    return Settings.load()


def store() -> Store:
    return _store(str(settings().home))


@st.cache_resource(show_spinner=False)
def _store(home: str) -> Store:
    return Store.in_home(Path(home))


def searcher():
    """The model and index, loaded once per process; None when there is no index yet."""
    s = settings()
    return _searcher(str(s.home), s.model)


@st.cache_resource(show_spinner="Zoekmodel en index laden (eenmalig, ongeveer 10 seconden) ...")
def _searcher(home: str, model: str):
    from assistant.embed import load_embedder
    from assistant.index import INDEX_DIR
    from assistant.search import Searcher

    if not (Path(home) / INDEX_DIR / "manifest.json").exists():
        return None
    return Searcher(Path(home), load_embedder(model, Path(home)), settings().search)


def save(draft) -> None:
    """Every change is stored at once: closing the browser loses nothing."""
    store().save_draft(draft.id, draft_to_dict(draft))


def load(draft_id: str):
    data = store().get_draft(draft_id)
    return draft_from_dict(data) if data else None


def with_publication_link(label: str, document_id: int) -> str | None:
    """The source label with its kv-tk-/ah-tk- identifier as a link to officielebekendmakingen.nl;
    None unless the document came from the Kamer's own data (no links that lead nowhere)."""
    import re

    from assistant.opendata import publication_url

    if not store().is_synced(document_id):
        return None
    found = re.search(r"\b(?:ah-tk-\d{8}-\d+|kv-tk-\d{4}Z\d{5})\b", label)
    url = publication_url(found.group(0)) if found else None
    return label.replace(found.group(0), f"[{found.group(0)}]({url})") if url else None


def _count(n: int) -> str:
    return f"{n} {'vraag' if n == 1 else 'vragen'}"


def show_error(exc: Exception) -> None:
    message = exc.message if isinstance(exc, AssistantError) else f"Er ging iets mis: {exc}"
    st.error(message)


# ---- sidebar: drafts and pages -------------------------------------------------------------

st.sidebar.title("Kamervragen-assistent")
page = st.sidebar.radio(
    "Onderdeel", ["Concept", "Nieuwe vragenset", "Open Kamervragen", "Corpus"], key="page"
)
drafts = store().list_drafts()
labels = {  # kenmerk, status and when it was made: several drafts of one set stay apart
    d["id"]: f"{d['kenmerk'] or 'zonder kenmerk'} · {d['status']} · "
    f"{d['created'][8:10]}-{d['created'][5:7]} {d['created'][11:16]} · "
    f"{(d['onderwerp'] or '')[:30]}"
    for d in drafts
}
if drafts:
    # buttons, not a selectbox: the open draft lives only in session state, so a new
    # draft or an edit never makes the sidebar switch drafts behind the user's back
    st.sidebar.markdown("**Opgeslagen concepten**")
    if st.session_state.get("draft_id") not in labels:
        st.session_state["draft_id"] = drafts[0]["id"]
    for d in drafts[:20]:
        is_open = d["id"] == st.session_state["draft_id"]
        if st.sidebar.button(
            ("▶ " if is_open else "") + labels[d["id"]],
            key=f"open-{d['id']}",
            use_container_width=True,
        ):
            st.session_state["draft_id"] = d["id"]
            st.rerun()
else:
    st.sidebar.info("Nog geen concepten. Begin bij 'Nieuwe vragenset'.")


# ---- intake -----------------------------------------------------------------------------------


def intake_page() -> None:
    st.header("Nieuwe vragenset")
    upload = st.file_uploader(
        "Vragenset (.pdf, .docx of .txt)", type=["pdf", "docx", "txt"], key="upload"
    )
    pasted = st.text_area("of plak de tekst", height=200, key="paste")
    profiles = load_profiles()
    auto = "uit de geadresseerden"
    choice = st.selectbox(
        "Ministerie", [auto, *(p.afkorting for p in profiles.values())], key="intake_min"
    )
    ministry = None if choice == auto else choice
    if st.button("Inlezen en concept maken", type="primary", key="intake_go"):
        try:
            if upload is not None:
                qs = parse_question_bytes(upload.getvalue(), name=upload.name)
            elif pasted.strip():
                qs = parse_question_bytes(pasted.encode("utf-8"), name="geplakte tekst")
            else:
                st.warning("Kies een bestand of plak de tekst van de vragen.")
                return
            found = searcher()
            if found is None:
                st.info(
                    "Er is nog geen zoekindex: het concept krijgt openingen maar geen "
                    "precedenten. Voeg documenten toe onder 'Corpus'."
                )
            draft = compose_draft(qs, found, ministry, k=3)
        except AssistantError as exc:
            show_error(exc)
            return
        save(draft)
        st.session_state["draft_id"] = draft.id
        st.success(f"Concept gemaakt: {_count(len(qs.vragen))}. Ga naar 'Concept'.")


# ---- the draft --------------------------------------------------------------------------------


def header_section(draft):
    qs = draft.vragen
    st.header(qs.onderwerp or "(geen onderwerp)")
    cols = st.columns(4)
    cols[0].metric("Kenmerk", qs.kenmerk or "onbekend")
    cols[1].metric("Ingezonden", format_dutch(qs.ingezonden) if qs.ingezonden else "onbekend")
    if qs.uiterste_antwoorddatum:
        days = (qs.uiterste_antwoorddatum - date.today()).days
        cols[2].metric(
            "Uiterste antwoorddatum",
            format_dutch(qs.uiterste_antwoorddatum),
            (
                format_dutch(qs.uiterste_antwoorddatum, weekday=True).split()[0]
                + ": "
                + (f"nog {days} dagen" if days >= 0 else f"{-days} dagen te laat")
            ),
            delta_color="normal" if days > 5 else "inverse",
        )
        postponed = postponement_of(store(), qs.kenmerk)
        if days < 0 and postponed:
            st.warning(f"Termijn verstreken; uitstel is gemeld op {format_dutch(postponed)}.")
        elif days < 0:
            st.error("De termijn van drie weken is verstreken: stuur een uitstelbericht.")
        elif days <= 5:
            st.warning(f"Nog {days} dagen tot de uiterste antwoorddatum.")
    status = cols[3].selectbox(
        "Status", STATUSES, index=STATUSES.index(draft.status), key=f"status-{draft.id}"
    )
    if status != draft.status:
        draft = touch(draft, status=status)
        save(draft)
    members = ", ".join(f"{m.naam} ({m.partij})" if m.partij else m.naam for m in qs.indieners)
    addressees = "; ".join(qs.gericht_aan) or "onbekend"
    st.caption(f"Indieners: {members or 'onbekend'} · Gericht aan: {addressees}")
    for warning in qs.waarschuwingen:
        st.warning(f"Let op bij het inlezen: {warning}")
    with st.expander("Kop aanpassen (kenmerk, onderwerp, datum van indiening)"):
        kenmerk = st.text_input("Kenmerk", value=qs.kenmerk or "", key=f"hk-{draft.id}")
        onderwerp = st.text_input("Onderwerp", value=qs.onderwerp or "", key=f"ho-{draft.id}")
        ingezonden = st.date_input(
            "Ingezonden", value=qs.ingezonden, key=f"hi-{draft.id}", format="DD-MM-YYYY"
        )
        changed = (kenmerk or None, onderwerp or None, ingezonden) != (
            qs.kenmerk,
            qs.onderwerp,
            qs.ingezonden,
        )
        if changed:
            draft = touch(draft, vragen=edit_header(qs, kenmerk, onderwerp, ingezonden))
            save(draft)
            st.rerun()
    return draft


def answers_tab(draft):
    if draft.groepsvoorstellen:
        st.info(
            "Voorgestelde groepen: "
            + "; ".join(",".join(map(str, g)) for g in draft.groepsvoorstellen)
        )
    current = "; ".join(",".join(map(str, a.nrs)) for a in draft.antwoorden if len(a.nrs) > 1)
    groups_text = st.text_input(
        "Samen te beantwoorden vragen (bv. 2,3; 7,8,9)", value=current, key=f"groups-{draft.id}"
    )
    if groups_text != current:
        try:
            groups = [
                tuple(int(n) for n in part.split(","))
                for part in groups_text.split(";")
                if part.strip()
            ]
            draft = regroup(draft, groups)
            save(draft)
        except (ValueError, AssistantError) as exc:
            show_error(
                exc if isinstance(exc, AssistantError) else AssistantError("groepen als 2,3; 7,8,9")
            )
    by_nr = {q.nr: q for q in draft.vragen.vragen}
    for answer in draft.antwoorden:
        key = f"{draft.id}-{'-'.join(map(str, answer.nrs))}"
        title = "Vraag " + " en ".join(map(str, answer.nrs))
        with st.expander(title, expanded=len(draft.antwoorden) <= 3):
            for n in answer.nrs:
                st.markdown(f"**Vraag {n}** {by_nr[n].tekst}")
            st.caption(f"Vraagtype: {answer.vraagtype}")
            cited = []
            for i, s in enumerate(answer.suggesties):
                keep = st.checkbox(
                    f"[{s.label}] · {s.ministerie or ''} · score {s.score:.3f}",
                    value=s.passage_id in answer.gekozen,
                    key=f"cite-{key}-{i}",
                )
                st.markdown(f"> {s.tekst[:600]}{' …' if len(s.tekst) > 600 else ''}")
                if linked := with_publication_link(s.label, s.document_id):
                    st.caption(f"Officiële publicatie: {linked}")
                if keep:
                    cited.append(s.passage_id)
            text = st.text_area("Antwoord", value=answer.tekst, height=150, key=f"answer-{key}")
            if text != answer.tekst or tuple(cited) != answer.gekozen:
                draft = edit_answer(draft, answer.nrs, tekst=text, gekozen=tuple(cited))
                save(draft)
            search_more(draft, answer, key)
    return draft


def search_more(draft, answer, key) -> None:
    """Search again with filters (ministry, period, kind) and add what is found."""
    found = searcher()
    if found is None:
        return
    with st.popover("Zoeken met filters"):
        ministry = st.text_input("Ministerie", key=f"fmin-{key}")
        since = st.date_input("Vanaf", value=None, key=f"fsince-{key}")
        kinds = st.multiselect("Soort", ["antwoord", "qa-export", "beleid"], key=f"fkind-{key}")
        if st.button("Zoeken", key=f"fgo-{key}"):
            from assistant.draft import _citation

            question = " ".join(q.tekst for q in draft.vragen.vragen if q.nr in answer.nrs)
            hits = found.search(
                question, k=5, filters=Filters(ministry or None, since, None, tuple(kinds))
            )
            known = {s.passage_id for s in answer.suggesties}
            extra = tuple(citation_from_hit(h) for h in hits if h.passage_id not in known)
            new = [
                a
                if a.nrs != answer.nrs
                else type(a)(**{**a.__dict__, "suggesties": a.suggesties + extra})
                for a in draft.antwoorden
            ]
            save(touch(draft, antwoorden=tuple(new)))
            st.rerun()


def review_tab(draft) -> None:
    for check in checklist(draft, store()):
        (st.success if check.ok else st.error)(check.text)
    for answer in draft.antwoorden:
        cited = [s for s in answer.suggesties if s.passage_id in answer.gekozen]
        st.subheader(
            "Antwoord op "
            + ("vraag " if len(answer.nrs) == 1 else "vragen ")
            + ", ".join(map(str, answer.nrs))
        )
        left, right = st.columns(2)
        left.markdown("**Concept**")
        left.write(answer.tekst or "(leeg)")
        right.markdown("**Geciteerde precedenten**")
        if not cited:
            right.caption("Geen precedenten gekozen.")
        for s in cited:
            label = with_publication_link(s.label, s.document_id) or s.label
            right.markdown(f"*{label}* · overeenkomst {similarity(answer.tekst, s.tekst):.0%}")
            right.markdown(diff_html(answer.tekst, s.tekst), unsafe_allow_html=True)


def download_tab(draft) -> None:
    name = (draft.vragen.kenmerk or draft.id).replace("/", "-")
    c1, c2 = st.columns(2)
    c1.download_button(
        "Concept voor review (.docx)",
        render_draft(draft, "review"),
        file_name=f"{name}-review.docx",
        key=f"dl-review-{draft.id}",
    )
    c2.download_button(
        "Definitieve versie (.docx)",
        render_draft(draft, "definitief"),
        file_name=f"{name}-definitief.docx",
        key=f"dl-final-{draft.id}",
    )
    st.subheader("Uitstelbericht")
    reason = st.text_input(
        "Reden",
        value="Voor de beantwoording is afstemming met andere departementen nodig.",
        key=f"reason-{draft.id}",
    )
    expected = st.date_input("Verwachte beantwoording", value=None, key=f"expected-{draft.id}")
    st.download_button(
        "Uitstelbericht (.docx)",
        render_postponement(draft.vragen, reason, expected, draft.ministerie),
        file_name=f"{name}-uitstel.docx",
        key=f"dl-uitstel-{draft.id}",
    )


def draft_page() -> None:
    draft_id = st.session_state.get("draft_id")
    draft = load(draft_id) if draft_id else None
    if draft is None:
        st.info("Kies een concept in de zijbalk of lees een nieuwe vragenset in.")
        return
    draft = header_section(draft)
    # one section at a time: only what is shown is computed (the .docx only on request)
    section = st.radio(
        "Onderdeel van het concept",
        ["Antwoorden", "Review", "Downloaden"],
        horizontal=True,
        key=f"section-{draft.id}",
        label_visibility="collapsed",
    )
    if section == "Antwoorden":
        answers_tab(draft)
    elif section == "Review":
        review_tab(draft)
    else:
        download_tab(draft)


# ---- corpus -------------------------------------------------------------------------------------


def corpus_page() -> None:
    st.header("Corpus")
    counts = store().counts()
    c = st.columns(3)
    c[0].metric("Documenten", counts["documents"])
    c[1].metric("Vraag/antwoord-records", counts["qa_records"])
    c[2].metric("Beleidspassages", counts["passages"])
    from assistant.opendata.tables import SyncTables

    last = SyncTables(store()).last_run()
    if last:
        st.caption(
            f"{store().count_synced()} documenten komen uit de open data van de Tweede Kamer; "
            f"laatste sync {_local_time(last['tijd'])}."
        )
    cols = st.columns(3)
    for col, (title, key) in zip(
        cols,
        [("Soort", "by_kind"), ("Ministerie", "by_ministry"), ("Jaar", "by_year")],
        strict=True,
    ):
        col.markdown(f"**{title}**")
        col.dataframe([{"": k, "aantal": v} for k, v in counts[key].items()], hide_index=True)
    uploads = st.file_uploader(
        "Documenten toevoegen (.pdf, .docx, .txt, .md, .jsonl, .csv)",
        accept_multiple_files=True,
        key="corpus_upload",
    )
    if uploads and st.button("Toevoegen en index bijwerken", key="corpus_go"):
        add_documents(uploads)


def add_documents(uploads) -> None:
    import tempfile

    from assistant.embed import load_embedder
    from assistant.index import build_index
    from assistant.ingest import ingest

    s = settings()
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=s.home))
    for u in uploads:
        (folder / Path(u.name).name).write_bytes(u.getvalue())
    bar = st.progress(0.0, text="Inlezen ...")
    with Store.in_home(s.home) as own:  # its own connection, like the sync
        report = ingest([folder], own)
    bar.progress(0.3, text="Embedden ...")
    for name, reason in report.failed:
        st.error(f"{Path(name).name}: {reason}")
    if report.added or report.replaced:
        embedder = load_embedder(s.model, s.home)

        def progress(steps):
            for i, step in enumerate(steps):
                bar.progress(0.3 + 0.7 * i / max(len(steps), 1), text="Embedden ...")
                yield step

        with Store.in_home(s.home) as own:
            build_index(own, embedder, s.home, s.search, progress=progress)
        _searcher.clear()
    bar.progress(1.0, text="Klaar")
    st.success(
        f"Toegevoegd: {len(report.added)}, ongewijzigd: {len(report.unchanged)}, "
        f"vervangen: {len(report.replaced)}, mislukt: {len(report.failed)}"
    )


# ---- open question sets (from the Tweede Kamer sync) ---------------------------------------


def open_sets_page() -> None:
    from assistant.opendata import open_question_sets
    from assistant.opendata.tables import SyncTables
    from assistant.parse.ministries import MINISTRIES

    st.header("Open Kamervragen")
    tables = SyncTables(store())
    everyone = "alle ministeries"
    addressed = {m for z in tables.zaken() for m in z["ministeries"]}
    choice = st.selectbox(
        "Ministerie", [everyone, *sorted(addressed or MINISTRIES)], key="open_min"
    )
    ministry = None if choice == everyone else choice
    update_from_kamer(ministry)
    last = tables.last_run()
    if last is None:
        st.info(
            "Nog niet gesynchroniseerd met de Tweede Kamer. Kies 'Bijwerken vanaf de Tweede "
            "Kamer' hierboven, of laat een beheerder `assistant sync` draaien (zie README); "
            "daarna staan hier de vragen die nog op antwoord wachten."
        )
        return
    st.caption(f"Laatste sync: {_local_time(last['tijd'])}")
    today = date.today()
    sets = open_question_sets(store(), ministry)
    late = [s for s in sets if (s.days_left(today) or 0) < 0]
    soon = [s for s in sets if 0 <= (s.days_left(today) or -1) <= 5]
    c = st.columns(3)
    c[0].metric("Open vragensets", len(sets))
    c[1].metric("Termijn verstreken", len(late))
    c[2].metric("Binnen 5 dagen", len(soon))
    if not sets:
        st.success("Geen open Kamervragen voor deze keuze.")
        return
    st.dataframe(
        _open_sets_table(sets, today),
        hide_index=True,
        use_container_width=True,
        column_config={
            "Publicatie": st.column_config.LinkColumn("Publicatie", display_text="kv-tk"),
            "Dagen over": st.column_config.NumberColumn("Dagen over", format="%d"),
        },
        key="open_table",
    )
    start_from_open_set([s for s in sets if s.vragen_bestand])


def update_from_kamer(ministry: str | None) -> None:
    """The one place where the app goes on the network, and only on this button."""
    from assistant.index import update_if_present
    from assistant.opendata import ODataClient, SyncOptions, sync

    s = settings()
    with st.expander("Bijwerken vanaf de Tweede Kamer"):
        st.caption(
            f"Haalt nieuwe en gewijzigde Kamervragen, antwoorden en uitstelberichten op "
            f"({ministry or 'alle ministeries'}) van {s.tk_api}. Per keer hoogstens het "
            "gekozen aantal documenten; nogmaals klikken gaat verder waar het stopte."
        )
        limit = st.number_input("Hoogstens documenten", 10, 5000, 100, step=50, key="sync_n")
        if not st.button("Nu bijwerken", key="sync_go"):
            return
        line = st.empty()
        try:
            # its own connection: other sessions keep using the shared one meanwhile
            with ODataClient(s.tk_api) as client, Store.in_home(s.home) as own:
                report = sync(
                    own, client, s.home, SyncOptions(ministry=ministry, limit=int(limit)),
                    progress=lambda message: line.text(message),
                )  # fmt: skip
                if report.corpus_changed:
                    line.text("Zoekindex bijwerken ...")
                    update_if_present(own, s)
                    _searcher.clear()
        except AssistantError as exc:
            line.empty()
            show_error(exc)
            return
        line.empty()
        st.success(
            f"Bijgewerkt: {len(report.added)} nieuwe en {len(report.replaced)} gewijzigde "
            f"documenten, {len(report.removed)} verwijderd, {len(report.failed)} mislukt."
            + (" Klik nogmaals om verder te gaan." if report.stopped_at_limit else "")
        )


def start_from_open_set(ready) -> None:
    """Begin a draft straight from a synced question document: no download or copy-paste."""
    if not ready:
        st.caption("Bij deze vragensets is nog geen vragendocument opgehaald.")
        return
    labels = {f"{s.kenmerk} · {(s.onderwerp or '')[:70]}": s for s in ready}
    chosen = labels[st.selectbox("Concept maken voor", list(labels), key="open_pick")]
    if st.button("Concept maken", type="primary", key="open_go"):
        try:
            qs = parse_question_bytes(
                Path(chosen.vragen_bestand).read_bytes(), name=Path(chosen.vragen_bestand).name
            )
            draft = compose_draft(qs, searcher(), None, k=3)
        except (OSError, AssistantError) as exc:
            show_error(exc if isinstance(exc, AssistantError) else AssistantError(str(exc)))
            return
        save(draft)
        st.session_state["draft_id"] = draft.id
        st.success(f"Concept gemaakt: {_count(len(qs.vragen))}. Ga naar 'Concept'.")


def _open_sets_table(sets, today):
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


def _local_time(iso: str) -> str:
    from datetime import datetime

    moment = datetime.fromisoformat(iso).astimezone()
    return f"{format_dutch(moment.date())} {moment:%H:%M}"


try:
    {
        "Concept": draft_page,
        "Nieuwe vragenset": intake_page,
        "Open Kamervragen": open_sets_page,
        "Corpus": corpus_page,
    }[page]()
except AssistantError as exc:
    show_error(exc)
