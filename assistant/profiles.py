"""Ministry profiles (templates/ministries/*.toml): letterhead and signature."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .config import templates_dir
from .errors import AssistantError


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


def load_profiles(folder: Path | None = None) -> dict[str, MinistryProfile]:
    folder = (folder or templates_dir()) / "ministries"
    profiles = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            profile = MinistryProfile(
                **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
            )
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
