"""The corpus commands: `ingest`, `corpus`, `export` and `index`."""

from __future__ import annotations

import click

from ..errors import AssistantError
from ..vocabulary import EXPORT_KINDS, INGEST_KINDS, DocumentKind, kind_label
from .advice import with_cli_advice
from .json_out import corpus_json, dumps, ingest_json
from .options import (
    announce_preparation,
    home_option,
    kind_option,
    kinds_from,
    model_option,
    progress,
    workspace_from,
)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@kind_option(INGEST_KINDS, help="Soort afdwingen (standaard: automatisch herkennen).")
@click.option("--json", "as_json", is_flag=True, help="Samenvatting als JSON.")
@home_option
@click.pass_context
def ingest_command(ctx, paths: tuple[str, ...], kinds, old_kinds, as_json: bool, home) -> None:
    """Lees eerdere antwoorden, beleidsstukken en Q/A-exports in het corpus."""
    chosen = kinds_from(kinds, old_kinds)
    if len(chosen) > 1:
        raise AssistantError("geef één --soort")
    ws = workspace_from(ctx, home)
    kind = chosen[0] if chosen else None
    report = ws.ingest(paths, kind=kind, progress=progress("Inlezen", "bestanden"))
    counts = ws.counts()
    if as_json:
        click.echo(dumps(ingest_json(report, counts)))
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
        click.echo(dumps(corpus_json(counts)))
        return
    click.echo(
        f"{counts['documents']} documenten, {counts['qa_records']} vraag/antwoord-records, "
        f"{counts['passages']} passages"
    )
    for title, key in (("Soort", "by_kind"), ("Ministerie", "by_ministry"), ("Jaar", "by_year")):
        click.echo(f"\n{title}:")
        for name, count in counts[key].items():
            click.echo(f"  {count:5d}  {kind_label(name) if key == 'by_kind' else name}")


@click.command("export")
@kind_option(
    EXPORT_KINDS, default=DocumentKind.QA_EXPORT.value,
    help="qa-export: de vraag/antwoord-records (van antwoorden en exports); beleid: de "
    "passages van beleidsstukken.",
)  # fmt: skip
@home_option
@click.pass_context
def export_command(ctx, kinds, old_kinds, home) -> None:
    """Schrijf het corpus als JSONL naar standaarduitvoer (opnieuw in te lezen)."""
    from ..export import export_lines

    kind = (kinds_from((), old_kinds) or (DocumentKind(kinds),))[-1]
    if kind not in EXPORT_KINDS:
        raise AssistantError(f"export kent --soort {' of '.join(EXPORT_KINDS)}, niet {kind}")
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
