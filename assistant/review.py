"""Review aids: a draft answer against its precedents (word-level differences,
similarity) and the checklist a reviewer goes through before sending."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from datetime import date

from .models import Draft
from .store import Store

_PLACEHOLDER = re.compile(r"\[(?:Ja/Nee|Ik |Het aantal|antwoord|Suggestie)[^\]]*\]", re.I)


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def similarity(a: str, b: str) -> float:
    """Share of words in common, in order (0..1)."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def diff_html(answer: str, precedent: str) -> str:
    """The precedent with the words the answer shares marked, and the rest struck:
    what was taken over, what was left out."""
    a, b = answer.split(), precedent.split()
    out = []
    for op, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        words = html.escape(" ".join(b[j1:j2]))
        if not words:
            continue
        if op == "equal":
            out.append(f'<mark style="background:#d7f0d2">{words}</mark>')
        else:
            out.append(f'<span style="color:#777;text-decoration:line-through">{words}</span>')
    return " ".join(out)


def checklist(draft: Draft, store: Store | None = None, today: date | None = None) -> list[Check]:
    today = today or date.today()
    checks = []
    numbers = {q.nr for q in draft.vragen.vragen}
    covered = {n for a in draft.antwoorden for n in a.nrs}
    open_nrs = sorted(numbers - covered) + [n for a in draft.antwoorden if not a.tekst.strip()
                                            for n in a.nrs]  # fmt: skip
    if open_nrs:
        checks.append(Check(False, f"Onbeantwoord: vraag {', '.join(map(str, open_nrs))}"))
    else:
        checks.append(Check(True, "Elke vraag is beantwoord of gegroepeerd"))
    markers = [str(a.nrs[0]) for a in draft.antwoorden if _PLACEHOLDER.search(a.tekst)]
    if markers:
        checks.append(Check(False, f"Nog invulmarkeringen in antwoord {', '.join(markers)}"))
    else:
        checks.append(Check(True, "Geen suggestie- of invulmarkeringen meer"))
    if store is not None:
        gone = []
        for a in draft.antwoorden:
            for pid in a.gekozen:
                kind, _, raw = pid.partition(":")
                found = (store.qa_by_ids if kind == "qa" else store.passages_by_ids)([int(raw)])
                if not found:
                    gone.append(pid)
        if gone:
            checks.append(Check(False, f"Bron niet meer in het corpus: {', '.join(gone)}"))
        else:
            checks.append(Check(True, "Elke geciteerde bron staat nog in het corpus"))
    deadline = draft.vragen.uiterste_antwoorddatum
    if deadline:
        days = (deadline - today).days
        if days >= 0:
            checks.append(Check(True, f"Nog {days} dagen tot de uiterste antwoorddatum"))
        else:
            checks.append(
                Check(False, f"Termijn {-days} dagen verstreken: stuur een uitstelbericht")
            )
    else:
        checks.append(Check(False, "Uiterste antwoorddatum onbekend (geen datum van indiening)"))
    return checks
