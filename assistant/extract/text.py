"""Plain text: decode UTF-8, fall back to Windows-1252, refuse binary data."""

from __future__ import annotations

from ..errors import InputError
from .extracted import ExtractedText

# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


def read_text(data: bytes, label: str) -> ExtractedText:
    if b"\x00" in data or _control_ratio(data) > 0.01:
        raise InputError(f"geen tekstbestand (binaire inhoud): {label}")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"tekst is geen UTF-8 en geen Windows-1252: {label}") from exc
        warnings.append("tekst was niet in UTF-8 opgeslagen; gelezen als Windows-1252")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")
    if not text.strip():
        raise InputError(f"bestand is leeg: {label}")
    return ExtractedText(text=text, kind="txt", warnings=tuple(warnings))


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    return sum(1 for b in sample if b in _CONTROL) / max(len(sample), 1)
