"""The answer letter and the uitstelbericht as Word documents in the Rijkshuisstijl."""

from .page import Letterhead
from .writer import write_letter

__all__ = ["Letterhead", "write_letter"]
