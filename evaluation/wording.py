"""Marks the core's user-facing wording for the translation catalog.

``N_("满意")`` is just ``"满意"``: the core keeps and stores its Chinese wording, and the chat
front end looks it up in the reader's language when it shows it (bot/i18n.py). The marker
lets the catalog's extraction find it.
"""


def N_(text: str) -> str:
    return text
