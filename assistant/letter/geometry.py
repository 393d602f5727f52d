"""The Rijkshuisstijl page, measured from the ministries' own answer letters.

Measured from the 8 real JenV letters in ../shared/data/ministerie-docx (section
properties, the header parts and the letterhead tables in their XML) and checked by
rendering them to PDF (tests/unit/test_letter_layout.py, benchmarks/letter_layout.py). All
values in twips (1/20 pt; 567 twips = 1 cm), as Word stores them.
"""

from __future__ import annotations

PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 2398, 2818, 1077, 1588  # 4.23/4.97/1.9/2.8
# The header starts at the top margin, as in the departmental template: whatever flows
# in a header pushes the body down, so the body of later pages starts at 5.3 cm.
HEADER_DISTANCE, FOOTER_DISTANCE = 2398, 346

# The right-hand column ("referentiegegevens"): a floating table placed on the page.
COLUMN_X, COLUMN_Y, COLUMN_WIDTH = 9357, 3074, 2013  # 16.51 cm / 5.42 cm / 3.55 cm

# The first page's letterhead table: return address, addressee, Datum, Onderwerp.
ADDRESS_LABEL_WIDTH, ADDRESS_VALUE_WIDTH = 1099, 6413
ROW_RETURN_ADDRESS, ROW_GAP_1, ROW_GAP_2 = 306, 85, 187
ROW_ADDRESSEE, ROW_GAP_3, ROW_DATE, ROW_SUBJECT = 2166, 465, 238, 754

# "Pagina X van Y": in the column's line, at the foot of every page.
PAGE_NUMBER_X, PAGE_NUMBER_Y = 9357, 16049

# The logo block at the top centre of the first page: the emblem band (1.3 x 3.9 cm,
# its top 0.2 cm above the page) and to its right the ministry's name (the word mark).
LOGO_WIDTH_CM = 1.3
LOGO_TOP_CM = -0.2
WORDMARK_X_CM, WORDMARK_Y_CM, WORDMARK_WIDTH_CM = 11.4, 2.45, 7.0

# Type: Verdana 9 pt on a 12 pt line for the text, 6.5 pt on a 9 pt line in the column,
# the return address and the page number; footnotes 8 pt.
LINE = 240  # twips, "at least"
SMALL_LINE = 180

EMU_PER_CM = 360000


def cm(twips: int) -> float:
    return twips / 567
