"""The Kamer world of the sync tests: sets, answers and notices behind a fake SyncFeed."""

from __future__ import annotations

from assistant.devtools.fake_syncfeed import FakeFile, FakeSyncFeed
from assistant.devtools.kamer_world import (
    answer_pdf,
    document,
    mededeling_pdf,
    questions_pdf,
    zaak,
)
from assistant.store import Store

JENV = ("P. Bakker", "minister van Justitie en Veiligheid")


IENW = ("R. Meijer", "minister van Infrastructuur en Waterstaat")


PAIRS_DRONES = [
    ("Bent u bekend met het bericht over drones boven gevangenissen?", "Ja."),
    (
        "Hoe vaak zijn in 2023 drones boven penitentiaire inrichtingen gezien?",
        "In 2023 zijn 41 meldingen van drones boven penitentiaire inrichtingen gedaan.",
    ),
    (
        "Welke maatregelen neemt u tegen het smokkelen met drones?",
        "De DJI plaatst detectieapparatuur bij alle inrichtingen met een verhoogd risico.",
    ),
]


PAIRS_FIETS = [
    ("Kent u het bericht over fietsdiefstal bij stations?", "Ja."),
    ("Hoeveel fietsen werden in 2023 gestolen?", "Ongeveer 200.000, volgens de politie."),
]


PAIRS_DIJK = [
    ("Bent u bekend met de dijkversterking bij Lobith?", "Ja."),
    ("Wanneer is de versterking klaar?", "De versterking is naar verwachting in 2027 klaar."),
]


class World:
    """A small, fictional slice of the Gegevensmagazijn: five question sets and their papers."""

    def __init__(self, fake: FakeSyncFeed):
        self.fake = fake
        self.z_drones = zaak(
            "2024Z03001", "Drones boven gevangenissen", "2024-03-04T00:00:00+01:00",
            "2024-03-04T10:00:00+01:00", gericht_aan=(JENV,), afgedaan=True,
        )  # fmt: skip
        self.z_fiets = zaak(
            "2024Z03002", "Fietsdiefstal bij stations", "2024-03-05T00:00:00+01:00",
            "2024-03-05T10:00:00+01:00", gericht_aan=(JENV, IENW), afgedaan=True,
        )  # fmt: skip
        self.z_open = zaak(
            "2024Z03003", "Wachttijden bij de rechtspraak", "2024-03-06T00:00:00+01:00",
            "2024-03-06T10:00:00+01:00", gericht_aan=(JENV,),
        )  # fmt: skip
        self.z_uitstel = zaak(
            "2024Z03004", "Capaciteit in de jeugdzorg", "2024-03-07T00:00:00+01:00",
            "2024-03-07T10:00:00+01:00", gericht_aan=(JENV,),
        )  # fmt: skip
        self.z_dijk = zaak(
            "2024Z03005", "Dijkversterking Lobith", "2024-03-08T00:00:00+01:00",
            "2024-03-08T10:00:00+01:00", gericht_aan=(IENW,), afgedaan=True,
        )  # fmt: skip
        for z in (self.z_drones, self.z_fiets, self.z_open, self.z_uitstel, self.z_dijk):
            fake.put("Zaak", z)
        self.a_drones = self._answer(self.z_drones, "2024D11001", "232401101", PAIRS_DRONES, 1)
        self.a_fiets = self._answer(self.z_fiets, "2024D11002", "232401102", PAIRS_FIETS, 2)
        self.a_dijk = self._answer(self.z_dijk, "2024D11005", "232401105", PAIRS_DIJK, 5)
        self.notice = document(
            "Mededeling (uitstel antwoord)", [self.z_uitstel], "2024-03-27T00:00:00+01:00",
            "2024-03-27T12:00:00+01:00", documentnummer="2024D11004",
        )  # fmt: skip
        fake.put("Document", self.notice)
        self.q_open = self._questions(self.z_open, "2024D10003", ["Hoe lang wacht men nu?"])
        self.q_uitstel = self._questions(self.z_uitstel, "2024D10004", ["Hoeveel plekken?"])
        self.q_drones = self._questions(self.z_drones, "2024D10001", ["Zijn er drones gezien?"])
        fake.put_file(
            self.notice["Id"],
            FakeFile(
                mededeling_pdf(
                    "2024Z03004", "Capaciteit in de jeugdzorg", ingezonden="7 maart 2024",
                    reden="de benodigde cijfers van de aanbieders zijn nog niet compleet",
                ),
                "application/pdf",
            ),
        )  # fmt: skip

    def _questions(self, z, number, questions):
        doc = document(
            "Schriftelijke vragen", [z], z["GestartOp"], z["GewijzigdOp"].replace("T10", "T12"),
            documentnummer=number,
        )  # fmt: skip
        self.fake.put("Document", doc)
        day = int(z["GestartOp"][8:10])
        self.fake.put_file(
            doc["Id"],
            FakeFile(
                questions_pdf(
                    z["Nummer"], z["Onderwerp"], questions, ingezonden=f"{day} maart 2024"
                ),
                "application/pdf",
            ),
        )
        return doc

    def _answer(self, z, number, aanhangsel, pairs, day):
        doc = document(
            "Antwoord schriftelijke vragen", [z], f"2024-03-{20 + day}T00:00:00+01:00",
            f"2024-03-{20 + day}T09:00:00+01:00", documentnummer=number,
            aanhangselnummer=aanhangsel,
        )  # fmt: skip
        self.fake.put("Document", doc)
        self.fake.put_file(
            doc["Id"],
            FakeFile(
                answer_pdf(
                    z["Nummer"], z["Onderwerp"], pairs, ingezonden=f"{3 + day} maart 2024",
                    ontvangen=f"{20 + day} maart 2024",
                ),
                "application/pdf",
            ),
        )  # fmt: skip
        return doc


def synced_documents(home) -> dict[str, dict]:
    with Store.in_home(home) as store:
        return {d["source"]: d for d in store.documents() if d["source"].startswith("tk:")}
