"""Ministry profiles (templates/ministries/*.toml): letterhead and signature."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .config import templates_dir
from .errors import AssistantError

OPENINGS = ("hierbij", "in_antwoord")


@dataclass(frozen=True)
class MinistryProfile:
    afkorting: str
    naam: str
    portefeuille: str
    directie: str
    bezoekadres: tuple[str, ...]
    postadres: tuple[str, ...]
    website: str
    ondertekening: str
    # The covering letter's opening: "hierbij" ("Hierbij zend ik u de antwoorden ...") or
    # "in_antwoord" ("In antwoord op uw brief van ..., nr. ..., deel ik u mede ..."; JenV).
    opening: str = "hierbij"
    contactpersoon: str | None = None  # left as a fill-in field when not set
    # The logo block (see templates/ministries/README.md): an image file, absolute or
    # relative to the templates folder; without one our neutral placeholder band is used.
    logo: str | None = None
    logo_breedte_cm: float | None = None  # default 1.3 cm, the emblem band
    logo_links_cm: float | None = None  # default: centred on the page
    woordmerk: bool = True  # write the ministry's name beside the logo
    # A ministry's own Word template (.dotx/.docx): its page, headers, logo and styles.
    sjabloon: str | None = None


def load_profiles(folder: Path | None = None) -> dict[str, MinistryProfile]:
    folder = (folder or templates_dir()) / "ministries"
    profiles = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            profile = MinistryProfile(
                **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
            )
            if profile.opening not in OPENINGS:
                raise TypeError(f"opening moet een van {', '.join(OPENINGS)} zijn")
        except (tomllib.TOMLDecodeError, TypeError) as exc:
            raise AssistantError(f"ministerieprofiel {path.name} is ongeldig: {exc}") from exc
        profiles[profile.afkorting.lower()] = profile
    return profiles


def find_profile(name: str | None, addressees: tuple[str, ...] = ()) -> MinistryProfile:
    """By abbreviation ("JenV") or portfolio; without a name, from the first addressee."""
    profiles = load_profiles()
    if name:
        key = name.lower()
        if key in profiles:
            return profiles[key]
        for p in profiles.values():
            if key in (p.portefeuille.lower(), p.naam.lower()):
                return p
        known = ", ".join(p.afkorting for p in profiles.values())
        raise AssistantError(f"onbekend ministerie '{name}' (bekend: {known})")
    for addressee in addressees:
        for p in profiles.values():
            if p.portefeuille.lower() in addressee.lower():
                return p
    return profiles["jenv"]
