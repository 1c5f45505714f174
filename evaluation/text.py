"""Cleaning free text that people type or upload, and measuring it as Telegram does."""

import unicodedata

# Control characters, unpaired surrogates, private-use and unassigned code points.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


def clean_text(text: str) -> str:
    """Drop characters that break storage, sheets or chats; keep line breaks and tabs."""
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c) not in _DROPPED_CATEGORIES)
    return "".join(kept).strip()


def telegram_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts a message's 4,096: a character outside
    the Basic Multilingual Plane (most emoji) counts two. Every limit on typed text is
    counted this way, so that what is accepted can always be shown again."""
    return len(text.encode("utf-16-le")) // 2
