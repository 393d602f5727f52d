"""Draft composition without a language model: per question the usual opening,
the best precedents as marked suggestions with their source, and proposed groups.
"""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import asdict, replace
from datetime import UTC, date, datetime

from .config import ComposeSettings
from .dates import format_dutch
from .errors import AssistantError
from .models import (
    Citation,
    Draft,
    DraftAnswer,
    Proposal,
    ProposalSentence,
    QuestionSet,
    proposal_from_dict,
    question_set_from_dict,
)
from .nl import numbers_text
from .openings import classify
from .profiles import addressed_profile, find_profile, on_behalf_of, signatory
from .vocabulary import LetterForm, ProposalStatus


def citation_label(hit) -> str:
    """'ah-tk-20232024-1314, antwoord 3, 25 maart 2024' (what '[Bron: ...]' shows)."""
    parts = [hit.ah_id or hit.kenmerk or hit.bron or f"document {hit.document_id}"]
    if hit.vraag_nrs:
        nrs = list(hit.vraag_nrs)
        parts.append(f"antwoord {nrs[0]}" if len(nrs) == 1 else f"antwoord op {numbers_text(nrs)}")
    elif hit.kop:
        parts.append(" > ".join(hit.kop[-2:]))
    if hit.datum:
        try:
            parts.append(format_dutch(date.fromisoformat(hit.datum)))
        except ValueError:
            parts.append(hit.datum)
    return ", ".join(parts)


def compose_draft(
    qs: QuestionSet,
    searcher=None,
    ministerie: str | None = None,
    k: int = 3,
    groups: list[tuple[int, ...]] | None = None,
    vorm: str | None = None,
    compose: ComposeSettings | None = None,
    filters=None,
) -> Draft:
    """A first draft: openings, suggestions per question (if a searcher is given), with
    outdated precedents marked and the newer ones added, a composed proposal per answer,
    and proposed groups."""
    compose = compose or ComposeSettings()
    # the ministry typed (unknown or without a profile: an error), else the answering
    # ministry among the addressees; None when it has no profile: the officer chooses
    profile = find_profile(ministerie) if ministerie else addressed_profile(qs.gericht_aan)
    numbers = [q.nr for q in qs.vragen]
    groups = _check_groups(groups or [], numbers)
    grouped = {n for g in groups for n in g}
    units = sorted([*groups, *((n,) for n in numbers if n not in grouped)], key=min)
    by_nr = {q.nr: q for q in qs.vragen}
    suggestions: dict[int, tuple[Citation, ...]] = {}
    if searcher is not None and k:
        suggestions = _suggestions(qs, searcher, k, compose, filters)
    answers = []
    for unit in units:
        rule = classify(by_nr[unit[0]].tekst)
        answers.append(
            DraftAnswer(
                nrs=tuple(unit),
                vraagtype=rule.type,
                opening=rule.opening,
                tekst=rule.opening,
                suggesties=_merge([suggestions.get(n, ()) for n in unit], k),
            )
        )
    if searcher is not None and k:
        answers = _with_proposals(answers, by_nr, searcher.embedder, compose)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return Draft(
        vragen=qs,
        antwoorden=tuple(answers),
        ministerie=profile.ministerie if profile else None,
        ondertekening=signatory(profile, qs.gericht_aan),
        mede_namens=on_behalf_of(profile, qs.gericht_aan),
        vorm=vorm or (profile.opening if profile else LetterForm.HIERBIJ),
        groepsvoorstellen=propose_groups(qs, suggestions),
        id=uuid.uuid4().hex[:12],
        aangemaakt=now,
        gewijzigd=now,
    )


def _suggestions(qs: QuestionSet, searcher, k: int, compose: ComposeSettings,
                 filters=None) -> dict[int, tuple[Citation, ...]]:  # fmt: skip
    """Per question: its best k precedents, outdated ones marked and the newer precedents
    they name (from a deeper pool of hits) added after them."""
    from .outdated import mark_outdated
    from .query import query_context

    numbers = [q.nr for q in qs.vragen]
    by_nr = {q.nr: q for q in qs.vragen}
    previous = dict(zip(numbers[1:], numbers, strict=False))
    contexts = [
        query_context(qs.onderwerp, by_nr[n].tekst,
                      by_nr[previous[n]].tekst if n in previous else None)
        for n in numbers
    ]  # fmt: skip
    depth = max(k, compose.pool)
    hits = searcher.search_many([by_nr[n].tekst for n in numbers], k=depth, filters=filters,
                                contexts=contexts)  # fmt: skip
    pools = [[citation_from_hit(h) for h in found] for found in hits]
    vectors = searcher.item_vectors(list({c.passage_id for pool in pools for c in pool}))
    out = {}
    for n, found, pool in zip(numbers, hits, pools, strict=True):
        relevance = {h.passage_id: h.dense_score for h in found}
        out[n] = tuple(mark_outdated(pool[:k], pool, vectors, compose, relevance))
    return out


def _merge(per_question: list[tuple[Citation, ...]], k: int) -> tuple[Citation, ...]:
    """A group's precedents: the best k of its questions', plus the newer precedents that
    those name as overtaking them."""
    merged: dict[str, Citation] = {}
    for found in per_question:
        for c in found:
            merged.setdefault(c.passage_id, c)
    ranked = sorted((c for c in merged.values()), key=lambda c: -c.score)
    shown = ranked[:k]
    ids = {c.passage_id for c in shown}
    todo = list(shown)
    while todo:
        c = todo.pop(0)
        if c.nieuwer and c.nieuwer not in ids and c.nieuwer in merged:
            shown.append(merged[c.nieuwer])
            ids.add(c.nieuwer)
            todo.append(merged[c.nieuwer])
    return tuple(shown)


def _with_proposals(answers: list[DraftAnswer], by_nr, embedder,
                    compose: ComposeSettings) -> list[DraftAnswer]:  # fmt: skip
    from .compose import Composer, Unit

    todo = [a for a in answers if a.vraagtype not in compose.opening_only_types]
    units = [Unit(tuple(by_nr[n].tekst for n in a.nrs), a.opening, a.suggesties) for a in todo]
    proposals = dict(zip((a.nrs for a in todo), Composer(embedder, compose).propose(units),
                         strict=True))  # fmt: skip
    return [replace(a, voorstel=proposals.get(a.nrs)) for a in answers]


def citation_from_hit(hit) -> Citation:
    return Citation(
        passage_id=hit.passage_id, label=citation_label(hit), tekst=hit.text,
        score=hit.score, kind=hit.kind, document_id=hit.document_id,
        external_id=hit.external_id, datum=hit.datum, ministerie=hit.ministerie,
        vraag=hit.vraag, onderwerp=hit.onderwerp, ah_id=hit.ah_id, fictief=hit.fictief,
        sterkte=hit.sterkte,
    )  # fmt: skip


def _check_groups(groups, numbers) -> list[tuple[int, ...]]:
    seen: set[int] = set()
    out = []
    for g in groups:
        g = tuple(sorted(set(g)))
        missing = [n for n in g if n not in numbers]
        if missing:
            raise AssistantError(f"groep {g}: vraag {missing[0]} bestaat niet")
        if seen & set(g):
            raise AssistantError(f"vraag {sorted(seen & set(g))[0]} staat in twee groepen")
        seen.update(g)
        if len(g) > 1:
            out.append(g)
    return out


def propose_groups(qs: QuestionSet, suggestions: dict[int, tuple[Citation, ...]]):
    """Consecutive questions whose best precedent is the same, and questions that refer
    to another question ("zie vraag 3", "bij antwoord 7"): the officer decides."""
    proposals: list[set[int]] = []
    numbers = [q.nr for q in qs.vragen]
    for a, b in itertools.pairwise(numbers):
        top_a, top_b = suggestions.get(a, ()), suggestions.get(b, ())
        if top_a and top_b and top_a[0].passage_id == top_b[0].passage_id:
            _join(proposals, a, b)
    for q in qs.vragen:
        for ref in re.findall(r"\b(?:vraag|antwoord)\s+(\d{1,2})\b", q.tekst, re.I):
            other = int(ref)
            if other in numbers and other != q.nr:
                _join(proposals, other, q.nr)
    return tuple(tuple(sorted(p)) for p in proposals)


def _join(proposals: list[set[int]], a: int, b: int) -> None:
    hits = [p for p in proposals if a in p or b in p]
    merged = {a, b}.union(*hits) if hits else {a, b}
    for p in hits:
        proposals.remove(p)
    proposals.append(merged)


def answer_label(nrs: tuple[int, ...]) -> str:
    """'Antwoord op vraag 4', 'Antwoord op vragen 2 en 3', 'Antwoord op vragen 7, 8 en 9'."""
    return f"Antwoord op {numbers_text(nrs)}"


def draft_to_dict(draft: Draft) -> dict:
    data = asdict(draft)
    data["vragen"] = draft.vragen.to_dict()
    for name in ("brief_datum", "verzenddatum"):
        value = getattr(draft, name)
        data[name] = value.isoformat() if value else None
    return data


def draft_from_dict(data: dict) -> Draft:
    answers = tuple(
        DraftAnswer(
            nrs=tuple(a["nrs"]),
            vraagtype=a["vraagtype"],
            opening=a["opening"],
            tekst=a["tekst"],
            suggesties=tuple(Citation(**c) for c in a["suggesties"]),
            gekozen=tuple(a["gekozen"]),
            voorstel=proposal_from_dict(a.get("voorstel")),
        )
        for a in data["antwoorden"]
    )
    fields = {k: v for k, v in data.items() if k not in ("vragen", "antwoorden")}
    fields["mede_namens"] = tuple(fields.get("mede_namens", ()))
    fields["groepsvoorstellen"] = tuple(tuple(g) for g in fields.get("groepsvoorstellen", ()))
    for name in ("brief_datum", "verzenddatum"):
        value = fields.get(name)
        fields[name] = date.fromisoformat(value) if value else None
    return Draft(vragen=question_set_from_dict(data["vragen"]), antwoorden=answers, **fields)


def accept_proposal(draft: Draft, nrs: tuple[int, ...]) -> Draft:
    """The officer accepts an answer's proposal: its text (without source markers) replaces
    an untouched opening, or follows what was typed; its precedents become cited."""
    answer = _answer(draft, nrs)
    p = answer.voorstel
    if p is None or p.status != "open":
        raise AssistantError(f"{answer_label(answer.nrs).lower()} heeft geen open voorstel",
                             code="no-proposal")  # fmt: skip
    current = answer.tekst.strip()
    if not current or current == answer.opening.strip():
        text = p.plain_text()
    else:
        own = Proposal(tuple(z for z in p.zinnen if z.passage_id)).plain_text()
        text = answer.tekst if own in answer.tekst else f"{answer.tekst.rstrip()}\n{own}"
    cited = tuple(dict.fromkeys((*answer.gekozen, *p.sources)))
    accepted = replace(p, status=ProposalStatus.AANVAARD)
    return _replace_answer(draft, replace(answer, tekst=text, gekozen=cited, voorstel=accepted))


def reject_proposal(draft: Draft, nrs: tuple[int, ...]) -> Draft:
    """The officer sets an answer's proposal aside; the answer is not touched."""
    answer = _answer(draft, nrs)
    if answer.voorstel is None or answer.voorstel.status == ProposalStatus.VERWORPEN:
        return draft
    if answer.voorstel.status == ProposalStatus.AANVAARD:  # a stale tab: its text is in already
        raise AssistantError(f"het voorstel bij {answer_label(answer.nrs).lower()} is al "
                             "overgenomen", code="no-proposal")  # fmt: skip
    return _replace_answer(
        draft, replace(answer, voorstel=replace(answer.voorstel, status=ProposalStatus.VERWORPEN))
    )


def _answer(draft: Draft, nrs) -> DraftAnswer:
    found = next((a for a in draft.antwoorden if a.nrs == tuple(nrs)), None)
    if found is None:
        raise AssistantError("dit antwoord bestaat niet meer (de groepen zijn gewijzigd)",
                             code="no-answer")  # fmt: skip
    return found


def _replace_answer(draft: Draft, answer: DraftAnswer) -> Draft:
    return touch(draft, antwoorden=tuple(answer if a.nrs == answer.nrs else a
                                         for a in draft.antwoorden))  # fmt: skip


def touch(draft: Draft, **changes) -> Draft:
    """A changed copy with a new 'gewijzigd' time."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return replace(draft, gewijzigd=now, **changes)


def edit_answer(draft: Draft, nrs: tuple[int, ...], tekst: str | None = None,
                gekozen: tuple[str, ...] | None = None) -> Draft:  # fmt: skip
    """Change one answer's text and/or the precedents it cites."""
    answers = []
    for a in draft.antwoorden:
        if a.nrs == tuple(nrs):
            a = replace(a, tekst=a.tekst if tekst is None else tekst,
                        gekozen=a.gekozen if gekozen is None else tuple(gekozen))  # fmt: skip
        answers.append(a)
    return touch(draft, antwoorden=tuple(answers))


def edit_header(qs: QuestionSet, kenmerk: str | None, onderwerp: str | None,
                ingezonden: date | None) -> QuestionSet:  # fmt: skip
    """The officer corrects the parsed header; the deadline follows the submission date."""
    from .dates import answer_deadline

    return replace(
        qs,
        kenmerk=(kenmerk or "").strip() or None,
        onderwerp=(onderwerp or "").strip() or None,
        ingezonden=ingezonden,
        uiterste_antwoorddatum=answer_deadline(ingezonden) if ingezonden else None,
    )


def regroup(draft: Draft, groups: list[tuple[int, ...]]) -> Draft:
    """Answer these questions together; texts, suggestions and citations are kept and merged."""
    numbers = [q.nr for q in draft.vragen.vragen]
    groups = _check_groups(groups, numbers)
    grouped = {n for g in groups for n in g}
    units = sorted([*groups, *((n,) for n in numbers if n not in grouped)], key=min)
    old = {n: a for a in draft.antwoorden for n in a.nrs}
    answers = []
    for unit in units:
        parts = list(dict.fromkeys(old[n] for n in unit))
        texts = [p.tekst for p in parts if p.tekst.strip()]
        suggestions: dict[str, Citation] = {}
        for p in parts:
            for c in p.suggesties:
                suggestions.setdefault(c.passage_id, c)
        answers.append(
            DraftAnswer(
                nrs=tuple(unit),
                vraagtype=parts[0].vraagtype,
                opening=parts[0].opening,
                tekst="\n".join(dict.fromkeys(texts)),
                suggesties=tuple(suggestions.values()),
                gekozen=tuple(dict.fromkeys(g for p in parts for g in p.gekozen)),
                voorstel=_merged_proposal([p.voorstel for p in parts]),
            )
        )
    return touch(draft, antwoorden=tuple(answers))


def _merged_proposal(proposals: list[Proposal | None]) -> Proposal | None:
    """A group's proposal: the first opening, then every part's sentences once; open while
    any part's proposal is open."""
    found = [p for p in proposals if p is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    opening = next((z for p in found for z in p.zinnen if not z.passage_id), None)
    seen: dict[str, ProposalSentence] = {}
    for p in found:
        for z in p.zinnen:
            if z.passage_id:
                seen.setdefault(z.tekst, z)
    status = "open" if any(p.status == "open" for p in found) else found[0].status
    return Proposal(tuple([opening] if opening else []) + tuple(seen.values()), status,
                    found[0].methode)  # fmt: skip
