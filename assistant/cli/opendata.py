"""`assistant sync` and `assistant open-vragen`: the open-data commands."""

from __future__ import annotations

from datetime import date

import click

from .json_out import dumps, sync_json
from .options import (
    home_option,
    ministry_option,
    model_option,
    parse_date,
    parse_ministry,
    workspace_from,
)


@click.command("sync")
@click.option(
    "--sinds",
    default=None,
    help="Alleen stukken vanaf deze datum (standaard 2018-01-01). Een eerdere datum haalt "
    "ook oudere stukken op.",
)
@ministry_option
@click.option(
    "--limit", type=click.IntRange(min=0), default=None, help="Hoogstens N documenten downloaden."
)
@click.option(
    "--base-url",
    default=None,
    help="Adres van de SyncFeed-API (standaard $ASSISTANT_TK_API, anders die van het "
    "Gegevensmagazijn van de Tweede Kamer).",
)
@click.option(
    "--pauze",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconden tussen twee verzoeken (standaard 0,25: beleefd voor de publieke API).",
)
@click.option(
    "--volledig",
    is_flag=True,
    help="Alles opnieuw opvragen (alleen gewijzigde bestanden worden gedownload) en wat de "
    "Kamer niet meer noemt verwijderen; bv. wekelijks naast de dagelijkse sync.",
)
@click.option("--geen-index", is_flag=True, help="De zoekindex daarna niet bijwerken.")
@click.option("--json", "as_json", is_flag=True, help="Samenvatting als JSON.")
@model_option
@home_option
@click.pass_context
def sync_command(
    ctx, sinds, ministerie, limit, base_url, pauze, volledig, geen_index, as_json, model, home
) -> None:
    """Haal nieuwe en gewijzigde Kamervragen, antwoorden en uitstelberichten op."""
    from ..opendata import ClientSettings, SyncFeed, SyncOptions, check_feed_url

    ws = workspace_from(ctx, home, model)
    options = SyncOptions(
        since=parse_date(sinds, "--sinds") or SyncOptions.since,
        ministry=parse_ministry(ministerie),
        limit=limit,
        full=volledig,
    )
    client_settings = ClientSettings() if pauze is None else ClientSettings(interval=pauze)
    url = check_feed_url(base_url or ws.settings.tk_api)

    def tell(message: str) -> None:
        click.echo(message, err=True)

    click.echo(f"Sync met {url} ...", err=True)
    with SyncFeed(url, client_settings) as kamer:
        report, built = ws.sync(kamer, options, progress=tell, update_index=not geen_index)
    if report.corpus_changed and not geen_index:
        if built is None:
            click.echo("Nog geen zoekindex: maak hem met 'assistant index'.", err=True)
        else:
            click.echo(f"Index: {built.items} passages ({built.embedded} nieuw ge-embed)", err=True)
    if as_json:
        click.echo(dumps(sync_json(report)))
    else:
        click.echo(_summary(report))


def _summary(report) -> str:
    lines = [
        f"Kamervragen: {report.zaken_opgeslagen} opgeslagen of bijgewerkt, "
        f"{report.zaken_verwijderd} verwijderd",
        f"Documenten: {len(report.added)} nieuw, {len(report.replaced)} vervangen, "
        f"{len(report.metadata)} met nieuwe gegevens, {report.unchanged} ongewijzigd, "
        f"{len(report.removed)} verwijderd, {len(report.failed)} mislukt",
        f"Vragendocumenten van open sets: {len(report.question_files)} opgehaald",
    ]
    if report.withdrawn:
        lines.append(f"Ingetrokken: {', '.join(report.withdrawn)}")
    if report.waiting:
        lines.append(f"Wachten op hun vragenset: {report.waiting} (de volgende sync neemt ze mee)")
    if report.other_ministry:
        lines.append(f"Overgeslagen (ander ministerie): {report.other_ministry}")
    lines += [f"  mislukt: {doc}: {reason}" for doc, reason in report.failed]
    if report.stopped_at_limit:
        lines.append("Gestopt bij --limit; de volgende sync gaat hier verder.")
    if report.stopped_at_page_cap:
        lines.append(
            "Gestopt na het maximum aantal pagina's voor één sync; de volgende sync gaat hier "
            "verder."
        )
    lines.append(f"Verzoeken: {report.requests} ({report.retries} herhaald)")
    return "\n".join(lines)


@click.command("open-vragen")
@ministry_option
@click.option("--json", "as_json", is_flag=True, help="Lijst als JSON.")
@home_option
@click.pass_context
def open_sets_command(ctx, ministerie, as_json, home) -> None:
    """Toon Kamervragen zonder antwoord (na 'assistant sync'), de meest dringende eerst."""
    from ..dates import format_dutch
    from ..opendata.tables import SyncTables

    ws = workspace_from(ctx, home)
    today = date.today()
    sets = ws.open_sets(parse_ministry(ministerie))
    last = SyncTables(ws.store).last_run()
    if as_json:
        click.echo(dumps([_as_dict(s, today) for s in sets]))
        return
    if last is None:
        click.echo("Nog niet gesynchroniseerd: voer eerst 'assistant sync' uit.", err=True)
    for s in sets:
        deadline = format_dutch(s.deadline, weekday=True) if s.deadline else "onbekend"
        click.echo(f"{s.kenmerk}  {deadline} ({s.status(today)})  {s.onderwerp or ''}")
        click.echo(f"    {', '.join(s.indieners)} -> {', '.join(s.gericht_aan)}")
        if s.vragen_bestand:  # ready for: assistant draft <file>
            click.echo(f"    vragen: {s.vragen_bestand}")
    click.echo(f"{len(sets)} open vragenset(s)", err=True)


def _as_dict(s, today: date) -> dict:
    return {
        "kenmerk": s.kenmerk,
        "onderwerp": s.onderwerp,
        "ingezonden": s.ingezonden.isoformat() if s.ingezonden else None,
        "uiterste_antwoorddatum": s.deadline.isoformat() if s.deadline else None,
        "dagen_over": s.days_left(today),
        "uitstel": s.uitstel.isoformat() if s.uitstel else None,
        "indieners": list(s.indieners),
        "gericht_aan": list(s.gericht_aan),
        "ministeries": list(s.ministeries),
        "publicatie": s.publicatie,
        "url": s.url,
        "vragen_bestand": s.vragen_bestand,
    }


COMMANDS = (sync_command, open_sets_command)
