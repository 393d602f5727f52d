"""Library errors say what is wrong and carry a code; only the edges say what to do: the
command line names commands (cli/advice.py), the app its pages (app/advice.py). The source
scan keeps commands out of everything else."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from assistant.app.advice import APP_ADVICE, app_message
from assistant.cli.advice import CLI_ADVICE, cli_message
from assistant.errors import AssistantError

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"
# Text that names a command to someone who has a shell, on purpose: the page on open
# Kamervragen tells the app's user to let an administrator run the sync.
ALLOWED = {("app/pages/open_sets.py", "sync")}


def command_names() -> set[str]:
    from assistant.cli import cli

    return set(cli.commands)


def strings(path: Path):
    """(line, text) of every string literal in a module but its docstrings (pieces of
    f-strings included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def named_commands(text: str, commands: set[str]) -> set[str]:
    """The commands a text tells someone to run: 'assistant index', 'assistant --home X ingest'."""
    found = re.finditer(r"\bassistant\s+(?:--?[\w-]+(?:[ =]\S+)?\s+)*([a-z][\w-]*)", text)
    return {m.group(1) for m in found} & commands


def test_the_scan_sees_a_command_in_a_message():
    commands = command_names()
    assert named_commands("het corpus is leeg: voer 'assistant ingest' uit", commands) == {
        "ingest"}  # fmt: skip
    assert named_commands("voer `assistant --home /x index` uit", commands) == {"index"}
    assert not named_commands("de assistent leest documenten", commands)
    assert not named_commands("what the assistant reads", commands)


def test_no_module_outside_the_command_line_names_a_command():
    commands = command_names()
    assert {"index", "ingest", "questions", "drafts", "adapt"} <= commands
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith("cli/"):
            continue
        allowed = {command for place, command in ALLOWED if place == where}
        for line, text in strings(path):
            for command in named_commands(text, commands) - allowed:
                found.append(f"{where}:{line}: 'assistant {command}' in {text[:70]!r}")
    assert not found, "\n".join(found)


def test_both_edges_word_the_same_codes():
    assert set(CLI_ADVICE) == set(APP_ADVICE)


def test_every_advised_code_is_one_the_library_raises():
    raised = set()
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in ("cli", "app"):
            continue
        raised |= set(re.findall(r"code=\"([a-z-]+)\"", path.read_text(encoding="utf-8")))
    assert set(CLI_ADVICE) <= raised


def test_the_app_never_names_a_command():
    for advice in APP_ADVICE.values():
        assert "assistant" not in advice and "--" not in advice


def run_edge(exc: AssistantError) -> tuple[int, str]:
    """What the command line prints for an error, through the edge main() uses."""
    from assistant.cli.options import run

    @click.command()
    def fails():
        raise exc

    saved = sys.argv
    with CliRunner().isolation() as (_, err, _):
        sys.argv = ["assistant"]
        try:
            run(fails)
        except SystemExit as done:
            code = done.code
        finally:
            sys.argv = saved
        return code, err.getvalue().decode()


@pytest.mark.parametrize("code", sorted(CLI_ADVICE))
def test_the_command_line_adds_its_advice_to_the_message(code):
    status, err = run_edge(AssistantError("er is iets mis", code=code))
    assert status == 2
    assert err == f"fout: er is iets mis — {CLI_ADVICE[code]}\n"
    assert "assistant " in CLI_ADVICE[code] or " --" in CLI_ADVICE[code]  # a command or option


def test_without_advice_the_command_line_prints_the_message_alone():
    assert run_edge(AssistantError("er is iets mis", code="no-answer")) == (
        2, "fout: er is iets mis\n")  # fmt: skip
    assert cli_message(AssistantError("er is iets mis")) == "er is iets mis"


@pytest.mark.parametrize("code", sorted(APP_ADVICE))
def test_the_app_adds_its_advice_to_the_message(code):
    assert app_message(AssistantError("er is iets mis", code=code)) == (
        f"er is iets mis. {APP_ADVICE[code]}")  # fmt: skip
    assert app_message(AssistantError("Er is iets mis.", code=code)) == (
        f"Er is iets mis. {APP_ADVICE[code]}")  # fmt: skip


def test_without_advice_the_app_shows_the_message_alone():
    assert app_message(AssistantError("dit antwoord bestaat niet meer", "no-answer")) == (
        "dit antwoord bestaat niet meer")  # fmt: skip
