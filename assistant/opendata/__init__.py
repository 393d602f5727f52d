"""The Tweede Kamer's open data (Gegevensmagazijn, OData v4): sync and open question sets.

client.py talks HTTP, records.py reads the service's JSON, tables.py keeps
cursors and seen objects in the store, sync.py runs a sync, open_sets.py
lists the question sets still waiting for an answer.
"""

from .client import DEFAULT_BASE_URL, ClientSettings, ODataClient
from .open_sets import OpenSet, open_question_sets, postponement_of
from .records import publication_url
from .sync import SyncOptions, SyncReport, sync

__all__ = [
    "DEFAULT_BASE_URL",
    "ClientSettings",
    "ODataClient",
    "OpenSet",
    "SyncOptions",
    "SyncReport",
    "open_question_sets",
    "postponement_of",
    "publication_url",
    "sync",
]
