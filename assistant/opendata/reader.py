"""What the sync needs from the Tweede Kamer, whatever interface serves it.

The Kamer has changed its APIs before (OData v4/2.0 was switched off in 2026).
The sync (sync.py) only sees this: per category the changes after a cursor,
each with the cursor to resume after it, and a document's file. syncfeed.py
implements it over the SyncFeed; another interface is one more module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from .client import Resource
from .records import TkDocument, TkZaak, TkZaakActor

ZAAK = "Zaak"
ZAAK_ACTOR = "ZaakActor"
DOCUMENT = "Document"

Record = TkZaak | TkZaakActor | TkDocument


@dataclass(frozen=True)
class Change:
    """One changed object and the cursor that resumes just after it."""

    cursor: int
    record: Record


class Changes(Protocol):
    """Pages of changes in the order the Kamer made them visible. After iterating, `complete`
    says whether the listing reached the present (False: a page cap stopped it)."""

    complete: bool
    pages: int

    def __iter__(self) -> Iterator[list[Change]]: ...


class KamerReader(Protocol):
    requests: int  # HTTP requests made, for the report
    retried: int

    def changes(self, category: str, after: int | None) -> Changes:
        """Every change in `category` (ZAAK, ZAAK_ACTOR, DOCUMENT) after the cursor; None: all."""
        ...

    def resource(self, document: TkDocument) -> Resource:
        """The file behind a document (MissingResource when there is none)."""
        ...

    def close(self) -> None: ...
