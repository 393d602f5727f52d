"""Portfolios of Dutch ministers and state secretaries, to split addressee lists.

"aan de Ministers van Justitie en Veiligheid en van Buitenlandse Zaken" must give
two addressees, but "en" also occurs inside portfolio names, so the splitter
needs to know the names. Written from the public names of ministries and posts
since 2010; unknown names still parse by the grammar alone.
"""

from __future__ import annotations

import bisect
import difflib
import itertools

PORTFOLIOS = (
    "Algemene Zaken",
    "Asiel en Migratie",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Buitenlandse Zaken",
    "Buitenlandse Handel en Ontwikkelingssamenwerking",
    "Buitenlandse Handel en Ontwikkelingshulp",
    "Defensie",
    "Economische Zaken",
    "Economische Zaken en Klimaat",
    "Economische Zaken, Landbouw en Innovatie",
    "Financiën",
    "Infrastructuur en Milieu",
    "Infrastructuur en Waterstaat",
    "Justitie en Veiligheid",
    "Veiligheid en Justitie",
    "Klimaat en Energie",
    "Klimaat en Groene Groei",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Langdurige Zorg, Jeugd en Sport",
    "Jeugd, Preventie en Sport",
    "Medische Zorg",
    "Medische Zorg en Sport",
    "Natuur en Stikstof",
    "Onderwijs, Cultuur en Wetenschap",
    "Primair en Voortgezet Onderwijs",
    "Basis- en Voortgezet Onderwijs en Media",
    "Funderend Onderwijs en Emancipatie",
    "Rechtsbescherming",
    "Armoedebeleid, Participatie en Pensioenen",
    "Participatie en Integratie",
    "Sociale Zaken en Werkgelegenheid",
    "Volksgezondheid, Welzijn en Sport",
    "Volkshuisvesting en Ruimtelijke Ordening",
    "Wonen en Rijksdienst",
    "Koninkrijksrelaties en Digitalisering",
    "Ontwikkelingssamenwerking",
    "Europese Zaken",
    "Fiscaliteit en Belastingdienst",
    "Toeslagen en Douane",
    "Herstel Groningen",
    "Mijnbouw",
    "Cultuur en Media",
    "Justitie",
    "Veiligheid",
)

_BY_LOWER = {p.lower(): p for p in PORTFOLIOS}


def match_portfolio(text: str, cutoff: float = 0.9) -> str | None:
    """The canonical portfolio name for text, allowing small typos ("Koninkrijkrelaties")."""
    key = " ".join(text.split()).lower()
    if key in _BY_LOWER:
        return _BY_LOWER[key]
    close = difflib.get_close_matches(key, _BY_LOWER, n=1, cutoff=cutoff)
    return _BY_LOWER[close[0]] if close else None


# difflib's ratio 2M/(a+b) reaches the 0.9 cutoff only when the candidate is at most
# 2/0.9 - 1 = 1.22 times as long as a name: longer joins of parts cannot match.
_LONGEST_MATCH = int(1.25 * max(len(name) for name in PORTFOLIOS))


def split_portfolios(text: str) -> list[str]:
    """Split "Justitie en Veiligheid en Buitenlandse Zaken" into known portfolios.

    Greedy longest match on " en "-separated segments; a remainder that matches
    nothing stays one item, written as found.
    """
    parts = [p for p in text.split(" en ")]
    ends = list(itertools.accumulate((len(p) + 4 for p in parts), initial=0))
    out: list[str] = []
    i = 0
    while i < len(parts):
        # joins longer than any portfolio cannot match: start at the longest that can
        last = max(i + 1, bisect.bisect_right(ends, ends[i] + _LONGEST_MATCH + 4) - 1)
        for j in range(min(last, len(parts)), i, -1):
            found = match_portfolio(" en ".join(parts[i:j]))
            if found:
                out.append(found)
                i = j
                break
        else:
            out.append(" en ".join(parts[i:]).strip())
            break
    return out
