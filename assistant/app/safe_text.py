"""Text from documents and users, shown by the app as text and never as Markdown.

Streamlit renders Markdown in st.markdown, headers, captions, alerts and in widget labels
(expanders, buttons, tabs), where a question set's ``![x](http://...)`` would load an image
from anywhere and ``[klik](...)`` would become a link. Every piece of their text goes through
``md`` before it is put into our markup; our own markup (bold, badges, links we build) stays
outside it.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character: CommonMark lets each be escaped with a backslash and then
# shows it literally. That stops links, images, HTML, tables, emphasis, headings, lists,
# Streamlit's :colour[...] and $math$.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# GFM (Streamlit's Markdown) also links bare addresses, in the text *after* escapes are read:
# only where a space, punctuation or the start comes before "http:", "www." or "mailto:", and
# only where a name follows "@". An invisible WORD JOINER there keeps the address plain text.
JOINER = "\u2060"
_BARE_ADDRESS = re.compile(r"(?i)(https?:|ftp:|mailto:|xmpp:|www\.)")


def md(text: object) -> str:
    """``text`` as literal text inside Markdown (a bare address stays plain text)."""
    text = _BARE_ADDRESS.sub(JOINER + r"\1", str(text)).replace("@", "@" + JOINER)
    return _PUNCTUATION.sub(r"\\\1", text)


def code(text: object) -> str:
    """``text`` as inline code: a code span shows its content literally, except a backtick,
    which would end it, and a line break."""
    plain = " ".join(str(text).replace("`", "'").split())
    return f"`{plain}`" if plain else ""
