"""The Kamer's identifiers, written once: the kenmerk of a question set (2021Z16950), its
publication kv-tk-2021Z16950, the Aanhangsel id of a published answer (ah-tk-20212022-765,
from the API's Aanhangselnummer 212200765), the demo corpus's own demo-ah-… form, and the
official page of a publication.

Only real ids become links: a demo id, or anything else a document or a feed carries,
never does.
"""

from __future__ import annotations

import re

OFFICIAL_URL = "https://zoek.officielebekendmakingen.nl/{}.html"
DEMO_ID_PREFIX = "demo-"

_KENMERK = r"(?:19|20)\d{2}Z\d{5}"
_AH_ID = r"ah-tk-\d{8}-\d+"
_KV_ID = rf"kv-tk-{_KENMERK}"

# a kenmerk in running text: "nr. 2024Z11859", "(2021Z16950)"
KENMERK = re.compile(rf"\b{_KENMERK}\b")
# a real Aanhangsel id in running text (a PDF's page footer, a footnote)
AANHANGSEL_ID = re.compile(rf"\b{_AH_ID}\b")
# real or demo ("demo-ah-20232024-9325"), groups: the two years and the number
ANY_AANHANGSEL_ID = re.compile(r"\b(?:ah-tk|demo-ah)-(\d{4})(\d{4})-(\d+)\b")
# the ids that have a page on officielebekendmakingen.nl
_PUBLICATION_ID = re.compile(rf"{_AH_ID}|{_KV_ID}")
# a line that is only an id, real or demo: page furniture of Aanhangsel and Kamerstuk texts
_ID_LINE = re.compile(rf"(?:{_AH_ID}|demo-ah-\d{{8}}-\d+|{_KV_ID})")
_AANHANGSELNUMMER = re.compile(r"\d{9}")


def question_set_id(kenmerk: str | None) -> str | None:
    """'2021Z16950' -> 'kv-tk-2021Z16950': the question set as published on
    officielebekendmakingen.nl; None for anything that is not a kenmerk."""
    return f"kv-tk-{kenmerk}" if kenmerk and KENMERK.fullmatch(kenmerk) else None


def aanhangsel_id(aanhangselnummer: str | None) -> str | None:
    """'232401314' (the API's form: YY YY NNNNN) -> 'ah-tk-20232024-1314'; '990000012' ->
    'ah-tk-19992000-12'; None for any other form."""
    if not aanhangselnummer or not _AANHANGSELNUMMER.fullmatch(aanhangselnummer):
        return None
    first, nr = int(aanhangselnummer[:2]), int(aanhangselnummer[4:])
    start = (1900 if first >= 90 else 2000) + first
    return f"ah-tk-{start}{start + 1}-{nr}"


def vergaderjaar(ah_id: str | None) -> str | None:
    """'ah-tk-20232024-1314' (or demo-ah-…) -> '2023-2024'; None without such an id."""
    m = ANY_AANHANGSEL_ID.search(ah_id or "")
    return f"{m.group(1)}-{m.group(2)}" if m else None


def publication_url(publication_id: str | None) -> str | None:
    """The official page of a kv-tk-… or ah-tk-… publication; None for anything else (a demo
    id such as demo-ah-20232024-9325 never becomes a link)."""
    if not publication_id or not _PUBLICATION_ID.fullmatch(publication_id):
        return None
    return OFFICIAL_URL.format(publication_id)


def is_demo_id(identifier: str | None) -> bool:
    """True for a demo identifier such as 'demo-ah-20232024-9325'."""
    return bool(identifier) and identifier.startswith(DEMO_ID_PREFIX)


def is_id_line(line: str) -> bool:
    """True for a line that is nothing but an ah-tk, demo-ah or kv-tk id (surrounding
    white space aside): a page header or footer, never part of the text."""
    return bool(_ID_LINE.fullmatch(line.strip()))
