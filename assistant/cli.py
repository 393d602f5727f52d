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
    from .embed import load_embedder
    from .index import build_index
    from .store import Store

    settings = Settings.load(home or ctx.obj.get("home"), model)
    click.echo("Model laden ...", err=True)
    embedder = load_embedder(settings.model, settings.home)
    with Store.in_home(settings.home) as store:
        report = build_index(
            store, embedder, settings.home, settings.search, rebuild=rebuild,
            progress=_batches_progress,
        )  # fmt: skip
    click.echo(
        f"Index: {report.items} passages ({report.embedded} nieuw ge-embed, {report.reused} "
        f"hergebruikt), {report.dense}, {report.seconds:.1f} s"
    )


def _batches_progress(steps):
    from tqdm import tqdm

    return tqdm(steps, desc="Embedden", unit="batch", disable=None if len(steps) > 1 else True)


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
    from .embed import load_embedder
    from .search import Filters, Searcher

    if bool(query) == bool(queries_file):
        raise AssistantError("geef een zoekvraag of --queries BESTAND (niet allebei)")
    settings = Settings.load(home or ctx.obj.get("home"), model)
    filters = Filters(
        ministerie=ministerie, sinds=_date_option(sinds, "--sinds"),
        tot=_date_option(tot, "--tot"), kinds=tuple(kinds), per_document=per_document,
    )  # fmt: skip
    queries = _read_queries(queries_file) if queries_file else [(None, query)]
    embedder = load_embedder(settings.model, settings.home)
    searcher = Searcher(settings.home, embedder, settings.search)
    if searcher.stale:
        click.echo(
            "let op: het corpus is gewijzigd sinds de index is gebouwd; "
            f"voer 'assistant index --home {settings.home}' uit",
            err=True,
        )
    try:
        results = searcher.search_many([text for _, text in queries], k, filters)
    finally:
        searcher.close()
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
        click.echo(f"{h.rank:2d}. [{h.score:.4f} | dense {h.dense_score:.3f} | bm25 "
                   f"{h.bm25_score:.2f}] {h.kind}{nrs}: {source}")  # fmt: skip
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
    default="hierbij",
    show_default=True,
    help="Vorm van de aanbiedingsbrief.",
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
@model_option
@home_option
@click.pass_context
def draft_command(ctx, questions_file, output, ministerie, versie, groepen, vorm, k, as_json,
                  model, home) -> None:  # fmt: skip
    """Maak een conceptantwoord (.docx) bij een set Kamervragen, met suggesties en bronnen."""
    from .draft import compose_draft, draft_to_dict
    from .intake import read_question_set
    from .render import render_draft
    from .store import Store

    settings = Settings.load(home or ctx.obj.get("home"), model)
    qs = read_question_set(questions_file, max_bytes=settings.max_input_bytes)
    searcher = _searcher_or_none(settings) if k else None
    try:
        draft = compose_draft(qs, searcher, ministerie, k=k, groups=_groups_option(groepen),
                              vorm=vorm)  # fmt: skip
    finally:
        if searcher is not None:
            searcher.close()
    data = draft_to_dict(draft)
    with Store.in_home(settings.home) as store:
        store.save_draft(draft.id, data)
    if output:
        _write_file(output, render_draft(draft, versie))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    found = sum(len(a.suggesties) for a in draft.antwoorden)
    click.echo(f"Concept {draft.id} opgeslagen: {len(qs.vragen)} vragen, "
               f"{len(draft.antwoorden)} antwoorden, {found} suggesties.")  # fmt: skip
    if draft.groepsvoorstellen:
        voorstel = "; ".join(",".join(map(str, g)) for g in draft.groepsvoorstellen)
        click.echo(f"Voorgestelde groepen (gebruik --groepen '{voorstel}' om ze over te nemen).")
    if output:
        click.echo(f"Geschreven: {output} ({versie})")


def _searcher_or_none(settings):
    """The searcher, or None with a note when there is no usable index yet."""
    from .embed import load_embedder
    from .index import INDEX_DIR
    from .search import Searcher

    if not (settings.home / INDEX_DIR / "manifest.json").exists():
        click.echo(
            "let op: geen suggesties, want er is nog geen zoekindex "
            f"(voer 'assistant ingest' en 'assistant index --home {settings.home}' uit)",
            err=True,
        )
        return None
    try:
        embedder = load_embedder(settings.model, settings.home)
        return Searcher(settings.home, embedder, settings.search)
    except AssistantError as exc:
        click.echo(f"let op: geen suggesties ({exc.message})", err=True)
        return None


@cli.group("drafts", invoke_without_command=True)
@home_option
@click.pass_context
def drafts_group(ctx, home) -> None:
    """Opgeslagen concepten: lijst, tonen, opnieuw exporteren."""
    ctx.obj["drafts_home"] = home
    if ctx.invoked_subcommand is None:
        from .store import Store

        with Store.in_home(settings_from(ctx, home).home) as store:
            rows = store.list_drafts()
        if not rows:
            click.echo("Nog geen concepten.")
        for r in rows:
            click.echo(f"{r['id']}  {r['status']:<10} {r['kenmerk'] or '-':<11} "
                       f"{r['updated']}  {r['onderwerp'] or ''}")  # fmt: skip


def _load_draft(ctx, draft_id: str, home):
    from .draft import draft_from_dict
    from .store import Store

    with Store.in_home(settings_from(ctx, home or ctx.obj.get("drafts_home")).home) as store:
        data = store.get_draft(draft_id)
    if data is None:
        raise AssistantError(f"concept '{draft_id}' bestaat niet (zie 'assistant drafts')")
    return data, draft_from_dict(data)


@drafts_group.command("show")
@click.argument("draft_id")
@home_option
@click.pass_context
def drafts_show(ctx, draft_id, home) -> None:
    """Toon een concept als JSON."""
    data, _ = _load_draft(ctx, draft_id, home)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@drafts_group.command("export")
@click.argument("draft_id")
@click.option("-o", "--output", required=True)
@click.option(
    "--versie", type=click.Choice(["review", "definitief"]), default="review", show_default=True
)
@home_option
@click.pass_context
def drafts_export(ctx, draft_id, output, versie, home) -> None:
    """Schrijf een opgeslagen concept opnieuw als .docx."""
    from .render import render_draft

    _, draft = _load_draft(ctx, draft_id, home)
    _write_file(output, render_draft(draft, versie))
    click.echo(f"Geschreven: {output} ({versie})")


@cli.command("uitstel")
@click.argument("questions_file")
@click.option("-o", "--output", required=True, help="Het .docx-bestand om te schrijven.")
@click.option("--reden", required=True, help="Waarom de termijn van drie weken niet haalbaar is.")
@click.option("--verwacht", default=None, help="Verwachte datum van beantwoording (JJJJ-MM-DD).")
@click.option("--ministerie", default=None, help="Ministerieprofiel (JenV, BZK, BZ, ...).")
@home_option
@click.pass_context
def uitstel_command(ctx, questions_file, output, reden, verwacht, ministerie, home) -> None:
    """Schrijf een uitstelbericht (mededeling) bij een set Kamervragen."""
    from .intake import read_question_set
    from .render import render_postponement

    settings = settings_from(ctx, home)
    qs = read_question_set(questions_file, max_bytes=settings.max_input_bytes)
    expected = _date_option(verwacht, "--verwacht")
    _write_file(output, render_postponement(qs, reden, expected, ministerie))
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
    from pathlib import Path

    settings = settings_from(ctx, home)
    app = Path(__file__).resolve().parents[1] / "app.py"
    if not app.exists():
        raise AssistantError(f"app.py niet gevonden naast het pakket ({app})")
    env = dict(os.environ, ASSISTANT_HOME=str(settings.home.resolve()))
    command = [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    if headless:
        command += ["--server.headless", "true"]
    raise SystemExit(subprocess.call(command, env=env))


def _register_opendata() -> None:
    # imported here: cli_opendata uses this module's options (a bottom import avoids a cycle)
    from .cli_opendata import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register_opendata()


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
