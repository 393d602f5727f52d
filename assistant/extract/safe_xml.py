"""One hardened XML parser setup for every XML part of an untrusted file that we parse ourselves.

A Word file is a zip of XML parts written by whoever made the file. XML can declare entities
that expand a kilobyte into gigabytes (billion laughs, one long entity used many times) or that
point at local files and URLs (external entities). No Word part needs a DTD, so a part that
declares one is refused outright; the parser is set up so that even a DTD it did not see first
is never loaded, expanded or fetched, and libxml2's own size limits stay on (no huge_tree).
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

# Keyword arguments for lxml.etree.XMLParser; python-docx's own parser also sets
# resolve_entities=False and leaves the other defaults (no DTD loading, no network, no huge_tree).
HARDENED_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
}


class UnsafeXMLError(ValueError):
    """The XML declares a DTD (where entities live); no Word part needs one."""


def parse(data: bytes) -> etree._Element:
    """The root element of `data`; UnsafeXMLError for a DTD, XMLSyntaxError for broken XML."""
    check_prolog([data])
    root = etree.fromstring(data, etree.XMLParser(**HARDENED_OPTIONS))
    if root.getroottree().docinfo.doctype:  # belt and braces: check_prolog saw none
        raise UnsafeXMLError("XML met een DTD")
    return root


def check_prolog(chunks: Iterable[bytes]) -> None:
    """Raise UnsafeXMLError if the XML in `chunks` declares a DTD before its root element.

    Reads only up to the root's start tag (a DTD cannot come later), so it costs almost nothing
    for a large part; libxml2 decodes, so UTF-16 parts are checked too. Broken XML is left to
    the real parse: this only looks for a DTD.
    """
    check = PrologCheck()
    for chunk in chunks:
        check.feed(chunk)
        if check.done:
            return
    check.close()


class PrologCheck:
    """check_prolog fed piece by piece, for a part read as a stream; stop feeding once done."""

    def __init__(self):
        self._probe = _PrologProbe()
        self._parser = etree.XMLParser(target=self._probe, **HARDENED_OPTIONS)
        self.done = False
        self.is_xml = False  # a root element was reached: python-docx may parse this part

    def feed(self, chunk: bytes) -> None:
        if not self.done:
            self._run(self._parser.feed, chunk)

    def close(self) -> None:
        if not self.done:
            self._run(self._parser.close)

    def _run(self, step, *args) -> None:
        try:
            step(*args)
        except _RootReached:
            self.done = True
            self.is_xml = not self._probe.seen_doctype
        except etree.XMLSyntaxError:
            self.done = True  # broken, not our question here; the real parse will say so
            if self._probe.seen_doctype:  # libxml2 may fail on the entity declarations
                raise UnsafeXMLError("XML met een DTD") from None
        if self._probe.seen_doctype:
            raise UnsafeXMLError("XML met een DTD")


class _RootReached(Exception):
    """Raised by the probe at the root's start tag to stop the parse there."""


class _PrologProbe:
    """A parser target that notes a DOCTYPE and stops at the first element."""

    def __init__(self):
        self.seen_doctype = False

    def doctype(self, name, public_id, system_url):
        self.seen_doctype = True
        raise _RootReached  # nothing after a DTD matters: the part is refused

    def start(self, tag, attrib, nsmap=None):
        raise _RootReached

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def comment(self, text):
        pass

    def pi(self, target, data=None):
        pass

    def close(self):
        return None
