"""The letter's named styles, defined once; all formatting lives here, never in runs.

Sizes and spacing follow the real letters: Verdana 9 pt on a 12 pt ("at least") line,
paragraphs separated by empty lines rather than spacing; 6.5 pt on a 9 pt line in the
right-hand column, the return address and the page number; footnotes 8 pt. A ministry's
own Word template may define any of these styles itself; then its definition is kept.
"""

from __future__ import annotations

from ..errors import AssistantError

FONT = "Verdana"

# template key -> (Word style name, size pt, bold, italic, line pt, exact line, space after pt)
STYLES = {
    "brief": ("Brieftekst", 9, False, False, 12, False, 0),
    "witregel": ("Witregel", 9, False, False, 12, False, 0),
    "ondertekening": ("Ondertekening", 9, False, False, 12, False, 0),
    "titel": ("Titel antwoorden", 9, True, False, 12, False, 0),
    "vraagkop": ("Vraagkop", 9, True, False, 12, False, 0),
    "vraag": ("Vraag", 9, True, False, 12, False, 0),
    "antwoordkop": ("Antwoordkop", 9, True, False, 12, False, 0),
    "antwoord": ("Antwoord", 9, False, False, 12, False, 0),
    "suggestie": ("Suggestie", 8, False, True, 11, False, 6),
    "voetnoot": ("footnote text", 8, False, False, 10, False, 0),
    "bronnenkop": ("Bronnenkop", 9, True, False, 12, False, 6),
    "bron": ("Bron", 8, False, False, 11, False, 3),
    "adres": ("Adresblok", 9, False, False, 12, False, 0),
    "datumonderwerp": ("Datum en onderwerp", 9, False, False, 12, False, 0),
    "retouradres": ("Retouradres", 6.5, False, False, 9, True, 0),
    "kolomkop": ("Kolomkop", 6.5, True, False, 9, False, 0),
    "kolom": ("Kolomtekst", 6.5, False, False, 9, False, 0),
    "kolomwit": ("Kolomwitregel", 6.5, False, False, 9, False, 0),
    "paginanummer": ("Paginanummer", 6.5, False, False, 9, True, 0),
    "woordmerk": ("Woordmerk", 10, False, False, 13, False, 0),
    # A header's line of flow: the first page's one line puts the return address at
    # 4.8 cm, the later pages' two lines start their text at 5.3 cm, as measured.
    "kop": ("Kopregel", 9, False, False, 15, True, 0),
    # The near-invisible paragraph a floating table is anchored to (Word and LibreOffice
    # place a floating table only when a paragraph follows it).
    "anker": ("Anker", 1, False, False, 1, True, 0),
}
FOOTNOTE_REFERENCE = "footnote reference"
# Word's built-in styles keep their English name; Dutch Word gives them these ids, and
# LibreOffice and Word treat a footnote's number specially only in the built-in style.
BUILT_IN_IDS = {"footnote text": "Voetnoottekst", "footnote reference": "Voetnootmarkering"}


def style_name(key: str) -> str:
    """A template line's style key ("@vraag:") as its Word style; a key a ministry's template
    invents is its own error, with the keys there are."""
    if key not in STYLES:
        raise AssistantError(
            f"onbekende stijl '@{key}:' in een sjabloon; kies uit "
            + ", ".join(f"@{k}:" for k in STYLES),
            code="bad-template",
        )
    return STYLES[key][0]


def find_style(styles, name: str):
    """A style by name, else by the id Word gives that name: Dutch Word calls the built-in
    'footnote text' Voetnoottekst in its id, and a template's style must not get a twin."""
    ident = BUILT_IN_IDS.get(name, name.replace(" ", ""))
    by_id = None
    for style in styles:
        if style.name == name:
            return style
        if style.style_id == ident:
            by_id = style
    return by_id


def letter_style(document_part, key: str):
    """The style for a template key ("vraag", "kolom", ...) in this document; looked up
    once per document (a template has hundreds of styles, a letter hundreds of lines)."""
    cache = document_part.__dict__.setdefault("_letter_styles", {})
    if key not in cache:
        cache[key] = find_style(document_part.styles, style_name(key))
    return cache[key]


def apply_style(paragraph, document_part, key: str) -> None:
    """Set the paragraph's style by id: python-docx's setter scans all styles each time."""
    paragraph._p.get_or_add_pPr().style = letter_style(document_part, key).style_id


def document_part_of(paragraph):
    """The document's part, also for a paragraph in a header or footer."""
    part = paragraph.part
    return getattr(part, "_document_part", part)


def define_styles(document) -> None:
    """Add the letter's styles that the base document does not define yet."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    if find_style(document.styles, "Brieftekst") is None:  # our own base: set Normal too
        normal.font.name = FONT
        normal.font.size = Pt(9)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        normal.paragraph_format.line_spacing = Pt(12)
    for key, (name, size, bold, italic, line, exact, after) in STYLES.items():
        if find_style(document.styles, name) is not None:
            continue
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        _built_in(style)
        style.base_style = normal
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if exact else WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(line)
        if key in ("vraagkop", "antwoordkop", "titel"):
            fmt.keep_with_next = True
        if key == "suggestie":
            style.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
            fmt.left_indent = Pt(12)
    if find_style(document.styles, FOOTNOTE_REFERENCE) is None:
        style = document.styles.add_style(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
        _built_in(style)
        style.font.superscript = True


def _built_in(style) -> None:
    """A built-in style (footnotes) gets Word's id for it and is not marked custom."""
    if style.name in BUILT_IN_IDS:
        style.style_id = BUILT_IN_IDS[style.name]
        style.element.customStyle = None
