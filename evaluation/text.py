"""Cleaning free text that people type or upload."""

import unicodedata

# Control characters, unpaired surrogates, private-use and unassigned code points.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


def clean_text(text: str) -> str:
    """Drop characters that break storage, sheets or chats; keep line breaks and tabs."""
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c) not in _DROPPED_CATEGORIES)
    return "".join(kept).strip()
