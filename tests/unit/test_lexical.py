"""The BM25 analysis: Dutch compounds split against the corpus, character 4-grams."""

from assistant.lexical import Lexicon, words

CORPUS = [
    "Het geluid van drones en de overlast die dat geeft.",
    "Overlast door geluid meldt u bij de gemeente; geluid en overlast worden gemeten.",
    "De jeugd en de zorg: aanbieders van zorg voor de jeugd, aanbieders in de regio.",
    "Het beleid van de medewerker; een medewerker maakt beleid.",
    "Het verkeer en de veiligheid: verkeer is een kwestie van veiligheid.",
    "Werk en werkers.",
]


def lexicon() -> Lexicon:
    return Lexicon.from_texts(CORPUS)


def test_a_compound_is_split_into_known_parts_with_a_linking_s():
    lx = lexicon()
    assert lx.split("geluidsoverlast") == ["geluid", "overlast"]
    assert lx.split("verkeersveiligheid") == ["verkeer", "veiligheid"]


def test_three_part_compounds_and_a_plural_last_part():
    lx = lexicon()
    assert lx.split("jeugdzorgaanbieders") == ["jeugd", "zorg", "aanbieders"]
    assert lx.split("beleidsmedewerkers") == ["beleid", "medewerkers"]  # plural not in corpus


def test_no_split_into_unknown_parts_stopwords_or_short_heads():
    lx = lexicon()
    assert lx.split("politiedrones") == []  # "politie" is not in this corpus
    assert lx.split("overlast") == []  # "over" is a stopword, and too short anyway
    assert lx.split("geluid") == []
    assert lx.split("werkwerk") == []  # "werk" occurs once: not a known part


def test_the_whole_word_is_kept_and_query_and_text_share_the_parts():
    lx = lexicon()
    query, _ = lx.analyse("Wat doet u aan overlast door geluid?")
    text, _ = lx.analyse("De geluidsoverlast neemt toe.")
    assert lx._stem("geluidsoverlast") in text
    assert set(query) & set(text) == {lx._stem("geluid"), lx._stem("overlast")}


def test_char_grams_are_within_words_with_boundaries():
    _, grams = lexicon().analyse("de drone")
    assert grams == ["#dro", "dron", "rone", "one#"]  # "de" is a stopword


def test_saved_and_loaded_lexicon_analyses_the_same(tmp_path):
    lx = lexicon()
    lx.save(tmp_path / "lexicon.json")
    again = Lexicon.load(tmp_path / "lexicon.json")
    text = "Geluidsoverlast bij jeugdzorgaanbieders in 2024"
    assert again.analyse(text) == lx.analyse(text)


def test_words_keep_digits_and_split_on_hyphens():
    assert words("DJI-drones, 2021Z16950 en €1.300") == ["dji", "drones", "2021z16950", "en", "300"]
