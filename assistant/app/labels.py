"""How the app names things: drafts, questions, suggestions, deadlines (Dutch wording)."""

from __future__ import annotations

from datetime import datetime

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


STRENGTH_BADGES = {"sterk": "green", "redelijk": "orange", "zwak": "gray"}
