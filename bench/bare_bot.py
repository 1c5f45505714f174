"""The baseline of bench/http_throughput.py: a bare aiogram bot with no database and no logic.

It answers /start with one button, and every button press by editing the message into the
next "question" (four rating buttons, payloads shaped like pingyi's) and answering the
callback: the two Bot API calls pingyi spends per answer, and nothing else.
Run by the benchmark with PINGYI_BOT_TOKEN and PINGYI_API_URL set.
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

RATINGS = ("满意", "基本满意", "不满意", "不了解")
dispatcher = Dispatcher()


def question(step: int) -> InlineKeyboardMarkup:
    row = [
        InlineKeyboardButton(text=label, callback_data=f"b:0:{step}:ans:{value}")
        for value, label in enumerate(RATINGS)
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row])


@dispatcher.message(CommandStart())
async def start(message: Message) -> None:
    begin = InlineKeyboardButton(text="开始评议", callback_data="b:0:-1:go:0")
    await message.answer("匿名评议", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[begin]]))


@dispatcher.callback_query(F.data.startswith("b:"))
async def press(query: CallbackQuery) -> None:
    step = int(query.data.split(":")[2]) + 1
    await query.message.edit_text(f"第 {step + 1} 题", reply_markup=question(step))
    await query.answer()


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["PINGYI_API_URL"]))
    bot = Bot(os.environ["PINGYI_BOT_TOKEN"], session=session)
    await dispatcher.start_polling(bot, polling_timeout=25, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(main())
