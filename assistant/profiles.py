"""Letter profiles (templates/ministries/*.toml): letterhead and signature of a ministry.

A profile belongs to one ministry of the registry (parse/ministries.py): its
``portefeuille`` must be a registry ministry and its ``afkorting`` must name the same one,
checked when the profiles are loaded. A ministry is chosen the same way everywhere (name
or abbreviation, any case); a ministry without a profile is an error that says which
profiles exist, never a silent fallback to another ministry's letterhead.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .config import templates_dir
from .errors import AssistantError
from .nl import enumerate_nl
from .parse.ministries import addressee_ministry, known_ministry, resolve_ministry, short_name
from .vocabulary import LetterForm

OPENINGS = tuple(LetterForm)


@dataclass(frozen=True)
class MinistryProfile:
    afkorting: str
    naam: str
    portefeuille: str  # a ministry of the registry, as it names it
    directie: str
    bezoekadres: tuple[str, ...]
    postadres: tuple[str, ...]
    website: str
    ondertekening: str
    # The covering letter's opening: "hierbij" ("Hierbij zend ik u de antwoorden ...") or
    # "in_antwoord" ("In antwoord op uw brief van ..., nr. ..., deel ik u mede ..."; JenV).
    opening: str = LetterForm.HIERBIJ
    contactpersoon: str | None = None  # left as a fill-in field when not set
    # The logo block (see templates/ministries/README.md): an image file, absolute or
    # relative to the templates folder; without one our neutral placeholder band is used.
    logo: str | None = None
    logo_breedte_cm: float | None = None  # default 1.3 cm, the emblem band
    logo_links_cm: float | None = None  # default: centred on the page
    woordmerk: bool = True  # write the ministry's name beside the logo
    # A ministry's own Word template (.dotx/.docx): its page, headers, logo and styles.
    sjabloon: str | None = None

    @property
    def ministerie(self) -> str:
        """The registry's canonical name of this profile's ministry."""
        return known_ministry(self.portefeuille) or self.portefeuille

    def serves(self, addressee: str) -> bool:
        """Whether this addressee ('Staatssecretaris van Justitie en Veiligheid', 'Minister
        voor Rechtsbescherming') sits at this profile's ministry."""
        return addressee_ministry(addressee) == self.ministerie


_FIELDS = {f.name for f in fields(MinistryProfile)}


def load_profiles(folder: Path | None = None) -> dict[str, MinistryProfile]:
    """Every profile, by its afkorting in lower case; a bad one is an error naming its file."""
    folder = (folder or templates_dir()) / "ministries"
    profiles: dict[str, MinistryProfile] = {}
    owners: dict[str, str] = {}  # ministry -> the file that has its profile
    for path in sorted(folder.glob("*.toml")):
        profile = _read_profile(path)
        if profile.ministerie in owners:
            raise AssistantError(
                f"ministerieprofiel {path.name} is ongeldig: {profile.ministerie} heeft al een "
                f"profiel ({owners[profile.ministerie]})",
                code="bad-profile",
            )
        owners[profile.ministerie] = path.name
        profiles[profile.afkorting.lower()] = profile
    return profiles


def _read_profile(path: Path) -> MinistryProfile:
    def bad(reason: str) -> AssistantError:
        return AssistantError(f"ministerieprofiel {path.name} is ongeldig: {reason}",
                              code="bad-profile")  # fmt: skip

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise bad(str(exc)) from exc
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise bad(f"onbekende sleutel(s) {', '.join(unknown)}")
    try:
        profile = MinistryProfile(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        )
    except TypeError as exc:  # a required key is missing
        raise bad(str(exc)) from exc
    if profile.opening not in OPENINGS:
        raise bad(f"opening moet een van {', '.join(OPENINGS)} zijn")
    ministry = known_ministry(str(profile.portefeuille))
    if ministry is None:
        raise bad(f"portefeuille '{profile.portefeuille}' is geen ministerie uit de lijst")
    by_abbreviation = known_ministry(str(profile.afkorting))
    if by_abbreviation != ministry:
        expected = short_name(ministry)
        raise bad(
            f"afkorting '{profile.afkorting}' hoort niet bij {ministry} (verwacht {expected})"
        )
    return profile


def profile_choices(profiles: dict[str, MinistryProfile] | None = None) -> str:
    """'BZ, BZK, ... en VWS' for messages."""
    profiles = load_profiles() if profiles is None else profiles
    return enumerate_nl(p.afkorting for p in profiles.values())


def profile_of(ministry: str, profiles: dict[str, MinistryProfile] | None = None):
    """The profile of a canonical ministry name, or None."""
    profiles = load_profiles() if profiles is None else profiles
    return next((p for p in profiles.values() if p.ministerie == ministry), None)


def lead_ministry(addressees: tuple[str, ...]) -> str | None:
    """The ministry that answers: that of the first addressee naming one."""
    return next((m for m in map(addressee_ministry, addressees) if m), None)


def addressed_profile(addressees: tuple[str, ...]) -> MinistryProfile | None:
    """The answering ministry's profile, from the addressees; None when that ministry (or
    no ministry at all) is named, or it has no profile: then someone has to choose."""
    ministry = lead_ministry(addressees)
    return profile_of(ministry) if ministry else None


def find_profile(name: str | None, addressees: tuple[str, ...] = ()) -> MinistryProfile:
    """The profile of the ministry typed (a name or abbreviation, see resolve_ministry), or
    without one of the answering ministry among the addressees. Unknown ministry:
    'unknown-ministry'; a ministry without a profile, or none at all: 'no-profile'."""
    profiles = load_profiles()
    if name:
        ministry = resolve_ministry(name)
        found = profile_of(ministry, profiles)
        if found is None:
            raise AssistantError(
                f"voor {ministry} is er geen briefprofiel; er zijn profielen voor "
                f"{profile_choices(profiles)}",
                code="no-profile",
            )
        return found
    found = addressed_profile(addressees)
    if found is not None:
        return found
    ministry = lead_ministry(addressees)
    if ministry:
        why = f" en voor {ministry} (de eerste geadresseerde) is er geen briefprofiel"
    else:
        why = " en de geadresseerden noemen geen ministerie" if addressees else ""
    raise AssistantError(
        f"er is geen ministerie gekozen{why}; kies een ministerie met een profiel: "
        f"{profile_choices(profiles)}",
        code="no-profile",
    )


def signatory(profile: MinistryProfile | None, addressees: tuple[str, ...]) -> str:
    """Who signs: the addressee at the profile's ministry (a state secretary when the
    questions were put to one), else the profile's signatory; without a profile the first
    addressee."""
    if profile is None:
        return f"De {addressees[0]}" if addressees else "[ondertekening]"
    for addressee in addressees:
        if profile.serves(addressee):
            return f"De {addressee}"
    return profile.ondertekening


def on_behalf_of(profile: MinistryProfile | None, addressees: tuple[str, ...]) -> tuple[str, ...]:
    """Every other addressed minister: 'mede namens de Minister van ...'."""
    if profile is None:
        return tuple(f"de {a}" for a in addressees[1:])
    return tuple(f"de {a}" for a in addressees if not profile.serves(a))
