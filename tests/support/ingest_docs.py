"""The small documents the ingest, adapt and advice tests read: answers, a policy text, a
question set without answers, and one answer too small to adapt to."""

ANSWERS = (
    "Vragen van het lid Bakker (SP) aan de Minister van Justitie en Veiligheid over "
    "politiedrones (ingezonden 3 februari 2025).\n\n"
    "Antwoord van Minister Van Dam (Justitie en Veiligheid) (ontvangen 24 februari 2025).\n\n"
    "Vraag 1\nKent u het bericht?\n\nAntwoord 1\nJa.\n\n"
    "Vraag 2\nKlopt het dat de politie drones gebruikt?\n\nAntwoord 2\nDat klopt.\n"
)


POLICY = "# Kamerbrief drones\n\n## Inzet\n\n" + (
    "De politie gebruikt drones voor verkeersongevallen en evenementen. " * 30
)

# A question set without answers: refused as a precedent.
QUESTIONS_ONLY = (
    "Vragen van het lid Bakker (SP) aan de Minister van Financiën over de btw "
    "(ingezonden 3 februari 2025).\n\nVraag 1\nWat is de opbrengst?\n\nVraag 2\nWaarom?\n"
)

# One short answer: too little text to adapt the model to.
TINY = (
    "Vragen van het lid Bakker (SP) aan de Minister van Justitie en Veiligheid over "
    "politiedrones (ingezonden 3 februari 2025).\n\n"
    "Antwoord van Minister Van Dam (Justitie en Veiligheid) (ontvangen 24 februari 2025).\n\n"
    "Vraag 1\nGebruikt de politie drones van een Chinese fabrikant?\n\n"
    "Antwoord 1\nJa, de politie gebruikt drones van DJI voor verkeersongevallen en branden.\n"
)
