"""The strength label of a hit: the rule on hand-made values, and end to end on a small index."""

from dataclasses import replace
from datetime import date

import pytest

from assistant.config import SearchSettings
from assistant.index import build_index
from assistant.models import CorpusDocument, QARecord
from assistant.search import Hit, Searcher
from assistant.store import Store
from assistant.strength import LABELS, strength

S = SearchSettings()


def hit(dense: float, margin: float | None, rank: int = 2) -> Hit:
    return Hit(
        rank=rank, score=0.03, dense_score=dense, bm25_score=1.0, passage_id="qa:1", document_id=1,
        external_id=None, kind="antwoord", text="Een antwoord.", vraag=None, kenmerk=None,
        ah_id=None, datum=None, ministerie=None, vraag_nrs=[], titel=None, bron=None, kop=[],
        dense_margin=margin,
    )  # fmt: skip


def test_low_cosine_is_weak_whatever_the_margin():
    assert strength(hit(S.redelijk_cosine - 0.01, 0.2), S) == "zwak"
    assert strength(hit(0.5, None), S) == "zwak"


def test_high_cosine_among_similar_candidates_is_reasonable():
    assert strength(hit(S.redelijk_cosine, 0.0), S) == "redelijk"
    assert strength(hit(0.95, S.sterk_margin - 0.001), S) == "redelijk"
    assert strength(hit(0.95, -0.02), S) == "redelijk"  # not the best candidate
    assert strength(hit(0.95, None), S) == "redelijk"  # margin unknown: never sterk


def test_high_cosine_that_stands_out_is_strong():
    assert strength(hit(S.redelijk_cosine, S.sterk_margin), S) == "sterk"  # bounds included
    assert strength(hit(0.93, 0.05), S) == "sterk"


def test_the_first_hit_is_reasonable_from_a_lower_cosine():
    between = (S.redelijk_first_cosine + S.redelijk_cosine) / 2
    assert S.redelijk_first_cosine < S.redelijk_cosine
    assert strength(hit(between, 0.05, rank=1), S) == "redelijk"  # never sterk below T_cos
    assert strength(hit(S.redelijk_first_cosine, None, rank=1), S) == "redelijk"
    assert strength(hit(between, 0.05, rank=2), S) == "zwak"
    assert strength(hit(S.redelijk_first_cosine - 0.001, 0.05, rank=1), S) == "zwak"
    assert strength(hit(0.95, 0.05, rank=1), S) == "sterk"


def test_thresholds_come_from_the_settings():
    strict = replace(S, redelijk_cosine=0.95, sterk_margin=0.1, redelijk_first_cosine=0.94)
    assert strength(hit(0.93, 0.05), strict) == "zwak"
    assert strength(hit(0.93, 0.05, rank=1), strict) == "zwak"
    assert strength(hit(0.945, 0.05, rank=1), strict) == "redelijk"
    assert strength(hit(0.96, 0.05), strict) == "redelijk"
    assert strength(hit(0.96, 0.1), strict) == "sterk"
    loose = replace(S, redelijk_cosine=0.5, sterk_margin=0.0)
    assert strength(hit(0.6, 0.0), loose) == "sterk"


def test_defaults_are_the_calibrated_ones():
    # benchmarks/score_calibration.py; change them together with that run
    assert 0.8 < S.redelijk_first_cosine < S.redelijk_cosine < 0.95
    assert 0.0 < S.sterk_margin < 0.05


POLICE_DOGS = CorpusDocument(
    kind="antwoord", ministerie="Justitie en Veiligheid", datum=date(2024, 3, 1),
    records=(
        QARecord(1, "Hoeveel politiehonden zijn er in 2023 bij een inzet omgekomen?",
                 "In 2023 zijn twee politiehonden tijdens een inzet om het leven gekomen. Na elk "
                 "incident onderzoekt de politie of de inzet van de hond volgens de Koers voor "
                 "Politiehonden is verlopen.", (1,)),
        QARecord(2, "Hoe worden politiehonden na hun diensttijd opgevangen?",
                 "Politiehonden gaan na hun diensttijd meestal bij hun geleider wonen. De politie "
                 "draagt de kosten van de dierenarts tot het einde van het leven van de hond.",
                 (2,)),
    ),
)  # fmt: skip
HOUSING = CorpusDocument(
    kind="antwoord", ministerie="Volkshuisvesting en Ruimtelijke Ordening",
    datum=date(2024, 2, 1),
    records=(
        QARecord(1, "Hoeveel woningen worden er dit jaar gebouwd?",
                 "Het kabinet wil 100.000 woningen per jaar bouwen, waarvan twee derde betaalbaar. "
                 "In 2023 kwamen er ruim 80.000 nieuwbouwwoningen bij.", (1,)),
        QARecord(2, "Wat doet u tegen de stijgende huren in de vrije sector?",
                 "Met de Wet betaalbare huur geldt de puntentelling voortaan ook voor middenhuur, "
                 "zodat huren tot ongeveer 1.100 euro aan een maximum gebonden zijn.", (2,)),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, e5):
    home = tmp_path_factory.mktemp("strength")
    with Store.in_home(home) as store:
        store.put("/honden.pdf", "honden.pdf", "h1", 1, [("", POLICE_DOGS)])
        store.put("/wonen.pdf", "wonen.pdf", "h2", 1, [("", HOUSING)])
        build_index(store, e5, home, SearchSettings())
    found = Searcher(home, e5)
    yield found
    found.close()


def test_matching_query_gets_a_better_label_than_an_unrelated_one(searcher):
    match = searcher.search("Hoeveel politiehonden kwamen in 2023 om het leven bij een inzet?", k=3)
    unrelated = searcher.search("Wanneer gaat de accijns op diesel omhoog?", k=3)
    assert "twee politiehonden" in match[0].text
    assert all(h.sterkte in LABELS and h.dense_margin is not None for h in match + unrelated)
    assert match[0].sterkte == "sterk"  # cosine ~0.94, far above the other answers
    assert unrelated[0].sterkte == "zwak"
    assert LABELS.index(match[0].sterkte) < LABELS.index(unrelated[0].sterkte)
    # the label is the rule applied to the hit's own numbers
    assert match[0].sterkte == strength(match[0], searcher.settings)
    assert match[0].dense_margin > 0 > match[1].dense_margin
