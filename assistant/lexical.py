"""Lexical analysis for BM25: Dutch words, compounds split against the corpus, char 4-grams.

Dutch writes compounds as one word: a question about "overlast door geluid" shares no
word with an answer about "geluidsoverlast". Two BM25 signals catch that:

- **words**: lower case, Dutch stopwords out, Snowball stemming; a compound also yields
  its parts, split against the corpus's own vocabulary with the linking -s-, -e- or -en-
  ("geluidsoverlast" -> geluidsoverlast, geluid, overlast). The whole word is kept, so an
  exact match still counts most.
- **char-4**: the character 4-grams within each word ("#drone#" -> #dro, dron, rone,
  one#), which also match inflections and spellings the stemmer and the splitter miss.

The vocabulary (word -> corpus frequency) is saved with the index (``Lexicon``), so a
query is split exactly as the texts were.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

_WORD = re.compile(r"(?u)\b\w\w+\b")
_LINKS = ("", "s", "e", "en")  # Dutch linking morphemes between the parts of a compound
_INFLECTIONS = ("s", "en", "e")  # a compound's last part may carry these
MIN_PART = 4  # shorter heads and tails ("over", "mee") split too eagerly
MIN_COUNT = 2  # a part must occur at least this often in the corpus
MAX_DEPTH = 3  # parts per compound at most ("jeugd|zorg|aanbieders")
NGRAM = 4


def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH

    return frozenset(STOPWORDS_DUTCH)


def words(text: str) -> list[str]:
    """The words of a text, lower case, as the BM25 signals see them."""
    return _WORD.findall(text.lower())


@dataclass
class Lexicon:
    """The corpus's word frequencies, and the analysis that uses them (cached per word)."""

    counts: dict[str, int]
    _stop: frozenset[str] = field(default_factory=_stopwords, repr=False)
    _cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=dict, repr=False
    )
    _stemmer: object = field(default=None, repr=False)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Lexicon:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(words(text))
        return cls({w: c for w, c in counts.items() if c >= MIN_COUNT})

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.counts, ensure_ascii=False, sort_keys=True))

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        return cls(json.loads(path.read_text()))

    def split(self, word: str, depth: int = MAX_DEPTH) -> list[str]:
        """The parts of a compound (not the word itself); [] when it is not one.

        Of all ways to cut the word into known parts (with a linking -s-/-e-/-en-
        between them), the one whose parts are most frequent in the corpus wins
        (geometric mean, Koehn & Knight 2003)."""
        if depth < 2 or len(word) < 2 * MIN_PART:
            return []
        best: tuple[float, list[str]] = (0.0, [])
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[:cut]
            head_count = self.counts.get(head, 0)
            if head_count < MIN_COUNT or head in self._stop:
                continue
            for link in _LINKS:
                if not word.startswith(link, cut):
                    continue
                tail = word[cut + len(link) :]
                if len(tail) < MIN_PART or tail in self._stop:
                    continue
                tail_parts = [tail] if self._known_tail(tail) else self.split(tail, depth - 1)
                if not tail_parts:
                    continue
                parts = [head, *tail_parts]
                score = math.exp(sum(math.log(self.counts.get(p, 1)) for p in parts) / len(parts))
                if score > best[0]:
                    best = (score, parts)
        return best[1]

    def _known_tail(self, tail: str) -> bool:
        """A known word, also in a plural the corpus does not have ("medewerkers")."""
        if self.counts.get(tail, 0) >= MIN_COUNT:
            return True
        for ending in _INFLECTIONS:
            base = tail[: -len(ending)]
            if (
                tail.endswith(ending)
                and len(base) >= MIN_PART
                and (self.counts.get(base, 0) >= MIN_COUNT)
            ):
                return True
        return False

    def analyse(self, text: str) -> tuple[list[str], list[str]]:
        """(word tokens, char-4 tokens) of a text."""
        word_tokens: list[str] = []
        char_tokens: list[str] = []
        for w in words(text):
            cached = self._cache.get(w)
            if cached is None:
                cached = self._analyse_word(w)
                self._cache[w] = cached
            word_tokens.extend(cached[0])
            char_tokens.extend(cached[1])
        return word_tokens, char_tokens

    def _analyse_word(self, w: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if w in self._stop:
            return (), ()
        stem = self._stem
        parts = self.split(w) if not w.isdigit() else []
        tokens = tuple(dict.fromkeys([stem(w), *(stem(p) for p in parts)]))
        padded = f"#{w}#"
        grams = tuple(padded[i : i + NGRAM] for i in range(max(1, len(padded) - NGRAM + 1)))
        return tokens, grams

    def _stem(self, w: str) -> str:
        if self._stemmer is None:
            import Stemmer

            self._stemmer = Stemmer.Stemmer("dutch")
        return self._stemmer.stemWord(w)

    def analyse_all(self, texts: Iterable[str]) -> tuple[list[list[str]], list[list[str]]]:
        word_lists, char_lists = [], []
        for text in texts:
            a, b = self.analyse(text)
            word_lists.append(a)
            char_lists.append(b)
        return word_lists, char_lists
