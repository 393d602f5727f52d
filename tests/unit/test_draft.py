"""Drafts and the .docx letter: order, styles, groups, sources, templates, bad text."""

import io
import shutil
from datetime import date

import docx
import pytest

from assistant import AssistantError, parse_question_text
from assistant.draft import answer_label, compose_draft, draft_from_dict, draft_to_dict
from assistant.models import Citation
from assistant.render import letter_context, render_draft, render_postponement
from assistant.templating import undeclared_variables

QUESTIONS = (
    "2025Z04711\n\nVragen van de leden Verbeek (VVD) en Ouadi (CDA) aan de Ministers van "
    "Justitie en Veiligheid en van Economische Zaken over politiedrones (ingezonden 3 maart "
    "2025).\n\n"
    + "".join(
        f"Vraag {n}\n{t}\n\n"
        for n, t in [
            (1, "Bent u bekend met het bericht «Drones sturen data naar China»?1"),
            (2, "Klopt het dat de politie drones van DJI gebruikt?"),
            (3, "Deelt u de mening dat dit onwenselijk is?"),
            (4, "Bent u bereid de drones te vervangen?"),
            (5, "Hoeveel drones heeft de politie?"),
            (6, "Kunt u deze vragen afzonderlijk beantwoorden?"),
            (7, "Waarom is gekozen voor deze leverancier?"),
            (8, "Welke alternatieven zijn er? Zie ook vraag 3."),
        ]
    )
    + "1 Dagblad Voorbeeld, 1 maart 2025\n"
)
CITE = Citation("qa:1", "ah-tk-20212022-765, antwoord 2, 18 november 2021",
                "De politie gebruikt de drones offline.", 0.03, "antwoord", 1)  # fmt: skip


def paragraphs(data: bytes):
    document = docx.Document(io.BytesIO(data))
    return document, [(p.style.name, p.text) for p in document.paragraphs]


@pytest.fixture
def qs():
    return parse_question_text(QUESTIONS)


def test_openings_by_question_type(qs):
    draft = compose_draft(qs, None, "JenV")
    texts = {a.nrs: a.tekst for a in draft.antwoorden}
    assert texts[(1,)] == "Ja."
    assert texts[(6,)] == "Ja."
    assert "klopt" in texts[(2,)]
    assert {a.nrs: a.vraagtype for a in draft.antwoorden}[(4,)] == "bereidheid"
    assert draft.mede_namens == ("de Minister van Economische Zaken",)
    assert (3, 8) in draft.groepsvoorstellen


def test_letter_order_groups_styles_and_properties(qs):
    draft = compose_draft(qs, None, "JenV", groups=[(2, 4), (3, 8)], vorm="hierbij")
    data = render_draft(draft, "definitief", today=date(2025, 3, 20))
    document, paras = paragraphs(data)
    heads = [t for s, t in paras if s in ("Vraagkop", "Antwoordkop")]
    assert heads == [
        "Vraag 1", "Antwoord op vraag 1", "Vraag 2", "Vraag 3", "Vraag 4",
        "Antwoord op vragen 2 en 4", "Vraag 5", "Antwoord op vraag 5", "Vraag 6",
        "Antwoord op vraag 6", "Vraag 7", "Antwoord op vraag 7", "Vraag 8",
        "Antwoord op vragen 3 en 8",
    ]  # fmt: skip
    styles = {s for s, _ in paras}
    assert {
        "Brieftekst",
        "Vraagkop",
        "Vraag",
        "Antwoordkop",
        "Antwoord",
        "Titel antwoorden",
    } <= styles
    assert document.styles["Vraagkop"].font.bold
    body = "\n".join(t for _, t in paras)
    assert "{{" not in body and "{%" not in body
    assert "Hierbij zend ik u, mede namens de minister van Economische Zaken, de antwoorden" in body
    assert "de leden Verbeek (VVD) en Ouadi (CDA)" in body and "(ingezonden 3 maart 2025)" in body
    assert "Dagblad Voorbeeld" not in body  # a Word footnote now (tests/unit/test_letter.py)
    props = document.core_properties
    assert props.keywords == "2025Z04711" and props.subject == "politiedrones"
    assert props.title.startswith("Antwoorden van de minister van Justitie en Veiligheid mede")
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Ministerie van Justitie en Veiligheid" in cells and "2025Z04711" in cells
    assert "Turfmarkt 147" in cells and "[datum invullen]" in cells


def test_state_secretary_signs_when_asked():
    qs = parse_question_text(
        "Vragen van het lid Smit (SP) aan de Staatssecretaris van Financiën over de btw "
        "(ingezonden 3 maart 2025).\n\nVraag 1\nWat is de opbrengst?\n"
    )
    draft = compose_draft(qs, None, "Fin")
    assert draft.ondertekening == "De Staatssecretaris van Financiën"
    _, paras = paragraphs(render_draft(draft))
    assert ("Ondertekening", "De Staatssecretaris van Financiën,") in paras


def test_consecutive_group_heading(qs):
    _, paras = paragraphs(render_draft(compose_draft(qs, None, "JenV", groups=[(2, 3)])))
    heads = [t for s, t in paras if s in ("Vraagkop", "Antwoordkop")]
    assert heads[2:5] == ["Vraag 2", "Vraag 3", "Antwoord op vragen 2 en 3"]


def test_review_keeps_sources_final_leaves_them_out(qs):
    draft = compose_draft(qs, None, "JenV")
    answers = list(draft.antwoorden)
    answers[1] = type(answers[1])(**{**answers[1].__dict__, "suggesties": (CITE,)})
    draft = type(draft)(**{**draft.__dict__, "antwoorden": tuple(answers)})
    _, review = paragraphs(render_draft(draft, "review"))
    text = "\n".join(t for _, t in review)
    assert "[Bron: ah-tk-20212022-765, antwoord 2, 18 november 2021]" in text
    assert any(s == "Suggestie" and "offline" in t for s, t in review)
    _, final = paragraphs(render_draft(draft, "definitief"))
    assert "Bron:" not in "\n".join(t for _, t in final)
    assert not any(s == "Suggestie" for s, _ in final)


def test_in_antwoord_form_is_jenvs_default(qs):
    draft = compose_draft(qs, None, "JenV")
    assert draft.vorm == "in_antwoord"
    assert compose_draft(qs, None, "BZK").vorm == "hierbij"
    _, paras = paragraphs(render_draft(draft, "definitief"))
    assert any(
        t.startswith("In antwoord op uw brief van 3 maart 2025, nr. 2025Z04711, deel ik u mede")
        for _, t in paras
    )
    assert ("Ondertekening", "Mede namens de minister van Economische Zaken,") in paras
    assert any(t.endswith("worden beantwoord zoals aangegeven in de bijlage van deze brief.")
               for _, t in paras)  # fmt: skip


def test_draft_json_round_trip(qs):
    draft = compose_draft(qs, None, "BZK", groups=[(2, 3)])
    assert draft_from_dict(draft_to_dict(draft)) == draft


def test_awkward_user_text_renders(qs):
    nasty = "A & B <tag> \x01\x0b controle " + "lange alinea " * 2000 + "\neen tweede alinea"
    draft = compose_draft(qs, None, "JenV")
    answers = list(draft.antwoorden)
    answers[0] = type(answers[0])(**{**answers[0].__dict__, "tekst": nasty})
    draft = type(draft)(**{**draft.__dict__, "antwoorden": tuple(answers)})
    _, paras = paragraphs(render_draft(draft, "definitief"))
    answer = [t for s, t in paras if s == "Antwoord"]
    assert answer[0].startswith("A & B <tag>  controle lange alinea")
    assert answer[1] == "een tweede alinea"


def test_very_long_subject_fits_the_document_properties(qs):
    from dataclasses import replace

    long = replace(qs, onderwerp="het bericht «" + "heel lang onderwerp " * 30 + "»")
    document, _ = paragraphs(render_draft(compose_draft(long, None, "JenV")))
    assert len(document.core_properties.title) <= 255


def test_template_contract(qs):
    draft = compose_draft(qs, None, "JenV")
    context = letter_context(draft)
    assert undeclared_variables("aanbiedingsbrief.j2") <= set(context)
    assert undeclared_variables("antwoorden.j2") <= set(context) | {
        "blokken", "voetnoten", "versie"}  # fmt: skip
    assert undeclared_variables("uitstelbericht.j2") <= {
        "indieners_tekst", "onderwerp", "ingezonden_tekst", "kenmerk", "reden",
        "verwacht_tekst", "ondertekening", "naam_bewindspersoon", "mede_namens",
    }  # fmt: skip


def test_broken_template_names_file_and_line(qs, tmp_path, monkeypatch):
    from assistant.config import PROJECT_TEMPLATES

    folder = tmp_path / "templates"
    shutil.copytree(PROJECT_TEMPLATES, folder)
    (folder / "antwoorden.j2").write_text("@titel: {{ titel }}\n@vraag: {% for x in %}\n")
    monkeypatch.setenv("ASSISTANT_TEMPLATES", str(folder))
    with pytest.raises(AssistantError, match=r"antwoorden\.j2 regel 2"):
        render_draft(compose_draft(qs, None, "JenV"))


def test_postponement_letter(qs):
    data = render_postponement(qs, "Afstemming met Economische Zaken is nodig", date(2025, 4, 4),
                               "JenV")  # fmt: skip
    document, paras = paragraphs(data)
    text = " ".join(t for _, t in paras)
    assert "kunnen niet binnen de gebruikelijke termijn van drie weken worden beantwoord" in text
    assert "worden beantwoord. Afstemming met Economische Zaken is nodig." in text
    data = render_postponement(qs, "afstemming met Economische Zaken nodig is", None, "JenV")
    _, paras = paragraphs(data)
    assert "beantwoord. De reden hiervan is dat afstemming met Economische Zaken nodig is." in (
        " ".join(t for _, t in paras)
    )
    assert "uiterlijk 4 april 2025" in text
    assert document.core_properties.category == "Mededeling uitstel"


def test_answer_labels():
    assert answer_label((4,)) == "Antwoord op vraag 4"
    assert answer_label((2, 3)) == "Antwoord op vragen 2 en 3"
    assert answer_label((7, 8, 9)) == "Antwoord op vragen 7, 8 en 9"


def test_bad_groups(qs):
    with pytest.raises(AssistantError, match="bestaat niet"):
        compose_draft(qs, None, "JenV", groups=[(2, 99)])
    with pytest.raises(AssistantError, match="twee groepen"):
        compose_draft(qs, None, "JenV", groups=[(2, 3), (3, 4)])
    with pytest.raises(AssistantError, match="onbekend ministerie"):
        compose_draft(qs, None, "XYZ")


def test_an_unknown_letter_version_is_a_clear_error_not_an_internal_one():
    from assistant.errors import AssistantError
    from assistant.render import render_draft

    with pytest.raises(AssistantError, match="onbekende versie 'concept'") as caught:
        render_draft(None, versie="concept")  # type: ignore[arg-type]
    assert caught.value.code == "bad-version"
