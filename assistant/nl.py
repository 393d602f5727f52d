"""Dutch wording used in several places: enumerations, question numbers, days left."""

from __future__ import annotations

from datetime import date


def enumerate_nl(items: list[str]) -> str:
    """Dutch enumeration: "2", "2 en 3", "2, 3 en 5"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" en {items[-1]}"


def numbers_text(nrs) -> str:
    """'vraag 3', 'vragen 2 en 3', 'vragen 7, 8 en 9'."""
    nrs = list(nrs)
    word = "vraag" if len(nrs) == 1 else "vragen"
    return f"{word} {enumerate_nl([str(n) for n in nrs])}"


def days_left_text(days: int) -> str:
    """'nog 5 dagen', 'nog 1 dag', 'vandaag', '3 dagen te laat'."""
    if days > 0:
        return f"nog {days} dag{'en' if days != 1 else ''}"
    if days == 0:
        return "vandaag"
    return f"{-days} dag{'en' if days != -1 else ''} te laat"


def deadline_text(deadline: date, today: date) -> str:
    return days_left_text((deadline - today).days)


def members_text(members) -> str:
    """The askers as the ministries' letters name them: 'het lid Eerdmans (JA21)',
    'de leden Lahlah en Chakor (GroenLinks-PvdA)', 'de leden Mutluer, Lahlah
    (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB)': a party after the last member of
    each run of members of that party."""
    members = list(members)
    if not members:
        return "de leden van uw Kamer"
    if len(members) == 1:
        m = members[0]
        return f"het lid {m.naam}" + (f" ({m.partij})" if m.partij else "")
    names = []
    for i, m in enumerate(members):
        last_of_run = i + 1 == len(members) or members[i + 1].partij != m.partij
        names.append(f"{m.naam} ({m.partij})" if m.partij and last_of_run else m.naam)
    return "de leden " + enumerate_nl(names)


def reason_sentence(reason: str) -> str:
    """The uitstelbericht's reason as a whole sentence. The officer completes "De reden
    hiervan is dat ..." ('afstemming met EZ nodig is'), or writes a sentence of their own
    ('Afstemming met EZ vraagt meer tijd.'), which is kept as it is."""
    text = " ".join(reason.split()).rstrip(".")
    if not text:
        return ""
    if text.lower().startswith("de reden"):
        text = text[0].upper() + text[1:]
    elif text.lower().startswith("dat "):
        text = "De reden hiervan is " + text[0].lower() + text[1:]
    elif text[0].islower():
        text = "De reden hiervan is dat " + text
    return text + "."


_OFFICE = ("Minister-President", "Ministers", "Minister", "Staatssecretarissen", "Staatssecretaris")


def office_in_text(text: str) -> str:
    """An office as running text writes it: 'de Minister van Financiën' -> 'de minister
    van Financiën' (names of ministries keep their capitals)."""
    out = text
    for office in _OFFICE:
        out = out.replace(f"de {office} ", f"de {office.lower()} ").replace(
            f"De {office} ", f"de {office.lower()} "
        )
        if out.startswith(f"{office} "):
            out = office.lower() + out[len(office) :]
    return out
