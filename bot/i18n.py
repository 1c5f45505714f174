"""The chat's languages: Chinese, the source, and English.

Every sentence the chat shows is written in Chinese in the code and marked for the catalog:
``_("…")`` where it is built (bot/texts.py, the screens), ``N_("…")`` where it is only named
(bot/texts.py's constants, the core's wording in evaluation/ and its ``Phrase``s). It is looked
up in ``bot/locales/<language>/LC_MESSAGES/pingyi.po`` in the language of the update handled:
English when the user's Telegram language_code is English, Chinese otherwise, unless
PINGYI_LOCALE forces one. Messages the bot sends on its own (reminders, invitations, an
organizer's cycle notices and summaries) have no reader's update: they go out in the language
the person last used the bot in, kept in ``recipients.language`` (a respondent's when they
begin a ballot, an organizer's when they use an organizer command); PINGYI_LOCALE overrides.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from evaluation.wording import LANGUAGES, N_

__all__ = ["DEFAULT", "LANGUAGES", "N_", "gettext", "language_of", "speaking"]
# No aiogram here: the command line imports texts through this module and starts in ~0.5 s.

DEFAULT = "zh"
CATALOGS = Path(__file__).with_name("locales")
DOMAIN = "pingyi"
_language: ContextVar[str] = ContextVar("pingyi_language", default=DEFAULT)


def catalog_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str) -> dict[str, str]:
    """msgid → msgstr of a catalog, without untranslated or fuzzy entries."""
    from babel.messages.pofile import read_po  # only once a non-Chinese reader appears

    with catalog_path(language).open("rb") as po:
        catalog = read_po(po)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(text: str) -> str:
    """``text`` (Chinese) in the current update's language."""
    language = _language.get()
    if language == DEFAULT:
        return text
    return translations(language).get(text, text)


def current_language() -> str:
    """The language of the update being handled (Chinese outside any update)."""
    return _language.get()


def language_of(language_code: str | None, forced: str | None = None) -> str:
    if forced:
        return forced
    if language_code and language_code.lower().split("-")[0] == "en":
        return "en"
    return DEFAULT


@contextmanager
def speaking(language: str) -> Iterator[None]:
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)
