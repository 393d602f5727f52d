"""`assistant search`: earlier answers and policy passages for a question."""

from __future__ import annotations

import json

import click

from ..errors import AssistantError
from ..vocabulary import SEARCH_KINDS
from .json_out import dumps, queries_line, search_json
from .options import (
    announce_preparation,
    home_option,
    kind_option,
    kinds_from,
    ministry_option,
    model_option,
    parse_date,
    parse_ministry,
    workspace_from,
)


@click.command("search")
@click.argument("query", required=False)
@click.option(
    "--queries",
    "queries_file",
    type=click.Path(dir_okay=False),
    default=None,
    help='JSONL met per regel {"id": ..., "tekst": ...}.',
)
@click.option("-k", "k", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@ministry_option
@click.option("--sinds", default=None, help="Vanaf datum (JJJJ-MM-DD).")
@click.option("--tot", default=None, help="Tot en met datum (JJJJ-MM-DD).")
@kind_option(SEARCH_KINDS, multiple=True, help="Alleen deze soort(en).")
@click.option(
    "--per-document",
    type=click.IntRange(1, 50),
    default=None,
    help="Hoogstens zoveel treffers per document.",
)
@model_option
@home_option
@click.pass_context
def search_command(ctx, query, queries_file, k, as_json, ministerie, sinds, tot, kinds,
                   old_kinds, per_document, model, home) -> None:  # fmt: skip
    """Zoek eerdere antwoorden en beleidspassages bij een vraag."""
    from ..search import Filters

    if bool(query) == bool(queries_file):
        raise AssistantError("geef een zoekvraag of --queries BESTAND (niet allebei)")
    # the canonical name: the filter matches it within the stored ministry names
    ministerie = parse_ministry(ministerie)
    kinds = kinds_from(kinds, old_kinds)
    ws = workspace_from(ctx, home, model)
    if ws.index_state().exists:
        announce_preparation(ws)
    filters = Filters(
        ministerie=ministerie, sinds=parse_date(sinds, "--sinds"),
        tot=parse_date(tot, "--tot"), kinds=tuple(map(str, kinds)), per_document=per_document,
    )  # fmt: skip
    queries = _read_queries(queries_file) if queries_file else [(None, query)]
    state = ws.index_state()
    if not state.exists:
        raise AssistantError(
            f"er is nog geen zoekindex in {ws.home}: voer 'assistant ingest' en "
            f"'assistant index --home {ws.home}' uit"
        )
    if state.stale:
        click.echo(
            "let op: het corpus is gewijzigd sinds de index is gebouwd; "
            f"voer 'assistant index --home {ws.home}' uit",
            err=True,
        )
    results = ws.search([text for _, text in queries], k, filters)
    for (qid, text), hits in zip(queries, results, strict=True):
        if queries_file:
            click.echo(dumps(queries_line(qid, hits), indent=None))
        elif as_json:
            click.echo(dumps(search_json(text, hits)))
        else:
            _print_hits(hits)


def _read_queries(path: str) -> list[tuple[object, str]]:
    queries = []
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise AssistantError(f"kan {path} niet lezen: {exc.strerror}") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["tekst"] if "tekst" in row else row["text"]  # "text": format 1
            queries.append((row.get("id"), str(text)))
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            raise AssistantError(f'{path} regel {n}: verwacht {{"id": ..., "tekst": ...}}') from exc
    if not queries:
        raise AssistantError(f"{path} bevat geen zoekvragen")
    return queries


def _print_hits(hits) -> None:
    import textwrap

    if not hits:
        click.echo("Geen treffers.")
    for h in hits:
        source = ", ".join(x for x in (h.ah_id or h.bron, h.kenmerk, h.datum, h.ministerie) if x)
        nrs = f" antwoord {'+'.join(map(str, h.vraag_nrs))}" if h.vraag_nrs else ""
        demo = " (fictief demomateriaal)" if h.fictief else ""
        click.echo(f"{h.rank:2d}. {h.sterkte or '?'} [{h.score:.4f} | dense {h.dense_score:.3f} | "
                   f"bm25 {h.bm25_score:.2f}] {h.kind}{nrs}: {source}{demo}")  # fmt: skip
        if h.titel:
            click.echo(f"    {h.titel}")
        click.echo(textwrap.fill(h.text[:400], 96, initial_indent="    ", subsequent_indent="    "))


COMMANDS = (search_command,)
