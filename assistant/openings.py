"""Rule-based openings: recognise the question type, propose the usual first words.

The rules live in templates/vraagtypes.toml so a ministry can change them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import templates_dir
from .errors import AssistantError


@dataclass(frozen=True)
class Rule:
    type: str
    omschrijving: str
    patroon: re.Pattern
    opening: str


@lru_cache(maxsize=4)
def load_rules(path: str) -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        return tuple(
            Rule(r["type"], r.get("omschrijving", ""), re.compile(r["patroon"], re.I), r["opening"])
            for r in data["regel"]
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as exc:
        raise AssistantError(f"vraagtyperegels in {path} zijn ongeldig: {exc}") from exc


def classify(question: str, path: Path | None = None) -> Rule:
    """The first rule whose pattern matches the start of the question."""
    rules = load_rules(str(path or templates_dir() / "vraagtypes.toml"))
    text = " ".join(question.split())
    for rule in rules:
        if rule.patroon.search(text):
            return rule
    return Rule("open", "", re.compile("."), "")
