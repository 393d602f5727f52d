"""The `assistant` command: builds objects, calls the library, turns errors into messages.

Exit codes: 0 success; 1 unexpected internal error (message, no traceback,
unless --debug); 2 bad input or usage (a one-line message on stderr); 3 the
open-data API cannot be reached or keeps failing (sync: run again to resume);
130 interrupted (Ctrl-C; what was already stored is kept).
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from ..config import Settings, enforce_offline
from ..draft import answer_label
from ..errors import AssistantError
from ..workspace import Workspace

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


def _announce_preparation(ws: Workspace) -> None:
    """Say so before the model is converted or exported (once, about a minute: after an
    installation or an update), so the command does not seem to hang."""
    from ..embed import needs_preparation

    if needs_preparation(ws.settings):
        click.echo(
            "Model eenmalig voorbereiden (omzetten en ONNX-export, ongeveer een minuut) ...",
            err=True,
        )


def workspace_from(ctx: click.Context, home: str | None, model: str | None = None) -> Workspace:
    """The command's Workspace; closed when the command ends (click's context)."""
    ws = Workspace(Settings.load(home or ctx.obj.get("home") or ctx.obj.get("drafts_home"), model))
    ctx.call_on_close(ws.close)
    return ws


@cli.command("questions")
@click.argument("file", type=str)
@click.option(
    "--json", "as_json", is_flag=True, help="Eén JSON-object (vaste sleutels, zie README)."
)
@home_option
@click.pass_context
def questions_command(ctx: click.Context, file: str, as_json: bool, home: str | None) -> None:
    """Lees een set Kamervragen (.txt, .pdf, .docx of - voor standaardinvoer)."""
    from ..show import format_question_set

    ws = workspace_from(ctx, home)
    if file == "-":
        qs = ws.read_questions(
            sys.stdin.buffer.read(ws.settings.max_input_bytes + 1), "standaardinvoer"
        )
    else:
        qs = ws.read_question_file(file)
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
    ws = workspace_from(ctx, home)
    report = ws.ingest(paths, kind=kind, progress=_progress("Inlezen", "bestanden"))
    counts = ws.counts()
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


def _progress(label: str, unit: str):
    """Progress on stderr: a line redrawn on a terminal, plain lines in a log."""
    from ..progress import Progress

    return Progress(label, unit)


@cli.command("corpus")
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


@cli.command("export")
@click.option("--kind", type=click.Choice(["qa", "policy"]), default="qa", show_default=True)
@home_option
@click.pass_context
def export_command(ctx, kind: str, home) -> None:
    """Schrijf het corpus als JSONL naar standaarduitvoer (opnieuw in te lezen)."""
    from ..export import export_lines

    for line in export_lines(workspace_from(ctx, home).store, kind):
        click.echo(line)


def model_option(func):
    return click.option(
        "--model",
        default=None,
        help="Embeddingmodel: een lokale sentence-transformers-map "
        "(standaard $ASSISTANT_MODEL, anders het ingebouwde multilingual-e5-small).",
    )(func)


@cli.command("index")
@click.option(
    "--rebuild", is_flag=True, help="Alles opnieuw embedden (anders alleen nieuwe tekst)."
)
@model_option
@home_option
@click.pass_context
def index_command(ctx, rebuild: bool, model: str | None, home) -> None:
    """Bouw of werk de zoekindex bij (dense + BM25) voor het corpus."""
    ws = workspace_from(ctx, home, model)
    _announce_preparation(ws)
    click.echo("Model laden ...", err=True)
    report = ws.reindex(rebuild=rebuild, progress=_progress("Embedden", "teksten"))
    click.echo(
        f"Index: {report.items} passages ({report.embedded} nieuw ge-embed, {report.reused} "
        f"hergebruikt), {report.dense}, {report.seconds:.1f} s"
    )


@cli.command("adapt")
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
        progress=_progress("Aanpassen", "stappen"),
        status=lambda text: click.echo(text, err=True),
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary(report))


@cli.command("search")
@click.argument("query", required=False)
@click.option(
    "--queries",
    "queries_file",
    type=click.Path(dir_okay=False),
    default=None,
    help='JSONL met per regel {"id": ..., "text": ...}.',
)
@click.option("-k", "k", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--ministerie", default=None, help="Alleen dit ministerie (deel van de naam).")
@click.option("--sinds", default=None, help="Vanaf datum (JJJJ-MM-DD).")
@click.option("--tot", default=None, help="Tot en met datum (JJJJ-MM-DD).")
@click.option(
    "--soort",
    "kinds",
    multiple=True,
    type=click.Choice(["antwoord", "qa-export", "beleid"]),
    help="Alleen deze soort(en).",
)
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
                   per_document, model, home) -> None:  # fmt: skip
    """Zoek eerdere antwoorden en beleidspassages bij een vraag."""
    from ..search import Filters

    if bool(query) == bool(queries_file):
        raise AssistantError("geef een zoekvraag of --queries BESTAND (niet allebei)")
    ws = workspace_from(ctx, home, model)
    if ws.index_state().exists:
        _announce_preparation(ws)
    filters = Filters(
        ministerie=ministerie, sinds=_date_option(sinds, "--sinds"),
        tot=_date_option(tot, "--tot"), kinds=tuple(kinds), per_document=per_document,
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
            click.echo(json.dumps({"id": qid, "hits": [h.to_dict() for h in hits]},
                                  ensure_ascii=False))  # fmt: skip
        elif as_json:
            click.echo(json.dumps({"query": text, "hits": [h.to_dict() for h in hits]},
                                  ensure_ascii=False, indent=2))  # fmt: skip
        else:
            _print_hits(hits)


def _date_option(value: str | None, name: str):
    if not value:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise AssistantError(f"{name} verwacht een datum als 2020-01-31, niet '{value}'") from exc


def letter_options(f):
    """Datum and Ons kenmerk of the letter; left out, the .docx shows fill-in markers."""
    f = click.option("--ons-kenmerk", default=None, help="Ons kenmerk van de brief.")(f)
    return click.option("--datum", default=None, help="Datum van de brief (JJJJ-MM-DD).")(f)


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
            queries.append((row.get("id"), str(row["text"])))
        except (ValueError, KeyError, AttributeError) as exc:
            raise AssistantError(f'{path} regel {n}: verwacht {{"id": ..., "text": ...}}') from exc
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


def _write_file(path: str, data: bytes) -> None:
    """Write atomically: a half-written .docx never replaces a good one."""
    import os
    import tempfile
    from pathlib import Path

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise AssistantError(f"kan {path} niet schrijven: {exc.strerror}") from exc


def _groups_option(value: str | None) -> list[tuple[int, ...]]:
    """'2,3;7,8,9' -> [(2, 3), (7, 8, 9)]."""
    if not value:
        return []
    try:
        return [tuple(int(n) for n in part.split(",")) for part in value.split(";") if part.strip()]
    except ValueError as exc:
        raise AssistantError(
            f"--groepen verwacht bijvoorbeeld '2,3;7,8,9', niet '{value}'"
        ) from exc


@cli.command("draft")
@click.argument("questions_file")
@click.option("-o", "--output", default=None, help="Het .docx-bestand om te schrijven.")
@click.option("--ministerie", default=None, help="Ministerieprofiel (JenV, BZK, BZ, ...).")
@click.option(
    "--versie", type=click.Choice(["review", "definitief"]), default="review", show_default=True
)
@click.option("--groepen", default=None, help="Samen te beantwoorden vragen, bv. '2,3;7,8,9'.")
@click.option(
    "--vorm",
    type=click.Choice(["hierbij", "in_antwoord"]),
    default=None,
    help="Vorm van de aanbiedingsbrief (standaard die van het ministerieprofiel; JenV: "
    "in_antwoord, de andere: hierbij).",
)
@click.option(
    "-k",
    "k",
    type=click.IntRange(0, 10),
    default=3,
    show_default=True,
    help="Aantal suggesties per vraag.",
)
@click.option("--json", "as_json", is_flag=True, help="Het concept als JSON.")
@letter_options
@model_option
@home_option
@click.pass_context
def draft_command(ctx, questions_file, output, ministerie, versie, groepen, vorm, k, as_json,
                  datum, ons_kenmerk, model, home) -> None:  # fmt: skip
    """Maak een conceptantwoord (.docx) bij een set Kamervragen, met suggesties en bronnen."""
    from .draft import draft_to_dict

    ws = workspace_from(ctx, home, model)
    qs = ws.read_question_file(questions_file)
    if k and not _index_usable(ws):
        k = 0
    if k:
        _announce_preparation(ws)
    sent = _date_option(datum, "--datum")
    draft = ws.new_draft(qs, ministerie, k=k, groups=_groups_option(groepen), vorm=vorm)
    if sent or ons_kenmerk:
        draft = ws.set_letter_fields(draft.id, sent, ons_kenmerk)
    data = draft_to_dict(draft)
    if output:
        _write_file(output, ws.render(draft, versie))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    found = sum(len(a.suggesties) for a in draft.antwoorden)
    proposals = sum(1 for a in draft.antwoorden if a.voorstel and a.voorstel.sources)
    click.echo(f"Concept {draft.id} opgeslagen: {len(qs.vragen)} vragen, "
               f"{len(draft.antwoorden)} antwoorden, {found} suggesties, "
               f"{proposals} voorstellen.")  # fmt: skip
    outdated = {c.passage_id for a in draft.antwoorden for c in a.suggesties if c.achterhaald}
    if outdated:
        click.echo(f"Let op: {len(outdated)} precedent(en) mogelijk achterhaald door een nieuwer "
                   "antwoord (zie de review-versie).")  # fmt: skip
    rewritten = [a for a in draft.antwoorden if a.voorstel and a.voorstel.opmerking]
    for a in rewritten[:3]:
        click.echo(f"{answer_label(a.nrs)}: {a.voorstel.opmerking}", err=True)
    if proposals:
        click.echo(f"Voorstellen overnemen: assistant drafts accept {draft.id} [vraagnummers]")
    if draft.groepsvoorstellen:
        voorstel = "; ".join(",".join(map(str, g)) for g in draft.groepsvoorstellen)
        click.echo(f"Voorgestelde groepen (gebruik --groepen '{voorstel}' om ze over te nemen).")
    if output:
        click.echo(f"Geschreven: {output} ({versie})")


def _index_usable(ws: Workspace) -> bool:
    """Whether suggestions can be made; if not, a note says why and how to fix it."""
    if not ws.index_state().exists:
        click.echo(
            "let op: geen suggesties, want er is nog geen zoekindex "
            f"(voer 'assistant ingest' en 'assistant index --home {ws.home}' uit)",
            err=True,
        )
        return False
    try:
        ws.searcher()
    except AssistantError as exc:
        click.echo(f"let op: geen suggesties ({exc.message})", err=True)
        return False
    return True


@cli.group("drafts", invoke_without_command=True)
@home_option
@click.pass_context
def drafts_group(ctx, home) -> None:
    """Opgeslagen concepten: lijst, tonen, opnieuw exporteren."""
    ctx.obj["drafts_home"] = home
    if ctx.invoked_subcommand is None:
        rows = workspace_from(ctx, home).drafts()
        if not rows:
            click.echo("Nog geen concepten.")
        for r in rows:
            click.echo(f"{r.id}  {r.status:<10} {r.kenmerk or '-':<11} "
                       f"{r.updated}  {r.onderwerp or ''}")  # fmt: skip


@drafts_group.command("show")
@click.argument("draft_id")
@home_option
@click.pass_context
def drafts_show(ctx, draft_id, home) -> None:
    """Toon een concept als JSON."""
    data = workspace_from(ctx, home).draft_data(draft_id)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@drafts_group.command("export")
@click.argument("draft_id")
@click.option("-o", "--output", required=True)
@click.option(
    "--versie", type=click.Choice(["review", "definitief"]), default="review", show_default=True
)
@letter_options
@home_option
@click.pass_context
def drafts_export(ctx, draft_id, output, versie, datum, ons_kenmerk, home) -> None:
    """Schrijf een opgeslagen concept opnieuw als .docx (met --datum/--ons-kenmerk ingevuld)."""
    ws = workspace_from(ctx, home)
    draft = ws.load_draft(draft_id)
    if datum is not None or ons_kenmerk is not None:
        draft = ws.set_letter_fields(
            draft_id,
            _date_option(datum, "--datum") if datum is not None else draft.verzenddatum,
            ons_kenmerk if ons_kenmerk is not None else draft.ons_kenmerk,
        )
    _write_file(output, ws.render(draft, versie))
    click.echo(f"Geschreven: {output} ({versie})")


def _proposal_command(name: str, help_text: str):
    @drafts_group.command(name, help=help_text)
    @click.argument("draft_id")
    @click.argument("nrs", nargs=-1, type=click.IntRange(1, 9999))
    @home_option
    @click.pass_context
    def command(ctx, draft_id, nrs, home) -> None:
        ws = workspace_from(ctx, home)
        draft = ws.load_draft(draft_id)
        chosen = [a for a in draft.antwoorden if a.voorstel and a.voorstel.status == "open"
                  and a.voorstel.sources and (not nrs or set(a.nrs) & set(nrs))]  # fmt: skip
        if nrs:
            known = {n for a in draft.antwoorden for n in a.nrs}
            missing = sorted(set(nrs) - known)
            if missing:
                raise AssistantError(f"vraag {missing[0]} bestaat niet in concept {draft_id}",
                                     code="no-answer")  # fmt: skip
        for a in chosen:
            (ws.accept_proposal if name == "accept" else ws.reject_proposal)(draft_id, a.nrs)
        done = "overgenomen" if name == "accept" else "verworpen"
        if chosen:
            click.echo(f"Voorstel {done} bij " + "; ".join(answer_label(a.nrs).lower()
                                                          for a in chosen) + ".")  # fmt: skip
        else:
            click.echo("Geen open voorstel bij deze vragen.")

    return command


drafts_accept = _proposal_command(
    "accept", "Neem het voorstel over (standaard: alle open voorstellen, of bij deze vragen)."
)
drafts_reject = _proposal_command("reject", "Verwerp het voorstel bij deze vragen (of alle).")


@cli.command("uitstel")
@click.argument("questions_file")
@click.option("-o", "--output", required=True, help="Het .docx-bestand om te schrijven.")
@click.option("--reden", required=True,
              help="Waarom de termijn niet haalbaar is, als aanvulling op 'De reden hiervan is "
              "dat ...' (bv. 'afstemming met EZ nodig is'), of een eigen zin.")  # fmt: skip
@click.option("--verwacht", default=None, help="Verwachte datum van beantwoording (JJJJ-MM-DD).")
@click.option("--ministerie", default=None, help="Ministerieprofiel (JenV, BZK, BZ, ...).")
@letter_options
@home_option
@click.pass_context
def uitstel_command(ctx, questions_file, output, reden, verwacht, ministerie, datum,
                    ons_kenmerk, home) -> None:  # fmt: skip
    """Schrijf een uitstelbericht (mededeling) bij een set Kamervragen."""
    ws = workspace_from(ctx, home)
    qs = ws.read_question_file(questions_file)
    expected = _date_option(verwacht, "--verwacht")
    _write_file(output, ws.render_postponement(
        qs, reden, expected, ministerie, _date_option(datum, "--datum"), ons_kenmerk))  # fmt: skip
    click.echo(f"Geschreven: {output}")


@cli.command("app")
@click.option("--port", default=8501, show_default=True)
@click.option("--headless", is_flag=True, help="Geen browser openen.")
@home_option
@click.pass_context
def app_command(ctx, port: int, headless: bool, home) -> None:
    """Start de webapp (Streamlit) voor beleidsmedewerkers en reviewers."""
    import os
    import subprocess

    from ..app.server import streamlit_command

    settings = settings_from(ctx, home)
    env = dict(os.environ, ASSISTANT_HOME=str(settings.home.resolve()))
    raise SystemExit(subprocess.call(streamlit_command(port, headless=headless), env=env))


def _register_opendata() -> None:
    # imported here: opendata.py uses this module's options (a bottom import avoids a cycle)
    from .opendata import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register_opendata()


# What an error code means on the command line (the app words the same codes its own way).
_CLI_ADVICE = {"no-draft": " (zie 'assistant drafts')"}


def main() -> None:
    """Entry point: run the click group and translate errors at this edge only."""
    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False)
    except AssistantError as exc:
        click.echo(f"fout: {exc.message}{_CLI_ADVICE.get(exc.code or '', '')}", err=True)
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
