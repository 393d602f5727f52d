"""How the app names things: drafts, questions, suggestions, deadlines (Dutch wording)."""

from __future__ import annotations

from datetime import date, datetime

from ..dates import format_dutch


def local_time(iso: str) -> str:
    """'3 maart 2025 14:05' in the machine's time zone."""
    moment = datetime.fromisoformat(iso).astimezone()
    return f"{format_dutch(moment.date())} {moment:%H:%M}"


def draft_label(d) -> str:
    """'2021Z16950 · politiedrones van een Chinese … · 3 mrt 14:05 · concept'."""
    moment = datetime.fromisoformat(d.created).astimezone()
    subject = shorten(d.onderwerp or "zonder onderwerp", 38)
    return f"{d.kenmerk or 'zonder kenmerk'} · {subject} · {moment:%d-%m %H:%M} · {d.status}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut} …"


def count_text(n: int, one: str = "vraag", many: str = "vragen") -> str:
    """'1 vraag', '6 vragen'."""
    return f"{n} {one if n == 1 else many}"


def numbers_text(nrs) -> str:
    """'vraag 3', 'vragen 2 en 3', 'vragen 7, 8 en 9'."""
    nrs = list(nrs)
    if len(nrs) == 1:
        return f"vraag {nrs[0]}"
    return "vragen " + ", ".join(map(str, nrs[:-1])) + f" en {nrs[-1]}"


def days_left_text(deadline: date, today: date) -> str:
    """'nog 5 dagen', 'nog 1 dag', 'vandaag', '3 dagen te laat'."""
    days = (deadline - today).days
    if days > 0:
        return f"nog {days} dag{'en' if days != 1 else ''}"
    if days == 0:
        return "vandaag"
    return f"{-days} dag{'en' if days != -1 else ''} te laat"


STRENGTH_BADGES = {"sterk": "green", "redelijk": "orange", "zwak": "gray"}
