"""The one registry of ministries: canonical names, abbreviations, hosted portfolios.

Everything that names a ministry goes through here: the parsers ("Financiën –
Fiscaliteit en Belastingdienst" is answered by Financiën; the "Minister voor Buitenlandse
Handel en Ontwikkelingssamenwerking" sits at Buitenlandse Zaken), the sync's addressees,
what a user types after --ministerie or picks in the app (a name or an abbreviation such
as JenV or BZK, in any case), and the letter profiles (templates/ministries/*.toml),
which are checked against it when they are loaded.
"""

from __future__ import annotations

import re

from ..errors import AssistantError
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

# The abbreviation a person writes ("JenV", "IenW"), by canonical name.
SHORT = {
    "Algemene Zaken": "AZ",
    "Asiel en Migratie": "AenM",
    "Binnenlandse Zaken en Koninkrijksrelaties": "BZK",
    "Buitenlandse Zaken": "BZ",
    "Defensie": "Def",
    "Economische Zaken": "EZ",
    "Economische Zaken en Klimaat": "EZK",
    "Financiën": "Fin",
    "Infrastructuur en Waterstaat": "IenW",
    "Justitie en Veiligheid": "JenV",
    "Klimaat en Groene Groei": "KGG",
    "Landbouw, Natuur en Voedselkwaliteit": "LNV",
    "Landbouw, Visserij, Voedselzekerheid en Natuur": "LVVN",
    "Onderwijs, Cultuur en Wetenschap": "OCW",
    "Sociale Zaken en Werkgelegenheid": "SZW",
    "Volksgezondheid, Welzijn en Sport": "VWS",
    "Volkshuisvesting en Ruimtelijke Ordening": "VRO",
}

# Abbreviations as looked up: letters only, upper case ("jenv", "IenW" -> "JENV", "IENW").
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


def known_ministry(text: str | None) -> str | None:
    """The canonical name when text names a ministry of the registry, else None (lenient:
    for what documents and the Kamer's data say)."""
    found = ministry_of(text)
    return found if found in MINISTRIES else None


def resolve_ministry(text: str) -> str:
    """What a user typed (name, abbreviation, a hosted portfolio; any case) -> the canonical
    name; anything else is refused with the choices."""
    found = known_ministry(text)
    if found is None:
        choices = ", ".join(f"{SHORT[name]} ({name})" for name in MINISTRIES)
        raise AssistantError(
            f"onbekend ministerie '{text}'; kies een naam of afkorting uit: {choices}",
            code="unknown-ministry",
        )
    return found


def addressee_ministry(addressee: str) -> str | None:
    """'Minister van Justitie en Veiligheid', 'minister voor Rechtsbescherming (Weerwind)',
    'Minister-president' -> the ministry the addressee sits at; None when it names none."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", addressee or "").strip()
    if re.fullmatch(r"(?:de\s+)?minister-president", text, flags=re.I):
        return "Algemene Zaken"
    return known_ministry(text)


def ministry_label(name: str) -> str:
    """'Justitie en Veiligheid (JenV)' for choices; anything else as it is."""
    return f"{name} ({SHORT[name]})" if name in SHORT else name


def short_name(name: str) -> str:
    """'Justitie en Veiligheid' -> 'JenV'; a name outside the registry stays as it is."""
    return SHORT.get(name, name)
