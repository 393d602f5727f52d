"""The small answer and policy documents the ingest tests (and hostile ones) read."""

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
