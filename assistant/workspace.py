"""Workspace: one home folder's settings, store and (lazily loaded) searcher, and the use
cases the CLI and the app share. Both call only this; it owns and closes its resources.

Every change to a stored draft is a read-change-write of the latest stored version in one
transaction (Store.change_draft), so an edit never overwrites another tab's newer work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .config import Settings
from .draft import (
    accept_proposal,
    citation_from_hit,
    compose_draft,
    draft_from_dict,
    draft_to_dict,
    edit_answer,
    edit_header,
    regroup,
    reject_proposal,
    touch,
)
from .errors import AssistantError
from .models import Citation, Draft, QuestionSet
from .precedent import Precedent, load_precedent
from .store import Store
from .vocabulary import DraftStatus

STATUSES = tuple(DraftStatus)


@dataclass(frozen=True)
class DraftSummary:
    """A stored draft as a list shows it."""

    id: str
    kenmerk: str | None
    onderwerp: str | None
    status: str
    created: str  # ISO time (UTC)
    updated: str


@dataclass(frozen=True)
class IndexState:
    """Whether search works, and whether the index lags behind the corpus."""

    exists: bool
    stale: bool = False
    items: int = 0
    stamp: str = ""  # changes whenever the index folder is rewritten (for caches)


class Workspace:
    """The assistant for one home folder. Use as a context manager, or call close()."""

    def __init__(self, settings: Settings,
                 searcher_factory: Callable[[Workspace], object] | None = None):  # fmt: skip
        self.settings = settings
        self._store: Store | None = None
        self._searcher = None
        self._searcher_factory = searcher_factory  # the app shares one searcher across tabs

    @classmethod
    def open(cls, home: str | Path | None = None, model: str | None = None) -> Workspace:
        return cls(Settings.load(home, model))

    @property
    def home(self) -> Path:
        return self.settings.home

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.in_home(self.home)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._searcher is not None and self._searcher_factory is None:
            self._searcher.close()  # a shared searcher belongs to whoever made it
        self._searcher = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- index and search -------------------------------------------------------------------

    def index_state(self) -> IndexState:
        from .index import INDEX_DIR

        manifest = self.home / INDEX_DIR / "manifest.json"
        if not manifest.exists():
            return IndexState(exists=False)
        import json

        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return IndexState(exists=True, stale=True)
        stamp = f"{manifest.stat().st_mtime_ns}:{data.get('store_generation')}"
        return IndexState(
            exists=True,
            stale=data.get("store_generation") != self.store.generation(),
            items=int(data.get("count") or 0),
            stamp=stamp,
        )

    def searcher(self):
        """The model and index, loaded on first use; None while there is no index."""
        if self._searcher_factory is not None:
            return self._searcher_factory(self)  # shared and cached by whoever made it
        if self._searcher is None and self.index_state().exists:
            from .embed import embedder_for_search
            from .search import Searcher

            embedder = embedder_for_search(self.settings)
            self._searcher = Searcher(self.home, embedder, self.settings.search)
        return self._searcher

    def search(self, queries: list[str], k: int = 10, filters=None, contexts=None):
        found = self.searcher()
        if found is None:
            raise AssistantError("er is nog geen zoekindex", code="no-index")
        return found.search_many(queries, k, filters, contexts)

    def reindex(self, rebuild: bool = False, progress=None):
        """Build or update the index from the store; the next search loads the new one."""
        from .embed import embedder_for_indexing
        from .index import build_index

        embedder = embedder_for_indexing(self.settings)
        report = build_index(
            self.store, embedder, self.home, self.settings.search, rebuild=rebuild,
            progress=progress,
        )  # fmt: skip
        self._forget_searcher()
        return report

    def _forget_searcher(self) -> None:
        if self._searcher is not None and self._searcher_factory is None:
            self._searcher.close()
        self._searcher = None

    # --- corpus -----------------------------------------------------------------------------

    def ingest(self, paths, kind: str | None = None, progress=None, source_of=None):
        from .ingest import ingest

        return ingest(paths, self.store, kind=kind, progress=progress, source_of=source_of)

    def ingest_and_update_index(self, paths, kind=None, progress=None, index_progress=None):
        """Add documents; bring an existing index up to date (only new text is embedded)."""
        report = self.ingest(paths, kind=kind, progress=progress)
        built = None
        if (report.added or report.replaced) and self.index_state().exists:
            built = self.reindex(progress=index_progress)
        return report, built

    def sync(self, client, options, progress=None, update_index: bool = True):
        """Fetch from the Tweede Kamer; then update an existing index when the corpus changed.
        Returns (sync report, index report or None)."""
        from .opendata import sync

        report = sync(self.store, client, self.home, options, progress=progress)
        built = None
        if report.corpus_changed and update_index and self.index_state().exists:
            if progress:
                progress("Zoekindex bijwerken ...")
            built = self.reindex()
        return report, built

    def open_sets(self, ministry: str | None = None):
        from .opendata import open_question_sets

        return open_question_sets(self.store, ministry)

    def postponement_of(self, kenmerk: str | None) -> date | None:
        from .opendata import postponement_of

        return postponement_of(self.store, kenmerk)

    def counts(self) -> dict:
        return self.store.counts()

    def precedent(self, passage_id: str) -> Precedent:
        """The whole precedent behind a suggestion: its full answer and its whole document."""
        return load_precedent(self.store, passage_id)

    # --- question sets and drafts -----------------------------------------------------------

    def read_questions(self, data: bytes, name: str) -> QuestionSet:
        from .intake import parse_question_bytes

        return parse_question_bytes(data, name=name, max_bytes=self.settings.max_input_bytes)

    def read_question_file(self, path: str | Path) -> QuestionSet:
        from .intake import read_question_set

        return read_question_set(str(path), max_bytes=self.settings.max_input_bytes)

    def new_draft(self, qs: QuestionSet, ministerie: str | None = None, k: int = 3,
                  groups=None, vorm: str | None = None) -> Draft:  # fmt: skip
        """Compose a draft (with suggestions when there is an index) and store it."""
        searcher = self.searcher() if k else None
        draft = compose_draft(qs, searcher, ministerie, k=k, groups=groups or [], vorm=vorm,
                              compose=self.settings.compose)  # fmt: skip
        draft = self._rewritten(draft)
        self.store.save_draft(draft.id, draft_to_dict(draft))
        return draft

    def _rewritten(self, draft: Draft) -> Draft:
        """With a ministry's own chat server configured (RewriteSettings): each proposal
        rewritten into one fluent answer, kept only when every sentence is grounded."""
        if not self.settings.rewrite.enabled:
            return draft
        from .rewrite import rewrite_proposal

        by_nr = {q.nr: q.tekst for q in draft.vragen.vragen}
        answers = []
        failed = None  # a server that failed once is not asked again for this draft
        for a in draft.antwoorden:
            if a.voorstel is not None and a.voorstel.sources:
                if failed:
                    skipped = f"herschrijving overgeslagen ({failed})"
                    a = replace(a, voorstel=replace(a.voorstel, opmerking=skipped))
                else:
                    questions = [by_nr[n] for n in a.nrs]
                    p = rewrite_proposal(a.voorstel, questions, self.settings.rewrite)
                    if (p.opmerking or "").startswith("herschrijving niet gelukt"):
                        failed = p.opmerking.split(": ", 1)[-1]
                    a = replace(a, voorstel=p)
            answers.append(a)
        return replace(draft, antwoorden=tuple(answers))

    def accept_proposal(self, draft_id: str, nrs: tuple[int, ...]) -> Draft:
        """'Voorstel overnemen': the proposal's text enters the answer, its sources are cited."""
        return self.change_draft(draft_id, lambda d: accept_proposal(d, tuple(nrs)))

    def reject_proposal(self, draft_id: str, nrs: tuple[int, ...]) -> Draft:
        return self.change_draft(draft_id, lambda d: reject_proposal(d, tuple(nrs)))

    def drafts(self) -> list[DraftSummary]:
        return [DraftSummary(**row) for row in self.store.list_drafts()]

    def load_draft(self, draft_id: str) -> Draft:
        data = self.store.get_draft(draft_id)
        if data is None:
            raise AssistantError(f"concept '{draft_id}' bestaat niet", code="no-draft")
        return draft_from_dict(data)

    def draft_data(self, draft_id: str) -> dict:
        """The stored JSON form (what 'drafts show' prints)."""
        data = self.store.get_draft(draft_id)
        if data is None:
            raise AssistantError(f"concept '{draft_id}' bestaat niet", code="no-draft")
        return data

    def save_draft(self, draft: Draft) -> None:
        self.store.save_draft(draft.id, draft_to_dict(draft))

    def change_draft(self, draft_id: str, change: Callable[[Draft], Draft | None]) -> Draft:
        """Apply ``change`` to the latest stored version, in one transaction."""

        def apply(data: dict) -> dict | None:
            changed = change(draft_from_dict(data))
            return None if changed is None else draft_to_dict(changed)

        stored = self.store.change_draft(draft_id, apply)
        return draft_from_dict(stored) if stored is not None else self.load_draft(draft_id)

    def save_answer(self, draft_id: str, nrs: tuple[int, ...], tekst: str | None = None,
                    gekozen: tuple[str, ...] | None = None) -> Draft:  # fmt: skip
        """One answer's text and/or cited precedents; nothing else in the draft is touched."""
        nrs = tuple(nrs)

        def change(draft: Draft) -> Draft | None:
            current = next((a for a in draft.antwoorden if a.nrs == nrs), None)
            if current is None:
                raise AssistantError(
                    f"antwoord op vraag {', '.join(map(str, nrs))} bestaat niet meer "
                    "(de groepen zijn gewijzigd)",
                    code="no-answer",
                )
            if (tekst is None or tekst == current.tekst) and (
                gekozen is None or tuple(gekozen) == current.gekozen
            ):
                return None
            return edit_answer(draft, nrs, tekst=tekst, gekozen=gekozen)

        return self.change_draft(draft_id, change)

    def take_over(self, draft_id: str, nrs: tuple[int, ...], passage_id: str,
                  text: str | None = None) -> Draft:  # fmt: skip
        """'Overnemen': add a precedent's text (or the chosen part of it) to the answer and
        cite the precedent, so its source stays with the answer."""
        nrs = tuple(nrs)

        def change(draft: Draft) -> Draft:
            answer = next((a for a in draft.antwoorden if a.nrs == nrs), None)
            if answer is None:
                raise AssistantError("dit antwoord bestaat niet meer", code="no-answer")
            source = next((s for s in answer.suggesties if s.passage_id == passage_id), None)
            if source is None:
                raise AssistantError("deze suggestie hoort niet bij dit antwoord", code="no-source")
            added = (text if text is not None else source.tekst).strip()
            current = answer.tekst.strip()
            if not current or (current == answer.opening.strip() and _has_marker(current)):
                new_text = added  # an untouched opening with fill-in markers makes way
            elif added in current:
                new_text = answer.tekst
            else:
                new_text = f"{answer.tekst.rstrip()}\n{added}"
            cited = tuple(dict.fromkeys((*answer.gekozen, passage_id)))
            return edit_answer(draft, nrs, tekst=new_text, gekozen=cited)

        return self.change_draft(draft_id, change)

    def set_status(self, draft_id: str, status: str) -> Draft:
        if status not in STATUSES:
            raise AssistantError(f"onbekende status '{status}'", code="bad-status")
        return self.change_draft(
            draft_id, lambda d: None if d.status == status else touch(d, status=status)
        )

    def set_ministry(self, draft_id: str, ministerie: str) -> Draft:
        """The ministry that answers (a name or abbreviation with a letter profile): its
        letterhead, who signs, on whose behalf and the letter's opening follow from it."""
        from .profiles import find_profile, on_behalf_of, signatory

        profile = find_profile(ministerie)

        def change(draft: Draft) -> Draft | None:
            if draft.ministerie == profile.ministerie:
                return None
            addressees = draft.vragen.gericht_aan
            return touch(
                draft, ministerie=profile.ministerie, vorm=profile.opening,
                ondertekening=signatory(profile, addressees),
                mede_namens=on_behalf_of(profile, addressees),
            )  # fmt: skip

        return self.change_draft(draft_id, change)

    def set_signatory_name(self, draft_id: str, name: str) -> Draft:
        """The name under the letter (the checklist asks for it before sending)."""
        name = " ".join(name.split()) or "[naam bewindspersoon]"
        return self.change_draft(
            draft_id,
            lambda d: None if d.naam_bewindspersoon == name else touch(d, naam_bewindspersoon=name),
        )

    def set_letter_fields(self, draft_id: str, verzenddatum: date | None,
                          ons_kenmerk: str | None) -> Draft:  # fmt: skip
        """The letter's Datum and Ons kenmerk (None or empty: a fill-in marker stays)."""
        ons_kenmerk = " ".join((ons_kenmerk or "").split()) or None

        def change(draft: Draft) -> Draft | None:
            if (draft.verzenddatum, draft.ons_kenmerk) == (verzenddatum, ons_kenmerk):
                return None
            return touch(draft, verzenddatum=verzenddatum, ons_kenmerk=ons_kenmerk)

        return self.change_draft(draft_id, change)

    def edit_header(self, draft_id: str, kenmerk: str | None, onderwerp: str | None,
                    ingezonden: date | None) -> Draft:  # fmt: skip
        def change(draft: Draft) -> Draft | None:
            qs = edit_header(draft.vragen, kenmerk, onderwerp, ingezonden)
            return None if qs == draft.vragen else touch(draft, vragen=qs)

        return self.change_draft(draft_id, change)

    def regroup(self, draft_id: str, groups: list[tuple[int, ...]]) -> Draft:
        return self.change_draft(draft_id, lambda d: regroup(d, groups))

    def add_suggestions(self, draft_id: str, nrs: tuple[int, ...], filters, k: int = 5) -> int:
        """Search again for one answer's questions with filters; add what is new, with
        outdated precedents marked among the new and the earlier suggestions (a filter
        "vanaf 2024" often brings the answer that overtakes an old suggestion).
        Returns how many suggestions were added."""
        nrs = tuple(nrs)
        draft = self.load_draft(draft_id)
        if not any(a.nrs == nrs for a in draft.antwoorden):
            raise AssistantError("dit antwoord bestaat niet meer (de groepen zijn gewijzigd)",
                                 code="no-answer")  # fmt: skip
        from .query import query_context

        asked = draft.vragen.vragen
        question = " ".join(q.tekst for q in asked if q.nr in nrs)
        before = [q.tekst for q in asked if q.nr < min(nrs)]
        context = query_context(draft.vragen.onderwerp, question, before[-1] if before else None)
        depth = max(k, self.settings.compose.pool)
        (hits,) = self.search([question], k=depth, filters=filters, contexts=[context])
        found = [citation_from_hit(h) for h in hits]
        added: list[Citation] = []

        def change(d: Draft) -> Draft | None:
            answers = []
            for a in d.antwoorden:
                if a.nrs == nrs:
                    known = {s.passage_id for s in a.suggesties}
                    new = [c for c in found[:k] if c.passage_id not in known]
                    marked = self._mark_outdated([*a.suggesties, *new], found, question)
                    added[:] = [c for c in marked if c.passage_id not in known]
                    if marked != list(a.suggesties):
                        a = replace(a, suggesties=tuple(marked))
                answers.append(a)
            changed = tuple(answers) != d.antwoorden
            return touch(d, antwoorden=tuple(answers)) if changed else None

        self.change_draft(draft_id, change)
        return len(added)

    def _mark_outdated(self, shown: list[Citation], pool: list[Citation],
                       question: str) -> list[Citation]:  # fmt: skip
        """outdated.mark_outdated with every precedent's relevance to this question."""
        import numpy as np

        from .outdated import mark_outdated

        searcher = self.searcher()
        candidates = {c.passage_id: c for c in [*shown, *pool]}
        vectors = searcher.item_vectors(list(candidates))
        (qvec,) = searcher.embedder.queries([question])
        relevance = {pid: float(np.dot(v[0], qvec)) for pid, v in vectors.items()}
        return mark_outdated(shown, list(candidates.values()), vectors, self.settings.compose,
                             relevance)  # fmt: skip

    def render(self, draft: Draft, versie: str = "review") -> bytes:
        from .render import render_draft

        return render_draft(draft, versie)

    def render_postponement(self, qs: QuestionSet, reason: str, expected: date | None,
                            ministerie: str | None = None, datum: date | None = None,
                            ons_kenmerk: str | None = None) -> bytes:  # fmt: skip
        from .render import render_postponement

        return render_postponement(qs, reason, expected, ministerie, datum, ons_kenmerk)

    # --- model adaptation -------------------------------------------------------------------

    def adapt(self, budget_minutes: float = 60, progress=None, **options):
        """Fine-tune the embedding model on this corpus (assistant/adaptation); when the held-out
        check allows, it is installed and the next reindex embeds with it. Returns AdaptReport.
        ``options``: status, learning_rate, max_steps, seed, scale, max_distractors (see
        adaptation.adapt)."""
        from .adaptation import adapt

        return adapt(
            self.store, self.settings, budget_seconds=budget_minutes * 60, progress=progress,
            **options,
        )  # fmt: skip


def _has_marker(text: str) -> bool:
    return "[" in text and "]" in text
