"""The one ministry registry (parse/ministries.py) and the letter profiles checked against it
(profiles.py): what a user types resolves the same way everywhere, a bad profile names its
file, and no ministry silently gets another's letterhead."""

from __future__ import annotations

import shutil

import pytest

from assistant.errors import AssistantError
from assistant.parse.ministries import (
    MINISTRIES,
    SHORT,
    addressee_ministry,
    known_ministry,
    ministry_label,
    resolve_ministry,
)
from assistant.profiles import (
    addressed_profile,
    find_profile,
    load_profiles,
    on_behalf_of,
    signatory,
)
from assistant.vocabulary import DocumentKind, DraftStatus, kind_label


@pytest.mark.parametrize(
    ("typed", "ministry"),
    [
        ("Justitie en Veiligheid", "Justitie en Veiligheid"),
        ("justitie en veiligheid", "Justitie en Veiligheid"),
        ("JenV", "Justitie en Veiligheid"),
        ("JENV", "Justitie en Veiligheid"),
        ("BZK", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("bzk", "Binnenlandse Zaken en Koninkrijksrelaties"),
        ("Fin", "Financiën"),
        ("Def", "Defensie"),
        ("IenW", "Infrastructuur en Waterstaat"),
        ("Ministerie van Financiën", "Financiën"),
        ("Minister van Sociale Zaken en Werkgelegenheid", "Sociale Zaken en Werkgelegenheid"),
        # hosted portfolios: ministers "voor" and state secretaries sit at a ministry
        ("Rechtsbescherming", "Justitie en Veiligheid"),
        ("Minister voor Medische Zorg", "Volksgezondheid, Welzijn en Sport"),
        ("Staatssecretaris van Financiën – Fiscaliteit en Belastingdienst", "Financiën"),
        ("Buitenlandse Handel en Ontwikkelingssamenwerking", "Buitenlandse Zaken"),
    ],
)
def test_what_a_user_types_resolves_to_the_canonical_name(typed, ministry):
    assert resolve_ministry(typed) == ministry


def test_every_ministry_has_one_abbreviation_that_resolves_to_it():
    assert set(SHORT) == set(MINISTRIES)
    assert len(set(SHORT.values())) == len(SHORT)
    for name, short in SHORT.items():
        assert resolve_ministry(short) == name
        assert resolve_ministry(name.upper()) == name
    assert ministry_label("Justitie en Veiligheid") == "Justitie en Veiligheid (JenV)"


@pytest.mark.parametrize("typed", ["Toverkunst", "Justitie", "XYZ", "Veiligheid"])
def test_an_unknown_ministry_is_a_coded_error_listing_the_choices(typed):
    with pytest.raises(AssistantError) as caught:
        resolve_ministry(typed)
    assert caught.value.code == "unknown-ministry"
    assert f"onbekend ministerie '{typed}'" in caught.value.message
    assert "JenV (Justitie en Veiligheid)" in caught.value.message
    assert known_ministry(typed) is None


def test_addressees_name_their_ministry():
    assert addressee_ministry("Minister van Justitie en Veiligheid") == "Justitie en Veiligheid"
    assert addressee_ministry("minister voor Rechtsbescherming (Weerwind)") == (
        "Justitie en Veiligheid"
    )
    assert addressee_ministry("Minister-president") == "Algemene Zaken"
    assert addressee_ministry("Tweede Kamerlid") is None


def test_the_shipped_profiles_each_belong_to_one_registry_ministry():
    profiles = load_profiles()
    assert {p.ministerie for p in profiles.values()} <= set(MINISTRIES)
    assert len({p.ministerie for p in profiles.values()}) == len(profiles)
    for profile in profiles.values():
        assert find_profile(profile.afkorting) is not None
        assert find_profile(profile.ministerie).afkorting == profile.afkorting


def test_draft_and_uitstel_find_the_same_profile_by_name_or_abbreviation():
    assert find_profile("JenV") == find_profile("Justitie en Veiligheid") == find_profile("jenv")
    assert find_profile("LVVN").ministerie == "Landbouw, Visserij, Voedselzekerheid en Natuur"


def test_a_ministry_without_profile_is_no_profile_never_jenv():
    with pytest.raises(AssistantError) as caught:
        find_profile("Defensie")
    assert caught.value.code == "no-profile"
    assert caught.value.message.startswith("voor Defensie is er geen briefprofiel")
    assert "JenV" in caught.value.message  # the profiles that exist
    # the abbreviation LNV is the former Landbouw, Natuur en Voedselkwaliteit: no profile
    with pytest.raises(AssistantError, match="Landbouw, Natuur en Voedselkwaliteit"):
        find_profile("LNV")


def test_without_a_ministry_the_first_addressed_ministry_decides():
    both = ("Minister van Buitenlandse Zaken", "Minister van Justitie en Veiligheid")
    assert addressed_profile(both).afkorting == "BZ"
    assert find_profile(None, both).afkorting == "BZ"
    defence_first = ("Minister van Defensie", "Minister van Justitie en Veiligheid")
    assert addressed_profile(defence_first) is None  # not JenV: the officer chooses
    with pytest.raises(AssistantError) as caught:
        find_profile(None, defence_first)
    assert caught.value.code == "no-profile"
    assert "voor Defensie (de eerste geadresseerde)" in caught.value.message
    with pytest.raises(AssistantError, match="geen ministerie gekozen") as caught:
        find_profile(None)
    assert caught.value.code == "no-profile"


def test_who_signs_and_on_whose_behalf():
    jenv = find_profile("JenV")
    addressed = ("Minister voor Rechtsbescherming", "Minister van Buitenlandse Zaken")
    assert signatory(jenv, addressed) == "De Minister voor Rechtsbescherming"
    assert on_behalf_of(jenv, addressed) == ("de Minister van Buitenlandse Zaken",)
    secretary = ("Staatssecretaris van Justitie en Veiligheid",)
    assert signatory(jenv, secretary) == "De Staatssecretaris van Justitie en Veiligheid"
    other = ("Minister van Defensie",)
    assert signatory(jenv, other) == "De Minister van Justitie en Veiligheid"
    assert on_behalf_of(jenv, other) == ("de Minister van Defensie",)
    # without a profile (nobody chose yet): the first addressee, the others on whose behalf
    assert signatory(None, ("Minister van Defensie", "Minister van Financiën")) == (
        "De Minister van Defensie"
    )
    assert on_behalf_of(None, ("Minister van Defensie", "Minister van Financiën")) == (
        "de Minister van Financiën",
    )


@pytest.fixture
def profiles_copy(tmp_path):
    from assistant.config import PROJECT_TEMPLATES

    folder = tmp_path / "templates"
    shutil.copytree(PROJECT_TEMPLATES, folder)
    return folder


def edit_profile(folder, name: str, old: str, new: str) -> None:
    path = folder / "ministries" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "reason"),
    [
        ("JenV.toml", 'afkorting = "JenV"', 'afkorting = "BZK"',
         "afkorting 'BZK' hoort niet bij Justitie en Veiligheid (verwacht JenV)"),
        ("JenV.toml", 'afkorting = "JenV"', 'afkorting = "JV"', "afkorting 'JV' hoort niet"),
        ("JenV.toml", 'portefeuille = "Justitie en Veiligheid"', 'portefeuille = "Toverkunst"',
         "portefeuille 'Toverkunst' is geen ministerie uit de lijst"),
        ("BZ.toml", 'afkorting = "BZ"\n', 'afkorting = "BZ"\nkleur = "blauw"\n',
         "onbekende sleutel(s) kleur"),
        ("BZ.toml", 'website = "www.rijksoverheid.nl/bz"\n', "", "website"),
    ],
)  # fmt: skip
def test_a_bad_profile_is_an_error_naming_its_file(profiles_copy, name, old, new, reason):
    edit_profile(profiles_copy, name, old, new)
    with pytest.raises(AssistantError) as caught:
        load_profiles(profiles_copy)
    assert caught.value.code == "bad-profile"
    assert caught.value.message.startswith(f"ministerieprofiel {name} is ongeldig: ")
    assert reason in caught.value.message


def test_two_profiles_for_one_ministry_are_refused(profiles_copy):
    ministries = profiles_copy / "ministries"
    shutil.copy(ministries / "JenV.toml", ministries / "Justitie.toml")
    with pytest.raises(AssistantError, match=r"Justitie\.toml is ongeldig: .*\(JenV\.toml\)"):
        load_profiles(profiles_copy)


def test_kinds_and_states_are_the_stored_strings_with_dutch_labels():
    assert DocumentKind("qa-export") is DocumentKind.QA_EXPORT
    assert DocumentKind.BELEID == "beleid" and f"{DocumentKind.ANTWOORD}" == "antwoord"
    assert kind_label("beleid") == "beleidstekst" and kind_label("iets") == "iets"
    assert list(DraftStatus) == ["concept", "in review", "definitief"]
