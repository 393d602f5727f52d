"""Which questions of a segmented document have an answer, and where it is.

An answer heading covers the numbers it names ("Antwoord op vragen 2 en 3"), or
without numbers the question(s) just before it. A question that no heading
covers may carry its answer without a heading: the text after its question mark.
Both parsers use this: the intake cuts such an answer off the question text, the
parser of past answers keeps it as the answer.
"""

from __future__ import annotations

from .segments import Segments, split_unheaded_answer


def answered_numbers(segments: Segments) -> set[int]:
    """Question numbers that some answer heading covers."""
    covered: set[int] = set()
    previous = None
    for block in segments.blocks:
        if block.kind == "antwoord":
            covered.update(block.numbers or (previous.numbers if previous else []))
        previous = (
            block if block.kind == "vraag" else previous if block.kind != "antwoord" else None
        )
    return covered


def unheaded_answers(segments: Segments) -> dict[int, list[str]]:
    """Question blocks that carry their answer without a heading: first number -> answer lines.

    Only questions that no answer heading covers qualify: neither by number nor
    by an unnumbered "Antwoord" right after them.
    """
    found = {}
    blocks = segments.of("vraag")
    covered = answered_numbers(segments)
    for block in blocks:
        if set(block.numbers) & covered:
            continue
        cut = split_unheaded_answer(block.lines)
        if cut is not None:
            found[block.numbers[0]] = cut[1]
    # without any answer heading, only a document where most questions carry an
    # answer counts as an answer document (a question set may have a remark after a question)
    if not segments.has_answers and len(found) * 2 < len(blocks):
        return {}
    return found
