"""Demo material is fictional, and stored as such.

Every text of the bundled demo corpus (corpus/demo) says near its top
"[Fictief demomateriaal, ...]" and its Aanhangsel identifiers have the form
``demo-ah-20232024-9325`` instead of the real ``ah-tk-...``. A document with
either sign is stored with ``meta["fictief"] = True``, so that search results,
suggestions and the app never present it as a real publication.
"""

from __future__ import annotations

import dataclasses
import re

from .identifiers import is_demo_id
from .models import CorpusDocument

MARKER = "Fictief demomateriaal"
# the marker as the demo texts write it: in square brackets, in the first lines
_MARKER = re.compile(r"\[\s*" + MARKER.replace(" ", r"\s+"), re.I)
_SEARCH_CHARS = 5000  # a letter's letterhead comes before it


def says_fictional(text: str) -> bool:
    """True when the text carries the demo marker near its top."""
    return bool(_MARKER.search(text[:_SEARCH_CHARS]))


def mark_fictional(doc: CorpusDocument, text: str) -> CorpusDocument:
    """The document with meta["fictief"] = True when it is demo material, else unchanged."""
    if doc.meta.get("fictief") or not (says_fictional(text) or is_demo_id(doc.ah_id)):
        return doc
    return dataclasses.replace(doc, meta={**doc.meta, "fictief": True})
