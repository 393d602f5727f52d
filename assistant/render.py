"""Draft -> template context -> blocks -> .docx (final or reviewer version), and the
uitstelbericht. The order of the answers follows the real letters: questions in
number order, a group's answer after its last question ("Vraag 3", "Vraag 4",
"Antwoord op vraag 4", ..., "Vraag 8", "Antwoord op vragen 3 en 8").
"""

from __future__ import annotations

from datetime import date

from .dates import format_dutch
from .draft import answer_label
from .errors import AssistantError
from .letter import Letterhead, write_letter
from .models import Draft, QuestionSet
from .nl import members_text as _members
from .nl import office_in_text, reason_sentence
from .outdated import policy_line
from .profiles import find_profile
from .templating import render_blocks

VERSIONS = ("review", "definitief")


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
            paragraphs = [p for p in answer.tekst.split("\n") if p.strip()] or ["[antwoord]"]
            blocks.append({
                "soort": "antwoord", "nr": nr, "kop": answer_label(answer.nrs),
                "alineas": paragraphs,
                "voorstel": _proposal(answer),
                "suggesties": [{"label": s.label, "tekst": _excerpt(s.tekst),
                                "achterhaald": s.achterhaald}
                               for s in answer.suggesties if s not in chosen],
                "bronnen": [s.label for s in answer.suggesties],
                "beleidslijn": policy_line(answer.suggesties),
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
    qs = draft.vragen
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
    body = render_blocks("aanbiedingsbrief.j2", letter_context(draft, today))
    blocks, notes = answer_blocks(draft)
    title = annex_title(draft)
    annex = render_blocks(
        "antwoorden.j2", {"titel": title, "blokken": blocks, "voetnoten": notes, "versie": versie}
    )
    if versie == "review":
        annex += _sources_annex(blocks)
    head = Letterhead(
        profile=profile, onderwerp=subject_line("Beantwoording Kamervragen", qs),
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


def subject_line(what: str, qs: QuestionSet) -> str:
    """Onderwerp: 'Beantwoording Kamervragen van het lid Eerdmans (JA21) over ...'."""
    return f"{what} van {members_text(qs)} over {qs.onderwerp or '[onderwerp]'}"


def annex_title(draft: Draft) -> str:
    """'Antwoorden van de minister van X mede namens de minister van Y op Kamervragen van
    het lid Z (P) over ... (ingezonden 3 maart 2025).'"""
    qs = draft.vragen
    signer = office_in_text(draft.ondertekening)
    behalf = " en ".join(office_in_text(m) for m in draft.mede_namens)
    sent = f" (ingezonden {format_dutch(qs.ingezonden)})" if qs.ingezonden else ""
    return (
        f"Antwoorden van {signer[0].lower() + signer[1:]}"
        + (f" mede namens {behalf}" if behalf else "")
        + f" op Kamervragen van {members_text(qs)} over {qs.onderwerp or '[onderwerp]'}{sent}."
    )


def _sources_annex(blocks: list[dict]) -> list[tuple[str, str]]:
    """Reviewer version only: which precedents each answer leans on."""
    out = [("bronnenkop", "Bronnen (alleen voor de review, niet versturen)")]
    for block in blocks:
        if block["soort"] != "antwoord":
            continue
        for label in block["bronnen"] or ["geen precedenten gevonden"]:
            out.append(("bron", f"{block['kop']}: [Bron: {label}]"))
        if len(block["beleidslijn"]) > 1:
            out.append(("bron", f"{block['kop']}, beleidslijn (oudste eerst):"))
            for e in block["beleidslijn"]:
                flag = f" ({e.achterhaald})" if e.achterhaald else ""
                out.append(("bron", f"{e.datum_tekst}, {e.label.split(',')[0]}: {e.regel}{flag}"))
    return out


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
    body = render_blocks("uitstelbericht.j2", context)
    head = Letterhead(
        profile=profile, uw_kenmerk=qs.kenmerk, ons_kenmerk=ons_kenmerk,
        onderwerp=subject_line("Uitstel beantwoording Kamervragen", qs),
        datum=format_dutch(datum) if datum else None,
    )  # fmt: skip
    title = f"Uitstelbericht Kamervragen {qs.kenmerk or ''}".strip()
    return write_letter(head, body, None, {
        "title": title, "subject": qs.onderwerp or "", "keywords": qs.kenmerk or "",
        "author": profile.naam, "category": "Mededeling uitstel"})  # fmt: skip
