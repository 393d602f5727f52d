"""The answering commands: `questions` (read a set), `draft`, `drafts` (list, show,
export, accept, reject) and `uitstel` (a postponement notice)."""

from __future__ import annotations

import sys
from datetime import date

import click

from ..draft import answer_label
from ..errors import AssistantError
from ..vocabulary import LetterForm, LetterVersion, ProposalStatus, values
from ..workspace import Workspace
from .json_out import draft_json, dumps, questions_json
from .options import (
    announce_preparation,
    home_option,
    letter_options,
    ministry_option,
    model_option,
    parse_date,
    parse_groups,
    parse_ministry,
    workspace_from,
)

VERSIONS = values(LetterVersion)


@click.command("questions")
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
        click.echo(dumps(questions_json(qs)))
    else:
        click.echo(format_question_set(qs, today=date.today()))


def _write_file(path: str, data: bytes) -> None:
    """Write atomically: a half-written .docx never replaces a good one."""
    from ..atomic import write_bytes

    try:
        write_bytes(path, data)
    except OSError as exc:
        raise AssistantError(f"kan {path} niet schrijven: {exc.strerror}") from exc


@click.command("draft")
@click.argument("questions_file")
@click.option("-o", "--output", default=None, help="Het .docx-bestand om te schrijven.")
@ministry_option
@click.option("--versie", type=click.Choice(VERSIONS), default="review", show_default=True)
@click.option("--groepen", default=None, help="Samen te beantwoorden vragen, bv. '2,3;7,8,9'.")
@click.option(
    "--vorm",
    type=click.Choice(values(LetterForm)),
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
    from ..draft import draft_to_dict

    ws = workspace_from(ctx, home, model)
    qs = ws.read_question_file(questions_file)
    if k and not _index_usable(ws):
        k = 0
    if k:
        announce_preparation(ws)
    sent = parse_date(datum, "--datum")
    ministerie = parse_ministry(ministerie)
    if output and not ministerie:
        from ..profiles import find_profile

        find_profile(None, qs.gericht_aan)  # no letterhead to write with: say so, store nothing
    draft = ws.new_draft(qs, ministerie, k=k, groups=parse_groups(groepen), vorm=vorm)
    if sent or ons_kenmerk:
        draft = ws.set_letter_fields(draft.id, sent, ons_kenmerk)
    if draft.ministerie is None:
        click.echo(
            "let op: geen ministerie met een briefprofiel bij de geadresseerden; kies er een "
            f"met 'assistant drafts export {draft.id} --ministerie ...'",
            err=True,
        )
    data = draft_to_dict(draft)
    if output:
        _write_file(output, ws.render(draft, versie))
    if as_json:
        click.echo(dumps(draft_json(data)))
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


@click.group("drafts", invoke_without_command=True)
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
    click.echo(dumps(draft_json(data)))


@drafts_group.command("export")
@click.argument("draft_id")
@click.option("-o", "--output", required=True)
@click.option("--versie", type=click.Choice(VERSIONS), default="review", show_default=True)
@ministry_option
@letter_options
@home_option
@click.pass_context
def drafts_export(ctx, draft_id, output, versie, ministerie, datum, ons_kenmerk, home) -> None:
    """Schrijf een opgeslagen concept opnieuw als .docx (met --datum/--ons-kenmerk ingevuld;
    --ministerie kiest het ministerie dat antwoordt)."""
    ws = workspace_from(ctx, home)
    draft = ws.load_draft(draft_id)
    if ministerie:
        draft = ws.set_ministry(draft_id, parse_ministry(ministerie))
    if datum is not None or ons_kenmerk is not None:
        draft = ws.set_letter_fields(
            draft_id,
            parse_date(datum, "--datum") if datum is not None else draft.verzenddatum,
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
        chosen = [a for a in draft.antwoorden if a.voorstel
                  and a.voorstel.status == ProposalStatus.OPEN
                  and a.voorstel.sources and (not nrs or set(a.nrs) & set(nrs))]  # fmt: skip
        if nrs:
            known = {n for a in draft.antwoorden for n in a.nrs}
            missing = sorted(set(nrs) - known)
            if missing:
                raise AssistantError(f"vraag {missing[0]} bestaat niet in concept {draft_id}",
                                     code="no-answer")  # fmt: skip
        for a in chosen:
            (ws.accept_proposal if name == "accept" else ws.reject_proposal)(draft_id, a.nrs)
        done = (ProposalStatus.AANVAARD if name == "accept" else ProposalStatus.VERWORPEN).label
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


@click.command("uitstel")
@click.argument("questions_file")
@click.option("-o", "--output", required=True, help="Het .docx-bestand om te schrijven.")
@click.option("--reden", required=True,
              help="Waarom de termijn niet haalbaar is, als aanvulling op 'De reden hiervan is "
              "dat ...' (bv. 'afstemming met EZ nodig is'), of een eigen zin.")  # fmt: skip
@click.option("--verwacht", default=None, help="Verwachte datum van beantwoording (JJJJ-MM-DD).")
@ministry_option
@letter_options
@home_option
@click.pass_context
def uitstel_command(ctx, questions_file, output, reden, verwacht, ministerie, datum,
                    ons_kenmerk, home) -> None:  # fmt: skip
    """Schrijf een uitstelbericht (mededeling) bij een set Kamervragen."""
    ws = workspace_from(ctx, home)
    qs = ws.read_question_file(questions_file)
    expected = parse_date(verwacht, "--verwacht")
    ministerie = parse_ministry(ministerie)
    _write_file(output, ws.render_postponement(
        qs, reden, expected, ministerie, parse_date(datum, "--datum"), ons_kenmerk))  # fmt: skip
    click.echo(f"Geschreven: {output}")


COMMANDS = (questions_command, draft_command, drafts_group, uitstel_command)
