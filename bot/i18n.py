"""The chat's languages: Chinese, the source, and English, through aiogram's ``I18n``.

Every sentence the chat shows is written in Chinese in the code and marked for the catalog:
``_("…")`` where it is built, ``N_("…")`` where it is only named (the constants of bot/texts/,
the core's wording in evaluation/ and its ``Phrase``s) and translated with ``_`` where it is
used. Lazy ``__`` is not used: aiogram cannot send a lazy proxy, and the chat has no text
filters to give one to. ``bot/locales/<language>/LC_MESSAGES/pingyi.po`` is the catalog; its
compiled ``.mo`` beside it is what runs (``pybabel compile -d bot/locales -D pingyi``;
tests/unit/test_i18n.py checks that it matches the ``.po``).

An update is handled in its user's language (``SimpleI18nMiddleware``: English when their
Telegram speaks English, Chinese otherwise), or in PINGYI_LOCALE's for everyone
(``ConstI18nMiddleware``). Messages the bot sends on its own (reminders, invitations, an
organizer's cycle notices and summaries) have no reader's update: the sender speaks the
language the person last used the bot in, kept in ``recipients.language`` (a respondent's when
they begin a ballot, an organizer's when they use an organizer command); PINGYI_LOCALE
overrides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import ConstI18nMiddleware, I18n, I18nMiddleware, SimpleI18nMiddleware

from evaluation.wording import LANGUAGES, N_

__all__ = ["DEFAULT", "LANGUAGES", "N_", "current_language", "gettext", "middleware", "speaking"]

DEFAULT = "zh"
CATALOGS = Path(__file__).with_name("locales")
DOMAIN = "pingyi"
# One instance, its methods used directly: they need no I18n context, so screens drawn
# outside an update (the sender's, the tests') speak Chinese, or the language ``speaking`` sets.
I18N = I18n(path=CATALOGS, default_locale=DEFAULT, domain=DOMAIN)
speaking = I18N.use_locale


def gettext(text: str) -> str:
    """``text`` (Chinese) in the current language."""
    return I18N.gettext(text)


def current_language() -> str:
    """The language of the update being handled (Chinese outside any update)."""
    return I18N.current_locale


def catalog_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


class ReadersLanguage(SimpleI18nMiddleware):
    """aiogram's choice by the user's language_code, with a code Babel cannot parse (Telegram
    sends IETF tags, but the update is not ours to trust) read as no code at all."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        try:
            return await super().get_locale(event, data)
        except ValueError:
            return self.i18n.default_locale


def middleware(forced: str | None = None) -> I18nMiddleware:
    """The rest of an update is handled in its user's language, or in ``forced`` for all."""
    if forced:
        return ConstI18nMiddleware(forced, I18N)
    return ReadersLanguage(I18N)
