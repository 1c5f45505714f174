"""Marks the core's user-facing wording for the translation catalog.

``N_("满意")`` is just ``"满意"``: the core keeps and stores its Chinese wording, and the chat
front end looks it up in the reader's language when it shows it (bot/i18n.py). The marker
lets the catalog's extraction find it.

A sentence with parts filled in (a refusal naming a row, a campaign, a limit) is a
``Phrase``: it reads as the filled-in Chinese sentence wherever a ``str`` is expected (the
command line prints it), and keeps its template and fields so the front end can fill in the
translated template instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LANGUAGES = ("zh", "en")  # the catalogs: Chinese, the source, and English


def N_(text: str) -> str:
    return text


LIST_SEPARATOR = N_("、")


class Phrase(str):
    """``Phrase(N_("没有编号为 {id} 的评议。"), id=3)``. A field with a ``translated`` method
    (a ``Phrase``, a period's name) is translated too; a tuple is a list, joined with 、 or the
    reader's separator. Any other field (a name, a number) is filled in as it is."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, /, **fields: Any) -> Phrase:
        phrase = super().__new__(cls, _filled(template, fields, _unchanged))
        phrase.template = template
        phrase.fields = fields
        return phrase

    def translated(self, gettext: Callable[[str], str]) -> str:
        return _filled(self.template, self.fields, gettext)


def _filled(template: str, fields: dict[str, Any], gettext: Callable[[str], str]) -> str:
    """The template in ``gettext``'s language, its fields filled in (and translated too)."""
    if not fields:  # a template without fields may hold braces of its own
        return gettext(template)
    return gettext(template).format(
        **{name: _translated(value, gettext) for name, value in fields.items()}
    )


def _translated(value: Any, gettext: Callable[[str], str]) -> Any:
    if isinstance(value, tuple):
        return gettext(LIST_SEPARATOR).join(_translated(item, gettext) for item in value)
    translated = getattr(value, "translated", None)
    return translated(gettext) if translated else value


def _unchanged(text: str) -> str:
    return text
