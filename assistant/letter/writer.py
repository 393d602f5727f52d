"""(style, text) blocks -> the answer letter as .docx, in the Rijkshuisstijl.

The blocks come from the Jinja templates ("@vraag: ..."); footnote markers "[^n]" in a
block become real Word footnotes. The page around the text is in page.py, its measures
in geometry.py, the styles in styles.py; a ministry's own Word template, when its
profile names one, is the base document (base.py).
"""

from __future__ import annotations

import io
import re

from ..config import templates_dir
from .base import open_base
from .footnotes import Footnotes
from .page import (
    Letterhead,
    first_page,
    first_page_header,
    later_pages_header,
    logo_block,
    page_numbers,
    set_up_section,
)
from .styles import apply_style, define_styles
from .xml import clean

_MARKER = re.compile(r"\[\^(\d+)\]")
DEFAULT_LOGO = "logo/beeldmerk-placeholder.png"


def write_letter(letterhead: Letterhead, body: list[tuple[str, str]],
                 annex: list[tuple[str, str]] | None, properties: dict,
                 notes: dict[int, str] | None = None) -> bytes:  # fmt: skip
    """The letter: first page, body blocks, then (after a page break) the annex blocks."""
    profile = letterhead.profile
    template = _resolve(profile.sjabloon) if profile.sjabloon else None
    document = open_base(template)
    define_styles(document)
    section = document.sections[0]
    if template is None:  # a ministry's template brings its own page, headers and logo
        set_up_section(section)
        first_page_header(section)
        later_pages_header(section, letterhead)
        page_numbers(section)
        logo_block(document, profile, _resolve(profile.logo or DEFAULT_LOGO))
    first_page(document, letterhead)
    footnotes = Footnotes(document)
    for style, text in body:
        _paragraph(document, style, text, footnotes, notes or {})
    if annex:
        document.add_page_break()
        for style, text in annex:
            _paragraph(document, style, text, footnotes, notes or {})
    props = document.core_properties
    for name in ("title", "subject", "keywords", "author", "comments", "category"):
        setattr(props, name, _property(properties.get(name, "")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _resolve(path: str):
    """A profile's file: absolute, or relative to the templates folder."""
    from pathlib import Path

    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else templates_dir() / candidate


def _property(value: str) -> str:
    """Word's core properties hold at most 255 characters (and no control characters)."""
    value = clean(value)
    return value if len(value) <= 255 else value[:254] + "…"


def _paragraph(document, style: str, text: str, footnotes: Footnotes, notes: dict[int, str]):
    paragraph = document.add_paragraph()
    apply_style(paragraph, document.part, style)
    text = clean(text)
    pos = 0
    for m in _MARKER.finditer(text):
        nr = int(m.group(1))
        if nr not in notes:
            continue
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        footnotes.add(paragraph, notes[nr])
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])
    return paragraph
