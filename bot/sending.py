"""What the bot does about Telegram's limits: "too many requests", and a message too long."""

from __future__ import annotations

import asyncio
import logging

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import EditMessageText, SendDocument, SendMessage, SendPhoto

from bot.i18n import gettext as _
from evaluation.text import telegram_length
from evaluation.wording import N_

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Wait as long as a 429 says, then send again (a few times), instead of failing the reply."""

    def __init__(self, attempts: int = 3, longest_wait: float = 60.0) -> None:
        self.attempts = attempts
        self.longest_wait = longest_wait

    async def __call__(self, make_request, bot, method):
        attempt = 1
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.attempts or error.retry_after > self.longest_wait:
                    raise
                log.info("Bot API flood control: waiting %s s", error.retry_after)
                await asyncio.sleep(error.retry_after)
                attempt += 1


MESSAGE_LIMIT = 4096  # UTF-16 code units of a message's text, as Telegram counts
CAPTION_LIMIT = 1024
CUT = N_("…（过长，以上为节选；全文见导出的评议工作簿）")


class FitMessages(BaseRequestMiddleware):
    """The last guard before Telegram: a message or caption over Telegram's limit is cut,
    with 「…」 and where the whole text is, instead of being refused (which would leave the
    person with an error and the screen never shown). Limits on what people type keep most
    screens under it; a screen that gathers many texts (/review, a 反馈单) may still pass it."""

    async def __call__(self, make_request, bot, method):
        if isinstance(method, SendMessage | EditMessageText):
            method.text = fitted(method.text, MESSAGE_LIMIT)
        elif isinstance(method, SendDocument | SendPhoto) and method.caption:
            method.caption = fitted(method.caption, CAPTION_LIMIT)
        return await make_request(bot, method)


def fitted(text: str, limit: int) -> str:
    if telegram_length(text) <= limit:
        return text
    tail = "\n" + _(CUT)
    room = limit - telegram_length(tail)
    kept, used = [], 0
    for character in text:
        used += telegram_length(character)
        if used > room:
            break
        kept.append(character)
    return "".join(kept).rstrip() + tail
