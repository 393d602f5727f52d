"""The optional rewrite of a composed proposal by a ministry's own chat server.

A proposal strings together sentences of precedents; it is accurate but reads as a collage.
A language model can turn it into one fluent answer, but it can also invent a number or a
claim. So the rewrite is off unless an address is configured (nothing leaves the machine
otherwise), the server gets a strict instruction, and what comes back is checked against the
proposal's own sentences before it replaces anything: every sentence must lean on one cited
sentence (whose source it then carries), and no number, source marker or bracketed text may
appear that the proposal did not already have. Whatever fails, the officer keeps the
extractive proposal with a one-line reason; a server problem never raises.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from urllib.parse import urlsplit

import httpx

from .config import RewriteSettings
from .models import Proposal, ProposalSentence
from .opendata.deadline import DeadlineTransport
from .sentences import content_words, sentences

USER_AGENT = "kamervragen-assistant/0.1 (herschrijving)"

SYSTEM_PROMPT = (
    "Je herschrijft een conceptantwoord op schriftelijke Kamervragen voor een ministerie. "
    "Je krijgt de vraag of vragen, soms een openingszin, en genummerde bronzinnen uit eerdere "
    "antwoorden van het ministerie. Maak van de bronzinnen één lopend antwoord op de vraag, "
    "in de zakelijke, precieze stijl van het ministerie.\n"
    "Regels, zonder uitzondering:\n"
    "- Gebruik uitsluitend informatie uit de genummerde bronzinnen.\n"
    "- Voeg geen feiten, getallen, bedragen, namen of data toe en verander ze niet; neem "
    "getallen letterlijk over.\n"
    "- Baseer elke zin op één bronzin en blijf dicht bij de formulering daarvan; laat weg "
    "wat niet bij de vraag past en verzin niets om gaten te vullen.\n"
    "- Is er een openingszin, begin daar dan mee en laat de invulplaatsen tussen vierkante "
    "haken, zoals [Ja/Nee], precies zo staan.\n"
    "- Zet geen bronvermeldingen, zinsnummers of andere tekst tussen vierkante haken.\n"
    "- Antwoord in het Nederlands, in platte tekst: geen opmaak, kopjes of opsommingen, en "
    "geen toelichting vooraf of achteraf."
)

_FAILED = "herschrijving niet gelukt"
_REFUSED = "herschrijving verworpen"

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_SOURCE_MARKER = re.compile(r"\[\s*bron", re.IGNORECASE)
_MARKUP = re.compile(r"\*\*|__|`|^\s*(?:#{1,6}\s|[-*•]\s)", re.MULTILINE)
_THINKING = re.compile(r"^\s*<think>.*?</think>", re.DOTALL)


class _Failure(Exception):
    """Why the server's answer cannot be used (the opmerking, without the prefix)."""


# --- public -----------------------------------------------------------------------------------


def rewrite_proposal(
    proposal: Proposal,
    questions: list[str],
    settings: RewriteSettings,
    client: httpx.Client | None = None,
) -> Proposal:
    """The proposal rewritten by the configured chat server, or the proposal itself (with the
    reason in ``opmerking``) when the server fails or its text does not pass the check.
    Unchanged, without any request, when no server is configured or nothing is cited."""
    if not settings.enabled or not _cited(proposal):
        return proposal
    try:
        text = _ask(build_messages(proposal, questions), settings, client)
    except _Failure as failure:
        return replace(proposal, opmerking=f"{_FAILED}: {failure}")
    mapped, reason = check_rewrite(text, proposal, settings.min_overlap)
    if mapped is None:
        return replace(proposal, opmerking=f"{_REFUSED}: {reason}")
    return Proposal(
        zinnen=tuple(mapped),
        status=proposal.status,
        methode=f"herschreven ({settings.model or 'taalmodel'})",
        opmerking=None,
    )


def build_messages(proposal: Proposal, questions: list[str]) -> list[dict[str, str]]:
    """The chat messages: the fixed instruction, then the question(s), opening and sentences."""
    parts = []
    asked = [q.strip() for q in questions if q.strip()]
    if len(asked) == 1:
        parts.append(f"Vraag:\n{asked[0]}")
    elif asked:
        parts.append("Vragen:\n" + "\n".join(f"- {q}" for q in asked))
    opening = " ".join(z.tekst.strip() for z in _openings(proposal))
    if opening:
        parts.append(f"Openingszin:\n{opening}")
    numbered = (f"{i}. {z.tekst.strip()}" for i, z in enumerate(_cited(proposal), 1))
    parts.append("Bronzinnen:\n" + "\n".join(numbered))
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


def check_rewrite(
    text: str, proposal: Proposal, min_overlap: float
) -> tuple[list[ProposalSentence] | None, str | None]:
    """The rewrite's sentences, each with the source of the proposal sentence it rests on;
    or None and a short Dutch reason when the rewrite adds anything the proposal lacks."""
    cited, openings = _cited(proposal), _openings(proposal)
    reason = (
        _markup_problem(text)
        or _bracket_problem(text, cited, openings)
        or _number_problem(text, [*cited, *openings])
    )
    if reason:
        return None, reason
    split = sentences(text)
    if not split:
        return None, "de taalserver gaf geen tekst terug"
    mapped = []
    for nr, sentence in enumerate(split, 1):
        source = _best_source(sentence, [*openings, *cited], min_overlap)
        if source is None:
            return None, f"zin {nr} («{_short(sentence, 60)}») staat in geen bron"
        mapped.append(
            ProposalSentence(sentence, source.passage_id, source.label, source.controleer)
        )
    return mapped, None


# --- the request ------------------------------------------------------------------------------


def _ask(
    messages: list[dict[str, str]], settings: RewriteSettings, client: httpx.Client | None
) -> str:
    """The server's text (choices[0].message.content), or _Failure."""
    body = {"model": settings.model, "messages": messages, "temperature": 0}
    raw = _post(_endpoint(settings.url or ""), body, _headers(settings), settings, client)
    return _content(raw)


def _endpoint(url: str) -> str:
    return f"{url.rstrip('/')}/chat/completions"


def _headers(settings: RewriteSettings) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if settings.key:
        headers["Authorization"] = f"Bearer {settings.key}"
    return headers


def _post(
    url: str, body: dict, headers: dict[str, str], settings: RewriteSettings,
    client: httpx.Client | None,
) -> bytes:  # fmt: skip
    """One POST, all within timeout_seconds and at most max_response_bytes read."""
    seconds = settings.timeout_seconds
    transport = DeadlineTransport() if client is None else None
    http = client or httpx.Client(transport=transport, follow_redirects=False)
    if transport is not None:
        transport.deadline(seconds)  # connect, write and every read share this clock
    ends = time.monotonic() + seconds
    try:
        with http.stream("POST", url, json=body, headers=headers, timeout=seconds) as response:
            if not 200 <= response.status_code < 300:
                raise _Failure(f"de taalserver gaf HTTP {response.status_code}")
            return _read(response, settings.max_response_bytes, ends, seconds)
    except httpx.TimeoutException as exc:
        raise _Failure(_too_slow(seconds)) from exc
    except httpx.ConnectError as exc:
        raise _Failure(f"de taalserver ({_host(url)}) is niet bereikbaar") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise _Failure(f"ongeldig adres van de taalserver ({_host(url)})") from exc
    except httpx.HTTPError as exc:  # a broken connection, a protocol error, a bad scheme
        raise _Failure(f"fout in de verbinding met de taalserver ({type(exc).__name__})") from exc
    finally:
        if client is None:
            http.close()


def _read(response: httpx.Response, limit: int, ends: float, seconds: float) -> bytes:
    """The body, streamed: cut off as soon as it exceeds limit or the time is up."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Failure(_too_large(limit))
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _Failure(_too_large(limit))
        if time.monotonic() > ends:  # a caller's client has per-read timeouts only
            raise _Failure(_too_slow(seconds))
        chunks.append(chunk)
    return b"".join(chunks)


def _content(raw: bytes) -> str:
    """choices[0].message.content as a non-empty string, reasoning blocks removed."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise _Failure("het antwoord van de taalserver is geen geldige JSON") from exc
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise _Failure("het antwoord van de taalserver heeft geen choices[0].message") from exc
    if not isinstance(content, str) or not _THINKING.sub("", content).strip():
        raise _Failure("de taalserver gaf geen tekst terug")
    return _THINKING.sub("", content).strip()


def _too_slow(seconds: float) -> str:
    return f"de taalserver antwoordde niet binnen {seconds:g} s"


def _too_large(limit: int) -> str:
    shown = f"{limit:,}".replace(",", ".")  # 1.000.000, as Dutch writes it
    return f"het antwoord van de taalserver is te groot (meer dan {shown} bytes)"


def _host(url: str) -> str:
    """Host and port only: an address may carry credentials, never shown."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return "?"


# --- the check --------------------------------------------------------------------------------


def _cited(proposal: Proposal) -> list[ProposalSentence]:
    return [z for z in proposal.zinnen if z.passage_id and z.tekst.strip()]


def _openings(proposal: Proposal) -> list[ProposalSentence]:
    """The opening (no precedent), one entry per sentence so each can be matched alone."""
    return [
        replace(z, tekst=part)
        for z in proposal.zinnen
        if not z.passage_id
        for part in sentences(z.tekst)
    ]


def _markup_problem(text: str) -> str | None:
    if _MARKUP.search(text):
        return "opmaak (vet, kopjes of opsommingen) in plaats van platte tekst"
    return None


def _bracket_problem(
    text: str, cited: list[ProposalSentence], openings: list[ProposalSentence]
) -> str | None:
    """No source markers; bracketed text only as the proposal has it; the opening's fill-in
    places all kept (a dropped "[Ja/Nee]" would decide for the officer)."""
    if _SOURCE_MARKER.search(text):
        return "bronvermelding tussen vierkante haken in de tekst"
    opening_markers = {m for z in openings for m in _BRACKETED.findall(z.tekst)}
    allowed = opening_markers | {m for z in cited for m in _BRACKETED.findall(z.tekst)}
    for marker in _BRACKETED.findall(text):
        if marker not in allowed:
            return f"«{_short(marker, 40)}» staat niet in het voorstel"
    if "[" in _BRACKETED.sub("", text) or "]" in _BRACKETED.sub("", text):
        return "losse vierkante haak in de tekst"
    for marker in sorted(opening_markers):
        if marker not in text:
            return f"de invulplaats «{marker}» van de opening ontbreekt"
    return None


def _number_problem(text: str, known: list[ProposalSentence]) -> str | None:
    """Every number (digits, as written: "1.250", "3,5") must occur in the proposal."""
    allowed = {n for z in known for n in _NUMBER.findall(z.tekst)}
    for number in _NUMBER.findall(text):
        if number not in allowed:
            return f"het getal {number} staat in geen bron"
    return None


def _best_source(
    sentence: str, candidates: list[ProposalSentence], min_overlap: float
) -> ProposalSentence | None:
    """The candidate sharing the largest share of the sentence's content words, if at least
    min_overlap; the first on a tie (the opening before the precedents)."""
    words = content_words(sentence)
    if not words:
        return None  # "Ja." or "Nee." on its own decides something no source said
    best, best_share = None, 0.0
    for candidate in candidates:
        share = len(words & content_words(candidate.tekst)) / len(words)
        if share > best_share:
            best, best_share = candidate, share
    return best if best_share >= min_overlap else None


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
