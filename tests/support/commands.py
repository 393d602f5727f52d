"""The assistant command as a user runs it: in a subprocess, or in this process through click."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


def run_assistant(*args, home, timeout=600):
    """The `assistant` command in a subprocess, as a user runs it."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--home", str(home)],
        capture_output=True,
        timeout=timeout,
    )


@dataclass(frozen=True)
class Ran:
    """What a run of the command gave: the shape of subprocess.CompletedProcess's fields."""

    returncode: int
    stdout: bytes
    stderr: bytes


def invoke_assistant(*args, home, input: bytes | None = None, env=None) -> Ran:
    """The `assistant` command in this process (click's CliRunner streams), run the way
    main() runs it: options.run translates errors into messages and exit codes, so exit
    codes and stderr are what a user sees; env: variables set for the run. Same call shape
    as run_assistant; use that one only for what needs a real process (signals, a
    process's own exit, the console script)."""
    from click.testing import CliRunner

    from assistant.cli import cli
    from assistant.cli.options import run

    argv = ["assistant", *map(str, args)]
    if home is not None:
        argv += ["--home", str(home)]
    environ, saved_argv = dict(os.environ), sys.argv
    code = 0
    with CliRunner().isolation(input=input, env=env) as (out, err, _):
        sys.argv = argv  # options.run reads --debug there and click the arguments
        try:
            run(cli)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = saved_argv
            os.environ.clear()  # enforce_offline() sets variables for "this process"
            os.environ.update(environ)
        return Ran(code, out.getvalue(), err.getvalue())
