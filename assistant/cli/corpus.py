"""The corpus commands: `ingest`, `corpus`, `export` and `index`."""

from __future__ import annotations

import json

import click

from ..errors import AssistantError
from .advice import with_cli_advice
from .options import announce_preparation, home_option, model_option, progress, workspace_from


@click.command("ingest")
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
    ws = workspace_from(ctx, home)
    report = ws.ingest(paths, kind=kind, progress=progress("Inlezen", "bestanden"))
    counts = ws.counts()
    if as_json:
        click.echo(json.dumps({**report.to_dict(), "corpus": counts}, ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"Toegevoegd: {len(report.added)}  Ongewijzigd: {len(report.unchanged)}  "
            f"Vervangen: {len(report.replaced)}  Mislukt: {len(report.failed)}"
        )
        for name, reason in report.failed:
            click.echo(f"  mislukt: {name}: {with_cli_advice(reason, report.codes.get(name))}")
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


@click.command("corpus")
@click.option("--json", "as_json", is_flag=True, help="Tellingen als JSON.")
@home_option
@click.pass_context
def corpus_command(ctx, as_json: bool, home) -> None:
    """Toon wat het corpus bevat: documenten per soort, ministerie en jaar."""
    counts = workspace_from(ctx, home).counts()
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


@click.command("export")
@click.option("--kind", type=click.Choice(["qa", "policy"]), default="qa", show_default=True)
@home_option
@click.pass_context
def export_command(ctx, kind: str, home) -> None:
    """Schrijf het corpus als JSONL naar standaarduitvoer (opnieuw in te lezen)."""
    from ..export import export_lines

    for line in export_lines(workspace_from(ctx, home).store, kind):
        click.echo(line)


@click.command("index")
@click.option(
    "--rebuild", is_flag=True, help="Alles opnieuw embedden (anders alleen nieuwe tekst)."
)
@model_option
@home_option
@click.pass_context
def index_command(ctx, rebuild: bool, model: str | None, home) -> None:
    """Bouw of werk de zoekindex bij (dense + BM25) voor het corpus."""
    ws = workspace_from(ctx, home, model)
    announce_preparation(ws)
    click.echo("Model laden ...", err=True)
    report = ws.reindex(rebuild=rebuild, progress=progress("Embedden", "teksten"))
    click.echo(
        f"Index: {report.items} passages ({report.embedded} nieuw ge-embed, {report.reused} "
        f"hergebruikt), {report.dense}, {report.seconds:.1f} s"
    )


COMMANDS = (ingest_command, corpus_command, export_command, index_command)
