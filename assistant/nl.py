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
