"""The app's pages in one list: navigation is built from it, and pages link to each other
through it (a page file's path, never a string that breaks when installed)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "pages"

# section -> (module, title, url path)
LAYOUT = {
    "Concept": [
        ("answers", "Antwoorden", "antwoorden"),
        ("review", "Review", "review"),
        ("download", "Downloaden", "downloaden"),
    ],
    "Vragen en corpus": [
        ("intake", "Nieuwe vragenset", "vragenset"),
        ("open_sets", "Open Kamervragen", "open"),
        ("corpus", "Corpus", "corpus"),
    ],
}


def page(module: str):
    for entries in LAYOUT.values():
        for name, title, url in entries:
            if name == module:
                return st.Page(
                    PAGES / f"{name}.py", title=title, url_path=url, default=name == "answers"
                )
    raise KeyError(module)


def navigation():
    return st.navigation(
        {section: [page(name) for name, _, _ in entries] for section, entries in LAYOUT.items()}
    )
