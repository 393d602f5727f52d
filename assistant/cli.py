"""The `assistant` command: builds objects, calls the library, turns errors into messages.

Exit codes: 0 success; 1 unexpected internal error (message, no traceback,
unless --debug); 2 bad input or usage (a one-line message on stderr).
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from .config import Settings, enforce_offline
from .errors import AssistantError

EXIT_INTERNAL = 1


def home_option(func):
    """--home on every command, so it can be given before or after the command name."""
    return click.option(
        "--home",
        type=click.Path(file_okay=False),
        default=None,
        help="Map met corpus, index, modellen en concepten "
        "(standaard $ASSISTANT_HOME, anders ./.assistant).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@home_option
@click.option("--debug", is_flag=True, help="Toon de volledige foutmelding bij interne fouten.")
@click.pass_context
def cli(ctx: click.Context, home: str | None, debug: bool) -> None:
    """Assistent voor het beantwoorden van Kamervragen (offline)."""
    enforce_offline()
    ctx.obj = {"home": home, "debug": debug}


def settings_from(ctx: click.Context, home: str | None) -> Settings:
    return Settings.load(home or ctx.obj.get("home"))


@cli.command("questions")
@click.argument("file", type=str)
@click.option(
    "--json", "as_json", is_flag=True, help="Eén JSON-object (vaste sleutels, zie README)."
)
@home_option
@click.pass_context
def questions_command(ctx: click.Context, file: str, as_json: bool, home: str | None) -> None:
    """Lees een set Kamervragen (.txt, .pdf, .docx of - voor standaardinvoer)."""
    from .intake import parse_question_bytes, read_question_set
    from .show import format_question_set

    settings = settings_from(ctx, home)
    if file == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        qs = parse_question_bytes(data, name="standaardinvoer", max_bytes=settings.max_input_bytes)
    else:
        qs = read_question_set(file, max_bytes=settings.max_input_bytes)
    if as_json:
        click.echo(json.dumps(qs.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_question_set(qs, today=date.today()))


def main() -> None:
    """Entry point: run the click group and translate errors at this edge only."""
    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False)
    except AssistantError as exc:
        click.echo(f"fout: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("afgebroken", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # the last line of defence: no traceback for the user
        if debug:
            raise
        click.echo(
            f"interne fout: {type(exc).__name__}: {exc} (meld dit; --debug toont details)", err=True
        )
        sys.exit(EXIT_INTERNAL)
