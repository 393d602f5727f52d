"""What a record is indexed with, and what a question is searched with, beyond its own text."""

import numpy as np
import pytest

from assistant.config import SearchSettings
from assistant.index import build_index, corpus_items, referred_numbers
from assistant.models import CorpusDocument, QARecord
from assistant.passage_id import PassageId
from assistant.query import query_context
from assistant.search import Searcher
from assistant.store import Store

FLOODS = CorpusDocument(
    kind="antwoord", ministerie="Infrastructuur en Waterstaat",
    onderwerp="wateroverlast in Limburg",
    records=(
        QARecord(1, "Bent u bekend met het bericht over de overstromingen?", "Ja.", (1,)),
        QARecord(2, "Hoeveel huishoudens kregen een vergoeding voor de schade?",
                 "Van de 4.100 gemelde huishoudens kregen er 3.650 een tegemoetkoming uit de Wet "
                 "tegemoetkoming schade; de overige aanvragen vielen onder de verzekering.", (2,)),
        QARecord(3, "Wanneer worden de dijken langs de Maas versterkt?",
                 "Zie het antwoord op vraag 2.", (3,)),
        QARecord(4, "Hoe lang duurde de afhandeling gemiddeld?",
                 "Gemiddeld elf weken, tegen zes weken bij eerdere overstromingen; de piek in het "
                 "aantal meldingen en het tekort aan schade-experts verklaren het verschil.", (4,)),
    ),
)  # fmt: skip
BUDGET = CorpusDocument(
    kind="antwoord", ministerie="Financiën", onderwerp="de voorjaarsnota",
    records=(
        QARecord(1, "Welke meevallers staan in de voorjaarsnota?",
                 "De belastingopbrengsten vallen 2,1 miljard euro hoger uit dan geraamd, vooral "
                 "door hogere inkomsten uit de vennootschapsbelasting.", (1,)),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory, e5):
    home = tmp_path_factory.mktemp("context")
    with Store.in_home(home) as store:
        store.put("/floods.pdf", "floods.pdf", "h1", 1, [("", FLOODS)])
        store.put("/budget.pdf", "budget.pdf", "h2", 1, [("", BUDGET)])
        build_index(store, e5, home, SearchSettings())
    return home


def texts(home) -> list[str]:
    """The indexed texts of FLOODS' four records, in order."""
    with Store.in_home(home) as store:
        return [item.text for item in corpus_items(store)][:4]


def test_a_short_answer_is_indexed_with_its_sets_onderwerp(home):
    yes, long_one, _, _ = texts(home)
    assert yes.splitlines() == ["wateroverlast in Limburg", FLOODS.records[0].vraag, "Ja."]
    assert "wateroverlast in Limburg" not in long_one  # a full answer speaks for itself


def test_an_answer_that_points_to_another_carries_that_answers_text(home):
    pointer = texts(home)[2]
    assert pointer.splitlines() == [
        "wateroverlast in Limburg",
        FLOODS.records[2].vraag,
        "Zie het antwoord op vraag 2.",
        FLOODS.records[1].antwoord,
    ]


@pytest.mark.parametrize(
    ("answer", "numbers"),
    [
        ("Zie het antwoord op vraag 3.", [3]),
        ("Ik verwijs u naar mijn antwoord op de vragen 2 en 4.", [2, 4]),
        ("Hiervoor verwijs ik naar het antwoord op vraag 1.", [1]),
        ("Zie antwoord op vragen 5, 6 en 7.", [5, 6, 7]),
        ("Ja, zie het rapport.", []),
        ("De minister heeft in het antwoord op vraag 3 van eerdere vragen gezegd ...", []),
    ],
)
def test_referred_numbers(answer, numbers):
    assert referred_numbers(answer) == numbers


def test_a_pointing_answer_is_found_for_the_subject_it_points_to(home, e5):
    searcher = Searcher(home, e5)
    hits = searcher.search("Hoeveel gedupeerden kregen een tegemoetkoming voor hun schade?", k=5)
    searcher.close()
    pointer = [h for h in hits if h.text == "Zie het antwoord op vraag 2."]
    assert pointer, [h.text for h in hits]


def test_every_records_question_is_a_query_vector_in_the_index(home, e5):
    searcher = Searcher(home, e5)
    assert searcher._has_question.sum() == 5
    question = FLOODS.records[3].vraag
    found = searcher.signals(question, e5.queries([question])[0], 5, None)
    best = found.pool[int(np.nanargmax(found.scores["question"]))]
    assert np.nanmax(found.scores["question"]) > 0.99  # the same question, asked again
    with Store.in_home(home) as store:
        record = store.entry(PassageId.parse(searcher.index.items[best]["id"]))
    assert record.vraag == question
    searcher.close()


def test_query_context_adds_the_question_before_a_short_follow_up():
    before = "Hoeveel meldingen van drone-overlast kreeg de politie in 2023?"
    follow = "Hoeveel waren dat er in totaal sinds 2019?"
    assert query_context("drones boven woonwijken", follow, before) == (
        f"drones boven woonwijken\n{before}"
    )
    standalone = "Welke regels gelden voor het vliegen met drones boven woonwijken in de nacht?"
    assert query_context("drones boven woonwijken", standalone, before) == "drones boven woonwijken"
    assert query_context(None, "Zo ja, wanneer?", before) == before
    assert query_context(None, standalone, None) is None
