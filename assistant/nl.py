"""Dutch wording used in several places: enumerations, counts, question numbers, days
left, the asking members. Every text that says "a, b en c", "1 dag" or "Naam (Partij)"
comes from here, so the CLI, the app, the checklist and the letter say it the same way."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def enumerate_nl(items: Iterable[object]) -> str:
    """Dutch enumeration: "" (nothing), "2", "2 en 3", "2, 3 en 5"."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" en {items[-1]}"


def count_text(n: int, one: str = "vraag", many: str = "vragen") -> str:
    """'1 vraag', '6 vragen', '0 vragen'; with other words '1 deel', '3 delen'."""
    return f"{n} {one if n == 1 else many}"


def numbers_text(nrs: Iterable[int]) -> str:
    """'vraag 3', 'vragen 2 en 3', 'vragen 7, 8 en 9'."""
    nrs = list(nrs)
    word = "vraag" if len(nrs) == 1 else "vragen"
    return f"{word} {enumerate_nl(nrs)}"


def days_text(n: int) -> str:
    """'1 dag', '5 dagen' (a number of days, as in 'Termijn 1 dag verstreken')."""
    return count_text(n, "dag", "dagen")


def days_left_text(days: int) -> str:
    """Days until a deadline: 'nog 5 dagen', 'nog 1 dag', 'vandaag', '1 dag te laat',
    '3 dagen te laat'."""
    if days > 0:
        return f"nog {days_text(days)}"
    if days == 0:
        return "vandaag"
    return f"{days_text(-days)} te laat"


def deadline_text(deadline: date, today: date) -> str:
    return days_left_text((deadline - today).days)


def member_text(naam: str, partij: str | None) -> str:
    """'Eerdmans (JA21)'; the name alone when the party is unknown."""
    return f"{naam} ({partij})" if partij else naam


def members_list(members) -> str:
    """The askers as a list shows them, each with their party: 'Mutluer (GL-PvdA), Boswijk
    (CDA)'; empty when there are none."""
    return ", ".join(member_text(m.naam, m.partij) for m in members)


def members_text(members) -> str:
    """The askers as the ministries' letters name them: 'het lid Eerdmans (JA21)',
    'de leden Lahlah en Chakor (GroenLinks-PvdA)', 'de leden Mutluer, Lahlah
    (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB)': a party after the last member of
    each run of members of that party."""
    members = list(members)
    if not members:
        return "de leden van uw Kamer"
    if len(members) == 1:
        return "het lid " + member_text(members[0].naam, members[0].partij)
    names = []
    for i, m in enumerate(members):
        last_of_run = i + 1 == len(members) or members[i + 1].partij != m.partij
        names.append(member_text(m.naam, m.partij if last_of_run else None))
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
