"""The app's Streamlit options: .streamlit/config.toml (for `streamlit run app.py`) and the
options `assistant app` passes (assistant/app/server.py) are the same list, and the upload
limits are the ones the assistant itself enforces."""

from __future__ import annotations

import tomllib

from streamlit.testing.v1 import AppTest
from support.project import PROJECT

from assistant.app.server import OPTIONS, streamlit_command
from assistant.config import MAX_CORPUS_BYTES, MAX_INPUT_BYTES

MIB = 1024 * 1024
APP = str(PROJECT / "app.py")


def config_file() -> dict[str, str]:
    """config.toml flattened to 'section.option' -> the value as a command line writes it."""
    data = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flat = {}
    for section, options in data.items():
        for name, value in options.items():
            flat[f"{section}.{name}"] = (
                str(value).lower() if isinstance(value, bool) else str(value)
            )
    return flat


def test_config_toml_equals_the_options_of_assistant_app():
    assert config_file() == OPTIONS


def test_the_upload_cap_is_the_corpus_limit():
    data = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert isinstance(data["server"]["maxUploadSize"], int)
    assert data["server"]["maxUploadSize"] * MIB == MAX_CORPUS_BYTES
    assert int(OPTIONS["server.maxUploadSize"]) * MIB == MAX_CORPUS_BYTES


def test_assistant_app_passes_every_option():
    command = streamlit_command(8599)
    for name, value in OPTIONS.items():
        at = command.index(f"--{name}")
        assert command[at + 1] == value
    assert command[command.index("--server.port") + 1] == "8599"


def test_the_uploaders_take_what_the_assistant_reads(tmp_path, monkeypatch):
    """The question-set uploader stops at MAX_INPUT_BYTES (the size intake reads), the corpus
    uploader at MAX_CORPUS_BYTES, both below the server's cap."""
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "home"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("assistant/app/pages/intake.py").run()
    assert not at.exception
    intake = at.file_uploader(key="upload")
    assert intake.proto.max_upload_size_mb * MIB == MAX_INPUT_BYTES
    # no type= on the uploader: Streamlit would check it before any page code and fail in
    # English; the page checks the name itself (tests/app/test_app_hostile.py)
    assert not intake.allowed_type
    assert "PDF, Word (.docx) of tekst (.txt)" in intake.label
    assert f"hoogstens {MAX_INPUT_BYTES // MIB} MB" in intake.label

    at.switch_page("assistant/app/pages/corpus.py").run()
    assert not at.exception
    corpus = at.file_uploader(key="corpus_upload")
    assert corpus.proto.max_upload_size_mb * MIB == MAX_CORPUS_BYTES
    assert f"hoogstens {MAX_CORPUS_BYTES // MIB} MB" in corpus.label
    assert MAX_INPUT_BYTES <= MAX_CORPUS_BYTES == int(OPTIONS["server.maxUploadSize"]) * MIB
