"""The words the assistant uses for kinds and states, once: in the store, in the CLI's
options and JSON, in the app and in the .docx. Each is a StrEnum whose values are the
stored strings, so a member compares equal to the plain string ("antwoord") and old rows,
drafts and scripts keep working; ``label`` is the Dutch text a person reads.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    """What a stored corpus document is (the store's ``documents.kind``)."""

    ANTWOORD = "antwoord"  # answers to Kamervragen (Aanhangsel, a ministry's letter)
    MEDEDELING = "mededeling"  # a postponement or other notice instead of the answers
    BELEID = "beleid"  # a policy text: Kamerbrief, note, fiche
    QA_EXPORT = "qa-export"  # question/answer rows from a JSONL or CSV export

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DocumentKind.ANTWOORD: "antwoord op Kamervragen",
    DocumentKind.MEDEDELING: "mededeling (uitstel)",
    DocumentKind.BELEID: "beleidstekst",
    DocumentKind.QA_EXPORT: "vraag en antwoord (export)",
}

# What a search can be limited to (a notice holds no answer to find).
SEARCH_KINDS = (DocumentKind.ANTWOORD, DocumentKind.QA_EXPORT, DocumentKind.BELEID)
# What ingest can be told a file is (a notice is recognised as part of "antwoord").
INGEST_KINDS = (DocumentKind.ANTWOORD, DocumentKind.BELEID, DocumentKind.QA_EXPORT)
# What export writes: Q/A lines (of answers and exports alike) or policy passages.
EXPORT_KINDS = (DocumentKind.QA_EXPORT, DocumentKind.BELEID)

# The spellings before --soort (`ingest --kind answers|policy|qa`, `export --kind qa|policy`):
# still accepted, hidden, and read as the kind they meant.
OLD_KIND_NAMES = {
    "answers": DocumentKind.ANTWOORD,
    "policy": DocumentKind.BELEID,
    "qa": DocumentKind.QA_EXPORT,
}


def kind_label(value: str | None) -> str:
    """The Dutch label of a stored kind; an unknown value is shown as it is."""
    try:
        return DocumentKind(value).label
    except ValueError:
        return value or "onbekend"


class DraftStatus(StrEnum):
    """Where a draft is in its review (the app's Status box, 'assistant drafts')."""

    CONCEPT = "concept"
    IN_REVIEW = "in review"
    DEFINITIEF = "definitief"


class ProposalStatus(StrEnum):
    """An answer's composed proposal: open until the officer accepts or rejects it."""

    OPEN = "open"
    AANVAARD = "aanvaard"
    VERWORPEN = "verworpen"

    @property
    def label(self) -> str:
        return "overgenomen" if self is ProposalStatus.AANVAARD else self.value


def proposal_label(value: str) -> str:
    """'open', 'overgenomen' or 'verworpen'; a value of a hand-edited draft as it is."""
    try:
        return ProposalStatus(value).label
    except ValueError:
        return value


class LetterVersion(StrEnum):
    """Which .docx: the reviewers' version (suggestions, sources) or the one that goes out."""

    REVIEW = "review"
    DEFINITIEF = "definitief"


class LetterForm(StrEnum):
    """The covering letter's opening (a profile's ``opening``, a draft's ``vorm``)."""

    HIERBIJ = "hierbij"  # "Hierbij zend ik u de antwoorden op ..."
    IN_ANTWOORD = "in_antwoord"  # "In antwoord op uw brief van ..., nr. ..., deel ik u mede"


class SyncDocumentStatus(StrEnum):
    """What the sync did with a document of the Kamer (tk_documenten.status)."""

    OPGENOMEN = "opgenomen"
    METADATA = "metadata"
    MISLUKT = "mislukt"
    WACHT = "wacht"  # its question set has not arrived yet
    INGETROKKEN = "ingetrokken"


def values(kinds) -> list[str]:
    """Plain strings for click.Choice and select boxes, in the order given."""
    return [str(k) for k in kinds]
