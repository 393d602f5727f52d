"""The `assistant` command: builds objects, calls the library, turns errors into messages.

Exit codes: 0 success; 1 unexpected internal error (message, no traceback,
unless --debug); 2 bad input or usage (a one-line message on stderr); 3 the
open-data API cannot be reached or keeps failing (sync: run again to resume);
130 interrupted (Ctrl-C; what was already stored is kept).

The commands live in one module per group (corpus, search, adapt, draft, opendata,
app), the options they share in options.py; this module only assembles them.
"""

from __future__ import annotations

import click

from ..config import enforce_offline
from . import adapt, app, corpus, draft, opendata, search
from .options import home_option, run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@home_option
@click.option("--debug", is_flag=True, help="Toon de volledige foutmelding bij interne fouten.")
@click.pass_context
def cli(ctx: click.Context, home: str | None, debug: bool) -> None:
    """Assistent voor het beantwoorden van Kamervragen (offline)."""
    enforce_offline()
    ctx.obj = {"home": home, "debug": debug}


for _group in (corpus, search, adapt, draft, opendata, app):
    for _command in _group.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Entry point: run the click group and translate errors at this edge only."""
    run(cli)
