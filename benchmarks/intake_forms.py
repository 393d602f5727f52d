"""Fictional question sets in today's forms, for benchmarks/intake.py and the tests.

FICTIONAL: every member, party combination, subject, newspaper and kenmerk below is
invented for testing the parser; none is copied from a real document. Five forms
(issue 13): "datumregel" (kenmerk and "(ingezonden ...)" on their own lines, the
header sentence without a date), "zonder nummers" (pasted Word text, numbering
lost), "deelvragen" (unnumbered sub-questions under a number), "pdf-spaties"
(PDF text that lost or gained spaces) and "slordig" (small slips in the header).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FormCase:
    name: str
    form: str
    text: str
    vragen: int
    kenmerk: str
    ingezonden: date
    indieners: tuple[str, ...]
    gericht_aan: tuple[str, ...]


_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]  # fmt: skip

# (member line, member names, addressee phrase, addressees, subject)
_PEOPLE = [
    ("het lid Jansen (GroenLinks-PvdA)", ("Jansen",),
     "de minister van Justitie en Veiligheid", ("Minister van Justitie en Veiligheid",),
     "toezicht op particuliere beveiligers"),
    ("de leden Visser en Mol (beiden CDA)", ("Visser", "Mol"),
     "de Minister van Financiën", ("Minister van Financiën",),
     "de invorderingsrente bij kleine ondernemers"),
    ("het lid Smit (SP)", ("Smit",),
     "de Minister van Sociale Zaken en Werkgelegenheid",
     ("Minister van Sociale Zaken en Werkgelegenheid",), "de kostendelersnorm"),
    ("de leden Dekker (VVD) en Öztürk (NSC)", ("Dekker", "Öztürk"),
     "de Ministers van Infrastructuur en Waterstaat en van Klimaat en Groene Groei",
     ("Minister van Infrastructuur en Waterstaat", "Minister van Klimaat en Groene Groei"),
     "laadpalen langs provinciale wegen"),
    ("het lid Van der Veen (PVV)", ("Van der Veen",),
     "de Staatssecretaris van Volksgezondheid, Welzijn en Sport",
     ("Staatssecretaris van Volksgezondheid, Welzijn en Sport",),
     "de sluiting van zwembaden in kleine gemeenten"),
    ("de leden Kuiper, Brouwer en Hendriks (allen D66)", ("Kuiper", "Brouwer", "Hendriks"),
     "de Minister van Onderwijs, Cultuur en Wetenschap",
     ("Minister van Onderwijs, Cultuur en Wetenschap",), "het lerarentekort in het mbo"),
    ("het lid El Idrissi (DENK)", ("El Idrissi",),
     "de Minister van Binnenlandse Zaken en Koninkrijksrelaties",
     ("Minister van Binnenlandse Zaken en Koninkrijksrelaties",),
     "wachttijden bij het aanvragen van een paspoort"),
]  # fmt: skip

_QUESTIONS = [
    "Bent u bekend met het bericht '{s}'?",
    "Hoeveel gevallen zijn u bekend sinds 2023?",
    "Deelt u de mening dat dit anders moet? Zo nee, waarom niet?",
    "Welke maatregelen neemt u, en wanneer informeert u de Kamer daarover?",
    "Kunt u deze vragen afzonderlijk en binnen drie weken beantwoorden?",
]


def _day(i: int) -> date:
    return date(2025, 1 + (i * 5) % 12, 1 + (i * 7) % 27)


def _dutch(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _kenmerk(i: int) -> str:
    return f"2025Z9{i:04d}"


def _questions(n: int, subject: str, numbered: bool) -> list[str]:
    texts = [_QUESTIONS[k % len(_QUESTIONS)].format(s=subject.capitalize()) for k in range(n)]
    texts[0] += " 1)"
    if numbered:
        texts = [f"{k}. {t}" for k, t in enumerate(texts, start=1)]
    return texts


def _footnote(i: int) -> str:
    return f"1) Dagblad Fictief, {_dutch(_day(i))}"


def _datumregel(i: int) -> FormCase:
    members, names, addr, addressees, subject = _PEOPLE[i % len(_PEOPLE)]
    n = 3 + i % 4
    d = _day(i)
    text = "\n\n".join(
        [
            _kenmerk(i),
            f"(ingezonden {_dutch(d)})",
            f"Vragen van {members} aan {addr} over {subject}",
            *_questions(n, subject, numbered=True),
            _footnote(i),
        ]
    )
    return FormCase(f"datumregel-{i}", "datumregel", text + "\n", n, _kenmerk(i), d, names,
                    addressees)  # fmt: skip


def _zonder_nummers(i: int) -> FormCase:
    members, names, addr, addressees, subject = _PEOPLE[i % len(_PEOPLE)]
    n = 2 + i % 4
    d = _day(i)
    sep = "\n\n" if i % 2 else "\n"  # Word pastes with and without blank lines
    body = sep.join(_questions(n, subject, numbered=False))
    if i % 3 == 0:
        body = body.replace("\n", "\n\u00a0\n", 1)  # a line holding only a non-breaking space
    text = "\n".join(
        [
            _kenmerk(i),
            f"(ingezonden {_dutch(d)})",
            f"Vragen van {members} aan {addr} over {subject}",
            "",
            body,
            "",
            _footnote(i),
        ]
    )
    return FormCase(f"zonder-nummers-{i}", "zonder nummers", text + "\n", n, _kenmerk(i), d,
                    names, addressees)  # fmt: skip


def _deelvragen(i: int) -> FormCase:
    members, names, addr, addressees, subject = _PEOPLE[i % len(_PEOPLE)]
    d = _day(i)
    subs = [
        "Hoeveel meldingen zijn er in 2024 gedaan?",
        "Welke gemeenten zijn het zwaarst getroffen?",
        "Wat zijn de kosten voor het Rijk?",
        "Wanneer verwacht u de evaluatie?",
        "Betrekt u daarbij de uitvoeringsorganisaties?",
        "Kunt u een overzicht per provincie geven?",
    ][: 3 + i % 4]
    closing = "Kunt u deze vragen beantwoorden voor het commissiedebat?"
    parts = [
        _kenmerk(i),
        f"(ingezonden {_dutch(d)})",
        f"Vragen van {members} aan {addr} over {subject}",
        f"1. Kunt u in uw brief over {subject} ook op de volgende vragen ingaan: 1)",
        *subs,
    ]
    if i % 2:
        parts += ["2. Welke termijn hanteert u daarbij?", f"3. {closing}"]
        n = 3
    else:
        parts += [f"2. {closing}"]
        n = 2
    text = "\n\n".join([*parts, _footnote(i)])
    return FormCase(f"deelvragen-{i}", "deelvragen", text + "\n", n, _kenmerk(i), d, names,
                    addressees)  # fmt: skip


_PDF_HEADERS = [
    ("Vragen van de leden De Wit , Peters , Yilmaz (allen D66) en Bakker\n(GroenLinks-PvdA) "
     "aan de Ministers van Onderwijs, Cultuur en Wetenschap en van Volksgezondheid, Welzijn en "
     "Sportover wachtlijsten in de jeugdzorg",
     ("De Wit", "Peters", "Yilmaz", "Bakker"),
     ("Minister van Onderwijs, Cultuur en Wetenschap",
      "Minister van Volksgezondheid, Welzijn en Sport")),
    ("Vragen van het lid Kok (VVD) aan de Staatssecretaris van Financiën overhet nieuwe "
     "toeslagenstelsel",
     ("Kok",), ("Staatssecretaris van Financiën",)),
    ("Vragen van het lid Meijer (BBB) aan de Minister van Klimaaten Groene Groei over "
     "netcongestie op bedrijventerreinen",
     ("Meijer",), ("Minister van Klimaat en Groene Groei",)),
    ("Vragen van de leden Vos (SP) , Lammers (PvdD) en Claassen (CU) aan de Minister van "
     "Landbouw, Visserij, Voedselzekerheid en Natuurover mestfraude",
     ("Vos", "Lammers", "Claassen"),
     ("Minister van Landbouw, Visserij, Voedselzekerheid en Natuur",)),
    ("Vragen van het lid Boersma (GroenLinks-\nPvdA) aan de Ministervan Defensie over "
     "munitieopslag bij woonwijken",
     ("Boersma",), ("Minister van Defensie",)),
    ("Vragen van de leden Schouten , Prins (beiden NSC) aan de Minister van Infrastructuur en "
     "Waterstaat en de Staatssecretaris van Justitie en Veiligheidover drones boven "
     "gevangenissen",
     ("Schouten", "Prins"),
     ("Minister van Infrastructuur en Waterstaat", "Staatssecretaris van Justitie en Veiligheid")),
    ("Vragen van het lid Haddou (DENK) aan de Minister van Sociale Zaken en\nWerkgelegenheid "
     "overde kinderopvangtoeslag voor grootouders",
     ("Haddou",), ("Minister van Sociale Zaken en Werkgelegenheid",)),
]  # fmt: skip


def _pdf_spaties(i: int) -> FormCase:
    header, names, addressees = _PDF_HEADERS[i % len(_PDF_HEADERS)]
    d = _day(i)
    n = 2 + i % 5
    text = "\n\n".join(
        [
            _kenmerk(i),
            f"{header} (ingezonden {_dutch(d)}).",
            *_questions(n, "dit bericht", numbered=True),
            _footnote(i),
        ]
    )
    return FormCase(f"pdf-spaties-{i}", "pdf-spaties", text + "\n", n, _kenmerk(i), d, names,
                    addressees)  # fmt: skip


_SLIPS = [
    ("het leden Mulder en Bos (beiden VVD)", ("Mulder", "Bos")),
    ("de leden lid Anna de Boer (CDA), Piet Hendriks (SP), Fatima El Amrani (D66), "
     "Joost van Dam (PVV) en Eva Kramer (BBB)",
     ("Anna de Boer", "Piet Hendriks", "Fatima El Amrani", "Joost van Dam", "Eva Kramer")),
    ("de leden Sanne Koster (GroenLinks-PvdA) en Bram de Graaf (VVD)",
     ("Sanne Koster", "Bram de Graaf")),
    ("het lid Tim van den Berg (JA21)", ("Tim van den Berg",)),
    ("de leden Wouters (CDA), Ait Taleb (DENK), Van Leeuwen (SGP), Roos (PvdD) en "
     "Noor Jacobs (Volt)",
     ("Wouters", "Ait Taleb", "Van Leeuwen", "Roos", "Noor Jacobs")),
    ("het leden Lotte Vermeulen en Daan Post (beiden D66)", ("Lotte Vermeulen", "Daan Post")),
    ("de leden lid Vermeer (NSC) en Hoekstra (BBB)", ("Vermeer", "Hoekstra")),
]  # fmt: skip


def _slordig(i: int) -> FormCase:
    members, names = _SLIPS[i % len(_SLIPS)]
    _, _, addr, addressees, subject = _PEOPLE[(i + 2) % len(_PEOPLE)]
    d = _day(i)
    n = 2 + i % 4
    text = "\n\n".join(
        [
            _kenmerk(i),
            f"Vragen van {members} aan {addr} over {subject} (ingezonden {_dutch(d)}).",
            *_questions(n, subject, numbered=True),
            _footnote(i),
        ]
    )
    return FormCase(f"slordig-{i}", "slordig", text + "\n", n, _kenmerk(i), d, names,
                    addressees)  # fmt: skip


def cases() -> list[FormCase]:
    """35 fictional sets: seven of each form."""
    makers = [_datumregel, _zonder_nummers, _deelvragen, _pdf_spaties, _slordig]
    return [make(10 * f + k) for f, make in enumerate(makers) for k in range(7)]
