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


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--kind",
    type=click.Choice(["answers", "policy", "qa"]),
    default=None,
    help="Soort afdwingen (standaard: automatisch herkennen).",
)
@click.option("--json", "as_json", is_flag=True, help="Samenvatting als JSON.")
@home_option
@click.pass_context
def ingest_command(ctx, paths: tuple[str, ...], kind: str | None, as_json: bool, home) -> None:
    """Lees eerdere antwoorden, beleidsstukken en Q/A-exports in het corpus."""
    from .ingest import collect_files, ingest
    from .store import Store

    settings = settings_from(ctx, home)
    with Store.in_home(settings.home) as store:
        files, _ = collect_files(paths)
        report = ingest(paths, store, kind=kind, progress=_progress(len(files)))
        counts = store.counts()
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "corpus": counts}, ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"Toegevoegd: {len(report.added)}  Ongewijzigd: {len(report.unchanged)}  "
            f"Vervangen: {len(report.replaced)}  Mislukt: {len(report.failed)}"
        )
        for name, reason in report.failed:
            click.echo(f"  mislukt: {name}: {reason}")
        if report.warnings:
            click.echo(f"Waarschuwingen: {len(report.warnings)} (zie --json voor alle)")
            for name, warning in report.warnings[:10]:
                click.echo(f"  {name}: {warning}")
        click.echo(
            f"Corpus: {counts['documents']} documenten, {counts['qa_records']} "
            f"vraag/antwoord-records, {counts['passages']} passages"
        )
    if not report.read_any:
        raise AssistantError("niets ingelezen")


def _progress(total: int):
    """A progress bar on stderr for longer runs (tqdm; silent when not a terminal)."""

    def wrap(files):
        from tqdm import tqdm

        return tqdm(files, desc="Inlezen", unit="bestand", disable=None if total > 3 else True)

    return wrap


@cli.command("corpus")
@click.option("--json", "as_json", is_flag=True, help="Tellingen als JSON.")
@home_option
@click.pass_context
def corpus_command(ctx, as_json: bool, home) -> None:
    """Toon wat het corpus bevat: documenten per soort, ministerie en jaar."""
    from .store import Store

    with Store.in_home(settings_from(ctx, home).home) as store:
        counts = store.counts()
    if as_json:
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{counts['documents']} documenten, {counts['qa_records']} vraag/antwoord-records, "
        f"{counts['passages']} passages"
    )
    for title, key in (("Soort", "by_kind"), ("Ministerie", "by_ministry"), ("Jaar", "by_year")):
        click.echo(f"\n{title}:")
        for name, count in counts[key].items():
            click.echo(f"  {count:5d}  {name}")


@cli.command("export")
@click.option("--kind", type=click.Choice(["qa", "policy"]), default="qa", show_default=True)
@home_option
@click.pass_context
def export_command(ctx, kind: str, home) -> None:
    """Schrijf het corpus als JSONL naar standaarduitvoer (opnieuw in te lezen)."""
    from .export import export_lines
    from .store import Store

    with Store.in_home(settings_from(ctx, home).home) as store:
        for line in export_lines(store, kind):
            click.echo(line)


def main() -> None:
    """Entry point: run the click group and translate errors at this edge only."""
    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False)
    except AssistantError as exc:
        click.echo(f"fout: {exc.message}", err=True)
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
