"""Ministry names: from a portfolio, an abbreviation or an Aanhangsel answer header.

"Financiën – Fiscaliteit en Belastingdienst" is answered by the ministry of
Financiën; "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking"
sits at Buitenlandse Zaken. Counting the corpus by ministry needs the ministry.
"""

from __future__ import annotations

import re

from .portfolios import match_portfolio

MINISTRIES = (
    "Algemene Zaken",
    "Asiel en Migratie",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Buitenlandse Zaken",
    "Defensie",
    "Economische Zaken",
    "Economische Zaken en Klimaat",
    "Financiën",
    "Infrastructuur en Waterstaat",
    "Justitie en Veiligheid",
    "Klimaat en Groene Groei",
    "Landbouw, Natuur en Voedselkwaliteit",
    "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Onderwijs, Cultuur en Wetenschap",
    "Sociale Zaken en Werkgelegenheid",
    "Volksgezondheid, Welzijn en Sport",
    "Volkshuisvesting en Ruimtelijke Ordening",
)

ABBREVIATIONS = {
    "AZ": "Algemene Zaken",
    "BZ": "Buitenlandse Zaken",
    "BZK": "Binnenlandse Zaken en Koninkrijksrelaties",
    "DEF": "Defensie",
    "EZ": "Economische Zaken",
    "EZK": "Economische Zaken en Klimaat",
    "FIN": "Financiën",
    "IENW": "Infrastructuur en Waterstaat",
    "JENV": "Justitie en Veiligheid",
    "KGG": "Klimaat en Groene Groei",
    "LNV": "Landbouw, Natuur en Voedselkwaliteit",
    "LVVN": "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "OCW": "Onderwijs, Cultuur en Wetenschap",
    "SZW": "Sociale Zaken en Werkgelegenheid",
    "VWS": "Volksgezondheid, Welzijn en Sport",
    "VRO": "Volkshuisvesting en Ruimtelijke Ordening",
    "AENM": "Asiel en Migratie",
}

# Ministers "voor ..." and state secretaries' portfolios, by the ministry they sit at.
_HOSTED = {
    "Buitenlandse Handel en Ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "Buitenlandse Handel en Ontwikkelingshulp": "Buitenlandse Zaken",
    "Ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "Europese Zaken": "Buitenlandse Zaken",
    "Rechtsbescherming": "Justitie en Veiligheid",
    "Medische Zorg": "Volksgezondheid, Welzijn en Sport",
    "Medische Zorg en Sport": "Volksgezondheid, Welzijn en Sport",
    "Langdurige Zorg, Jeugd en Sport": "Volksgezondheid, Welzijn en Sport",
    "Jeugd, Preventie en Sport": "Volksgezondheid, Welzijn en Sport",
    "Primair en Voortgezet Onderwijs": "Onderwijs, Cultuur en Wetenschap",
    "Basis- en Voortgezet Onderwijs en Media": "Onderwijs, Cultuur en Wetenschap",
    "Funderend Onderwijs en Emancipatie": "Onderwijs, Cultuur en Wetenschap",
    "Cultuur en Media": "Onderwijs, Cultuur en Wetenschap",
    "Klimaat en Energie": "Economische Zaken en Klimaat",
    "Natuur en Stikstof": "Landbouw, Natuur en Voedselkwaliteit",
    "Armoedebeleid, Participatie en Pensioenen": "Sociale Zaken en Werkgelegenheid",
    "Participatie en Integratie": "Sociale Zaken en Werkgelegenheid",
    "Fiscaliteit en Belastingdienst": "Financiën",
    "Toeslagen en Douane": "Financiën",
    "Herstel Groningen": "Binnenlandse Zaken en Koninkrijksrelaties",
    "Koninkrijksrelaties en Digitalisering": "Binnenlandse Zaken en Koninkrijksrelaties",
    "Wonen en Rijksdienst": "Binnenlandse Zaken en Koninkrijksrelaties",
    "Mijnbouw": "Economische Zaken en Klimaat",
}


def ministry_of(text: str | None) -> str | None:
    """'Financiën – Fiscaliteit en Belastingdienst' -> 'Financiën'; 'BZ' -> 'Buitenlandse Zaken';
    'Minister voor Medische Zorg' -> 'Volksgezondheid, Welzijn en Sport'."""
    if not text:
        return None
    text = " ".join(text.split()).strip(" ,.")
    text = re.sub(
        r"^(?:de\s+)?(?:minister(?:-president)?|staatssecretaris)\s+(?:van|voor)\s+",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(r"^(?:het\s+)?ministerie\s+van\s+", "", text, flags=re.I)
    head = re.split(r"\s+[–-]\s+", text)[0]
    key = re.sub(r"[^A-Za-z]", "", head).upper()
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    portfolio = match_portfolio(head) or head
    if portfolio in MINISTRIES:
        return portfolio
    return _HOSTED.get(portfolio, portfolio)
