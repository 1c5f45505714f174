"""Sending a rendered screen: as a new message, or by redrawing the pressed one."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)


async def answer(message: Message, rendered: tuple[str, InlineKeyboardMarkup | None]) -> None:
    text, markup = rendered
    await message.answer(text, reply_markup=markup)


async def edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Redraw the pressed message; pressing the same thing twice changes nothing."""
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as error:
            if "message is not modified" not in error.message:
                raise


async def redraw(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Redraw the pressed message; send a new one only if it cannot be edited (too old, or
    gone), so a press never ends at a dead end."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return
            log.info("could not edit a message, sending a new one: %s", error.message)
    await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
