"""Draft -> template context -> blocks -> .docx (final or reviewer version), and the
uitstelbericht. The order of the answers follows the real letters: questions in
number order, a group's answer after its last question ("Vraag 3", "Vraag 4",
"Antwoord op vraag 4", ..., "Vraag 8", "Antwoord op vragen 3 en 8").

Every sentence and heading of the letters is in the templates (templates/*.j2, a ministry's
own copy via $ASSISTANT_TEMPLATES); this module only gathers the facts they are built from.
A template's ``@onderwerp:`` line is not a paragraph: it fills the letterhead's Onderwerp.
"""

from __future__ import annotations

from datetime import date

from .dates import format_dutch
from .errors import AssistantError
from .letter import Letterhead, write_letter
from .models import Draft, QuestionSet
from .nl import members_text as _members
from .nl import numbers_text, office_in_text, reason_sentence
from .outdated import policy_line
from .profiles import find_profile
from .templating import render_blocks
from .vocabulary import LetterVersion

VERSIONS = tuple(LetterVersion)


def members_text(qs: QuestionSet) -> str:
    """'het lid Eerdmans (JA21)', 'de leden Lahlah en Chakor (GroenLinks-PvdA)'."""
    return _members(qs.indieners)


def answer_blocks(draft: Draft) -> tuple[list[dict], list[dict]]:
    """The question/answer blocks in letter order, and the footnotes (numbered anew)."""
    by_nr = {q.nr: q for q in draft.vragen.vragen}
    last_of = {max(a.nrs): a for a in draft.antwoorden}
    notes: list[dict] = []
    blocks: list[dict] = []
    for nr in sorted(by_nr):
        q = by_nr[nr]
        text = q.tekst
        for note in q.voetnoten:
            notes.append({"nr": len(notes) + 1, "tekst": note.tekst})
            text += f"[^{len(notes)}]"
        blocks.append({"soort": "vraag", "nr": nr, "tekst": text})
        answer = last_of.get(nr)
        if answer is not None:
            chosen = [s for s in answer.suggesties if s.passage_id in answer.gekozen]
            blocks.append({
                "soort": "antwoord", "nr": nr, "vragen_tekst": numbers_text(answer.nrs),
                "alineas": [p for p in answer.tekst.split("\n") if p.strip()],
                "voorstel": _proposal(answer),
                "suggesties": [{"label": s.label, "tekst": _excerpt(s.tekst),
                                "achterhaald": s.achterhaald}
                               for s in answer.suggesties if s not in chosen],
                "bronnen": [s.label for s in answer.suggesties],
                "beleidslijn": [{"datum_tekst": e.datum_tekst, "bron": e.label.split(",")[0],
                                 "regel": e.regel, "achterhaald": e.achterhaald}
                                for e in policy_line(answer.suggesties)],
            })  # fmt: skip
    return blocks, notes


def _proposal(answer) -> dict | None:
    """An open proposal for the review version: sentences with their sources, the hints."""
    p = answer.voorstel
    if p is None or p.status != "open" or not p.sources:
        return None
    return {
        "methode": p.methode,
        "zinnen": [{"tekst": z.tekst, "label": z.label} for z in p.zinnen],
        "controleer": list(p.hints()),
        "opmerking": p.opmerking,
    }


def _excerpt(text: str, words: int = 120) -> str:
    """A suggestion in the letter is a pointer, not the whole precedent: the first words."""
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def letter_context(draft: Draft, today: date | None = None) -> dict:
    """What both templates of the answer letter are built from (aanbiedingsbrief.j2; the
    annex antwoorden.j2 gets the answers besides)."""
    qs = draft.vragen
    signer = office_in_text(draft.ondertekening)
    return {
        "vorm": draft.vorm,
        "indieners_tekst": members_text(qs),
        "gericht_aan_tekst": office_in_text(" en ".join(f"de {a}" for a in qs.gericht_aan)),
        "onderwerp": qs.onderwerp or "[onderwerp]",
        "ingezonden_tekst": format_dutch(qs.ingezonden) if qs.ingezonden else "",
        "brief_datum_tekst": format_dutch(
            draft.brief_datum or qs.ingezonden or today or date.today()
        ),
        "kenmerk": qs.kenmerk or "",
        "mede_namens": list(draft.mede_namens),
        "mede_namens_tekst": [office_in_text(m) for m in draft.mede_namens],
        "ondertekening": draft.ondertekening,
        "ondertekening_tekst": signer[:1].lower() + signer[1:],  # 'de minister van ...'
        "naam_bewindspersoon": draft.naam_bewindspersoon,
    }


def render_draft(draft: Draft, versie: str = "review", today: date | None = None) -> bytes:
    """The answer letter as .docx: 'review' keeps suggestions and a Bronnen annex."""
    if versie not in VERSIONS:
        raise AssistantError(
            f"onbekende versie '{versie}'; kies uit: {', '.join(VERSIONS)}", code="bad-version"
        )
    today = today or date.today()
    profile = find_profile(draft.ministerie)
    qs = draft.vragen
    context = letter_context(draft, today)
    subject, body = _subject(render_blocks("aanbiedingsbrief.j2", context))
    blocks, notes = answer_blocks(draft)
    annex = render_blocks(
        "antwoorden.j2", {**context, "blokken": blocks, "voetnoten": notes, "versie": versie}
    )
    title = next((text for style, text in annex if style == "titel"), "")
    head = Letterhead(
        profile=profile, onderwerp=subject,
        uw_kenmerk=qs.kenmerk, bijlagen="1", ons_kenmerk=draft.ons_kenmerk,
        datum=format_dutch(draft.verzenddatum) if draft.verzenddatum else None,
    )  # fmt: skip
    return write_letter(
        head, body, annex,
        {"title": title, "subject": qs.onderwerp or "", "keywords": qs.kenmerk or "",
         "author": profile.naam, "category": f"Beantwoording Kamervragen ({versie})",
         "comments": f"concept {draft.id or ''}, status {draft.status}"},
        notes={n["nr"]: n["tekst"] for n in notes},
    )  # fmt: skip


def _subject(blocks: list[tuple[str, str]]) -> tuple[str | None, list[tuple[str, str]]]:
    """The template's ``@onderwerp:`` line (the letterhead's Onderwerp; None without one:
    the letter then shows a marker to fill in) and the paragraphs without it."""
    subject = [text for style, text in blocks if style == "onderwerp"]
    return (" ".join(subject) or None), [b for b in blocks if b[0] != "onderwerp"]


def render_postponement(
    qs: QuestionSet,
    reden: str,
    verwacht: date | None,
    ministerie: str | None = None,
    datum: date | None = None,
    ons_kenmerk: str | None = None,
) -> bytes:
    """The uitstelbericht ('Mededeling') as .docx, on the same letterhead."""
    profile = find_profile(ministerie, qs.gericht_aan)
    context = {
        "indieners_tekst": members_text(qs),
        "onderwerp": qs.onderwerp or "[onderwerp]",
        "ingezonden_tekst": format_dutch(qs.ingezonden) if qs.ingezonden else "",
        "kenmerk": qs.kenmerk or "",
        "reden": reason_sentence(reden),
        "verwacht_tekst": format_dutch(verwacht) if verwacht else "",
        "ondertekening": profile.ondertekening,
        "naam_bewindspersoon": "[naam bewindspersoon]",
        "mede_namens": [],
    }
    subject, body = _subject(render_blocks("uitstelbericht.j2", context))
    head = Letterhead(
        profile=profile, uw_kenmerk=qs.kenmerk, ons_kenmerk=ons_kenmerk, onderwerp=subject,
        datum=format_dutch(datum) if datum else None,
    )  # fmt: skip
    title = f"Uitstelbericht Kamervragen {qs.kenmerk or ''}".strip()
    return write_letter(head, body, None, {
        "title": title, "subject": qs.onderwerp or "", "keywords": qs.kenmerk or "",
        "author": profile.naam, "category": "Mededeling uitstel"})  # fmt: skip
