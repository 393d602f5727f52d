from hypothesis import given
from hypothesis import strategies as st

from assistant.footnotes import find_typed_footnotes
from assistant.textclean import (
    join_lines,
    normalize_characters,
    normalize_quotes,
    take_markers,
)


def test_typesetting_hyphen_is_removed():
    assert join_lines(["drones in deze categorie produce-", "ren?"]) == (
        "drones in deze categorie produceren?"
    )
    assert join_lines(["uit veiligheids-", "oogpunt"]) == "uit veiligheidsoogpunt"


def test_hyphen_after_acronym_is_kept():
    assert join_lines(["gebruikt de politie DJI-", "bedrijfssoftware?"]) == (
        "gebruikt de politie DJI-bedrijfssoftware?"
    )
    assert join_lines(["NAVO-", "bondgenoten"]) == "NAVO-bondgenoten"


def test_suspended_compound_keeps_hyphen_and_space():
    assert (
        join_lines(["een risico-", "en veiligheidsanalyse"]) == "een risico- en veiligheidsanalyse"
    )


def test_hyphen_between_clashing_vowels_is_kept():
    assert join_lines(["een auto-", "ongeluk"]) == "een auto-ongeluk"


def test_hyphen_before_capital_or_digit_is_kept():
    assert join_lines(["Noord-", "Holland"]) == "Noord-Holland"
    assert join_lines(["COVID-", "19"]) == "COVID-19"


def test_url_is_joined_without_space():
    lines = ["(https://www.trouw.nl/buitenland/hoe-china-met-de-", "nederlandse-politie~b33/)"]
    assert (
        join_lines(lines)
        == "(https://www.trouw.nl/buitenland/hoe-china-met-de-nederlandse-politie~b33/)"
    )
    assert join_lines(["regenboogbeleid, https://", "www.movisie.nl/x"]) == (
        "regenboogbeleid, https://www.movisie.nl/x"
    )


def test_doubled_guillemets_collapse_but_real_nesting_survives():
    assert normalize_quotes("het bericht ««Hoe China»»?") == "het bericht «Hoe China»?"
    nested = "«Bunq-werknemers keken: «Het was te verleidelijk»»"
    assert normalize_quotes(nested) == nested


def test_spacing_accent_becomes_letter():
    assert normalize_characters("Kostic\u00b4 (PvdD)") == "Kostić (PvdD)"
    assert normalize_characters("a\xa0b") == "a b"


def test_take_markers():
    text, cited = take_markers("Bent u bekend met het bericht «X»?[^1] En met Y[^2]?")
    assert text == "Bent u bekend met het bericht «X»? En met Y?"
    assert cited == [1, 2]


def test_plain_footnote_found_and_removed():
    text = "Vraag 1\nBent u bekend met «X»?1\n\n1 Website Trouw, 30 september 2021\nVraag 2\nEn?"
    clean, notes = find_typed_footnotes(text, plain_digits=True)
    assert notes == {1: "Website Trouw, 30 september 2021"}
    assert "«X»?[^1]" in clean
    assert "Website" not in clean


def test_number_without_glued_marker_is_no_footnote():
    text = "Vraag 1\nHoeveel agenten zijn er?\n\n1 Bent u bereid dit te doen?"
    assert find_typed_footnotes(text, plain_digits=True) == (text, {})


def test_bracket_footnotes_from_web_copies():
    text = "Vraag 1\nKent u de berichten ‘A’ en ‘B’? [1] [2]\n\n[1] NOS, 1 mei\n\n[2] AD, 2 mei"
    clean, notes = find_typed_footnotes(text, plain_digits=False)
    assert notes == {1: "NOS, 1 mei", 2: "AD, 2 mei"}
    assert clean.startswith("Vraag 1\nKent u de berichten ‘A’ en ‘B’?[^1][^2]")


def test_paren_footnotes_but_not_a_closing_parenthesis():
    text = (
        "Vraag 1\nKent u het rapport van Bureau Beke3) over (zie bijlage 2) de zaak?\n\n"
        "2) Bijlage\n\n3) Bureau Beke, Fatale incidenten, 2022"
    )
    clean, notes = find_typed_footnotes(text, plain_digits=False)
    assert notes == {3: "Bureau Beke, Fatale incidenten, 2022"}
    assert "Beke[^3] over (zie bijlage 2) de zaak?" in clean


def test_typed_numbers_move_past_real_footnotes():
    text = "Vraag 1\nKent u X? [1]\n\n[1] NOS"
    _, notes = find_typed_footnotes(text, plain_digits=False, taken={1, 2})
    assert notes == {3: "NOS"}


def test_numbered_questions_are_not_footnotes():
    text = "Vragen van het lid A (SP).\n\n1) Bent u bekend met X?\n2) Klopt Y?"
    assert find_typed_footnotes(text, plain_digits=True) == (text, {})


words = st.text(alphabet="abcdefghijklmnoprstuwz", min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=20))
def test_lines_without_hyphens_join_with_single_spaces(parts):
    assert join_lines(parts) == " ".join(parts)


@given(
    st.text(alphabet="bcdfghklmnprstvwz", min_size=1, max_size=8),
    st.text(alphabet="bcdfghklmnprstvwz", min_size=1, max_size=8),
)
def test_word_broken_between_consonants_is_rejoined(left, right):
    # consonant clusters never form a vowel clash, so the hyphen is always typesetting
    assert join_lines([f"het woord {left}a{left}-", f"{right}e{right} hier"]) == (
        f"het woord {left}a{left}{right}e{right} hier"
    )
