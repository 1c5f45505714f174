"""Sending a rendered screen: as a new message, or by redrawing the pressed one."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message


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
