"""Real Word footnotes (word/footnotes.xml): python-docx has no API for them.

A question set's notes ("1 Dagblad ..., 1 maart 2025") become footnotes at the foot of
the page where they are referenced, numbered by Word, in the built-in style "footnote
text" (Dutch Word: Voetnoottekst).
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from .styles import FOOTNOTE_REFERENCE, find_style, letter_style
from .xml import clean, element

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_EMPTY = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class Footnotes:
    """The document's footnotes part: created when missing, emptied of a template's notes."""

    def __init__(self, document) -> None:
        self._document = document
        self._root = None

    def _part_root(self):
        if self._root is not None:
            return self._root
        part = self._document.part
        for rel in part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                target = rel.target_part
                root = target.element if isinstance(target, XmlPart) else None
                if root is None:  # loaded as a plain part: parse it and swap it in
                    root = parse_xml(target.blob)
                    new = XmlPart(target.partname, CONTENT_TYPE, root, part.package)
                    rel._target = new
                break
        else:
            root = parse_xml(_EMPTY)
            new = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE, root, part.package)
            part.relate_to(new, RT.FOOTNOTES)
        for note in root.findall(qn("w:footnote")):
            if note.get(qn("w:type")) in (None, "normal"):
                root.remove(note)  # a template's own notes belong to another letter
        self._root = root
        return root

    def add(self, paragraph, text: str) -> None:
        """Append a footnote reference to `paragraph` and the note itself to footnotes.xml."""
        root = self._part_root()
        ids = [int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))]
        ident = str(max([0, *ids]) + 1)
        reference = paragraph.add_run()
        cache = self._document.part.__dict__.setdefault("_letter_styles", {})
        if FOOTNOTE_REFERENCE not in cache:
            cache[FOOTNOTE_REFERENCE] = find_style(self._document.styles, FOOTNOTE_REFERENCE)
        reference.style = cache[FOOTNOTE_REFERENCE]
        reference._r.append(element("w:footnoteReference", id=ident))

        note = element("w:footnote", id=ident)
        p = element("w:p")
        p_pr = element("w:pPr")
        note_style = letter_style(self._document.part, "voetnoot")
        p_pr.append(element("w:pStyle", val=note_style.style_id))
        p.append(p_pr)
        mark = element("w:r")
        mark_pr = element("w:rPr")
        mark_pr.append(element("w:rStyle", val=reference.style.style_id))
        mark.append(mark_pr)
        mark.append(element("w:footnoteRef"))
        p.append(mark)
        body = element("w:r")
        t = element("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = " " + clean(text).strip()
        body.append(t)
        p.append(body)
        note.append(p)
        root.append(note)
