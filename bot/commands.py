"""Command menus per scope (setMyCommands): respondents, organizers, super-organizers."""

from __future__ import annotations

import logging
from collections.abc import Collection

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.i18n import DEFAULT, LANGUAGES, speaking
from evaluation import access
from evaluation.callers import Caller

log = logging.getLogger(__name__)


def menu(*catalogs: dict[str, str]) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=description)
        for catalog in catalogs
        for name, description in catalog.items()
    ]


async def refresh_commands(
    bot: Bot,
    session: AsyncSession,
    admin_ids: Collection[int],
    user_id: int,
    forced: str | None = None,
) -> None:
    """Give one user the menu their role allows (in their private chat's scope): in the
    forced language, else Chinese with an English one for a Telegram in English."""
    caller = Caller.telegram(user_id, admin_ids)
    scope = BotCommandScopeChat(chat_id=user_id)
    extra = texts.SUPER_COMMANDS if caller.is_super else {}
    menus = {}
    for language in (forced,) if forced else LANGUAGES:
        with speaking(language):
            menus[language] = menu(texts.ORGANIZER_COMMANDS, extra, texts.RESPONDENT_COMMANDS)
    try:
        if caller.is_super or await access.is_organizer(session, caller):
            await bot.set_my_commands(menus[forced or DEFAULT], scope=scope)
            if forced:  # an English menu from before would outrank the forced one
                await bot.delete_my_commands(scope=scope, language_code="en")
            else:
                await bot.set_my_commands(menus["en"], scope=scope, language_code="en")
        else:
            await bot.delete_my_commands(scope=scope)
            await bot.delete_my_commands(scope=scope, language_code="en")
    except TelegramAPIError as error:  # e.g. an admin who never opened the bot
        log.info("no command menu for one organizer: %s", error.message)


async def install_menus(
    bot: Bot, session: AsyncSession, admin_ids: Collection[int], forced: str | None = None
) -> None:
    """Everyone's menu in the forced language, or Chinese with an English one for users whose
    Telegram is in English; then each organizer's own."""
    default = BotCommandScopeDefault()
    with speaking(forced or DEFAULT):
        await bot.set_my_commands(menu(texts.RESPONDENT_COMMANDS), scope=default)
    if forced is None:
        with speaking("en"):
            english = menu(texts.RESPONDENT_COMMANDS)
        await bot.set_my_commands(english, scope=default, language_code="en")
    else:
        await bot.delete_my_commands(scope=default, language_code="en")
    for user_id in sorted({*admin_ids, *await access.organizer_ids(session)}):
        await refresh_commands(bot, session, admin_ids, user_id, forced)
