"""Draft -> template context -> blocks -> .docx (final or reviewer version), and the
uitstelbericht. The order of the answers follows the real letters: questions in
number order, a group's answer after its last question ("Vraag 3", "Vraag 4",
"Antwoord op vraag 4", ..., "Vraag 8", "Antwoord op vragen 3 en 8").
"""

from __future__ import annotations

from datetime import date

from .dates import format_dutch
from .docx_writer import Letterhead, write_letter
from .draft import answer_label
from .models import Draft, QuestionSet
from .profiles import find_profile
from .templating import render_blocks

VERSIONS = ("review", "definitief")


def members_text(qs: QuestionSet) -> str:
    """'de leden Michon-Derkzen, Brekelmans en Rajkowski (allen VVD)' or 'het lid X (SP)'."""
    members = list(qs.indieners)
    if not members:
        return "de leden van uw Kamer"
    parties = {m.partij for m in members}
    if len(members) == 1:
        m = members[0]
        return f"het lid {m.naam}" + (f" ({m.partij})" if m.partij else "")
    if len(parties) == 1 and None not in parties:
        names = [m.naam for m in members]
        prefix = "beiden" if len(members) == 2 else "allen"
        return f"de leden {_and(names)} ({prefix} {members[0].partij})"
    return "de leden " + _and([f"{m.naam} ({m.partij})" if m.partij else m.naam for m in members])


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" en {items[-1]}"


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
                "suggesties": [{"label": s.label, "tekst": _excerpt(s.tekst)}
                               for s in answer.suggesties if s not in chosen],
                "bronnen": [s.label for s in answer.suggesties],
            })  # fmt: skip
    return blocks, notes


def _excerpt(text: str, words: int = 120) -> str:
    """A suggestion in the letter is a pointer, not the whole precedent: the first words."""
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def letter_context(draft: Draft, today: date | None = None) -> dict:
    qs = draft.vragen
    return {
        "vorm": draft.vorm,
        "indieners_tekst": members_text(qs),
        "gericht_aan_tekst": " en ".join(f"de {a}" for a in qs.gericht_aan),
        "onderwerp": qs.onderwerp or "[onderwerp]",
        "ingezonden_tekst": format_dutch(qs.ingezonden) if qs.ingezonden else "",
        "brief_datum_tekst": format_dutch(
            draft.brief_datum or qs.ingezonden or today or date.today()
        ),
        "kenmerk": qs.kenmerk or "",
        "mede_namens": list(draft.mede_namens),
        "ondertekening": draft.ondertekening,
        "naam_bewindspersoon": draft.naam_bewindspersoon,
    }


def render_draft(draft: Draft, versie: str = "review", today: date | None = None) -> bytes:
    """The answer letter as .docx: 'review' keeps suggestions and a Bronnen annex."""
    if versie not in VERSIONS:
        raise ValueError(f"versie moet een van {VERSIONS} zijn")
    today = today or date.today()
    profile = find_profile(draft.ministerie)
    qs = draft.vragen
    body = render_blocks("aanbiedingsbrief.j2", letter_context(draft, today))
    blocks, notes = answer_blocks(draft)
    signer = draft.ondertekening.removeprefix("De ")
    title = (
        f"Antwoorden van de {signer} op vragen van {members_text(qs)}"
        f" over {qs.onderwerp or '[onderwerp]'}" + (f" ({qs.kenmerk})" if qs.kenmerk else "")
    )
    annex = render_blocks(
        "antwoorden.j2", {"titel": title, "blokken": blocks, "voetnoten": notes, "versie": versie}
    )
    if versie == "review":
        annex += _sources_annex(blocks)
    head = _letterhead(profile, qs, "Antwoorden Kamervragen", today)
    return write_letter(
        head, body, annex,
        {"title": title, "subject": qs.onderwerp or "", "keywords": qs.kenmerk or "",
         "author": profile.naam, "category": f"Beantwoording Kamervragen ({versie})",
         "comments": f"concept {draft.id or ''}, status {draft.status}"},
    )  # fmt: skip


def _letterhead(profile, qs: QuestionSet, what: str, today: date) -> Letterhead:
    """The first page's heading data; our own kenmerk is left for the officer to fill in."""
    return Letterhead(
        profile=profile,
        datum=format_dutch(today),
        onderwerp=f"{what} over {qs.onderwerp or '[onderwerp]'}",
        ons_kenmerk=f"[kenmerk {profile.afkorting}]",
        uw_kenmerk=qs.kenmerk,
    )


def _sources_annex(blocks: list[dict]) -> list[tuple[str, str]]:
    """Reviewer version only: which precedents each answer leans on."""
    out = [("bronnenkop", "Bronnen (alleen voor de review, niet versturen)")]
    for block in blocks:
        if block["soort"] != "antwoord":
            continue
        for label in block["bronnen"] or ["geen precedenten gevonden"]:
            out.append(("bron", f"{block['kop']}: [Bron: {label}]"))
    return out


def render_postponement(
    qs: QuestionSet,
    reden: str,
    verwacht: date | None,
    ministerie: str | None = None,
    today: date | None = None,
) -> bytes:
    """The uitstelbericht ('Mededeling') as .docx."""
    today = today or date.today()
    profile = find_profile(ministerie, qs.gericht_aan)
    context = {
        "indieners_tekst": members_text(qs),
        "onderwerp": qs.onderwerp or "[onderwerp]",
        "ingezonden_tekst": format_dutch(qs.ingezonden) if qs.ingezonden else "",
        "kenmerk": qs.kenmerk or "",
        "reden": reden.strip().rstrip(".") + "." if reden.strip() else "",
        "verwacht_tekst": format_dutch(verwacht) if verwacht else "",
        "ondertekening": profile.ondertekening,
        "naam_bewindspersoon": "[naam bewindspersoon]",
        "mede_namens": [],
    }
    body = render_blocks("uitstelbericht.j2", context)
    head = _letterhead(profile, qs, "Uitstel beantwoording Kamervragen", today)
    title = f"Uitstelbericht Kamervragen {qs.kenmerk or ''}".strip()
    return write_letter(head, body, None, {
        "title": title, "subject": qs.onderwerp or "", "keywords": qs.kenmerk or "",
        "author": profile.naam, "category": "Mededeling uitstel"})  # fmt: skip
