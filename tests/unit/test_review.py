"""Review aids: shared phrases of an answer and a precedent, open points, the checklist."""

import re
from datetime import date

import pytest

from assistant.models import Draft, DraftAnswer, Question, QuestionSet
from assistant.review import (
    Check,
    OpenPoint,
    checklist,
    open_points,
    overlap_html,
    shared_phrases,
    similarity,
)


def phrases(html: str) -> list[str]:
    return re.findall(r'<mark class="overlap-phrase"[^>]*>(.*?)</mark>', html)


def words(html: str) -> list[str]:
    return re.findall(r'<mark class="overlap-word"[^>]*>(.*?)</mark>', html)


# --- overlap -------------------------------------------------------------------------------


def test_stopword_only_runs_are_not_marked():
    answer = "Het is van de in het kader van de wet dat er op de"
    precedent = "Dit is van de orde, en het is van de in het kader van de regeling dat er op de."
    assert shared_phrases(answer, precedent) == []
    assert "<mark" not in overlap_html(answer, precedent)


def test_three_content_words_make_a_phrase_stopwords_do_not_count():
    answer = "Ik kan bevestigen dat de nationale politie drones inzet bij grote evenementen."
    precedent = "Sinds 2019 zet de nationale politie drones in, vooral bij evenementen."
    # "de nationale politie drones": three content words; the stopword "de" is trimmed
    assert shared_phrases(answer, precedent) == ["nationale politie drones"]
    assert phrases(overlap_html(answer, precedent)) == ["nationale politie drones"]
    # two content words with stopwords between them are not enough
    assert shared_phrases("de politie van de drones", "zo de politie van de drones") == []


def test_min_words_is_the_number_of_content_words():
    answer = "de politie en de drones"
    precedent = "ook de politie en de drones zijn er"
    assert shared_phrases(answer, precedent) == []
    assert shared_phrases(answer, precedent, min_words=2) == ["politie en de drones"]
    with pytest.raises(ValueError):
        overlap_html(answer, precedent, min_words=0)


def test_matching_ignores_case_and_punctuation_but_keeps_the_precedent_wording():
    answer = "het kabinet neemt het advies van de raad over"
    precedent = "Zo heeft het Kabinet, neemt — het ADVIES van de Raad: over!"
    assert shared_phrases(answer, precedent) == ["Kabinet, neemt — het ADVIES van de Raad"]


def test_html_in_the_precedent_is_escaped():
    precedent = '<script>alert("x")</script> de politie zet drones in & meer <b>vet</b>'
    out = overlap_html("de politie zet drones in", precedent)
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out and "&lt;b&gt;vet&lt;/b&gt;" in out
    assert phrases(out) == ["politie zet drones"]


def test_nothing_is_struck_and_unshared_text_stays_plain():
    precedent = "Een heel ander antwoord over stikstof en natuurvergunningen in Brabant."
    out = overlap_html("De politie zet drones in.", precedent)
    assert "line-through" not in out and "<s>" not in out and "<del>" not in out
    assert out == f'<div class="overlap">{precedent}</div>'


def test_line_breaks_are_kept_and_the_output_is_one_line():
    precedent = "Eerste alinea.\nDe nationale politie\r\ndrones inzet.\n\nLaatste."
    out = overlap_html("de nationale politie drones", precedent)
    assert "\n" not in out and "\r" not in out
    assert out.count("<br>") == 4
    # a phrase across a line break is marked on both lines, the mark closed around <br>
    assert phrases(out) == ["nationale politie", "drones"]
    assert shared_phrases("de nationale politie drones", precedent) == ["nationale politie drones"]


def test_single_meaningful_shared_words_are_marked_lightly():
    answer = (
        "In 2021 kocht de politie 1.250 drones van DJI bij Utrecht; het was verkeersveiligheid."
    )
    precedent = (
        "Utrecht meldde dat in 2021 precies 1250 toestellen van DJI kwamen, "
        "voor de verkeersveiligheid. Het was goed; de politie wil ook."
    )
    out = overlap_html(answer, precedent)
    assert phrases(out) == []
    # a year, an amount (punctuation-insensitive), an abbreviation, a long word,
    # a name: Utrecht starts the sentence here, so it is not taken for a name
    assert words(out) == ["2021", "1250", "DJI", "verkeersveiligheid"]
    assert "politie" not in words(out)  # a common short word alone is not marked


def test_capitalised_name_inside_a_sentence_is_marked():
    out = overlap_html("Wij spraken met Hoekstra.", "Het overleg met Hoekstra liep.")
    assert words(out) == ["Hoekstra"]


def test_similarity_is_the_share_of_answer_content_words_in_the_precedent():
    answer = "De politie zet drones in bij evenementen"  # content: politie zet drones evenementen
    precedent = "Drones van de politie."
    assert similarity(answer, precedent) == pytest.approx(2 / 4)
    assert similarity("de het een", precedent) == 0.0
    assert similarity("", precedent) == 0.0
    assert similarity(answer, answer.upper()) == 1.0
    # asymmetric: how much of the answer the precedent covers
    assert similarity(precedent, answer) == 1.0


# --- open points and the checklist ---------------------------------------------------------


def make_draft(answers, numbers=(1, 2, 3, 4, 5), **kwargs) -> Draft:
    qs = QuestionSet(
        kenmerk="2025Z04711",
        indieners=(),
        gericht_aan=(),
        onderwerp=kwargs.pop("onderwerp", "politiedrones"),
        ingezonden=date(2025, 3, 3),
        uiterste_antwoorddatum=kwargs.pop("deadline", date(2025, 3, 24)),
        vragen=tuple(Question(n, f"Vraag {n}?") for n in numbers),
    )
    kwargs.setdefault("naam_bewindspersoon", "D.M. van Weel")
    return Draft(
        qs,
        tuple(DraftAnswer(nrs, "open", opening, tekst) for nrs, opening, tekst in answers),
        "JenV",
        "De Minister van Justitie en Veiligheid",
        **kwargs,
    )


def test_open_points_empty_answer_and_missing_question():
    draft = make_draft([((1,), "Ja.", "Ja."), ((2, 3), "", "  \n"), ((5,), "", "Nee.")])
    assert open_points(draft) == [
        OpenPoint((2, 3), "leeg antwoord"),
        OpenPoint((4,), "vraag 4 heeft geen antwoord"),
    ]


def test_open_points_fill_in_markers():
    opening_fact = "[Ja/Nee], dat klopt [niet]."
    opening_view = "[Ik deel de mening (niet) dat ... / Ik beoordeel ... als volgt:]"
    draft = make_draft(
        [
            ((1,), opening_fact, "[Ja/Nee], dat klopt. De politie gebruikt ze."),
            ((2,), opening_fact, opening_fact),
            ((3,), opening_view, opening_view + " Zie verder."),
            ((4,), "", "[antwoord]"),
            ((5,), "", "[Het aantal drones bedraagt ... (bron, peildatum).]"),
        ]
    )
    assert open_points(draft) == [
        OpenPoint((1,), "invulmarkering [Ja/Nee] nog aanwezig"),
        OpenPoint((2,), "invulmarkeringen [Ja/Nee] en [niet] nog aanwezig"),
        OpenPoint((3,), "invulmarkering [Ik deel de mening (niet) dat ... / Ik beoordeel ... als …]"
                        " nog aanwezig"),
        OpenPoint((4,), "invulmarkering [antwoord] nog aanwezig"),
        OpenPoint((5,), "invulmarkering [Het aantal drones bedraagt ... (bron, peildatum).] "
                        "nog aanwezig"),
    ]  # fmt: skip


def test_ordinary_brackets_are_not_open_points():
    text = "De minister zei: «wij [het kabinet] gaan door […] met de inzet [sic]»."
    draft = make_draft([((n,), "", text) for n in range(1, 6)])
    assert open_points(draft) == []


def test_open_points_source_marker_and_suggestion_left_in_an_answer():
    bron = "[Bron: ah-tk-20212022-765, antwoord 2, 18 november 2021]"
    draft = make_draft(
        [
            ((1, 2), "Ja.", f"Ja. De politie zet de drones offline in. {bron}"),
            ((3, 4, 5), "", f"[Suggestie 1] De politie gebruikt de drones offline. {bron}"),
        ]
    )
    assert open_points(draft) == [
        OpenPoint((1, 2), f"bronmarkering {bron} nog aanwezig"),
        OpenPoint((3, 4, 5), "invulmarkering [Suggestie 1] nog aanwezig"),
        OpenPoint((3, 4, 5), f"bronmarkering {bron} nog aanwezig"),
    ]


def test_placeholders_of_the_letter_are_no_open_points_but_fail_the_checklist():
    draft = make_draft(
        [((n,), "", "Ja.") for n in range(1, 6)],
        naam_bewindspersoon="[naam bewindspersoon]",
        onderwerp=None,
    )
    assert open_points(draft) == []
    letter = next(c for c in checklist(draft) if c.text.startswith("Brief: "))
    assert letter == Check(
        False,
        "Brief: invulmarkering [naam bewindspersoon] nog aanwezig (naam bewindspersoon); "
        "onderwerp ontbreekt (in de brief staat [onderwerp])",
    )


def test_a_finished_draft_has_no_open_points_and_a_green_checklist():
    draft = make_draft([((1,), "Ja.", "Ja."), ((2, 3), "", "Nee."), ((4, 5), "", "Zie 2.")])
    assert open_points(draft) == []
    checks = checklist(draft, today=date(2025, 3, 23))
    assert all(c.ok and c.nrs == () for c in checks)
    assert checks[-1] == Check(True, "Nog 1 dag tot de uiterste antwoorddatum")


def test_checklist_names_the_answers_in_dutch():
    draft = make_draft(
        [
            ((1,), "[Ja/Nee], dat klopt [niet].", "[Ja/Nee], dat klopt [niet]."),
            ((2, 3), "", ""),
            ((6,), "", "Zie het antwoord op vraag 5. [Bron: ah-tk-20232024-1314]"),
        ],
        numbers=(1, 2, 3, 4, 5, 6),
    )
    checks = checklist(draft, today=date(2025, 4, 1))
    texts = {c.text: c for c in checks}
    assert texts["Onbeantwoord: vragen 2, 3, 4 en 5"].nrs == (2, 3, 4, 5)
    assert texts["Nog invul- en bronmarkeringen bij vragen 1 en 6"].nrs == (1, 6)
    assert not texts["Termijn 8 dagen verstreken: stuur een uitstelbericht"].ok


def test_checklist_singular_wording():
    draft = make_draft([((1,), "", "[antwoord]"), ((2, 3, 4), "", "Nee.")])
    checks = checklist(draft, today=date(2025, 3, 25))
    assert checks[0] == Check(False, "Onbeantwoord: vraag 5", (5,))
    assert checks[1] == Check(False, "Nog invulmarkeringen bij vraag 1", (1,))
    assert checks[-1] == Check(False, "Termijn 1 dag verstreken: stuur een uitstelbericht")
    assert "," not in checks[0].text


def test_checklist_flags_the_letter_and_an_unknown_deadline():
    draft = make_draft(
        [((n,), "", "Ja.") for n in range(1, 6)],
        naam_bewindspersoon="[naam bewindspersoon]",
        deadline=None,
    )
    checks = checklist(draft, today=date(2025, 3, 10))
    letter = next(c for c in checks if c.text.startswith("Brief: "))
    assert not letter.ok and letter.nrs == () and "[naam bewindspersoon]" in letter.text
    assert checks[-1].text.startswith("Uiterste antwoorddatum onbekend")


def test_checklist_names_cited_sources_gone_from_the_corpus(tmp_path):
    """Cited ids are looked up in the store; a removed text, and an id that is no id at all
    (a hand-edited draft), are reported with their answers, never a traceback."""
    from dataclasses import replace

    from assistant.models import CorpusDocument, Passage, QARecord
    from assistant.store import Store

    with Store.in_home(tmp_path) as store:
        store.put("/a.txt", "a.txt", "h1", 1, [("", CorpusDocument(
            "antwoord", records=(QARecord(1, "Vraag?", "Ja, dat klopt."),),
            passages=(Passage(0, "Een passage."),),
        ))])  # fmt: skip
        (qa,) = store.qa_entries()
        (passage,) = store.passage_entries()
        draft = make_draft([((1,), "", "Ja."), ((2, 3), "", "Nee."), ((4, 5), "", "Zie 2.")])
        cited = (str(qa.passage_id), str(passage.passage_id))
        answers = list(draft.antwoorden)
        answers[0] = replace(answers[0], gekozen=cited)
        present = replace(draft, antwoorden=tuple(answers))
        ok = checklist(present, store, today=date(2025, 3, 20))
        assert Check(True, "Elke geciteerde bron staat nog in het corpus") in ok
        answers[1] = replace(answers[1], gekozen=("qa:9999", "qa:twee"))
        gone = checklist(replace(draft, antwoorden=tuple(answers)), store, date(2025, 3, 20))
        assert Check(False, "Bron niet meer in het corpus: qa:9999, qa:twee", (2, 3)) in gone
