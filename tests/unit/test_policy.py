"""Policy passages: heading paths, 150-350 words, never cut mid-sentence."""

import re

from assistant.extract import TextBlock, extract_bytes
from assistant.parse.policy import MAX_WORDS, chunk, parse_policy_document, split_sentences

SENTENCE = (
    "Het kabinet investeert de komende jaren in de vervanging van verouderde apparatuur bij "
    "de politie, zodat beelden en gegevens binnen Europa blijven. "
)


def test_sentences_respect_abbreviations():
    text = "Dit geldt o.a. voor drones, zie nr. 12. Daarna volgt art. 3. Klaar?"
    assert split_sentences(text) == [
        "Dit geldt o.a. voor drones, zie nr. 12.",
        "Daarna volgt art. 3.",
        "Klaar?",
    ]


def test_long_paragraph_is_cut_between_sentences():
    blocks = [TextBlock("1. Drones", 1), TextBlock(SENTENCE * 40)]
    passages = chunk(blocks, {})
    assert len(passages) >= 3
    for p in passages:
        words = len(p.tekst.split())
        assert words <= MAX_WORDS
        assert p.tekst.endswith(".")
        assert p.kop == ("1. Drones",)
    assert " ".join(p.tekst for p in passages) == (SENTENCE * 40).strip()


def test_heading_path_follows_levels():
    blocks = [
        TextBlock("1. Veiligheid", 1),
        TextBlock("1.1 Drones", 2),
        TextBlock(SENTENCE * 12),
        TextBlock("1.2 Camera’s", 2),
        TextBlock(SENTENCE * 12),
        TextBlock("2. Wonen", 1),
        TextBlock(SENTENCE * 12),
    ]
    paths = [p.kop for p in chunk(blocks, {})]
    assert paths == [
        ("1. Veiligheid", "1.1 Drones"),
        ("1. Veiligheid", "1.2 Camera’s"),
        ("2. Wonen",),
    ]


def test_short_paragraphs_are_joined_up_to_the_limit():
    blocks = [TextBlock("Inleiding", 1)] + [TextBlock(SENTENCE) for _ in range(30)]
    passages = chunk(blocks, {})
    sizes = [len(p.tekst.split()) for p in passages]
    assert all(150 <= s <= MAX_WORDS for s in sizes[:-1])


def test_markdown_document_with_footnote_and_metadata():
    text = (
        "# Kamerbrief over drones bij de politie\n\nDatum 12 mei 2025\nOns kenmerk "
        "JV-2025/123456\n\nGeachte voorzitter,\n\n## Aanleiding\n\n"
        + SENTENCE * 3
        + "Zie de eerdere brief [1].\n\n[1] Kamerstuk 12 345, nr. 6\n"
    )
    doc = parse_policy_document(extract_bytes(text.encode(), "brief.md"), "brief.md")
    assert doc.kind == "beleid"
    assert doc.title == "Kamerbrief over drones bij de politie"
    assert doc.datum.isoformat() == "2025-05-12"
    assert doc.kenmerk == "JV-2025/123456"
    texts = " ".join(p.tekst for p in doc.passages)
    assert "Geachte voorzitter" not in texts
    assert "[1]" not in texts and "Kamerstuk 12 345" not in texts
    last = doc.passages[-1]
    assert last.kop == ("Kamerbrief over drones bij de politie", "Aanleiding")
    assert [f.tekst for f in last.voetnoten] == ["Kamerstuk 12 345, nr. 6"]
    assert not re.search(r"\[\^\d+\]", texts)
