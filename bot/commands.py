"""Command menus per scope (setMyCommands): respondents, organizers, super-organizers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import DEFAULT, speaking
from bot.i18n import gettext as _
from bot.texts import ballots as ballots_texts
from bot.texts import organizing as organizing_texts
from evaluation import access
from evaluation.callers import Caller

log = logging.getLogger(__name__)


def menu(*catalogs: dict[str, str]) -> list[BotCommand]:
    """The commands of ``catalogs`` (command → marked description) in the current language."""
    return [
        BotCommand(command=name, description=_(description))
        for catalog in catalogs
        for name, description in catalog.items()
    ]


async def _set_menus(
    bot: Bot, scope: BotCommandScope, forced: str | None, build: Callable[[], list[BotCommand]]
) -> None:
    """The menu ``build`` makes in the current language: in the forced language, else Chinese
    plus an English one for a Telegram in English (with a forced language, an English menu from
    before would outrank it: deleted)."""
    with speaking(forced or DEFAULT):
        await bot.set_my_commands(build(), scope=scope)
    if forced:
        await bot.delete_my_commands(scope=scope, language_code="en")
    else:
        with speaking("en"):
            english = build()
        await bot.set_my_commands(english, scope=scope, language_code="en")


async def refresh_commands(
    bot: Bot,
    session: AsyncSession,
    admin_ids: Collection[int],
    user_id: int,
    forced: str | None = None,
) -> None:
    """Give one user the menu their role allows (in their private chat's scope)."""
    caller = Caller.telegram(user_id, admin_ids)
    scope = BotCommandScopeChat(chat_id=user_id)

    def organizer_menu() -> list[BotCommand]:
        extra = organizing_texts.SUPER_COMMANDS if caller.is_super else {}
        return menu(organizing_texts.ORGANIZER_COMMANDS, extra, ballots_texts.RESPONDENT_COMMANDS)

    try:
        if caller.is_super or await access.is_organizer(session, caller):
            await _set_menus(bot, scope, forced, organizer_menu)
        else:
            await bot.delete_my_commands(scope=scope)
            await bot.delete_my_commands(scope=scope, language_code="en")
    except TelegramAPIError as error:  # e.g. an admin who never opened the bot
        log.info("no command menu for one organizer: %s", error.message)


async def install_menus(
    bot: Bot, session: AsyncSession, admin_ids: Collection[int], forced: str | None = None
) -> None:
    """Everyone's menu, then each organizer's own."""
    everyone = BotCommandScopeDefault()
    await _set_menus(bot, everyone, forced, lambda: menu(ballots_texts.RESPONDENT_COMMANDS))
    for user_id in sorted({*admin_ids, *await access.organizer_ids(session)}):
        await refresh_commands(bot, session, admin_ids, user_id, forced)
