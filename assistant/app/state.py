"""Shared state of the app, in one place: the session's Workspace (its own store connection
per browser tab), the searcher shared by all tabs, the open draft, and error display."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ..config import Settings
from ..errors import AssistantError
from ..workspace import Workspace
from .advice import app_message
from .safe_text import md

_log = logging.getLogger(__name__)
DRAFT_PARAM = "concept"  # the open draft is in the address, so a reload keeps it open


def settings() -> Settings:
    return Settings.load()


@st.cache_resource(show_spinner="Zoekmodel en index laden (eenmalig) ...")
def _shared_searcher(home: str, model: str, stamp: str):
    """One model and index per process, reloaded when the index folder changed (stamp)."""
    from ..embed import embedder_for_search
    from ..search import Searcher

    del stamp  # part of the cache key only
    s = Settings.load(home, model)
    return Searcher(s.home, embedder_for_search(s), s.search)


def _searcher_for(ws: Workspace):
    state = ws.index_state()
    if not state.exists:
        return None
    return _shared_searcher(str(ws.home), ws.settings.model, state.stamp)


def workspace() -> Workspace:
    """This browser tab's Workspace; its store connection is its own."""
    s = settings()
    ws = st.session_state.get("_workspace")
    if ws is None or ws.home != s.home:
        if ws is not None:
            ws.close()
        ws = Workspace(s, searcher_factory=_searcher_for)
        st.session_state["_workspace"] = ws
    return ws


def open_draft_id() -> str | None:
    if "draft_id" not in st.session_state and DRAFT_PARAM in st.query_params:
        st.session_state["draft_id"] = st.query_params[DRAFT_PARAM]
    return st.session_state.get("draft_id")


def set_open_draft(draft_id: str | None, in_address: bool = True) -> None:
    st.session_state["draft_id"] = draft_id
    if draft_id and in_address:
        st.query_params[DRAFT_PARAM] = draft_id
    elif DRAFT_PARAM in st.query_params:
        del st.query_params[DRAFT_PARAM]


# What an error code means in the app, where there is no command line to run.
def show_error(exc: Exception) -> None:
    """An AssistantError in its own Dutch words (they may quote a file name or text: shown
    literally); anything else as a Dutch sentence, its traceback only in the server's log."""
    if isinstance(exc, AssistantError):
        st.error(md(app_message(exc)))
        return
    _log.error("unexpected error in the app", exc_info=exc)
    st.error(
        f"Er ging iets mis (interne fout: {type(exc).__name__}). Probeer het opnieuw; blijft "
        "dit gebeuren, meld het dan aan de beheerder."
    )


@contextmanager
def guard() -> Iterator[None]:
    """Around each part of a page: an exception shows a Dutch message instead of a stack
    trace, and the rest of the app still shows. Streamlit's own st.stop and st.rerun are
    BaseExceptions and pass through."""
    try:
        yield
    except Exception as exc:
        show_error(exc)


def remember_error(exc: Exception) -> None:
    """For callbacks, which run before the page: shown at the top of the next page."""
    st.session_state["_error"] = exc


def show_remembered_error() -> None:
    exc = st.session_state.pop("_error", None)
    if exc is not None:
        show_error(exc)


def clear_shared_searchers() -> None:
    """After a rebuild: drop the old index from memory (the next search loads the new one)."""
    _shared_searcher.clear()


def open_new_draft(draft_id: str, message: str) -> None:
    """Straight to the new draft's answers (its id in the address, for a reload)."""
    from . import nav

    set_open_draft(draft_id, in_address=False)
    st.session_state["_created"] = message
    st.switch_page(nav.page("answers"), query_params={DRAFT_PARAM: draft_id})
