"""Parsers from clean text to domain objects: incoming question sets (more to come)."""
