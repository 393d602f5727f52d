"""A draft with proposals, outdated precedents and hints, made by hand (no model)."""

from __future__ import annotations

from dataclasses import replace

from assistant.models import Citation, Proposal, ProposalSentence
from assistant.workspace import Workspace

QUESTIONS = (
    "Vragen van het lid Smit (SP) aan de Minister van Justitie en Veiligheid over "
    "politiedrones (ingezonden 3 februari 2025), 2025Z04711.\n\n"
    "1. Klopt het dat de politie drones van een Chinese fabrikant gebruikt?\n"
    "2. Bent u bereid de Kamer te informeren over de vervanging?\n"
    "3. Heeft u kennisgenomen van het bericht «Politie zet drones in»?\n"
)


OLD_LABEL = "demo-ah-20192020-9001, antwoord 2, 5 november 2019"


NEW_LABEL = "demo-ah-20242025-9089, antwoord 1, 3 juli 2025"


PLAN_LABEL = "demo-ah-20242025-9078, antwoord 10, 24 oktober 2024"


OLD_TEXT = "De politie beschikt op dit moment over ongeveer 85 drones van de fabrikant DJI."


NEW_TEXT = (
    "Sinds 14 april 2025 zijn de eerste 25 drones van de Europese leverancier operationeel in "
    "gebruik. Tot en met mei 2025 zijn de nieuwe drones ruim 400 keer ingezet."
)


PLAN_TEXT = "Ik zal uw Kamer medio 2025 informeren over de voortgang van de vervanging."


OUTDATED = "mogelijk achterhaald: nieuwer antwoord van 3 juli 2025 (demo-ah-20242025-9089)"


HINT = "controleer «85 drones»: het nieuwste precedent (3 juli 2025) noemt «25 drones»"


SENTENCE_1, SENTENCE_2 = NEW_TEXT.split(". ")  # the proposal's two sentences


SENTENCE_1 += "."


def citation(passage_id: str, label: str, tekst: str, datum: str, document_id: int,
             **extra) -> Citation:  # fmt: skip
    return Citation(passage_id, label, tekst, 0.8, "antwoord", document_id, datum=datum,
                    ministerie="Justitie en Veiligheid", onderwerp="politiedrones",
                    fictief=True, sterkte="sterk", **extra)  # fmt: skip


NEW = citation("qa:254", NEW_LABEL, NEW_TEXT, "2025-07-03", 9, ah_id="demo-ah-20242025-9089")


OLD = citation("qa:2", OLD_LABEL, OLD_TEXT, "2019-11-05", 1, achterhaald=OUTDATED,
               nieuwer="qa:254")  # fmt: skip


PLAN = citation("qa:206", PLAN_LABEL, PLAN_TEXT, "2024-10-24", 7)


def make_draft(ws: Workspace) -> str:
    """A new draft: answer 1 with a proposal (opening plus two sentences of the newest
    precedent, one with a hint) and an outdated older precedent listed first by score; answer
    2 with a one-source proposal; answer 3 a kennisname question without a proposal."""
    qs = ws.read_questions(QUESTIONS.encode(), "vragen.txt")
    draft = ws.new_draft(qs, "JenV", k=0)
    first, second, third = draft.antwoorden
    assert third.vraagtype == "kennisname" and not (third.voorstel and third.voorstel.sources)
    first = replace(
        first,
        suggesties=(OLD, NEW),  # by score: the old one first, the policy line sorts by date
        voorstel=Proposal((
            ProposalSentence(first.opening),
            ProposalSentence(SENTENCE_1, NEW.passage_id, NEW_LABEL, (HINT,)),
            ProposalSentence(SENTENCE_2, NEW.passage_id, NEW_LABEL),
        )),
    )  # fmt: skip
    second = replace(
        second,
        suggesties=(PLAN,),
        voorstel=Proposal((ProposalSentence(PLAN_TEXT, PLAN.passage_id, PLAN_LABEL),),
                          methode="herschreven (demo-model)",
                          opmerking="herschrijving geweigerd: een zin stond niet in de bron"),
    )  # fmt: skip
    ws.save_draft(replace(draft, antwoorden=(first, second, third)))
    return draft.id
