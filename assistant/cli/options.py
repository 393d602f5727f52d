"""What every command of `assistant` shares: the click options, the parsers of option
values, the Workspace of a command, progress on stderr, and the translation of errors
into messages and exit codes at this edge (the only place that does it)."""

from __future__ import annotations

import sys
from datetime import date

import click

from ..config import Settings
from ..errors import AssistantError
from ..parse.ministries import resolve_ministry
from ..vocabulary import OLD_KIND_NAMES, DocumentKind, values
from ..workspace import Workspace
from .advice import cli_message

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


def model_option(func):
    return click.option(
        "--model",
        default=None,
        help="Embeddingmodel: een lokale sentence-transformers-map "
        "(standaard $ASSISTANT_MODEL, anders het ingebouwde multilingual-e5-small).",
    )(func)


def ministry_option(func):
    """--ministerie, the same in every command: a ministry of the registry, by name or
    abbreviation (parse/ministries.py)."""
    return click.option(
        "--ministerie",
        default=None,
        help='Ministerie, als naam of afkorting ("Justitie en Veiligheid", JenV, BZK, ...).',
    )(func)


def kind_option(kinds, *, multiple: bool = False, default=None, help: str):
    """--soort with the kind vocabulary's values (vocabulary.DocumentKind), plus the hidden
    --kind of earlier versions; read both with kinds_from()."""
    old = [*OLD_KIND_NAMES, *values(kinds)]

    def decorate(func):
        func = click.option("--kind", "old_kinds", multiple=True, hidden=True,
                            type=click.Choice(old))(func)  # fmt: skip
        return click.option(
            "--soort", "kinds", multiple=multiple, default=default,
            type=click.Choice(values(kinds)), show_default=default is not None, help=help,
        )(func)  # fmt: skip

    return decorate


def kinds_from(kinds, old_kinds: tuple[str, ...]) -> tuple[DocumentKind, ...]:
    """The kinds asked for, with --kind's old names read as the kinds they meant (and a
    note on stderr naming the new spelling)."""
    given = kinds if isinstance(kinds, tuple) else ((kinds,) if kinds else ())
    found = [DocumentKind(k) for k in given]
    for old in old_kinds:
        new = OLD_KIND_NAMES.get(old) or DocumentKind(old)
        click.echo(f"let op: --kind {old} heet nu --soort {new}", err=True)
        found.append(new)
    return tuple(dict.fromkeys(found))


def letter_options(f):
    """Datum and Ons kenmerk of the letter; left out, the .docx shows fill-in markers."""
    f = click.option("--ons-kenmerk", default=None, help="Ons kenmerk van de brief.")(f)
    return click.option("--datum", default=None, help="Datum van de brief (JJJJ-MM-DD).")(f)


def parse_date(value: str | None, name: str) -> date | None:
    """The value of a date option (--sinds, --datum, ...); None when not given."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise AssistantError(f"{name} verwacht een datum als 2020-01-31, niet '{value}'") from exc


def parse_groups(value: str | None) -> list[tuple[int, ...]]:
    """'2,3;7,8,9' -> [(2, 3), (7, 8, 9)]."""
    if not value:
        return []
    try:
        return [tuple(int(n) for n in part.split(",")) for part in value.split(";") if part.strip()]
    except ValueError as exc:
        raise AssistantError(
            f"--groepen verwacht bijvoorbeeld '2,3;7,8,9', niet '{value}'"
        ) from exc


def parse_ministry(value: str | None) -> str | None:
    """A ministry name or abbreviation -> its canonical name; unknown names are refused."""
    return resolve_ministry(value) if value else None


def settings_from(ctx: click.Context, home: str | None) -> Settings:
    return Settings.load(home or ctx.obj.get("home"))


def workspace_from(ctx: click.Context, home: str | None, model: str | None = None) -> Workspace:
    """The command's Workspace; closed when the command ends (click's context)."""
    ws = Workspace(Settings.load(home or ctx.obj.get("home") or ctx.obj.get("drafts_home"), model))
    ctx.call_on_close(ws.close)
    return ws


def announce_preparation(ws: Workspace) -> None:
    """Say so before the model is converted or exported (once, about a minute: after an
    installation or an update), so the command does not seem to hang."""
    from ..embed import needs_preparation

    if needs_preparation(ws.settings):
        click.echo(
            "Model eenmalig voorbereiden (omzetten en ONNX-export, ongeveer een minuut) ...",
            err=True,
        )


def progress(label: str, unit: str):
    """Progress on stderr: a line redrawn on a terminal, plain lines in a log."""
    from ..progress import Progress

    return Progress(label, unit)


def run(group: click.Group) -> None:
    """Run the click group and translate errors at this edge only."""
    debug = "--debug" in sys.argv
    try:
        group.main(standalone_mode=False)
    except AssistantError as exc:
        click.echo(f"fout: {cli_message(exc)}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("afgebroken; wat al was opgeslagen blijft bewaard", err=True)
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
