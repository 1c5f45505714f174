"""Command menus per scope (setMyCommands): respondents, organizers, super-organizers."""

from __future__ import annotations

import logging
from collections.abc import Collection

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from evaluation import access
from evaluation.callers import Caller

log = logging.getLogger(__name__)


def menu(*catalogs: dict[str, str]) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=description)
        for catalog in catalogs
        for name, description in catalog.items()
    ]


RESPONDENT_MENU = menu(texts.RESPONDENT_COMMANDS)
ORGANIZER_MENU = menu(texts.ORGANIZER_COMMANDS, texts.RESPONDENT_COMMANDS)
SUPER_MENU = menu(texts.ORGANIZER_COMMANDS, texts.SUPER_COMMANDS, texts.RESPONDENT_COMMANDS)


async def refresh_commands(
    bot: Bot, session: AsyncSession, admin_ids: Collection[int], user_id: int
) -> None:
    """Give one user the menu their role allows (in their private chat's scope)."""
    caller = Caller.telegram(user_id, admin_ids)
    scope = BotCommandScopeChat(chat_id=user_id)
    try:
        if caller.is_super:
            await bot.set_my_commands(SUPER_MENU, scope=scope)
        elif await access.is_organizer(session, caller):
            await bot.set_my_commands(ORGANIZER_MENU, scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramAPIError as error:  # e.g. an admin who never opened the bot
        log.info("no command menu for one organizer: %s", error.message)


async def install_menus(bot: Bot, session: AsyncSession, admin_ids: Collection[int]) -> None:
    await bot.set_my_commands(RESPONDENT_MENU, scope=BotCommandScopeDefault())
    for user_id in sorted({*admin_ids, *await access.organizer_ids(session)}):
        await refresh_commands(bot, session, admin_ids, user_id)
