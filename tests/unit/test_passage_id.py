"""Passage ids: "qa:12" and "p:7" built and read in one place."""

import pytest

from assistant import AssistantError
from assistant.passage_id import PassageId


def test_round_trip():
    assert str(PassageId.qa(12)) == "qa:12" and str(PassageId.passage(7)) == "p:7"
    assert PassageId.parse("qa:12") == PassageId("qa", 12)
    assert PassageId.parse("p:7") == PassageId.passage(7) and not PassageId.parse("p:7").is_qa
    assert PassageId.parse(str(PassageId.qa(0))).is_qa
    assert len({PassageId.parse("qa:3"), PassageId.qa(3)}) == 1  # usable as a key


@pytest.mark.parametrize(
    "text", ["", "qa", "qa:", "12", "x:12", "qa:1.5", "qa:-1", "p:12a", "qa:١٢", "qa:12:3", ":3"]
)
def test_bad_ids_are_refused_with_a_code(text):
    with pytest.raises(AssistantError) as refused:
        PassageId.parse(text)
    assert refused.value.code == "no-source" and "onbekende bron" in refused.value.message


def test_a_bad_id_cannot_be_built_either():
    with pytest.raises(AssistantError):
        PassageId("doc", 1)
    with pytest.raises(AssistantError):
        PassageId.qa(-4)
