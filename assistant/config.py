"""Settings: the only module that reads environment variables.

The home folder holds everything the assistant keeps (store, index, models,
drafts): ``--home`` wins, then ``$ASSISTANT_HOME``, then ``./.assistant``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "ASSISTANT_HOME"
DEFAULT_HOME = ".assistant"

# Largest input document we read; a Kamervragen set is a few pages, an Aanhangsel
# rarely over 1 MB. Anything far bigger is almost certainly the wrong file.
MAX_INPUT_BYTES = 20 * 1024 * 1024

# Answers are due three weeks after the questions were submitted.
ANSWER_TERM_DAYS = 21


@dataclass(frozen=True)
class Settings:
    home: Path
    max_input_bytes: int = MAX_INPUT_BYTES

    @classmethod
    def load(cls, home: str | os.PathLike[str] | None = None) -> Settings:
        """Resolve settings from an explicit home, the environment, or the default."""
        chosen = home or os.environ.get(HOME_ENV) or DEFAULT_HOME
        return cls(home=Path(chosen).expanduser())


def enforce_offline() -> None:
    """Forbid model and data downloads for this process: the assistant runs offline."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"


# Largest source document the corpus takes in: policy PDFs with images run to
# tens of MB; anything bigger is refused with a message rather than read.
MAX_CORPUS_BYTES = 100 * 1024 * 1024
