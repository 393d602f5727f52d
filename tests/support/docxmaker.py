"""Build .docx files for tests with features python-docx cannot write (footnotes)."""

from __future__ import annotations

import io
import zipfile

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def docx_with_footnotes(paragraphs: list[str], footnotes: dict[int, str]) -> bytes:
    """Paragraph texts may contain {fn:N} where a footnote reference goes."""
    body = []
    for text in paragraphs:
        runs = []
        for i, piece in enumerate(text.split("{fn:")):
            if i:
                nr, piece = piece.split("}", 1)
                runs.append(f'<w:r><w:footnoteReference w:id="{nr}"/></w:r>')
            if piece:
                runs.append(f'<w:r><w:t xml:space="preserve">{piece}</w:t></w:r>')
        body.append("<w:p>" + "".join(runs) + "</w:p>")
    document = f"<w:document {_W} {_R}><w:body>{''.join(body)}</w:body></w:document>"
    notes = "".join(
        f'<w:footnote w:id="{nr}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        for nr, text in footnotes.items()
    )
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.wordprocessingml.footnotes+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>'
        ),
        "word/document.xml": document,
        "word/footnotes.xml": f"<w:footnotes {_W}>{notes}</w:footnotes>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()
