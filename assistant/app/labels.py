"""How the app names things: drafts, times, suggestion strengths. Dutch wording the CLI
and the letter share too (counts, question numbers, days left) is in assistant.nl."""

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


STRENGTH_BADGES = {"sterk": "green", "redelijk": "orange", "zwak": "gray"}
