"""`assistant adapt`: fit the embedding model to the own corpus."""

from __future__ import annotations

import click

from .advice import AFTER_ADAPT
from .json_out import adapt_json, dumps
from .options import home_option, progress, workspace_from


@click.command("adapt")
@click.option(
    "--minuten",
    type=click.FloatRange(min=0, min_open=True),
    default=60,
    show_default=True,
    help="Tijdbudget voor de hele aanpassing (laden, controle, training, opslaan).",
)
@click.option("--json", "as_json", is_flag=True, help="Het verslag als JSON.")
@home_option
@click.pass_context
def adapt_command(ctx, minuten: float, as_json: bool, home) -> None:
    """Pas het embeddingmodel aan op het eigen corpus (zonder labels); daarna 'assistant index'."""
    from ..adaptation import summary

    ws = workspace_from(ctx, home)
    report = ws.adapt(
        budget_minutes=minuten,
        progress=progress("Aanpassen", "stappen"),
        status=lambda text: click.echo(text, err=True),
    )
    if as_json:
        click.echo(dumps(adapt_json(report)))
    else:
        click.echo(summary(report))
        if report.installed:
            click.echo(AFTER_ADAPT)


COMMANDS = (adapt_command,)
