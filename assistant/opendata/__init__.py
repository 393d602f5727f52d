"""The Tweede Kamer's open data (Gegevensmagazijn, SyncFeed 2.0): sync and open question sets.

client.py talks HTTP, reader.py says what the sync needs from the Kamer and
syncfeed.py reads it from the SyncFeed's Atom pages into the records of
records.py; tables.py keeps cursors and seen objects in the store, sync.py runs
a sync, open_sets.py lists the question sets still waiting for an answer.
"""

from .client import DEFAULT_BASE_URL, ClientSettings, KamerClient
from .open_sets import OpenSet, open_question_sets, postponement_of
from .sync import SyncOptions, SyncReport, sync
from .syncfeed import SyncFeed, check_feed_url

__all__ = [
    "DEFAULT_BASE_URL",
    "ClientSettings",
    "KamerClient",
    "OpenSet",
    "SyncFeed",
    "SyncOptions",
    "SyncReport",
    "check_feed_url",
    "open_question_sets",
    "postponement_of",
    "sync",
]
